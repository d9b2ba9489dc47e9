import Foundation
import KakehashiMemory

/// `kakehashi bench serve`: the server under load from `wrk` on loopback, bounded in time.
///
/// A synthetic memory of N units (the one `bench memory` builds) is served by a `kakehashi serve`
/// process; `wrk` sends exact and fuzzy lookups from C connections, each run for a fixed number of
/// seconds; then fuzzy lookups again while a 100k-unit TMX import runs through the API. The
/// server's peak RSS is read from /proc. The peer is Translate Toolkit's tmserver, loaded with
/// the same amaGama URLs on a 10k-unit memory next to Kakehashi on the same memory, in the same
/// run.
public enum ServeBenchmark {
    /// One load run's figures.
    public struct Load: Sendable {
        public let name: String
        public let requests: Int
        public let requestsPerSecond: Double
        public let p50Milliseconds: Double
        public let p99Milliseconds: Double
        /// Answers that were not 2xx or 3xx, and socket errors.
        public let failures: Int
    }

    /// Everything `bench serve` measured.
    public struct Report: Sendable {
        public let units: Int
        public let clients: Int
        public let loads: [Load]
        public let importSeconds: Double?
        public let serverPeakRSSMegabytes: Double
        public let peerLoads: [Load]
    }

    /// The server and the load generator.
    public struct Tools: Sendable {
        public let kakehashi: String
        public let wrk: String
        public let python: String

        public init(kakehashi: String, wrk: String = "/usr/bin/wrk", python: String = "/usr/bin/python3") {
            self.kakehashi = kakehashi
            self.wrk = wrk
            self.python = python
        }
    }

    public static func run(
        units n: Int, clients: Int, seconds: Int, folder: String, tools: Tools, peer: Bool,
        progress: @escaping (String) -> Void = { _ in }
    ) async throws -> Report {
        guard FileManager.default.isExecutableFile(atPath: tools.wrk) else {
            throw BenchError("wrk is missing: install it with `bash .ci/setup --bench` (Debian's wrk)")
        }
        let prepared = try await MemoryBenchmark.prepare(units: n, folder: folder, reuse: true, progress: progress)
        let token = String((0..<32).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement()! })
        let tokenFile = (folder as NSString).appendingPathComponent("bench-token")
        try token.write(toFile: tokenFile, atomically: true, encoding: .utf8)

        // The server works on a copy, so that the import under load adds new units every run.
        let served = (folder as NSString).appendingPathComponent("served-\(n).sqlite")
        for p in [served, served + "-wal", served + "-shm"] { try? FileManager.default.removeItem(atPath: p) }
        try FileManager.default.copyItem(atPath: prepared.memoryPath!, toPath: served)
        progress("starting kakehashi serve on \(n) units")
        let server = try Server.start(
            tools.kakehashi, ["serve", "--memory", served, "--lexicon", "none", "--token-file", tokenFile])
        defer { server.stop() }
        var loads: [Load] = []
        var random = MemoryBenchmark.Random(state: 5)
        let exact = prepared.samples.map { "/api/v1/lookup?mode=exact&from=en&q=" + encode($0.en) }
        let fuzzy = prepared.samples.map {
            "/api/v1/lookup?mode=fuzzy&from=en&q=" + encode(changeOneWord($0.en, &random))
        }
        for (name, paths) in [("exact lookups", exact), ("fuzzy lookups", fuzzy)] {
            progress("\(name): \(clients) clients for \(seconds) s")
            loads.append(
                try wrk(
                    tools.wrk, name: name, port: server.port, paths: paths, clients: clients, seconds: seconds,
                    folder: folder))
        }

        // Fuzzy lookups while a 100k-unit import runs through the API.
        progress("generating a 100k-unit TMX to import under load")
        let extra = try await MemoryBenchmark.prepare(
            units: 100_000, folder: folder, samples: 1, reuse: true, seed: 11, name: "bench-extra",
            importing: false)
        progress("fuzzy lookups during the import")
        let importDone = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var importSeconds: Double?
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = [
            "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(token)", "-H",
            "Content-Type: application/xml",
            "--data-binary", "@" + extra.tmxPath, "http://127.0.0.1:\(server.port)/api/v1/import",
        ]
        curl.standardOutput = FileHandle.nullDevice
        let started = Date()
        curl.terminationHandler = { process in
            if process.terminationStatus == 0 { importSeconds = Date().timeIntervalSince(started) }
            importDone.signal()
        }
        try curl.run()
        let duringImport = try wrk(
            tools.wrk, name: "fuzzy lookups during a 100k-unit import", port: server.port, paths: fuzzy,
            clients: clients, seconds: seconds, folder: folder)
        loads.append(duringImport)
        importDone.wait()
        let rss = ProcessStatistics.peakResidentMegabytes(of: server.process.processIdentifier)
        server.stop()

        var peerLoads: [Load] = []
        if peer {
            peerLoads = try await peerComparison(
                clients: clients, seconds: seconds, folder: folder, tools: tools, progress: progress)
        }
        return Report(
            units: n, clients: clients, loads: loads, importSeconds: importSeconds, serverPeakRSSMegabytes: rss,
            peerLoads: peerLoads)
    }

    /// Kakehashi and Translate Toolkit's tmserver on the same 10k-unit memory, the same amaGama
    /// URLs, one after the other.
    static func peerComparison(
        clients: Int, seconds: Int, folder: String, tools: Tools, progress: (String) -> Void
    ) async throws -> [Load] {
        let small = try await MemoryBenchmark.prepare(units: 10_000, folder: folder, reuse: true, progress: progress)
        var random = MemoryBenchmark.Random(state: 9)
        let paths = small.samples.enumerated().map { k, s in
            "/tmserver/en/ja/unit/" + encode(k % 2 == 0 ? s.en : changeOneWord(s.en, &random))
        }
        var loads: [Load] = []
        progress("peer: kakehashi serve on 10k units")
        let ours = try Server.start(tools.kakehashi, ["serve", "--memory", small.memoryPath!, "--lexicon", "none"])
        loads.append(
            try wrk(
                tools.wrk, name: "amaGama, kakehashi, 10k units", port: ours.port, paths: paths, clients: clients,
                seconds: seconds, folder: folder))
        ours.stop()
        // tmserver's database is built from the same deterministic TMX, so a complete one left by
        // an earlier run is reused (loading takes minutes; it is not what is measured).
        let database = (folder as NSString).appendingPathComponent("tmserver-10000.db")
        let complete = database + ".complete"
        var arguments = [
            "-m", "translate.services.tmserver", "-d", database, "-b", "127.0.0.1", "--min-similarity", "70",
            "--max-candidates", "5",
        ]
        if !FileManager.default.fileExists(atPath: complete) {
            try? FileManager.default.removeItem(atPath: database)
            arguments += ["-f", small.tmxPath, "-s", "en", "-t", "ja"]
            progress("peer: Translate Toolkit's tmserver loading 10k units (minutes)")
        }
        let theirs = try Server.start(tools.python, arguments, portArgument: "-p", startupSeconds: 1200)
        defer { theirs.stop() }
        _ = FileManager.default.createFile(atPath: complete, contents: nil)
        // tmserver takes seconds a request: a longer run and timeout, so that it completes some.
        let peerSeconds = max(seconds, 60)
        progress("peer: tmserver for \(peerSeconds) s")
        loads.append(
            try wrk(
                tools.wrk, name: "amaGama, tmserver, 10k units", port: theirs.port, paths: paths, clients: clients,
                seconds: peerSeconds, timeout: peerSeconds, folder: folder))
        return loads
    }

    static func changeOneWord(_ sentence: String, _ random: inout MemoryBenchmark.Random) -> String {
        var words = sentence.split(separator: " ").map(String.init)
        guard words.count > 2 else { return sentence }
        words[1 + random.below(words.count - 2)] = "changed"
        return words.joined(separator: " ")
    }

    /// Percent-encoding of everything but unreserved characters: a query value, or a path
    /// segment ("/" is encoded too).
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Runs wrk for `seconds` with `clients` connections, each request the next of `paths`. The
    /// paths and the wrk script are left in `folder` under the load's name ("fuzzy lookups":
    /// `wrk-fuzzy-lookups.txt` and `.lua`), for other load runs of the same requests.
    static func wrk(
        _ wrk: String, name: String, port: Int, paths: [String], clients: Int, seconds: Int, timeout: Int = 10,
        folder: String
    ) throws -> Load {
        let slug = name.lowercased().split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }).joined(
            separator: "-")
        let list = (folder as NSString).appendingPathComponent("wrk-\(slug).txt")
        try (paths.joined(separator: "\n") + "\n").write(toFile: list, atomically: true, encoding: .utf8)
        let script = (folder as NSString).appendingPathComponent("wrk-\(slug).lua")
        try """
        local paths = {}
        for line in io.lines("\(list)") do paths[#paths + 1] = line end
        local next = 0
        request = function()
          next = next % #paths + 1
          return wrk.format("GET", paths[next])
        end
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = [
            "-t", String(min(2, clients)), "-c", String(clients), "-d", "\(seconds)s", "--timeout", "\(timeout)s",
            "--latency",
            "-s", script, "http://127.0.0.1:\(port)",
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return try parseWrk(text, name: name)
    }

    /// The figures of wrk's `--latency` report.
    static func parseWrk(_ text: String, name: String) throws -> Load {
        func duration(_ s: Substring) -> Double? {
            for (suffix, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)]
            where s.hasSuffix(suffix) {
                return Double(s.dropLast(suffix.count)).map { $0 * scale }
            }
            return nil
        }
        var p50: Double?, p99: Double?, rate: Double?, requests: Int?, failures = 0
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count == 2, fields[0] == "50%" { p50 = duration(fields[1]) }
            if fields.count == 2, fields[0] == "99%" { p99 = duration(fields[1]) }
            if line.hasPrefix("Requests/sec:"), let last = fields.last { rate = Double(last) }
            if fields.count >= 2, fields[1] == "requests", fields[2] == "in" { requests = Int(fields[0]) }
            if line.contains("Non-2xx or 3xx responses:"), let last = fields.last { failures += Int(last) ?? 0 }
            if line.contains("Socket errors:") {
                for number in line.split(whereSeparator: { !$0.isNumber }) { failures += Int(number) ?? 0 }
            }
        }
        guard let p50, let p99, let rate, let requests else {
            throw BenchError("could not read wrk's report:\n\(text)")
        }
        return Load(
            name: name, requests: requests, requestsPerSecond: rate, p50Milliseconds: p50, p99Milliseconds: p99,
            failures: failures)
    }

    /// A server process on a free loopback port.
    final class Server: @unchecked Sendable {
        let process: Process
        let port: Int

        init(process: Process, port: Int) {
            self.process = process
            self.port = port
        }

        static func start(
            _ executable: String, _ arguments: [String], portArgument: String = "--port", startupSeconds: Int = 120
        ) throws -> Server {
            let port = 20000 + Int.random(in: 0..<20000)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments + [portArgument, String(port)]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let server = Server(process: process, port: port)
            let deadline = Date().addingTimeInterval(Double(startupSeconds))
            while Date() < deadline {
                guard process.isRunning else {
                    throw BenchError("\(executable) exited with \(process.terminationStatus) before listening")
                }
                if server.accepts() { return server }
                Thread.sleep(forTimeInterval: 0.2)
            }
            server.stop()
            throw BenchError("\(executable) did not listen on port \(port) within \(startupSeconds) s")
        }

        /// Whether a TCP connection to the port succeeds.
        func accepts() -> Bool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
        }

        /// SIGTERM, then SIGKILL if it is still running 5 s later (tmserver's threads can ignore
        /// the first).
        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }
}

/// A benchmark that cannot run, with the reason.
public struct BenchError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
