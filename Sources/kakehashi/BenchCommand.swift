import ArgumentParser
import KakehashiText

/// `kakehashi bench`: benchmarks, each against a named peer measured in the same run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed against a peer in the same run.",
        subcommands: [BenchTextCommand.self]
    )
}

/// `kakehashi bench text`: segmentation and normalization throughput against bare ICU.
struct BenchTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Characters/s of the full sentence segmenter vs bare ICU iteration, MB/s of key and NFKC normalization.",
        discussion: """
            Make a corpus with ../shared/eval/golden_peers.py gen --lang en --mb 5 --out en5.txt. Figures are the \
            best of --repeats runs in thread CPU time; compare the ratios, not the absolute numbers, across machines.
            """
    )

    enum BenchLanguage: String, ExpressibleByArgument, CaseIterable { case en, ja }

    @Option(help: "Language of the corpus (for the report).")
    var lang: BenchLanguage = .en

    @Option(help: "Runs per measurement (best is kept).")
    var repeats: Int = 5

    @Argument(help: "Corpus file (UTF-8).")
    var file: String

    func run() throws {
        let (decoded, name) = try InputReader(forcedEncoding: nil).read(file)
        let r = try TextBenchmark.run(text: decoded.text, repeats: repeats)
        func m(_ x: Double) -> String { String(format: "%.1f", x / 1e6) }
        func f(_ x: Double) -> String { String(format: "%.1f", x) }
        print("corpus: \(name) [\(lang.rawValue)], \(r.characters) characters, \(r.utf8Bytes) bytes, \(r.sentences) sentences (ICU raw boundaries: \(r.icuBoundaries))")
        print("sentence segmentation (full)   \(m(r.segmenterCharsPerSecond)) M chars/s")
        print("bare ICU sentence iteration    \(m(r.icuCharsPerSecond)) M chars/s   (full/ICU = \(String(format: "%.2f", r.segmenterCharsPerSecond / r.icuCharsPerSecond)))")
        print("key normalization              \(f(r.keyMBPerSecond)) MB/s")
        print("display normalization          \(f(r.displayMBPerSecond)) MB/s")
        print("NFKC (ours, quick check first) \(f(r.nfkcMBPerSecond)) MB/s")
        print("NFKC (ICU normalizeUTF8 alone) \(f(r.icuNFKCMBPerSecond)) MB/s   (ICU/ours = \(String(format: "%.2f", r.icuNFKCMBPerSecond / r.nfkcMBPerSecond)))")
    }
}
