import ArgumentParser
import Foundation
import KakehashiBench
import KakehashiPipeline

/// `kakehashi bench serve`: the server under load from wrk on loopback.
struct BenchServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Requests/s and p50/p99 latency of `kakehashi serve` under wrk, during an import too, and its peak RSS.",
        discussion: """
            Serves the synthetic memory of `bench memory` (built in --folder, or reused from an earlier run there) \
            and loads it from --clients connections on loopback with Debian's wrk (`bash .ci/setup --bench`), each \
            run --seconds long: exact lookups, fuzzy lookups, fuzzy lookups while a 100k-unit TMX import runs \
            through the API. With --peer, Translate Toolkit's tmserver and Kakehashi answer the same amaGama URLs on \
            a 10k-unit memory, one after the other.
            """)

    @Option(help: "Units in the served memory.")
    var units = 1_000_000

    @Option(help: "Concurrent connections.")
    var clients = 16

    @Option(help: "Seconds of each load run.")
    var seconds = 10

    @Option(help: "Working folder (memories, TMX files and wrk scripts are left there).")
    var folder: String?

    @Flag(help: "Also load Translate Toolkit's tmserver next to Kakehashi on 10k units.")
    var peer = false

    func validate() throws {
        if units < 1 || clients < 1 || !(1...120).contains(seconds) {
            throw ValidationError("--units and --clients at least 1, --seconds 1–120")
        }
    }

    func run() async throws {
        let dir =
            folder ?? NSTemporaryDirectory() + "kakehashi-bench-serve-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let interactive = isatty(2) != 0
        let binary =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let r = try await pipeline {
            do {
                return try await ServeBenchmark.run(
                    units: units, clients: clients, seconds: seconds, folder: dir, tools: .init(kakehashi: binary),
                    peer: peer
                ) {
                    if interactive { printError($0) }
                }
            } catch let error as BenchError { throw PipelineError(.usage, error.description) }
        }
        print(
            "units: \(r.units)   clients: \(r.clients)   server peak RSS: \(String(format: "%.0f", r.serverPeakRSSMegabytes)) MB"
                + (r.importSeconds.map { String(format: "   100k-unit import under load: %.1f s", $0) } ?? ""))
        print("load                                           requests     req/s    p50 ms    p99 ms  failed")
        for l in r.loads + r.peerLoads {
            print(
                l.name.padding(toLength: 44, withPad: " ", startingAt: 0)
                    + String(
                        format: "%11d %9.0f %9.2f %9.2f %7d", l.requests, l.requestsPerSecond, l.p50Milliseconds,
                        l.p99Milliseconds, l.failures))
        }
        if r.peerLoads.count == 2 {
            let (ours, theirs) = (r.peerLoads[0], r.peerLoads[1])
            if theirs.requests > 0 {
                print(
                    String(
                        format: "peer ratio (kakehashi / tmserver, same run): requests/s %.0f×, p99 %.4f×",
                        ours.requestsPerSecond / theirs.requestsPerSecond, ours.p99Milliseconds / theirs.p99Milliseconds
                    ))
            } else {
                print("peer ratio: tmserver completed no request in its run")
            }
        }
        if folder == nil { try? FileManager.default.removeItem(atPath: dir) }
    }
}
