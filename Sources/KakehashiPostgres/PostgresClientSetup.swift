import Foundation
import Logging
import NIOSSL
import PostgresNIO
import Synchronization

extension PostgresLocation {
    /// postgres-nio's pooled client for this location: up to `connections` connections, opened on
    /// demand, each checked out by one task at a time (`PostgresClient.withConnection`).
    func client(connections: Int, logger: Logger) throws -> PostgresClient {
        var configuration: PostgresClient.Configuration
        if isUnixSocket {
            configuration = .init(unixSocketPath: socketPath, username: user, password: password, database: database)
        } else {
            configuration = .init(
                host: host, port: port, username: user, password: password, database: database,
                tls: try Self.clientTLS(sslMode))
        }
        configuration.options.connectTimeout = .seconds(Int64(connectTimeout))
        configuration.options.maximumConnections = max(1, connections)
        configuration.options.additionalStartupParameters = [("statement_timeout", String(statementTimeout))]
        return PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// One connection's configuration (for statements outside any memory, such as creating a database).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if isUnixSocket {
            configuration = .init(unixSocketPath: socketPath, username: user, password: password, database: database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch sslMode {
            case .disable: tls = .disable
            case .allow, .prefer: tls = .prefer(try NIOSSLContext(configuration: Self.tlsConfiguration(sslMode)))
            default: tls = .require(try NIOSSLContext(configuration: Self.tlsConfiguration(sslMode)))
            }
            configuration = .init(
                host: host, port: port, username: user, password: password, database: database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(Int64(connectTimeout))
        return configuration
    }

    private static func clientTLS(_ mode: SSLMode) throws -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .allow, .prefer: return .prefer(tlsConfiguration(mode))
        case .require, .verifyCA, .verifyFull: return .require(tlsConfiguration(mode))
        }
    }

    /// libpq's meanings: `require` encrypts without checking the certificate, `verify-ca` checks
    /// the chain, `verify-full` the chain and the host name.
    private static func tlsConfiguration(_ mode: SSLMode) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable, .allow, .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: break
        }
        return tls
    }
}

extension PostgresConnection {
    /// Runs `query` and collects its rows (see `answering`).
    func rows(_ query: PostgresQuery, _ logger: Logger) async throws -> [PostgresRow] {
        try await answering { try await self.query(query, logger: logger).collect() }
    }

    /// Runs statements that return nothing worth reading (see `answering`).
    func execute(_ sql: String, _ logger: Logger) async throws {
        _ = try await answering { try await self.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect() }
    }

    /// Runs `work` (statements on this connection) and returns its answer, or throws
    /// `ConnectionLost` once the connection has closed without one: a statement sent just as the
    /// server ends the session can otherwise wait for ever. A watchdog looks every half second;
    /// statements may run for minutes (an index build), so there is no time limit.
    func answering<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (answer: CheckedContinuation<T, any Error>) in
            let pending = PendingAnswer(answer)
            let worker = Task {
                let result: Result<T, any Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                pending.take()?.resume(with: result)
            }
            // Stopped as soon as the answer is in (`take` cancels it), so that no watchdog outlives
            // its statement by half a second.
            pending.watch(
                Task {
                    while pending.isWaiting {
                        do { try await Task.sleep(for: .milliseconds(500)) } catch { return }
                        guard self.isClosed else { continue }
                        // An answer already on its way gets a moment more.
                        try? await Task.sleep(for: .seconds(1))
                        if let waiting = pending.take() {
                            worker.cancel()
                            waiting.resume(throwing: ConnectionLost())
                        }
                    }
                })
        }
    }
}

/// The connection closed while a lookup waited for an answer (the server went away, or ended
/// the session).
struct ConnectionLost: Error, CustomStringConvertible {
    var description: String { "the connection to the server was lost" }
}

extension PostgresConnection {
    /// Runs `query` and collects its rows, blocking the calling thread until the server answers:
    /// for the lookup engine, which runs on NIO's thread pool (never on an event loop or on
    /// Swift's concurrency pool). Once the connection has closed without an answer it throws
    /// `ConnectionLost` rather than wait for ever.
    func waitingRows(_ query: PostgresQuery, _ logger: Logger) throws -> [PostgresRow] {
        let answer: EventLoopFuture<PostgresQueryResult> = self.query(query, logger: logger)
        let done = DispatchSemaphore(value: 0)
        answer.whenComplete { _ in done.signal() }
        while done.wait(timeout: .now() + .milliseconds(500)) == .timedOut {
            if isClosed, done.wait(timeout: .now() + .seconds(1)) == .timedOut { throw ConnectionLost() }
        }
        return try answer.wait().rows
    }
}

/// The continuation of a statement's caller, resumed once: by the answer or by the watchdog.
private final class PendingAnswer<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var watchdog: Task<Void, Never>?
    }
    private let state: Mutex<State>

    init(_ continuation: CheckedContinuation<T, any Error>) { state = Mutex(State(continuation: continuation)) }

    var isWaiting: Bool { state.withLock { $0.continuation != nil } }

    /// Keeps the statement's watchdog, to stop it once the answer is in (at once if it already is).
    func watch(_ watchdog: Task<Void, Never>) {
        let answered = state.withLock { s in
            s.watchdog = watchdog
            return s.continuation == nil
        }
        if answered { watchdog.cancel() }
    }

    /// The continuation, once; taking it stops the watchdog.
    func take() -> CheckedContinuation<T, any Error>? {
        let (continuation, watchdog) = state.withLock { s in (s.continuation.take(), s.watchdog) }
        if continuation != nil { watchdog?.cancel() }
        return continuation
    }
}
