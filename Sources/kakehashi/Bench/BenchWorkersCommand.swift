import ArgumentParser
import Foundation
import KakehashiBench
import KakehashiMemory
import KakehashiPipeline

/// `kakehashi bench workers`: a queued folder drained by one worker, then by several, on
/// PostgreSQL; their time, where it goes, and whether they store the same units.
struct BenchWorkersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workers",
        abstract: "Seconds for workers on PostgreSQL to drain a queued folder: one worker against several, same units.",
        discussion: """
            N English and N Japanese articles (runs of WMT21 documents, dated in datelines, --per-day a day) are \
            enqueued (ingest --enqueue) into a fresh database on the server, then drained by one worker process; \
            then the same into another fresh database drained by --workers worker processes started together. \
            Reports each drain's time, each worker's split of it (pairing, aligning, storing, waiting for others) \
            and whether both memories hold the same units. The databases (kakehashi_bench_workers_*) are dropped \
            afterwards; the user needs CREATEDB.
            """)

    @Option(help: "A URL of the PostgreSQL server to use (any database on it; the bench makes its own).")
    var server: String

    @Option(help: "Articles per language.")
    var documents: Int = 3000

    @Option(help: "Articles per language and day.")
    var perDay: Int = 300

    @Option(help: "Worker processes of the second drain.")
    var workers: Int = 2

    @Option(help: "Working folder (the articles are left there).")
    var folder: String?

    @OptionGroup var lexicon: LexiconOptions

    func run() async throws {
        guard documents > 0, perDay > 0, (2...16).contains(workers) else {
            throw ValidationError("--documents and --per-day must be positive, --workers between 2 and 16")
        }
        let dir = folder ?? NSTemporaryDirectory() + "kakehashi-bench-workers-\(getpid())"
        defer { if folder == nil { try? FileManager.default.removeItem(atPath: dir) } }
        _ = try lexicon.load()  // built once here, not by each worker
        let status = StatusLine()
        status.show("writing the articles in \(dir)")
        let sources = try EvaluationData.documents(EvaluationData.wmt21)
        _ = try pipeline {
            try ArchiveBenchmark.writeCorpus(sources, archive: documents, increment: 0, perDay: perDay, folder: dir)
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let lexiconArguments = ["--lexicon", lexicon.path] + lexicon.glossaries.flatMap { ["--glossary", $0] }
        var drains: [(count: Int, seconds: Double, enqueue: Double, outputs: [String], url: String)] = []
        var names: [String] = []
        defer {
            let dropped = names
            let server = self.server
            let done = DispatchSemaphore(value: 0)
            Task {
                for name in dropped { try? await MemoryLocation.dropDatabase(name, onServerOf: server) }
                done.signal()
            }
            done.wait()
        }
        for count in [1, workers] {
            let name = "kakehashi_bench_workers_\(getpid())_\(count)"
            let url = try await MemoryLocation.scratchDatabase(name, onServerOf: server)
            names.append(name)
            status.show("enqueueing \(documents) + \(documents) articles")
            let enqueueClock = Date()
            let enqueued = try Self.run(
                executable, ["ingest", dir + "/archive", "--enqueue", "--memory", url] + lexiconArguments)
            guard enqueued.status == 0 else { throw ValidationError("enqueue failed: \(enqueued.output)") }
            let enqueueSeconds = Date().timeIntervalSince(enqueueClock)
            status.show("draining the queue with \(count) worker\(count == 1 ? "" : "s")")
            let clock = Date()
            let started = try (0..<count).map { k in
                try Self.start(
                    executable,
                    ["ingest", "--worker", "--worker-name", "w\(k + 1)", "--memory", url] + lexiconArguments)
            }
            let outputs = started.map { Self.finish($0) }
            let seconds = Date().timeIntervalSince(clock)
            guard started.allSatisfy({ $0.process.terminationStatus == 0 }) else {
                throw ValidationError("a worker failed: \(outputs.joined(separator: "\n"))")
            }
            drains.append((count, seconds, enqueueSeconds, outputs, url))
        }
        status.show("comparing the units of the two memories")
        var units: [[String]] = []
        for drain in drains { units.append(try await Self.units(of: drain.url)) }
        status.clear()
        print("articles: \(documents) + \(documents) (\(drains[0].outputs.count) worker, then \(workers))")
        for drain in drains {
            print(
                String(
                    format: "%d worker%@: %.1f s draining (enqueue %.1f s before)", drain.count,
                    drain.count == 1 ? "" : "s", drain.seconds, drain.enqueue))
            for output in drain.outputs {
                for line in output.split(separator: "\n") where line.hasPrefix("time ") || line.hasPrefix("worker ") {
                    print("    " + line)
                }
            }
        }
        print(
            String(
                format: "throughput, %d workers against 1: %.2f×; same units: %@ (%d and %d units)", workers,
                drains[0].seconds / max(0.001, drains[1].seconds), units[0] == units[1] ? "yes" : "NO", units[0].count,
                units[1].count))
        if units[0] != units[1] { throw ExitCode(ExitStatus.dataError) }
    }

    /// Every unit of the memory at `url` as one line (texts, status, relation, confidence,
    /// method, sources in order), sorted.
    static func units(of url: String) async throws -> [String] {
        try await pipeline {
            try await MemoryLocation.withMemory(url, mustExist: true) { tm in
                let lines = LineCollector()
                _ = try await tm.forEachUnit(ExportFilter()) { unit in
                    let sources = unit.provenance.map { "\($0.sourceFile)|\($0.document ?? "")|\($0.sentences ?? "")" }
                        .sorted()
                    lines.append(
                        (unit.variants.map { "\($0.language):\($0.text)" } + [
                            unit.status.rawValue, unit.relation.rawValue, "\(unit.confidence ?? -1)", unit.method ?? "",
                        ] + sources).joined(separator: "\t"))
                }
                return lines.items.sorted()
            }
        }
    }

    /// A started process and the file its output goes to.
    struct Started {
        var process: Process
        var log: URL
    }

    static func start(_ executable: String, _ arguments: [String]) throws -> Started {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("kakehashi-worker-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return Started(process: process, log: log)
    }

    static func finish(_ started: Started) -> String {
        started.process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: started.log) }
        return (try? String(contentsOf: started.log, encoding: .utf8)) ?? ""
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let started = try start(executable, arguments)
        let output = finish(started)
        return (started.process.terminationStatus, output)
    }
}

/// Lines collected from a callback that may run on another thread.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var items: [String] { lock.withLock { lines } }
}
