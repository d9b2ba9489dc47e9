import Foundation
public import KakehashiLexicon

/// What `kakehashi eval relation` measures and prints: the data it reads, how WMT21 is split, the
/// training rows it writes, and the report of this release beside the release before relations.
public struct RelationReport {
    /// The comparable dev set (held out) and the comparable documents written for training.
    public var devSet: String
    public var trainingSet: String
    /// The WMT21 files: en-ja (Japanese side shortened) and ja-en (English side shortened).
    public var wmt21: [String]
    public var lexicon: Lexicon

    public init(devSet: String, trainingSet: String, wmt21: [String], lexicon: Lexicon) {
        self.devSet = devSet
        self.trainingSet = trainingSet
        self.wmt21 = wmt21
        self.lexicon = lexicon
    }

    /// The perturbations of `eval align`: (drop, merge).
    static let perturbations: [(Double, Double)] = [(0, 0), (0.10, 0.10), (0.35, 0.25)]
    static let evaluationSeeds: [UInt64] = [7, 11, 23]
    static let trainingSeeds: [UInt64] = [101, 211]

    typealias SidedDocuments = [(ParallelDocument, AlignmentEvaluation.Side)]

    /// WMT21 documents split by document: every second one trains, the others evaluate; the
    /// sources of the comparable dev set never train.
    func wmtSplit() throws -> (training: SidedDocuments, evaluation: SidedDocuments) {
        let devSources = Set(try RelationTask.comparable(devSet).compactMap(\.source))
        var training: SidedDocuments = [], evaluation: SidedDocuments = []
        for (path, side) in zip(wmt21, [AlignmentEvaluation.Side.ja, .en]) {
            for (k, document) in try ParallelDocument.read(path).enumerated() {
                if k % 2 == 1 {
                    evaluation.append((document, side))
                } else if !devSources.contains(document.id) {
                    training.append((document, side))
                }
            }
        }
        return (training, evaluation)
    }

    /// Relation tasks of perturbed WMT21 documents, for every perturbation and seed (the
    /// unperturbed documents once).
    static func wmtTasks(_ documents: SidedDocuments, seeds: [UInt64]) -> [RelationTask] {
        var tasks: [RelationTask] = []
        for side in AlignmentEvaluation.Side.allCases {
            let chosen = documents.filter { $0.1 == side }.map(\.0)
            for (drop, merge) in perturbations {
                for seed in (drop == 0 && merge == 0 ? [seeds[0]] : seeds) {
                    let perturbed = AlignmentEvaluation.tasks(chosen, side: side, drop: drop, merge: merge, seed: seed)
                    tasks += RelationTask.translated(perturbed, written: side.rawValue)
                }
            }
        }
        return tasks
    }

    /// The training rows for `Evaluation/relation/fit_relation_model.py` and a line saying what
    /// they hold: the comparable training documents, the training WMT21 documents under the
    /// training seeds, and comparable documents made from those.
    public func trainingRows() throws -> (rows: [String], summary: String) {
        let own = try RelationTask.comparable(trainingSet)
        let split = try wmtSplit()
        let rows = try RelationEvaluation.trainingRows(own, source: "comparable", lexicon: lexicon)
            + RelationEvaluation.trainingRows(Self.wmtTasks(split.training, seeds: Self.trainingSeeds), source: "wmt", lexicon: lexicon)
            + RelationEvaluation.trainingRows(ComparableSynthesis.tasks(split.training, seed: 5), source: "synthetic", lexicon: lexicon)
        return (rows, "\(rows.count) candidate links of \(own.count) comparable documents and \(split.training.count) WMT21 documents")
    }

    /// The candidate links of the dev set with their features and gold labels, to study the
    /// model's errors.
    public func devRows() throws -> [String] {
        try RelationEvaluation.trainingRows(try RelationTask.comparable(devSet), source: "dev", lexicon: lexicon)
    }

    /// The report's lines (Markdown tables): this release with links of at least
    /// `minimumConfidence` stored, beside the release before relations (in-order beads of 0.6,
    /// all translations), measured in this run.
    public func lines(minimumConfidence: Double) throws -> [String] {
        let dev = try RelationTask.comparable(devSet)
        let split = try wmtSplit()
        let wmt = Self.wmtTasks(split.evaluation, seeds: Self.evaluationSeeds)
        let now = (try RelationEvaluation.run(dev, lexicon: lexicon), try RelationEvaluation.run(wmt, lexicon: lexicon))
        let before = (try RelationEvaluation.runBefore(dev, lexicon: lexicon), try RelationEvaluation.runBefore(wmt, lexicon: lexicon))
        var out: [String] = []
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        func row(_ cells: [String]) -> String { "|" + cells.map { $0.isEmpty ? " " : " \($0) " }.joined(separator: "|") + "|" }
        func table(_ title: String, _ columns: [String], _ rows: [[String]]) {
            if !out.isEmpty { out.append("") }
            out += [title, row(columns), "|" + String(repeating: "---|", count: columns.count)] + rows.map(row)
        }
        let d = RelationEvaluation.score(dev, now.0, threshold: minimumConfidence)
        let b = RelationEvaluation.score(dev, before.0, threshold: 0.6)
        table("Comparable news, dev set (\(dev.count) documents, held out): this release (confidence ≥ \(minimumConfidence)) "
              + "| before relations (beads ≥ 0.6, all translation)", ["measure", "this release", "before", "target"], [
            ["translation precision", "\(f(d.translationPrecision)) (\(d.translationCorrect)/\(d.translationPredicted))",
             "\(f(b.translationPrecision)) (\(b.translationCorrect)/\(b.translationPredicted))", "≥ 0.95"],
            ["translation recall", "\(f(d.translationRecall)) (of \(d.goldTranslations))", f(b.translationRecall), "≥ 0.80"],
            ["gold partial/related labelled translation", "\(f(d.overLabelling)) (\(d.partialRelatedAsTranslation)/\(d.goldPartialRelated))",
             "\(f(b.overLabelling)) (\(b.partialRelatedAsTranslation)/\(b.goldPartialRelated))", "≤ 0.05"],
            ["strict link P / R / F1", "\(f(d.strictPrecision)) / \(f(d.strictRecall)) / \(f(d.strictF1))",
             "\(f(b.strictPrecision)) / \(f(b.strictRecall)) / \(f(b.strictF1))", "F1 ≥ 0.80"],
            ["crossing links' recall", "\(f(d.crossingRecall)) (\(d.crossingFound)/\(d.goldCrossing))",
             "\(f(b.crossingRecall)) (\(b.crossingFound)/\(b.goldCrossing))", ""],
            ["labelled link F1", f(d.labelledF1), f(b.labelledF1), ""],
        ])
        let w = RelationEvaluation.score(wmt, now.1, threshold: minimumConfidence)
        let wb = RelationEvaluation.score(wmt, before.1, threshold: 0.6)
        table("WMT21 perturbations (\(split.evaluation.count) held-out documents × drop/merge 0/0, 0.10/0.10, 0.35/0.25, "
              + "seeds 7 11 23; \(wmt.count) tasks):", ["measure", "this release", "before"], [
            ["stored links right (strict)", "\(f(w.strictPrecision)) (\(w.strictCorrect)/\(w.predicted))",
             "\(f(wb.strictPrecision)) (\(wb.strictCorrect)/\(wb.predicted))"],
            ["gold pairs stored", "\(f(w.strictRecall)) (of \(w.gold))", f(wb.strictRecall)],
            ["stored labelled translation", f(Double(w.translationPredicted) / Double(max(1, w.predicted))), "1.000"],
        ])
        let c = RelationEvaluation.calibration(RelationEvaluation.outcomes(dev, now.0) + RelationEvaluation.outcomes(wmt, now.1))
        let cb = RelationEvaluation.calibration(RelationEvaluation.outcomes(dev, before.0) + RelationEvaluation.outcomes(wmt, before.1))
        table("Calibration, pooled over the dev set and the WMT21 perturbations (every link, whatever its confidence):",
              ["", "this release", "before"], [
            ["links", "\(c.count)", "\(cb.count)"],
            ["expected calibration error (10 bins)", f(c.expectedCalibrationError), f(cb.expectedCalibrationError)],
            ["Brier score / constant predictor at the base rate", "\(f(c.brier)) / \(f(c.constantBrier))", "\(f(cb.brier)) / \(f(cb.constantBrier))"],
        ])
        table("Reliability, this release:", ["confidence", "stated", "observed", "links"], c.bins.enumerated().map { k, bin in
            ["\(f(Double(k) / 10))–\(f(Double(k + 1) / 10))", bin.count > 0 ? f(bin.stated) : "–", bin.count > 0 ? f(bin.observed) : "–", "\(bin.count)"]
        })
        let files = try FileIngestEvaluation.run(split.evaluation, lexicon: lexicon, minimumConfidence: minimumConfidence)
        table("WMT21 held-out documents ingested as article files (each side its own file; plain and perturbed as above):",
              ["measure", "this release", "before"], [
            ["stored units right", "\(f(files.now.precision)) (\(files.now.right)/\(files.now.stored))",
             "\(f(files.before.precision)) (\(files.before.right)/\(files.before.stored))"],
            ["gold pairs stored", "\(f(files.now.recall)) (of \(files.now.gold))", f(files.before.recall)],
            ["stored labelled translation", f(files.now.translationShare), f(files.before.translationShare)],
        ])
        return out
    }
}
