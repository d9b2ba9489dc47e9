import ArgumentParser
import Foundation
import KakehashiAlign
import KakehashiLexicon
import KakehashiMemory
import KakehashiText

/// `kakehashi bench`: benchmarks, each against a named peer measured in the same run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed against a peer in the same run.",
        subcommands: [BenchTextCommand.self, BenchMemoryCommand.self, BenchLexiconCommand.self, BenchAlignCommand.self]
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
        let (decoded, name) = try readInput(file, encoding: nil)
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

/// `kakehashi bench memory`: import speed, peak memory and lookup latency on a synthetic memory.
struct BenchMemoryCommand: ParsableCommand {
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

    func run() throws {
        let dir = folder ?? NSTemporaryDirectory() + "kakehashi-bench-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let interactive = isatty(2) != 0
        let r = try MemoryBenchmark.run(units: units, folder: dir, reuse: reuse && folder != nil) { message in
            if interactive { printError(message) }
        }
        print("units: \(r.units)   TMX: \(r.tmxBytes / 1_000_000) MB (generated in \(String(format: "%.1f", r.generateSeconds)) s)")
        print(String(format: "import: %.1f s = %.0f units/s   peak RSS: %.0f MB   memory file: %.0f MB",
                     r.importSeconds, r.unitsPerSecond, r.peakRSSMegabytes, Double(r.memoryBytes) / 1e6))
        print("lookup                              p50 ms    p99 ms   matches/query")
        for t in r.timings {
            print(t.name.padding(toLength: 34, withPad: " ", startingAt: 0)
                  + String(format: "%8.2f  %8.2f  %8.1f", t.p50, t.p99, t.meanMatches))
        }
        if folder == nil { try? FileManager.default.removeItem(atPath: dir) }
    }
}

/// Reads a WMT21 documents file: one JSON object per line with "en" and "ja" lists of equal
/// length, sentence k of one translating sentence k of the other.
func readParallelDocuments(_ path: String) throws -> [[(en: String, ja: String)]] {
    guard let data = FileManager.default.contents(atPath: path) else { throw fail("\(path): no such file", code: ExitStatus.noInput) }
    var documents: [[(en: String, ja: String)]] = []
    for (n, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any],
              let en = object["en"] as? [String], let ja = object["ja"] as? [String], en.count == ja.count else {
            throw fail("\(path):\(n + 1): expected {\"en\": [...], \"ja\": [...]} of equal lengths", code: ExitStatus.dataError)
        }
        documents.append(Array(zip(en, ja)).map { (en: $0.0, ja: $0.1) })
    }
    return documents
}

/// `kakehashi bench align`: aligning two long documents, against ICU word segmentation.
struct BenchAlignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "align",
        abstract: "Seconds and peak memory to align N × N sentences (anchors, then the banded programme) vs ICU word segmentation.",
        discussion: """
            The two documents repeat the WMT21 news documents (both directions) in order until N sentences: sentence k \
            of one translates sentence k of the other, so the report also counts the true pairs found. Peak memory is \
            the process's, lexicon pages included: run one size per process.
            """)

    @Option(help: "Sentences per side.")
    var sentences: Int = 10_000

    @Option(help: "WMT21 documents files (JSON lines), used in turn.")
    var wmt: [String] = ["../shared/eval/wmt21/newstest2021.en-ja.docs.jsonl", "../shared/eval/wmt21/newstest2021.ja-en.docs.jsonl"]

    @OptionGroup var lexicon: LexiconOptions

    func run() throws {
        guard sentences > 0 else { throw ValidationError("--sentences must be positive") }
        let documents = try wmt.flatMap { try readParallelDocuments($0) }
        let (en, ja) = AlignBenchmark.corpus(documents, count: sentences)
        let lexicon = try self.lexicon.load()
        let status = StatusLine()
        let r = try AlignBenchmark.run(lexicon: lexicon, english: en, japanese: ja) { status.show($0) }
        status.clear()
        func f(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }
        print("documents: \(r.englishSentences) English × \(r.japaneseSentences) Japanese sentences (WMT21 repeated), \(r.workers) anchor threads")
        print("anchors + profiles   \(f(r.profileSeconds)) s")
        print("band + programme     \(f(r.alignSeconds)) s   (\(r.bandCells) cells, \(f(Double(r.bandCells) / Double(max(1, r.englishSentences)), 1)) per English sentence)")
        print("total                \(f(r.totalSeconds)) s, peak RSS \(f(r.peakRSSMegabytes, 0)) MB")
        print("peer, ICU word segmentation of the same sentences: \(f(r.icuWordSeconds)) s (alignment costs \(f(r.totalSeconds / r.icuWordSeconds, 1))x ICU words)")
        print("true 1-1 pairs found: \(r.truePairsFound) of \(r.englishSentences) (\(f(100 * Double(r.truePairsFound) / Double(max(1, r.englishSentences)), 1))%)")
    }
}

/// `kakehashi bench lexicon`: build time and size, load time, anchors per second on the WMT21
/// sentences against ICU word segmentation, and anchor precision (true against shuffled pairs).
struct BenchLexiconCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lexicon",
        abstract: "Lexicon build time and size, load time, anchors/s vs ICU word segmentation, anchor precision on WMT21.",
        discussion: """
            Sentence pairs come from a WMT21 documents file (one JSON object per line with "en" and "ja" lists). \
            Precision: of the anchor pairs matched on true translation pairs, the share that shuffled pairs (each \
            English sentence with a Japanese sentence of the same document) do not also produce.
            """)

    @Option(help: "WMT21 documents (JSON lines).")
    var wmt: String = "../shared/eval/wmt21/newstest2021.en-ja.docs.jsonl"

    @Option(help: "Lexicon file to build (a temporary one by default, so that the build is timed).")
    var lexicon: String?

    func run() throws {
        let documents = try readParallelDocuments(wmt)
        let path = lexicon ?? NSTemporaryDirectory() + "kakehashi-bench-lexicon-\(getpid()).kklex"
        defer { if lexicon == nil { try? FileManager.default.removeItem(atPath: path) } }
        let interactive = isatty(2) != 0
        let r = try LexiconBenchmark.run(lexiconPath: path, rebuild: lexicon == nil, documents: documents) { step in
            if interactive { printError(step) }
        }
        func f(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }
        if let b = r.buildSeconds { print("build: \(f(b, 1)) s, \(f(Double(r.bytes) / 1e6, 1)) MB") } else { print("file: \(f(Double(r.bytes) / 1e6, 1)) MB (not rebuilt)") }
        print("load: \(f(r.loadSeconds * 1000, 1)) ms")
        let perSecond = Double(r.sentences) / r.anchorSeconds
        let icuPerSecond = Double(r.sentences) / r.icuWordSeconds
        print("anchors: \(r.anchors) in \(r.sentences) sentences, \(Int(perSecond)) sentences/s, \(Int(Double(r.anchors) / r.anchorSeconds)) anchors/s")
        print("peer, ICU word segmentation of the same sentences: \(Int(icuPerSecond)) sentences/s (anchors cost \(f(icuPerSecond / perSecond, 1))x ICU words)")
        print("precision over \(r.pairCount) true pairs vs as many shuffled pairs (same document):")
        print("  kind       true  shuffled  precision")
        for kind in AnchorKind.allCases {
            let t = r.truePairs[kind] ?? 0, s = r.shuffledPairs[kind] ?? 0
            print("  " + kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0) + String(format: "%6d  %8d  %9.3f", t, s, r.precision(kind)))
        }
        print("  " + "all".padding(toLength: 9, withPad: " ", startingAt: 0) + String(format: "%6d  %8d  %9.3f", r.truePairs.values.reduce(0, +), r.shuffledPairs.values.reduce(0, +), r.precision(nil)))
        print("true pair scores higher than its shuffled pair: \(f(100 * Double(r.trueWins) / Double(max(1, r.pairCount)), 1))% (ties \(f(100 * Double(r.ties) / Double(max(1, r.pairCount)), 1))%)")
    }
}
