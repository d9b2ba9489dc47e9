import ArgumentParser
import Foundation
import KakehashiBench
import KakehashiLexicon
import KakehashiPipeline

/// `kakehashi bench lexicon`: build time and size, load time, anchors per second on the WMT21
/// sentences against ICU word segmentation, and anchor precision (true against shuffled pairs).
struct BenchLexiconCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lexicon",
        abstract:
            "Lexicon build time and size, load time, anchors/s vs ICU word segmentation, anchor precision on WMT21.",
        discussion: """
            Sentence pairs come from a WMT21 documents file (one JSON object per line with "en" and "ja" lists). \
            Precision: of the anchor pairs matched on true translation pairs, the share that shuffled pairs (each \
            English sentence with a Japanese sentence of the same document) do not also produce.
            """)

    @Option(help: "WMT21 documents (JSON lines).")
    var wmt: String = EvaluationData.wmt21[0]

    @Option(help: "Lexicon file to build (a temporary one by default, so that the build is timed).")
    var lexicon: String?

    func run() throws {
        let documents = try EvaluationData.documents([wmt]).map(\.pairs)
        let path = lexicon ?? NSTemporaryDirectory() + "kakehashi-bench-lexicon-\(getpid()).kklex"
        defer { if lexicon == nil { try? FileManager.default.removeItem(atPath: path) } }
        let interactive = isatty(2) != 0
        let r = try LexiconBenchmark.run(lexiconPath: path, rebuild: lexicon == nil, documents: documents) { step in
            if interactive { printError(step) }
        }
        func f(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }
        if let b = r.buildSeconds {
            print("build: \(f(b, 1)) s, \(f(Double(r.bytes) / 1e6, 1)) MB")
        } else {
            print("file: \(f(Double(r.bytes) / 1e6, 1)) MB (not rebuilt)")
        }
        print("load: \(f(r.loadSeconds * 1000, 1)) ms")
        let perSecond = Double(r.sentences) / r.anchorSeconds
        let icuPerSecond = Double(r.sentences) / r.icuWordSeconds
        print(
            "anchors: \(r.anchors) in \(r.sentences) sentences, \(Int(perSecond)) sentences/s, \(Int(Double(r.anchors) / r.anchorSeconds)) anchors/s"
        )
        print(
            "peer, ICU word segmentation of the same sentences: \(Int(icuPerSecond)) sentences/s (anchors cost \(f(icuPerSecond / perSecond, 1))x ICU words)"
        )
        print("precision over \(r.pairCount) true pairs vs as many shuffled pairs (same document):")
        print("  kind       true  shuffled  precision")
        for kind in AnchorKind.allCases {
            let t = r.truePairs[kind] ?? 0, s = r.shuffledPairs[kind] ?? 0
            print(
                "  " + kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                    + String(format: "%6d  %8d  %9.3f", t, s, r.precision(kind)))
        }
        print(
            "  " + "all".padding(toLength: 9, withPad: " ", startingAt: 0)
                + String(
                    format: "%6d  %8d  %9.3f", r.truePairs.values.reduce(0, +), r.shuffledPairs.values.reduce(0, +),
                    r.precision(nil)))
        print(
            "true pair scores higher than its shuffled pair: \(f(100 * Double(r.trueWins) / Double(max(1, r.pairCount)), 1))% (ties \(f(100 * Double(r.ties) / Double(max(1, r.pairCount)), 1))%)"
        )
    }
}
