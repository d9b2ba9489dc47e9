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
        let rows =
            try RelationEvaluation.trainingRows(own, source: "comparable", lexicon: lexicon)
            + RelationEvaluation.trainingRows(
                Self.wmtTasks(split.training, seeds: Self.trainingSeeds), source: "wmt", lexicon: lexicon)
            + RelationEvaluation.trainingRows(
                ComparableSynthesis.tasks(split.training, seed: 5), source: "synthetic", lexicon: lexicon)
        return (
            rows,
            "\(rows.count) candidate links of \(own.count) comparable documents and \(split.training.count) WMT21 documents"
        )
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
        let before = (
            try RelationEvaluation.runBefore(dev, lexicon: lexicon),
            try RelationEvaluation.runBefore(wmt, lexicon: lexicon)
        )
        var tables = MarkdownTables()
        Self.comparableTable(&tables, dev, now: now.0, before: before.0, minimumConfidence: minimumConfidence)
        Self.perturbationTable(
            &tables, wmt, documents: split.evaluation.count, now: now.1, before: before.1,
            minimumConfidence: minimumConfidence)
        let pooledNow = RelationEvaluation.outcomes(dev, now.0) + RelationEvaluation.outcomes(wmt, now.1)
        let pooledBefore = RelationEvaluation.outcomes(dev, before.0) + RelationEvaluation.outcomes(wmt, before.1)
        Self.calibrationTables(&tables, now: pooledNow, before: pooledBefore)
        try fileIngestTable(&tables, split.evaluation, minimumConfidence: minimumConfidence)
        return tables.lines
    }

    static func f(_ x: Double) -> String { String(format: "%.3f", x) }

    /// The comparable dev set: translation precision and recall, over-labelling, strict links.
    static func comparableTable(
        _ tables: inout MarkdownTables, _ dev: [RelationTask], now: [[RelationEvaluation.Predicted]],
        before: [[RelationEvaluation.Predicted]],
        minimumConfidence: Double
    ) {
        let d = RelationEvaluation.score(dev, now, threshold: minimumConfidence)
        let b = RelationEvaluation.score(dev, before, threshold: 0.6)
        tables.add(
            "Comparable news, dev set (\(dev.count) documents, held out): this release (confidence ≥ \(minimumConfidence)) "
                + "| before relations (beads ≥ 0.6, all translation)", ["measure", "this release", "before", "target"],
            [
                [
                    "translation precision",
                    "\(Self.f(d.translationPrecision)) (\(d.translationCorrect)/\(d.translationPredicted))",
                    "\(Self.f(b.translationPrecision)) (\(b.translationCorrect)/\(b.translationPredicted))", "≥ 0.95",
                ],
                [
                    "translation recall", "\(Self.f(d.translationRecall)) (of \(d.goldTranslations))",
                    Self.f(b.translationRecall), "≥ 0.80",
                ],
                [
                    "gold partial/related labelled translation",
                    "\(Self.f(d.overLabelling)) (\(d.partialRelatedAsTranslation)/\(d.goldPartialRelated))",
                    "\(Self.f(b.overLabelling)) (\(b.partialRelatedAsTranslation)/\(b.goldPartialRelated))", "≤ 0.05",
                ],
                [
                    "strict link P / R / F1",
                    "\(Self.f(d.strictPrecision)) / \(Self.f(d.strictRecall)) / \(Self.f(d.strictF1))",
                    "\(Self.f(b.strictPrecision)) / \(Self.f(b.strictRecall)) / \(Self.f(b.strictF1))", "F1 ≥ 0.80",
                ],
                [
                    "crossing links' recall", "\(Self.f(d.crossingRecall)) (\(d.crossingFound)/\(d.goldCrossing))",
                    "\(Self.f(b.crossingRecall)) (\(b.crossingFound)/\(b.goldCrossing))", "",
                ],
                ["labelled link F1", Self.f(d.labelledF1), Self.f(b.labelledF1), ""],
            ])
    }

    /// The WMT21 perturbations: stored links right, gold pairs stored.
    static func perturbationTable(
        _ tables: inout MarkdownTables, _ wmt: [RelationTask], documents: Int, now: [[RelationEvaluation.Predicted]],
        before: [[RelationEvaluation.Predicted]], minimumConfidence: Double
    ) {
        let w = RelationEvaluation.score(wmt, now, threshold: minimumConfidence)
        let wb = RelationEvaluation.score(wmt, before, threshold: 0.6)
        tables.add(
            "WMT21 perturbations (\(documents) held-out documents × drop/merge 0/0, 0.10/0.10, 0.35/0.25, "
                + "seeds 7 11 23; \(wmt.count) tasks):", ["measure", "this release", "before"],
            [
                [
                    "stored links right (strict)", "\(Self.f(w.strictPrecision)) (\(w.strictCorrect)/\(w.predicted))",
                    "\(Self.f(wb.strictPrecision)) (\(wb.strictCorrect)/\(wb.predicted))",
                ],
                ["gold pairs stored", "\(Self.f(w.strictRecall)) (of \(w.gold))", Self.f(wb.strictRecall)],
                [
                    "stored labelled translation", Self.f(Double(w.translationPredicted) / Double(max(1, w.predicted))),
                    "1.000",
                ],
            ])
    }

    /// Calibration of every link's confidence, pooled, and the reliability table.
    static func calibrationTables(
        _ tables: inout MarkdownTables, now: [(confidence: Double, correct: Bool)],
        before: [(confidence: Double, correct: Bool)]
    ) {
        let c = RelationEvaluation.calibration(now)
        let cb = RelationEvaluation.calibration(before)
        tables.add(
            "Calibration, pooled over the dev set and the WMT21 perturbations (every link, whatever its confidence):",
            ["", "this release", "before"],
            [
                ["links", "\(c.count)", "\(cb.count)"],
                [
                    "expected calibration error (10 bins)", Self.f(c.expectedCalibrationError),
                    Self.f(cb.expectedCalibrationError),
                ],
                [
                    "Brier score / constant predictor at the base rate",
                    "\(Self.f(c.brier)) / \(Self.f(c.constantBrier))",
                    "\(Self.f(cb.brier)) / \(Self.f(cb.constantBrier))",
                ],
            ])
        tables.add(
            "Reliability, this release:", ["confidence", "stated", "observed", "links"],
            c.bins.enumerated().map { k, bin in
                [
                    "\(Self.f(Double(k) / 10))–\(Self.f(Double(k + 1) / 10))", bin.count > 0 ? Self.f(bin.stated) : "–",
                    bin.count > 0 ? Self.f(bin.observed) : "–", "\(bin.count)",
                ]
            })
    }

    /// The held-out WMT21 documents ingested as article files.
    func fileIngestTable(_ tables: inout MarkdownTables, _ documents: SidedDocuments, minimumConfidence: Double) throws
    {
        let files = try FileIngestEvaluation.run(
            documents, lexicon: lexicon, minimumConfidence: minimumConfidence)
        tables.add(
            "WMT21 held-out documents ingested as article files (each side its own file; plain and perturbed as above):",
            ["measure", "this release", "before"],
            [
                [
                    "stored units right", "\(Self.f(files.now.precision)) (\(files.now.right)/\(files.now.stored))",
                    "\(Self.f(files.before.precision)) (\(files.before.right)/\(files.before.stored))",
                ],
                [
                    "gold pairs stored", "\(Self.f(files.now.recall)) (of \(files.now.gold))",
                    Self.f(files.before.recall),
                ],
                [
                    "stored labelled translation", Self.f(files.now.translationShare),
                    Self.f(files.before.translationShare),
                ],
            ])
    }
}

/// Markdown tables, one after the other with a blank line between.
struct MarkdownTables {
    private(set) var lines: [String] = []

    mutating func add(_ title: String, _ columns: [String], _ rows: [[String]]) {
        func row(_ cells: [String]) -> String {
            "|" + cells.map { $0.isEmpty ? " " : " \($0) " }.joined(separator: "|") + "|"
        }
        if !lines.isEmpty { lines.append("") }
        lines += [title, row(columns), "|" + String(repeating: "---|", count: columns.count)] + rows.map(row)
    }
}
