import ArgumentParser
import Foundation
import KakehashiBench
import KakehashiPipeline
import KakehashiText

/// `kakehashi bench text`: segmentation and normalization throughput against bare ICU.
struct BenchTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract:
            "Characters/s of the full sentence segmenter vs bare ICU iteration, MB/s of key and NFKC normalization.",
        discussion: """
            Without a corpus file, the sentences of the WMT21 documents in Evaluation/ in the language asked for, \
            repeated up to about 5 MB. Figures are the best of --repeats runs in thread CPU time; compare the \
            ratios, not the absolute numbers, across machines.
            """
    )

    enum BenchLanguage: String, ExpressibleByArgument, CaseIterable { case en, ja }

    @Option(help: "Language of the corpus (for the report).")
    var lang: BenchLanguage = .en

    @Option(help: "Runs per measurement (best is kept).")
    var repeats: Int = 5

    @Argument(help: "Corpus file (UTF-8); the WMT21 sentences of --lang when absent.")
    var file: String?

    func run() throws {
        let text: String, name: String
        if let file {
            (text, name) = try {
                let (decoded, name) = try readInput(file, encoding: nil); return (decoded.text, name)
            }()
        } else {
            let documents = try EvaluationData.documents(EvaluationData.wmt21)
            text = TextBenchmark.corpus(
                documents.map { lang == .en ? $0.pairs.map(\.en) : $0.pairs.map(\.ja) }, bytes: 5_000_000)
            name = "WMT21 \(lang.rawValue) sentences, repeated"
        }
        let r = try TextBenchmark.run(text: text, repeats: repeats)
        func m(_ x: Double) -> String { String(format: "%.1f", x / 1e6) }
        func f(_ x: Double) -> String { String(format: "%.1f", x) }
        print(
            "corpus: \(name) [\(lang.rawValue)], \(r.characters) characters, \(r.utf8Bytes) bytes, \(r.sentences) sentences (ICU raw boundaries: \(r.icuBoundaries))"
        )
        print("sentence segmentation (full)   \(m(r.segmenterCharsPerSecond)) M chars/s")
        print(
            "bare ICU sentence iteration    \(m(r.icuCharsPerSecond)) M chars/s   (full/ICU = \(String(format: "%.2f", r.segmenterCharsPerSecond / r.icuCharsPerSecond)))"
        )
        print("key normalization              \(f(r.keyMBPerSecond)) MB/s")
        print("display normalization          \(f(r.displayMBPerSecond)) MB/s")
        print("NFKC (ours, quick check first) \(f(r.nfkcMBPerSecond)) MB/s")
        print(
            "NFKC (ICU normalizeUTF8 alone) \(f(r.icuNFKCMBPerSecond)) MB/s   (ICU/ours = \(String(format: "%.2f", r.icuNFKCMBPerSecond / r.nfkcMBPerSecond)))"
        )
    }
}
