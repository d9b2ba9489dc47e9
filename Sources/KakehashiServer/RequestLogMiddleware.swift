import Foundation
import Hummingbird
import Logging

/// Logs each request once it is answered: method, path without the query (queries are memory
/// text a translator typed), status and duration in milliseconds.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        func log(_ status: HTTPResponse.Status) {
            let elapsed = ContinuousClock.now - start
            let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            context.logger.info("request", metadata: ["method": "\(request.method)", "path": "\(request.uri.path)",
                                                      "status": "\(status.code)", "ms": "\(String(format: "%.2f", ms))"])
        }
        do {
            let response = try await next(request, context)
            log(response.status)
            return response
        } catch let error as HTTPResponseError {
            log(error.status)
            throw error
        } catch {
            log(.internalServerError)
            throw error
        }
    }
}
