import ArgumentParser
import Foundation
import KakehashiBench
import KakehashiPipeline

/// `kakehashi bench memory`: import speed, peak memory and lookup latency on a synthetic memory.
struct BenchMemoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Import units/s, peak RSS, and lookup p50/p99 (exact, fuzzy, concordance; short and long queries).",
        discussion: """
            Builds a deterministic synthetic English–Japanese TMX of N units in --folder (default: a temporary \
            folder), imports it into a fresh memory there, then times 200 lookups of each kind. Peers: OmegaT loads \
            1M units in 12.6 s with 3.7 GB; Weblate answers in 3–8 s at 3.4M; Translate Toolkit's TM takes over \
            120 s a lookup at 100k.
            """)

    @Option(help: "Number of units.")
    var units: Int = 100_000

    @Option(help: "Working folder (the TMX and memory files are left there).")
    var folder: String?

    @Flag(help: "Time the lookups again on a memory an earlier run left in --folder (no import).")
    var reuse = false

    @Option(
        help:
            "Also run it on this PostgreSQL memory (an empty database; with --reuse, one an earlier run filled), side by side with SQLite in the same run."
    )
    var postgres: String?

    func run() async throws {
        let dir = folder ?? NSTemporaryDirectory() + "kakehashi-bench-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let interactive = isatty(2) != 0
        let r = try await MemoryBenchmark.run(units: units, folder: dir, reuse: reuse && folder != nil) { message in
            if interactive { printError(message) }
        }
        print(
            "units: \(r.units)   TMX: \(r.tmxBytes / 1_000_000) MB (generated in \(String(format: "%.1f", r.generateSeconds)) s)"
        )
        print(
            String(
                format: "import: %.1f s = %.0f units/s   peak RSS: %.0f MB   memory file: %.0f MB",
                r.importSeconds, r.unitsPerSecond, r.peakRSSMegabytes, Double(r.memoryBytes) / 1e6))
        guard let postgres else {
            print("lookup                              p50 ms    p99 ms   matches/query")
            for t in r.timings {
                print(
                    t.name.padding(toLength: 34, withPad: " ", startingAt: 0)
                        + String(format: "%8.2f  %8.2f  %8.1f", t.p50, t.p99, t.meanMatches))
            }
            if folder == nil { try? FileManager.default.removeItem(atPath: dir) }
            return
        }
        let prepared = try await pipeline {
            try await MemoryBenchmark.prepare(units: units, folder: dir, reuse: true, importing: false) {
                if interactive { printError($0) }
            }
        }
        let p = try await pipeline {
            try await MemoryBenchmark.runPostgres(url: postgres, prepared: prepared, reuse: reuse && folder != nil) {
                if interactive { printError($0) }
            }
        }
        print(
            String(
                format: "PostgreSQL import: %.1f s = %.0f units/s (%.2f× SQLite's time)   tables: %.0f MB",
                p.importSeconds, p.unitsPerSecond, p.importSeconds / r.importSeconds, Double(p.memoryBytes) / 1e6))
        print("lookup                             SQLite p50/p99 ms   PostgreSQL p50/p99 ms   matches/query")
        for (a, b) in zip(r.timings, p.timings) {
            print(
                a.name.padding(toLength: 34, withPad: " ", startingAt: 0)
                    + String(
                        format: "%8.2f %8.2f      %8.2f %8.2f        %5.1f / %5.1f", a.p50, a.p99, b.p50, b.p99,
                        a.meanMatches, b.meanMatches))
        }
        if folder == nil { try? FileManager.default.removeItem(atPath: dir) }
    }
}
