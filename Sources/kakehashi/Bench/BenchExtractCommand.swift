import ArgumentParser
import Foundation
import KakehashiBench

/// `kakehashi bench extract`: HTML reading speed against trafilatura and readability, and memory by page size.
struct BenchExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract:
            "Pages per second of HTML reading + extraction vs trafilatura and readability (same pages, same run), and peak memory by page size.",
        discussion: """
            The peers run through Evaluation/peers/extraction_peers.py with --python (the venv that \
            `bash Evaluation/extraction/compare` installs); --no-peers skips them. Memory: `kakehashi extract` on \
            synthetic pages of 1, 5, 10 and 20 MB, one process each, its peak resident memory.
            """)

    @Option(help: "Folder of pages (ID.html.gz).")
    var pages = "Evaluation/extraction/html"

    @Option(help: "Passes over the pages (the median is reported).")
    var repetitions = 3

    @Option(help: "Python with trafilatura and readability-lxml.")
    var python = ".build/extraction-venv/bin/python"

    @Flag(help: "Measure Kakehashi alone.")
    var noPeers = false

    @Flag(help: "Skip the memory measurement.")
    var noMemory = false

    func run() throws {
        let ours = try pipeline { try ExtractionBenchmark.kakehashi(folder: pages, repetitions: repetitions) }
        let peers =
            noPeers
            ? []
            : try pipeline {
                try ExtractionBenchmark.peers(
                    python: python, script: "Evaluation/peers/extraction_peers.py", folder: pages,
                    repetitions: repetitions)
            }
        func f(_ x: Double) -> String { String(format: "%.2f", x) }
        print("pages: \(pages)")
        print(
            "kakehashi      \(f(ours.millisecondsPerPage)) ms/page  \(String(format: "%.0f", ours.pagesPerSecond)) pages/s"
        )
        for peer in peers {
            print(
                "\(peer.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(f(peer.millisecondsPerPage)) ms/page  "
                    + "\(String(format: "%.0f", peer.pagesPerSecond)) pages/s   kakehashi is \(String(format: "%.1f", peer.millisecondsPerPage / ours.millisecondsPerPage))× faster"
            )
        }
        guard !noMemory else { return }
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).path
        for point in try pipeline({ try ExtractionBenchmark.memory(binary: binary, sizesInMegabytes: [1, 5, 10, 20]) })
        {
            print(
                "extract on a \(String(format: "%.1f", point.megabytes)) MB page: peak RSS \(String(format: "%.0f", point.peakResidentMegabytes)) MB, "
                    + "\(String(format: "%.2f", point.seconds)) s")
        }
    }
}
