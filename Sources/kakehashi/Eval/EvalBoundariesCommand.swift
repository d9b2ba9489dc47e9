import ArgumentParser
import Foundation
import KakehashiBench
import KakehashiText

/// `kakehashi eval boundaries`: sentence-boundary recall on running news text.
struct EvalBoundariesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boundaries",
        abstract: "Sentence-boundary recall and precision on WMT21 news, its sentences joined into running text.",
        discussion: """
            Each document's reference sentences are joined (a space between English ones, nothing between Japanese \
            ones) and segmented again; a boundary is found when a sentence starts exactly there. The peer pySBD is \
            measured the same way by Evaluation/peers/pysbd_boundaries.py.
            """)

    @Option(help: "WMT21 documents (JSON lines); both sets by default.")
    var documents: [String] = [
        "Evaluation/wmt21/newstest2021.en-ja.docs.jsonl", "Evaluation/wmt21/newstest2021.ja-en.docs.jsonl",
    ]

    @Option(help: "kakehashi, or the peer icu (ICU 72's sentence iterator alone).")
    var segmenter: SegmentationEvaluation.Segmenter = .kakehashi

    @Flag(help: "Print the missed boundaries (up to 20 per language) and the extra ones (up to 40).")
    var misses = false

    func run() throws {
        for result in try pipeline({ try BoundaryEvaluation.run(files: documents, segmenter: segmenter) }) {
            print(
                "\(result.language.rawValue): recall \(String(format: "%.3f", result.recall)) (\(result.found) of \(result.reference)), "
                    + "precision \(String(format: "%.3f", result.precision)) (\(result.proposed) proposed), \(result.documents) documents"
            )
            if misses { for miss in result.misses { print("  missed: \(miss)") } }
            if misses { for extra in result.extras { print("  extra: \(extra)") } }
        }
    }
}
