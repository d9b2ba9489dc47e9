#if PostgreSQL
    import Foundation
    @testable import KakehashiPostgres

    /// The PostgreSQL server of the tests, where each test makes a database of its own.
    ///
    /// With `KAKEHASHI_TEST_POSTGRES` set to the URL of a server (any database on it; the role must
    /// be allowed to create databases), the tests use it. Otherwise they start a throwaway cluster,
    /// once per test process, and stop it when the process exits: initdb (as the `postgres` user
    /// through runuser when the tests run as root, since initdb refuses root) with
    /// `--locale=C.UTF-8`, listening on a free loopback port and on a Unix socket in its own folder.
    final class TemporaryCluster: @unchecked Sendable {
        static let shared: Result<TemporaryCluster, any Error> = Result {
            if let url = ProcessInfo.processInfo.environment["KAKEHASHI_TEST_POSTGRES"], !url.isEmpty {
                return try TemporaryCluster(server: url)
            }
            return try TemporaryCluster()
        }

        /// A server given by URL, instead of a cluster of our own.
        private var server: PostgresLocation?

        private init(server url: String) throws {
            let location = try PostgresLocation(url: url)
            server = location
            folder = location.isUnixSocket ? location.host : ""
            port = location.port
            binaries = ""
            asPostgres = false
        }

        /// Why the cluster could not start, with the command's own output.
        struct ClusterError: Error, CustomStringConvertible {
            let description: String
        }

        let folder: String
        let port: Int
        private let binaries: String
        private let asPostgres: Bool
        private let lock = NSLock()
        private var databases = 0

        private init() throws {
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
            guard let version = versions.compactMap(Int.init).max() else {
                throw ClusterError(description: "PostgreSQL is not installed (bash .ci/setup --tests installs it)")
            }
            binaries = "/usr/lib/postgresql/\(version)/bin"
            asPostgres = getuid() == 0
            folder =
                FileManager.default.temporaryDirectory.appendingPathComponent(
                    "kakehashi-pg-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
                ).path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            port = Self.freePort()
            if asPostgres { try run("/bin/chown", ["postgres", folder], asPostgres: false) }
            try run(
                binaries + "/initdb",
                [
                    "-D", folder + "/data", "--locale=C.UTF-8", "--encoding=UTF8", "-A", "trust", "-U", "postgres",
                    "--no-sync",
                ])
            try run(
                binaries + "/pg_ctl",
                [
                    "-D", folder + "/data", "-l", folder + "/server.log", "-w", "-t", "60", "-o",
                    "-p \(port) -k \(folder) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                    "start",
                ])
            TemporaryCluster.running = self
            atexit { TemporaryCluster.running?.stop() }
            try watchOver()
        }

        /// Stops the cluster when the test process ends in any way, a crash included (atexit does
        /// not run then): a shell waits for the process to go, then stops the server and removes
        /// the folder.
        private func watchOver() throws {
            let stop = command(
                binaries + "/pg_ctl", ["-D", folder + "/data", "-m", "immediate", "-w", "stop"], asPostgres: nil
            )
            .map { "'\($0)'" }.joined(separator: " ")
            let script =
                "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(stop) >/dev/null 2>&1; rm -rf '\(folder)'"
            _ = try spawn(["/bin/sh", "-c", script], output: "/dev/null")
        }

        nonisolated(unsafe) private static var running: TemporaryCluster?

        /// The next database's name, and whether it is this process's first.
        private func nextDatabaseName() -> (name: String, first: Bool) {
            lock.withLock {
                databases += 1
                return ("kakehashi_test_\(getpid())_\(databases)", databases == 1)
            }
        }

        /// A new, empty database; its URL over TCP.
        func createDatabase() async throws -> String {
            let (name, first) = nextDatabaseName()
            if let server {
                let admin = PostgresMemory.Administration(location: server)
                if first {
                    // Databases that earlier test processes made there and left (they are not dropped
                    // at exit, when a client can no longer be run): those of processes that are gone.
                    for old in try await admin.databases(startingWith: "kakehashi_test_") {
                        let parts = old.split(separator: "_")
                        if parts.count == 4, let pid = Int32(parts[2]), pid != getpid(),
                            kill(pid, 0) != 0 && errno == ESRCH
                        {
                            try await admin.dropDatabase(old)
                        }
                    }
                }
                try await admin.createDatabase(name)
                var copy = server
                copy.database = name
                return copy.url
            }
            try run(binaries + "/createdb", ["-h", folder, "-p", "\(port)", "-U", "postgres", name])
            return url(name)
        }

        func url(_ database: String) -> String { "postgres://postgres@127.0.0.1:\(port)/\(database)?sslmode=disable" }

        /// The same database through the Unix socket, libpq style.
        func socketURL(_ database: String) -> String {
            "postgresql://postgres@/\(database)?host=\(folder)&port=\(port)"
        }

        func stop() {
            _ = try? run(binaries + "/pg_ctl", ["-D", folder + "/data", "-m", "immediate", "-w", "stop"])
            try? FileManager.default.removeItem(atPath: folder)
        }

        /// Runs a tool (posix_spawn and waitpid: Foundation's Process may miss the exit of a child
        /// whose own child, the server, lives on) with its output in a file, returned.
        @discardableResult
        private func run(_ tool: String, _ arguments: [String], asPostgres: Bool? = nil) throws -> String {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent(
                "kakehashi-pg-\(UUID().uuidString).out"
            ).path
            defer { try? FileManager.default.removeItem(atPath: output) }
            let pid = try spawn(command(tool, arguments, asPostgres: asPostgres), output: output)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            let exited = (status & 0x7f) == 0, code = (status >> 8) & 0xff
            guard exited && code == 0 else {
                throw ClusterError(
                    description: "\((tool as NSString).lastPathComponent) failed (status \(status)): \(text)")
            }
            return text
        }

        /// `tool arguments`, run as the postgres user when the cluster is theirs.
        private func command(_ tool: String, _ arguments: [String], asPostgres: Bool?) -> [String] {
            ((asPostgres ?? self.asPostgres) ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []) + [tool] + arguments
        }

        /// Starts `argv` with no input and its output (both streams) in the file `output`.
        private func spawn(_ argv: [String], output: String) throws -> pid_t {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
            var cArguments = argv.map { strdup($0) } + [nil]
            defer { for a in cArguments { free(a) } }
            var pid: pid_t = 0
            let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
            guard spawned == 0 else { throw ClusterError(description: "cannot start \(argv[0]): error \(spawned)") }
            return pid
        }

        private static func freePort() -> Int {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
            }
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            return Int(UInt16(bigEndian: address.sin_port))
        }
    }
#endif
