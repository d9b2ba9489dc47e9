import Foundation
import HTTPTypes
import Hummingbird

extension MemoryServer {
    /// `GET /` (the concordance page), `GET /review` (the review page), their scripts and style under `/static/`, and
    /// `/api/openapi.yaml`. Plain files from the package's resources: no framework, no CDN.
    func addPageRoutes(to router: Router<BasicRequestContext>) {
        let files: [(path: String, resource: String, type: String)] = [
            ("/", "index.html", "text/html; charset=utf-8"),
            ("/review", "review.html", "text/html; charset=utf-8"),
            ("/static/common.js", "common.js", "text/javascript; charset=utf-8"),
            ("/static/app.js", "app.js", "text/javascript; charset=utf-8"),
            ("/static/review.js", "review.js", "text/javascript; charset=utf-8"),
            ("/static/style.css", "style.css", "text/css; charset=utf-8"),
            ("/api/openapi.yaml", "openapi.yaml", "application/yaml; charset=utf-8"),
        ]
        for file in files {
            let contents = MemoryServer.resource(file.resource)
            router.get(RouterPath(stringLiteral: file.path)) { _, _ -> Response in
                guard let contents else {
                    throw APIError(
                        .internalServerError, "internal", "the resource \(file.resource) is missing from the build")
                }
                var headers = HTTPFields()
                headers[.contentType] = file.type
                headers[.contentSecurityPolicy] =
                    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
                headers[.xContentTypeOptions] = "nosniff"
                // The page holds the token field: no other site may frame it (clickjacking).
                headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: contents)))
            }
        }
    }

    static func resource(_ name: String) -> [UInt8]? {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Page"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return Array(data)
    }
}
