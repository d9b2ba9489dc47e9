import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// A bounded pool of PostgreSQL connections for blocking callers (the memory's API blocks, as
/// SQLite's does). Connections are opened on demand up to `capacity`, and a caller waits while
/// all are busy. Queries run on NIO's event loops, so a blocked caller never holds a thread the
/// query needs; callers must not be NIO event-loop threads.
final class ConnectionPool: @unchecked Sendable {
    let location: PostgresLocation
    let logger: Logger
    private let configuration: PostgresConnection.Configuration
    private let capacity: Int
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    private var opened = 0
    private var nextID = 1
    private var closed = false

    init(_ location: PostgresLocation, capacity: Int = 8) throws {
        self.location = location
        self.capacity = max(1, capacity)
        var logger = Logger(label: "kakehashi.postgres")
        logger.logLevel = .critical
        self.logger = logger
        var configuration: PostgresConnection.Configuration
        if location.isUnixSocket {
            configuration = .init(unixSocketPath: location.socketPath, username: location.user, password: location.password,
                                  database: location.database)
        } else {
            configuration = .init(host: location.host, port: location.port, username: location.user, password: location.password,
                                  database: location.database, tls: try Self.tls(location.sslMode))
        }
        configuration.options.connectTimeout = .seconds(Int64(location.connectTimeout))
        self.configuration = configuration
    }

    private static func tls(_ mode: PostgresLocation.SSLMode) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable: return .disable
        case .allow, .prefer:
            tls.certificateVerification = .none
            return .prefer(try NIOSSLContext(configuration: tls))
        case .require:
            tls.certificateVerification = .none
            return .require(try NIOSSLContext(configuration: tls))
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
            return .require(try NIOSSLContext(configuration: tls))
        case .verifyFull:
            return .require(try NIOSSLContext(configuration: tls))
        }
    }

    /// Runs `body` with a connection of its own; a connection that failed is not reused.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try checkout()
        do {
            let result = try body(connection)
            checkin(connection)
            return result
        } catch {
            checkin(connection)
            throw error
        }
    }

    private func checkout() throws -> PostgresConnection {
        condition.lock()
        while true {
            if closed {
                condition.unlock()
                throw PostgresMemoryError.badLocation("the memory is closed")
            }
            if let c = idle.popLast() {
                if c.isClosed { opened -= 1; continue }
                condition.unlock()
                return c
            }
            if opened < capacity { break }
            condition.wait()
        }
        opened += 1
        let id = nextID
        nextID += 1
        condition.unlock()
        do {
            let loop = MultiThreadedEventLoopGroup.singleton.any()
            return try PostgresConnection.connect(on: loop, configuration: configuration, id: id, logger: logger).wait()
        } catch {
            condition.lock()
            opened -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func checkin(_ connection: PostgresConnection) {
        condition.lock()
        if connection.isClosed || closed {
            opened -= 1
            if !connection.isClosed { Self.closeAndWait(connection) }
        } else {
            idle.append(connection)
        }
        condition.signal()
        condition.unlock()
    }

    /// Closes the idle connections; busy ones close when they come back.
    func close() {
        condition.lock()
        closed = true
        let connections = idle
        idle.removeAll()
        opened -= connections.count
        condition.broadcast()
        condition.unlock()
        for c in connections { Self.closeAndWait(c) }
    }
}

extension ConnectionPool {
    /// Closes a connection and waits until it is closed (a connection must be closed before it
    /// is released).
    static func closeAndWait(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        try? closing.wait()
    }
}

/// The connection closed while a statement was waiting for its answer (the server went away, or
/// ended the session).
struct ConnectionLost: Error, CustomStringConvertible {
    var description: String { "the connection to the server was lost" }
}

extension PostgresConnection {
    /// Runs `query` and collects its rows, blocking until the server answers.
    func rows(_ query: PostgresQuery, _ logger: Logger) throws -> [PostgresRow] {
        try waitForAnswer(self.query(query, logger: logger)).rows
    }

    /// Runs statements that return nothing worth reading.
    func execute(_ sql: String, _ logger: Logger) throws {
        _ = try waitForAnswer(self.query(PostgresQuery(unsafeSQL: sql), logger: logger))
    }

    /// Blocks until `future` completes, or throws `ConnectionLost` once the connection has closed
    /// without completing it: a statement sent as the server ended the session could otherwise
    /// wait for ever. Statements may run for minutes (an index build), so no time limit.
    func waitForAnswer<T: Sendable>(_ future: EventLoopFuture<T>) throws -> T {
        let done = DispatchSemaphore(value: 0)
        future.whenComplete { _ in done.signal() }
        while done.wait(timeout: .now() + .milliseconds(500)) == .timedOut {
            if isClosed, done.wait(timeout: .now() + .seconds(1)) == .timedOut { throw ConnectionLost() }
        }
        return try future.wait()
    }
}
