import Foundation
public import Hummingbird
import HummingbirdCore
public import KakehashiLexicon
public import KakehashiMemory
import KakehashiPipeline
public import Logging
import NIOCore

/// The translation memory over HTTP: the JSON API, the amaGama protocol (Weblate, Virtaal), a TMX
/// feed (OmegaT) and the bilingual concordance page. The memory and the lexicon are opened once
/// and shared by every request; each route parses its input, calls the pipeline library and
/// answers, as the command line does.
public struct MemoryServer: Sendable {
    public let memory: any MemoryStore
    public let lexicon: Lexicon
    public let options: ServerOptions
    public let metrics = ServerMetrics()
    let phrases: PhraseLookup
    /// Admission for the memory's work (see `RequestGate`).
    let gate: RequestGate
    /// The private folder for the server's temporary files and the shared export cache.
    let scratch: ScratchFolder
    /// TMX exports shared by the clients that ask for the same one.
    let exports: ExportCache
    /// The memory's counts, per revision.
    let counts = PerRevision<MemoryStatistics>()

    public init(memory: any MemoryStore, lexicon: Lexicon, options: ServerOptions = ServerOptions()) {
        self.memory = memory
        self.lexicon = lexicon
        self.options = options
        phrases = PhraseLookup(memory: memory, lexicon: lexicon)
        gate = RequestGate(
            capacity: options.concurrentRequests, queueLength: options.waitingRequests, patience: options.waitLimit)
        scratch = ScratchFolder()
        exports = ExportCache(scratch: scratch)
    }

    /// Every route, behind the request log and the JSON error shape.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RequestRecorder(metrics: metrics))
        router.add(middleware: JSONErrorMiddleware())
        router.add(middleware: HostCheck(accepted: options.acceptedHosts))
        if options.isPrivate { router.add(middleware: PrivateGate(server: self)) }
        router.get("/healthz") { _, _ in MemoryServer.json(#"{"status":"ok"}"#) }
        let server = self
        router.get("/metrics") { _, _ -> Response in
            let statistics = try await server.statistics()
            server.metrics.setMemory(units: statistics.units, bytes: statistics.fileBytes)
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: server.metrics.exposition())))
        }
        addLookupRoutes(to: router)
        addAmagamaRoutes(to: router)
        addExportRoutes(to: router)
        addWriteRoutes(to: router)
        addReviewRoutes(to: router)
        addBulkRoutes(to: router)
        addReviewQueueRoutes(to: router)
        addPageRoutes(to: router)
        return router
    }

    /// The server as a service: it listens on `options.host:options.port`, and on SIGTERM or
    /// SIGINT stops accepting, lets requests in flight finish, then returns. What the memory
    /// needs running (PostgreSQL's pooled client) runs in the application's service group, and
    /// the memory is readied before the server starts to listen (a newer schema stops it there).
    ///
    /// Handlers run as tasks on Swift's concurrency pool, never on NIO's event loops, which only
    /// move bytes; so lookups, phrase linking (ICU) and ingest never hold an event loop. The
    /// memories' own work runs on their libraries' threads: GRDB's reader and writer threads, and
    /// postgres-nio's event loops for the wire.
    ///
    /// Connections are bounded: at most `maximumConnections` open (past it the server stops
    /// accepting until one closes), request heads within `headerTimeout`, and nothing idle for
    /// longer than `idleTimeout`.
    public func application(logger: Logger) -> some ApplicationProtocol {
        let headerTimeout = TimeAmount.nanoseconds(Int64(options.headerTimeout / .nanoseconds(1)))
        let http = HTTP1Channel.Configuration(
            additionalChannelHandlers: [HeaderTimeout(timeout: headerTimeout)],
            idleTimeout: .nanoseconds(Int64(options.idleTimeout / .nanoseconds(1))))
        var application = Application(
            router: router(), server: .http1(configuration: http),
            configuration: .init(
                address: .hostname(options.host, port: options.port), serverName: "kakehashi",
                availableConnectionsDelegate: MaximumAvailableConnections(options.maximumConnections)),
            services: memory.services, logger: logger)
        let memory = self.memory
        application.beforeServerStarts { try await memory.prepare() }
        return application
    }

    /// Removes the server's temporary files (its private folder): after the application stopped.
    public func removeTemporaryFiles() { scratch.remove() }

    // MARK: Helpers shared by the routes

    /// A JSON response.
    static func json(_ body: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// The memory's counts, counted again only when its revision changed.
    func statistics() async throws -> MemoryStatistics {
        let memory = self.memory
        return try await admitted {
            try await counts.value(for: try await memory.revision()) { try await memory.statistics() }
        }
    }

    /// Runs the memory's part of a request once `gate` admits it: 503 (with Retry-After) when the
    /// server is too busy to start it within the wait limit.
    func admitted<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        guard let result = try await gate.run(body) else { throw APIError.busy }
        return result
    }

    /// The query text of a search: present, not blank, at most `maximumQueryCharacters`.
    func searchText(_ value: String?, name: String = "q") throws -> String {
        guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError.badRequest("the query parameter '\(name)' is missing or empty")
        }
        guard value.unicodeScalars.count <= options.maximumQueryCharacters else {
            throw APIError(
                .uriTooLong, "query_too_long",
                "the query has \(value.unicodeScalars.count) characters; at most \(options.maximumQueryCharacters) are accepted"
            )
        }
        return value
    }

    /// The user behind `Authorization: Bearer TOKEN`, who must have at least `role`: 403 when
    /// writing is off (read-only, or nobody can sign in) or the user's role is below it, 401 when
    /// the token is missing or unknown. The `--token-file` token is the administrator "admin";
    /// tokens are compared in constant time (the users' by their SHA-256).
    func authorize(_ request: Request, as role: Role) throws -> UserAccount {
        guard role == .reader || options.writable else {
            throw APIError(
                .forbidden, "forbidden",
                options.readOnly
                    ? "the server is read-only" : "writing is off: start the server with --users or --token-file")
        }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw APIError(.unauthorized, "unauthorized", "this endpoint needs 'Authorization: Bearer TOKEN'")
        }
        let given = String(header.dropFirst("Bearer ".count))
        let account: UserAccount
        if let token = options.token, ConstantTime.equal(Array(given.utf8), Array(token.utf8)) {
            account = UserAccount(name: "admin", role: .admin, tokenHash: "")
        } else if let found = options.users.account(token: given) {
            account = found
        } else {
            throw APIError(.unauthorized, "unauthorized", "this endpoint needs 'Authorization: Bearer TOKEN'")
        }
        guard account.role >= role else {
            throw APIError(
                .forbidden, "forbidden", "\(account.name) is a \(account.role.rawValue); this needs a \(role.rawValue)")
        }
        return account
    }
}
