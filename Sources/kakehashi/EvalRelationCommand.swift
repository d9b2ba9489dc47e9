import ArgumentParser
import Foundation
import KakehashiAlign
import KakehashiBench
import KakehashiLexicon
import KakehashiPipeline

/// `kakehashi eval relation`: what each stored pair is, on comparable and translated news.
struct EvalRelationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relation",
        abstract: "Relations and calibrated confidences on the comparable dev set and on WMT21, beside the release before relations.",
        discussion: """
            Prints, for this release and for the behaviour before relations (the in-order beads of confidence 0.6, \
            every one a translation) measured in the same run: translation precision and recall, the share of gold \
            partial and related links labelled translation, strict link F1 with the crossing links' recall, \
            the calibration pooled over the comparable dev set and the WMT21 perturbations (held-out documents), \
            and WMT21 documents ingested as article files. With --training FILE, writes instead the candidate \
            links of the training data (the other WMT21 documents with other seeds, and \
            Evaluation/relation/comparable-news.train.jsonl, and comparable documents made from those WMT21 documents \
            by ComparableSynthesis) with their features, for \
            Evaluation/relation/fit_relation_model.py.
            """)

    @Option(help: "Write the training rows (JSON lines) to this file instead of evaluating.")
    var training: String?

    @Option(help: "Write the candidate links of the dev set with their features and gold labels (JSON lines) to this file, to study the model's errors.")
    var devRows: String?

    @Option(help: "Least confidence of a stored link (this release).")
    var minConfidence = IngestOptions.defaultMinimumConfidence

    @OptionGroup var lexicon: LexiconOptions

    static let devSet = "Evaluation/relation/comparable-news.dev.jsonl"
    static let trainingSet = "Evaluation/relation/comparable-news.train.jsonl"
    /// The perturbations of `eval align`: (drop, merge).
    static let perturbations: [(Double, Double)] = [(0, 0), (0.10, 0.10), (0.35, 0.25)]
    static let evaluationSeeds: [UInt64] = [7, 11, 23]
    static let trainingSeeds: [UInt64] = [101, 211]

    /// WMT21 documents split by document: every second one trains, the others evaluate; the
    /// sources of the comparable dev set never train.
    static func wmtSplit(devSources: Set<String>) throws -> (training: [(ParallelDocument, AlignmentEvaluation.Side)], evaluation: [(ParallelDocument, AlignmentEvaluation.Side)]) {
        var training: [(ParallelDocument, AlignmentEvaluation.Side)] = [], evaluation: [(ParallelDocument, AlignmentEvaluation.Side)] = []
        for (path, side) in zip(EvaluationData.wmt21, [AlignmentEvaluation.Side.ja, .en]) {
            for (k, document) in try EvaluationData.documents([path]).enumerated() {
                if k % 2 == 0 && !devSources.contains(document.id) { training.append((document, side)) } else if k % 2 == 1 { evaluation.append((document, side)) }
            }
        }
        return (training, evaluation)
    }

    /// Relation tasks of perturbed WMT21 documents, for every perturbation and seed.
    static func wmtTasks(_ documents: [(ParallelDocument, AlignmentEvaluation.Side)], seeds: [UInt64]) -> [RelationTask] {
        var tasks: [RelationTask] = []
        for side in AlignmentEvaluation.Side.allCases {
            let chosen = documents.filter { $0.1 == side }.map(\.0)
            for (drop, merge) in perturbations {
                for seed in (drop == 0 && merge == 0 ? [seeds[0]] : seeds) {
                    tasks += RelationTask.translated(AlignmentEvaluation.tasks(chosen, side: side, drop: drop, merge: merge, seed: seed),
                                                     written: side.rawValue)
                }
            }
        }
        return tasks
    }

    func run() throws {
        let lexicon = try self.lexicon.load()
        let dev = try pipeline { try RelationTask.comparable(Self.devSet) }
        let devSources = Set(try Self.sourceIDs(Self.devSet))
        let split = try Self.wmtSplit(devSources: devSources)
        if let training {
            let own = try pipeline { try RelationTask.comparable(Self.trainingSet) }
            let rows = try pipeline {
                try RelationEvaluation.trainingRows(own, source: "comparable", lexicon: lexicon)
                    + RelationEvaluation.trainingRows(Self.wmtTasks(split.training, seeds: Self.trainingSeeds), source: "wmt", lexicon: lexicon)
                    + RelationEvaluation.trainingRows(ComparableSynthesis.tasks(split.training, seed: 5), source: "synthetic", lexicon: lexicon)
            }
            try (rows.joined(separator: "\n") + "\n").write(toFile: training, atomically: true, encoding: .utf8)
            print("\(rows.count) candidate links of \(own.count) comparable documents and \(split.training.count) WMT21 documents written to \(training)")
            return
        }
        if let devRows {
            let rows = try pipeline { try RelationEvaluation.trainingRows(dev, source: "dev", lexicon: lexicon) }
            try (rows.joined(separator: "\n") + "\n").write(toFile: devRows, atomically: true, encoding: .utf8)
        }
        let wmt = Self.wmtTasks(split.evaluation, seeds: Self.evaluationSeeds)
        let now = try pipeline { (try RelationEvaluation.run(dev, lexicon: lexicon), try RelationEvaluation.run(wmt, lexicon: lexicon)) }
        let before = try pipeline { (try RelationEvaluation.runBefore(dev, lexicon: lexicon), try RelationEvaluation.runBefore(wmt, lexicon: lexicon)) }
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        let devNow = RelationEvaluation.score(dev, now.0, threshold: minConfidence)
        let devBefore = RelationEvaluation.score(dev, before.0, threshold: 0.6)
        print("Comparable news, dev set (\(dev.count) documents, held out): this release (confidence ≥ \(minConfidence)) | before relations (beads ≥ 0.6, all translation)")
        print("| measure | this release | before | target |")
        print("|---|---|---|---|")
        print("| translation precision | \(f(devNow.translationPrecision)) (\(devNow.translationCorrect)/\(devNow.translationPredicted)) | \(f(devBefore.translationPrecision)) (\(devBefore.translationCorrect)/\(devBefore.translationPredicted)) | ≥ 0.95 |")
        print("| translation recall | \(f(devNow.translationRecall)) (of \(devNow.goldTranslations)) | \(f(devBefore.translationRecall)) | ≥ 0.80 |")
        print("| gold partial/related labelled translation | \(f(devNow.overLabelling)) (\(devNow.partialRelatedAsTranslation)/\(devNow.goldPartialRelated)) | \(f(devBefore.overLabelling)) (\(devBefore.partialRelatedAsTranslation)/\(devBefore.goldPartialRelated)) | ≤ 0.05 |")
        print("| strict link P / R / F1 | \(f(devNow.strictPrecision)) / \(f(devNow.strictRecall)) / \(f(devNow.strictF1)) | \(f(devBefore.strictPrecision)) / \(f(devBefore.strictRecall)) / \(f(devBefore.strictF1)) | F1 ≥ 0.80 |")
        print("| crossing links' recall | \(f(devNow.crossingRecall)) (\(devNow.crossingFound)/\(devNow.goldCrossing)) | \(f(devBefore.crossingRecall)) (\(devBefore.crossingFound)/\(devBefore.goldCrossing)) | |")
        print("| labelled link F1 | \(f(devNow.labelledF1)) | \(f(devBefore.labelledF1)) | |")
        let wmtNow = RelationEvaluation.score(wmt, now.1, threshold: minConfidence)
        let wmtBefore = RelationEvaluation.score(wmt, before.1, threshold: 0.6)
        print("")
        print("WMT21 perturbations (\(split.evaluation.count) held-out documents × drop/merge 0/0, 0.10/0.10, 0.35/0.25, seeds 7 11 23; \(wmt.count) tasks):")
        print("| measure | this release | before |")
        print("|---|---|---|")
        print("| stored links right (strict) | \(f(wmtNow.strictPrecision)) (\(wmtNow.strictCorrect)/\(wmtNow.predicted)) | \(f(wmtBefore.strictPrecision)) (\(wmtBefore.strictCorrect)/\(wmtBefore.predicted)) |")
        print("| gold pairs stored | \(f(wmtNow.strictRecall)) (of \(wmtNow.gold)) | \(f(wmtBefore.strictRecall)) |")
        print("| stored labelled translation | \(f(Double(wmtNow.translationPredicted) / Double(max(1, wmtNow.predicted)))) | 1.000 |")
        let calibrationNow = RelationEvaluation.calibration(RelationEvaluation.outcomes(dev, now.0) + RelationEvaluation.outcomes(wmt, now.1))
        let calibrationBefore = RelationEvaluation.calibration(RelationEvaluation.outcomes(dev, before.0) + RelationEvaluation.outcomes(wmt, before.1))
        print("")
        print("Calibration, pooled over the dev set and the WMT21 perturbations (every link, whatever its confidence):")
        print("| | this release | before |")
        print("|---|---|---|")
        print("| links | \(calibrationNow.count) | \(calibrationBefore.count) |")
        print("| expected calibration error (10 bins) | \(f(calibrationNow.expectedCalibrationError)) | \(f(calibrationBefore.expectedCalibrationError)) |")
        print("| Brier score / constant predictor at the base rate | \(f(calibrationNow.brier)) / \(f(calibrationNow.constantBrier)) | \(f(calibrationBefore.brier)) / \(f(calibrationBefore.constantBrier)) |")
        print("")
        print("Reliability, this release:")
        print("| confidence | stated | observed | links |")
        print("|---|---|---|---|")
        for (k, bin) in calibrationNow.bins.enumerated() {
            print("| \(f(Double(k) / 10))–\(f(Double(k + 1) / 10)) | \(bin.count > 0 ? f(bin.stated) : "–") | \(bin.count > 0 ? f(bin.observed) : "–") | \(bin.count) |")
        }
        let files = try pipeline { try FileIngestEvaluation.run(split.evaluation, lexicon: lexicon, minimumConfidence: minConfidence) }
        print("")
        print("WMT21 held-out documents ingested as article files (each side its own file; plain and perturbed as above):")
        print("| measure | this release | before |")
        print("|---|---|---|")
        print("| stored units right | \(f(files.now.precision)) (\(files.now.right)/\(files.now.stored)) | \(f(files.before.precision)) (\(files.before.right)/\(files.before.stored)) |")
        print("| gold pairs stored | \(f(files.now.recall)) (of \(files.now.gold)) | \(f(files.before.recall)) |")
        print("| stored labelled translation | \(f(files.now.translationShare)) | \(f(files.before.translationShare)) |")
    }

    static func sourceIDs(_ path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("\(path): no such file") }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            ((try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any])?["doc"] as? String
        }
    }
}
