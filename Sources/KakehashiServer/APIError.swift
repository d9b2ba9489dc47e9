import Foundation
public import Hummingbird
import KakehashiPipeline
import Logging
import NIOCore
import Synchronization

/// An error answered as JSON, `{"error":{"code","message"}}`, with its HTTP status. Every error
/// the server gives has this shape, bad routes and unexpected failures included.
public struct APIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    /// A short machine-readable name ("bad_request", "unauthorized", …).
    public let code: String
    public let message: String
    /// More of the answer, beside "error" (the current unit of a 412, as JSON), and its key.
    public var attachment: (key: String, json: String)?
    /// An ETag to send with the error (the current unit's, on a 412).
    public var eTag: String?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }
    /// The server has too many requests working and waiting; try again shortly.
    public static let busy = APIError(
        .serviceUnavailable, "busy", "the server is busy; try again in a second")

    /// A pipeline error as the status a client should see: bad input is 4xx, never 500; nil for a
    /// failure of the server's own (its message may hold the database's, which clients never see).
    init?(_ error: PipelineError) {
        switch error.kind {
        case .usage, .badData: self.init(.badRequest, "bad_request", error.message)
        case .noInput: self.init(.notFound, "not_found", error.message)
        case .io: return nil
        }
    }

    /// A failure of the server's own: the client gets the request id, the log the details.
    static func internalFailure(requestID: String) -> APIError {
        APIError(
            .internalServerError, "internal",
            "the server failed; the server's log holds the details under request id \(requestID)")
    }

    public var json: String {
        var fields = [("error", JSON.object([("code", JSON.string(code)), ("message", JSON.string(message))]))]
        if let attachment { fields.append((attachment.key, attachment.json)) }
        return JSON.object(fields)
    }

    /// - Throws: the error of encoding the JSON body (none in practice).
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if status == .serviceUnavailable { headers[.retryAfter] = "1" }
        if let eTag { headers[.eTag] = eTag }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}

/// Turns every error thrown below it into an `APIError` response: Hummingbird's own (no such
/// route, body too large), NIO's for a body collected past its limit (413), the pipeline's, and anything unexpected: a 500 that names a request id,
/// whose details (perhaps the database's own message) go to the log only.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as NIOTooManyBytesError {
            throw MemoryServer.tooLarge(error.maxBytes ?? 0)
        } catch let error as PipelineError {
            if let answer = APIError(error) { throw answer }
            throw failure(error, context)
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
            throw failure(error, context)
        }
    }

    private func failure(_ error: any Error, _ context: Context) -> APIError {
        // Hummingbird's own id of the request, on every log line of it; a counter otherwise.
        let id = context.logger[metadataKey: "hb.request.id"].map { "\($0)" } ?? RequestID.next()
        context.logger.error("request failed", metadata: ["request_id": "\(id)", "error": "\(error)"])
        return APIError.internalFailure(requestID: id)
    }
}

/// Short ids that tie a 500 to its line in the log: the process's start and a counter.
enum RequestID {
    private static let counter = Mutex<UInt64>(0)
    private static let prefix = String(
        UInt32(truncatingIfNeeded: UInt64(Date().timeIntervalSince1970 * 1000)), radix: 36)

    static func next() -> String {
        let n = counter.withLock { value in
            value += 1
            return value
        }
        return prefix + "-" + String(n, radix: 36)
    }
}

/// Answers 421 to a request whose Host header is not one the server serves (see
/// `ServerOptions.acceptedHosts`): a page from another site that rebinds its DNS name to this
/// machine's loopback address cannot read the memory through the visitor's browser, since its
/// requests name the other site. A request without a Host header (HTTP/1.0 tools) passes.
struct HostCheck<Context: RequestContext>: RouterMiddleware {
    let accepted: Set<String>

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if !accepted.isEmpty, let host = request.head.authority {
            let name = HostCheck<Context>.name(host)
            guard accepted.contains(name) else {
                throw APIError(
                    .misdirectedRequest, "unknown_host",
                    "this server does not answer for host '\(name.prefix(80))'; start it with --allowed-host \(name.prefix(80)) to allow it"
                )
            }
        }
        return try await next(request, context)
    }

    /// The host of a Host header, lowercased, without its port ("[::1]:8080" → "[::1]").
    static func name(_ host: String) -> String {
        let lower = host.lowercased()
        if lower.hasPrefix("["), let end = lower.firstIndex(of: "]") { return String(lower[...end]) }
        if let colon = lower.lastIndex(of: ":"), lower.firstIndex(of: ":") == colon {
            return String(lower[..<colon])
        }
        return lower
    }
}

/// `--private`: every request but the page's own files (which hold no memory data and ask for
/// the token) and `/healthz` needs a reader's token or better; 401 without one.
struct PrivateGate<Context: RequestContext>: RouterMiddleware {
    let server: MemoryServer

    /// The paths anyone may fetch: the pages, their script and style, the API's description.
    static func isOpen(_ path: Substring) -> Bool {
        path == "/" || path == "/review" || path == "/healthz" || path == "/api/openapi.yaml"
            || path.hasPrefix("/static/")
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if !PrivateGate.isOpen(request.uri.path[...]) { _ = try server.authorize(request, as: .reader) }
        return try await next(request, context)
    }
}
