import ArgumentParser
import Foundation
import KakehashiBench
import KakehashiPipeline

/// `kakehashi eval relation`: what each stored pair is, on comparable and translated news.
struct EvalRelationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relation",
        abstract:
            "Relations and calibrated confidences on the comparable dev set and on WMT21, beside the release before relations.",
        discussion: """
            Prints, for this release and for the behaviour before relations (the in-order beads of confidence 0.6, \
            every one a translation) measured in the same run: translation precision and recall, the share of gold \
            partial and related links labelled translation, strict link F1 with the crossing links' recall, \
            the calibration pooled over the comparable dev set and the WMT21 perturbations (held-out documents), \
            and WMT21 documents ingested as article files. With --training FILE, writes instead the candidate \
            links of the training data (the other WMT21 documents with other seeds, \
            Evaluation/relation/comparable-news.train.jsonl, and comparable documents made from those WMT21 documents \
            by ComparableSynthesis) with their features, for Evaluation/relation/fit_relation_model.py.
            """)

    @Option(help: "Write the training rows (JSON lines) to this file instead of evaluating.")
    var training: String?

    @Option(
        help:
            "Write the candidate links of the dev set with their features and gold labels (JSON lines) to this file, to study the model's errors."
    )
    var devRows: String?

    @Option(help: "Least confidence of a stored link (this release).")
    var minConfidence = IngestOptions.defaultMinimumConfidence

    @OptionGroup var lexicon: LexiconOptions

    func run() throws {
        let report = RelationReport(
            devSet: "Evaluation/relation/comparable-news.dev.jsonl",
            trainingSet: "Evaluation/relation/comparable-news.train.jsonl",
            wmt21: EvaluationData.wmt21, lexicon: try lexicon.load())
        if let training {
            let (rows, summary) = try pipeline { try report.trainingRows() }
            try (rows.joined(separator: "\n") + "\n").write(toFile: training, atomically: true, encoding: .utf8)
            print("\(summary) written to \(training)")
            return
        }
        if let devRows {
            let rows = try pipeline { try report.devRows() }
            try (rows.joined(separator: "\n") + "\n").write(toFile: devRows, atomically: true, encoding: .utf8)
        }
        for line in try pipeline({ try report.lines(minimumConfidence: minConfidence) }) { print(line) }
    }
}
