import Foundation
public import Hummingbird
import KakehashiPipeline
import Logging

/// An error answered as JSON, `{"error":{"code","message"}}`, with its HTTP status. Every error
/// the server gives has this shape, bad routes and unexpected failures included.
public struct APIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    /// A short machine-readable name ("bad_request", "unauthorized", …).
    public let code: String
    public let message: String

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }

    /// A pipeline error as the status a client should see: bad input is 4xx, never 500.
    init(_ error: PipelineError) {
        switch error.kind {
        case .usage, .badData: self.init(.badRequest, "bad_request", error.message)
        case .noInput: self.init(.notFound, "not_found", error.message)
        case .io: self.init(.internalServerError, "internal", error.message)
        }
    }

    public var json: String {
        JSON.object([("error", JSON.object([("code", JSON.string(code)), ("message", JSON.string(message))]))])
    }

    /// - Throws: the error of encoding the JSON body (none in practice).
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}

/// Turns every error thrown below it into an `APIError` response: Hummingbird's own (no such
/// route, body too large), the pipeline's, and anything unexpected (500, logged).
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as PipelineError {
            throw APIError(error)
        } catch let error as HTTPError {
            let code: String
            switch error.status {
            case .notFound: code = "not_found"
            case .contentTooLarge: code = "too_large"
            case .methodNotAllowed: code = "method_not_allowed"
            default: code = error.status.code < 500 ? "bad_request" : "internal"
            }
            throw APIError(error.status, code, error.body ?? error.status.reasonPhrase)
        } catch {
            context.logger.error("unexpected error: \(error)")
            throw APIError(.internalServerError, "internal", "the server failed: \(error)")
        }
    }
}
