public import Foundation
public import KakehashiMemory
import Logging
import PostgresNIO

/// Where a PostgreSQL memory is, read from a libpq-style URL:
/// `postgres://user[:password]@host[:port]/database?sslmode=…&host=/socket/folder`
/// (also `postgresql://`). Missing parts come from the environment as libpq takes them
/// (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE`), then libpq's defaults:
/// the Unix socket in /var/run/postgresql, port 5432, the login name.
public struct PostgresLocation: Sendable, Equatable {
    /// libpq's `sslmode` values.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca", verifyFull = "verify-full"
    }

    /// A host name, or an absolute folder holding the server's Unix socket.
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode

    /// True when `host` is a socket folder.
    public var isUnixSocket: Bool { host.hasPrefix("/") }
    /// The socket file libpq would use for `host` and `port`.
    public var socketPath: String { host + "/.s.PGSQL.\(port)" }

    /// True for a `postgres://` or `postgresql://` URL (anything else names an SQLite file).
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// The URL as it may be shown: without its password.
    public var displayURL: String {
        var text = "postgres://" + percentEncoded(user) + "@"
        if isUnixSocket {
            text += "/" + percentEncoded(database) + "?host=" + percentEncoded(host) + "&port=\(port)"
        } else {
            text += (host.contains(":") ? "[\(host)]" : host) + ":\(port)/" + percentEncoded(database)
        }
        return text
    }

    /// Reads `url`; the error names what is wrong with it (never its password).
    /// - Throws: `PostgresMemoryError.badLocation` saying what is wrong with the URL.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard Self.isURL(url), let schemeEnd = url.range(of: "://") else {
            throw PostgresMemoryError.badLocation("not a postgres:// URL")
        }
        var rest = String(url[schemeEnd.upperBound...])
        var query: [String: String] = [:]
        if let q = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: q)...].split(separator: "&") where !pair.isEmpty {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let name = parts[0].removingPercentEncoding,
                    let value = parts[1].removingPercentEncoding
                else {
                    throw PostgresMemoryError.badLocation("the parameter '\(parts[0])' has no value")
                }
                query[name] = value
            }
            rest = String(rest[..<q])
        }
        var authority = rest, path = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = String(rest[..<slash])
            path = String(rest[rest.index(after: slash)...])
        }
        var userInfo: String?
        if let at = authority.lastIndex(of: "@") {
            userInfo = String(authority[..<at])
            authority = String(authority[authority.index(after: at)...])
        }
        var urlUser: String?, urlPassword: String?
        if let userInfo {
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            urlUser = parts[0].removingPercentEncoding
            if parts.count == 2 { urlPassword = parts[1].removingPercentEncoding }
        }
        var urlHost: String?, urlPort: String?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw PostgresMemoryError.badLocation("an IPv6 host lacks its ']'")
            }
            urlHost = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { urlPort = String(after.dropFirst()) }
        } else if let colon = authority.lastIndex(of: ":") {
            urlHost = String(authority[..<colon])
            urlPort = String(authority[authority.index(after: colon)...])
        } else if !authority.isEmpty {
            urlHost = authority
        }
        urlHost = urlHost?.removingPercentEncoding
        func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }

        host = nonEmpty(query["host"]) ?? nonEmpty(urlHost) ?? nonEmpty(environment["PGHOST"]) ?? "/var/run/postgresql"
        let portText = nonEmpty(query["port"]) ?? nonEmpty(urlPort) ?? nonEmpty(environment["PGPORT"]) ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw PostgresMemoryError.badLocation("the port '\(portText)' is not a number from 1 to 65535")
        }
        self.port = port
        user = nonEmpty(query["user"]) ?? nonEmpty(urlUser) ?? nonEmpty(environment["PGUSER"]) ?? NSUserName()
        password = nonEmpty(query["password"]) ?? urlPassword ?? nonEmpty(environment["PGPASSWORD"])
        database =
            nonEmpty(query["dbname"]) ?? nonEmpty(path.removingPercentEncoding) ?? nonEmpty(environment["PGDATABASE"])
            ?? user
        let mode = nonEmpty(query["sslmode"]) ?? nonEmpty(environment["PGSSLMODE"]) ?? "prefer"
        guard let sslMode = SSLMode(rawValue: mode) else {
            throw PostgresMemoryError.badLocation(
                "sslmode '\(mode)' is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.sslMode = sslMode
        let known: Set<String> = [
            "host", "port", "user", "password", "dbname", "sslmode", "application_name", "connect_timeout",
            "statement_timeout", "pool_timeout",
        ]
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw PostgresMemoryError.badLocation(
                "unknown parameter '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        if let timeout = query["connect_timeout"] {
            guard let seconds = Int(timeout), seconds >= 0 else {
                throw PostgresMemoryError.badLocation("connect_timeout '\(timeout)' is not a number of seconds")
            }
            connectTimeout = seconds == 0 ? 3600 : seconds
        }
        if let timeout = query["statement_timeout"] {
            guard let milliseconds = Int(timeout), milliseconds >= 0 else {
                throw PostgresMemoryError.badLocation(
                    "statement_timeout '\(timeout)' is not a number of milliseconds")
            }
            statementTimeout = milliseconds
        }
        if let timeout = query["pool_timeout"] {
            guard let seconds = Int(timeout), seconds >= 1 else {
                throw PostgresMemoryError.badLocation(
                    "pool_timeout '\(timeout)' is not a number of seconds (1 or more)")
            }
            poolTimeout = seconds
        }
    }

    /// Seconds to wait for a connection (libpq's `connect_timeout`; 10 unless given).
    public var connectTimeout = 10
    /// Milliseconds a statement may run before PostgreSQL cancels it (its `statement_timeout`,
    /// set on every connection; 0 for none). Ten minutes unless given: a safety net far above any
    /// statement of an import. Lookups have their own, much shorter, limit.
    public var statementTimeout = 600_000
    /// Seconds to wait for a free connection of the pool before giving up with a clear error (30
    /// unless given).
    public var poolTimeout = 30

    func percentEncoded(_ s: String) -> String {
        s.addingPercentEncoding(
            withAllowedCharacters: .urlUserAllowed.subtracting(CharacterSet(charactersIn: ":@/?&="))) ?? s
    }
}

/// Why a PostgreSQL memory could not be used. Messages never hold the password.
public enum PostgresMemoryError: MemoryBackendError, Sendable {
    case badLocation(String)

    public var failure: MemoryFailure { .usage }

    public var description: String {
        switch self {
        case .badLocation(let why): return "bad PostgreSQL URL: \(why)"
        }
    }
}

extension PostgresLocation {
    /// The location as a URL again, password included (for handing on, never for printing).
    package var url: String {
        var text = "postgres://" + percentEncoded(user) + (password.map { ":" + percentEncoded($0) } ?? "") + "@"
        if isUnixSocket {
            text += "/" + percentEncoded(database) + "?host=" + percentEncoded(host) + "&port=\(port)"
        } else {
            text +=
                (host.contains(":") ? "[\(host)]" : host) + ":\(port)/" + percentEncoded(database)
                + "?sslmode=\(sslMode.rawValue)"
        }
        return text
    }
}

extension PostgresMemory {
    /// Server-level statements on a location's server, outside any memory: for tests and
    /// benchmarks that bring their own server.
    package struct Administration {
        let location: PostgresLocation

        package init(location: PostgresLocation) {
            self.location = location
        }

        /// Creates an empty UTF-8 database named `name` (letters, digits and underscores).
        package func createDatabase(_ name: String) async throws {
            try await onServer { c, logger in
                try await c.execute(
                    "CREATE DATABASE \(Self.plain(name)) ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0",
                    logger)
            }
        }

        /// The databases on the server whose names start with `prefix`.
        func databases(startingWith prefix: String) async throws -> [String] {
            try await onServer { c, logger in
                try await c.rows(
                    "SELECT datname FROM pg_database WHERE starts_with(datname, \(prefix)) ORDER BY datname", logger
                )
                .map { try $0.decode(String.self) }
            }
        }

        /// Drops a database (letters, digits and underscores), closing its sessions.
        package func dropDatabase(_ name: String) async throws {
            try await onServer { c, logger in
                try await c.execute("DROP DATABASE IF EXISTS \(Self.plain(name)) WITH (FORCE)", logger)
            }
        }

        /// Runs `body` on one connection of its own, closed afterwards.
        func onServer<T>(_ body: (PostgresConnection, Logger) async throws -> T) async throws -> T {
            var logger = Logger(label: "kakehashi.postgres.admin")
            logger.logLevel = .critical
            let connection = try await PostgresConnection.connect(
                configuration: try location.connectionConfiguration(), id: 1, logger: logger)
            do {
                let result = try await body(connection, logger)
                try await connection.close()
                return result
            } catch {
                try? await connection.close()
                throw error
            }
        }

        /// `name`, when it is a plain database name that needs no quoting.
        private static func plain(_ name: String) throws -> String {
            guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw PostgresMemoryError.badLocation("'\(name)' is not a plain database name")
            }
            return name
        }
    }
}
