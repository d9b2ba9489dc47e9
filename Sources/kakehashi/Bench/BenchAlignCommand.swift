import ArgumentParser
import Foundation
import KakehashiBench
import KakehashiPipeline

/// `kakehashi bench align`: aligning two long documents, against ICU word segmentation.
struct BenchAlignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "align",
        abstract:
            "Seconds and peak memory to align N × N sentences (anchors, then the banded programme) vs ICU word segmentation.",
        discussion: """
            The two documents repeat the WMT21 news documents (both directions) in order until N sentences: sentence k \
            of one translates sentence k of the other, so the report also counts the true pairs found. Peak memory is \
            the process's, lexicon pages included: run one size per process.
            """)

    @Option(help: "Sentences per side.")
    var sentences: Int = 10_000

    @Option(help: "WMT21 documents files (JSON lines), used in turn.")
    var wmt: [String] = EvaluationData.wmt21

    @OptionGroup var lexicon: LexiconOptions

    func run() throws {
        guard sentences > 0 else { throw ValidationError("--sentences must be positive") }
        let documents = try EvaluationData.documents(wmt).map(\.pairs)
        let (en, ja) = AlignBenchmark.corpus(documents, count: sentences)
        let lexicon = try self.lexicon.load()
        let status = StatusLine()
        let r = try AlignBenchmark.run(lexicon: lexicon, english: en, japanese: ja) { status.show($0) }
        status.clear()
        func f(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }
        print(
            "documents: \(r.englishSentences) English × \(r.japaneseSentences) Japanese sentences (WMT21 repeated), \(r.workers) anchor threads"
        )
        print("anchors + profiles   \(f(r.profileSeconds)) s")
        print(
            "band + programme     \(f(r.alignSeconds)) s   (\(r.bandCells) cells, \(f(Double(r.bandCells) / Double(max(1, r.englishSentences)), 1)) per English sentence)"
        )
        print("total                \(f(r.totalSeconds)) s, peak RSS \(f(r.peakRSSMegabytes, 0)) MB")
        print(
            "peer, ICU word segmentation of the same sentences: \(f(r.icuWordSeconds)) s (alignment costs \(f(r.totalSeconds / r.icuWordSeconds, 1))x ICU words)"
        )
        print(
            "true 1-1 pairs found: \(r.truePairsFound) of \(r.englishSentences) (\(f(100 * Double(r.truePairsFound) / Double(max(1, r.englishSentences)), 1))%)"
        )
    }
}
