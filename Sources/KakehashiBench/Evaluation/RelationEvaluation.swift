import Foundation
public import KakehashiAlign
public import KakehashiLexicon
import KakehashiPipeline

/// A gold link of a relation task: sentence indexes of both sides and the relation.
public struct GoldLink: Sendable, Hashable {
    public var en: [Int]
    public var ja: [Int]
    /// "translation", "partial", "related" (links with an empty side are "none").
    public var relation: String
}

/// Two documents with every link marked: a comparable document of `Evaluation/relation/`, or a
/// WMT21 document with one side perturbed (every pair a translation).
public struct RelationTask: Sendable {
    public let id: String
    /// The WMT21 document it was made from, when known.
    public var source: String? = nil
    public let english: [String]
    public let japanese: [String]
    /// The side written anew ("en" or "ja"), whose sentences are each in one link.
    public let written: String
    /// Links with sentences on both sides.
    public let gold: [GoldLink]

    /// The comparable documents of a JSON-lines file in the dev set's format; a bad line is an
    /// error naming the file and line.
    public static func comparable(_ path: String) throws -> [RelationTask] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError(.noInput, "\(path): no such file")
        }
        var tasks: [RelationTask] = []
        for (n, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any],
                let en = object["en"] as? [String], let ja = object["ja"] as? [String],
                let written = object["written"] as? String, let links = object["links"] as? [[String: Any]]
            else {
                throw PipelineError(.badData, "\(path):\(n + 1): expected {\"id\",\"written\",\"en\",\"ja\",\"links\"}")
            }
            var gold: [GoldLink] = []
            for link in links {
                guard let e = link["en"] as? [Int], let j = link["ja"] as? [Int], let r = link["relation"] as? String,
                    e.allSatisfy(en.indices.contains), j.allSatisfy(ja.indices.contains)
                else {
                    throw PipelineError(
                        .badData, "\(path):\(n + 1): a link needs \"en\" and \"ja\" sentence indexes and a \"relation\""
                    )
                }
                if !e.isEmpty && !j.isEmpty { gold.append(GoldLink(en: e.sorted(), ja: j.sorted(), relation: r)) }
            }
            tasks.append(
                RelationTask(
                    id: object["id"] as? String ?? "\(n + 1)", source: object["doc"] as? String,
                    english: en, japanese: ja, written: written, gold: gold))
        }
        return tasks
    }

    /// WMT21 alignment tasks as relation tasks: every gold bead a translation.
    public static func translated(_ tasks: [AlignmentTask], written: String) -> [RelationTask] {
        tasks.map { t in
            RelationTask(
                id: t.document, source: t.document, english: t.english, japanese: t.japanese, written: written,
                gold: t.gold.filter { !$0.en.isEmpty && !$0.ja.isEmpty }.map {
                    GoldLink(en: $0.en.sorted(), ja: $0.ja.sorted(), relation: "translation")
                })
        }
    }

    /// The gold links that cross: in the written side's order, a link whose smallest original
    /// index is below the largest original index of an earlier link.
    public var crossingLinks: Set<GoldLink> {
        let ordered = gold.sorted {
            (written == "ja" ? $0.ja : $0.en).first ?? 0 < (written == "ja" ? $1.ja : $1.en).first ?? 0
        }
        var largest = -1
        var crossing = Set<GoldLink>()
        for link in ordered {
            let original = written == "ja" ? link.en : link.ja
            if let lo = original.first, lo < largest { crossing.insert(link) }
            largest = max(largest, original.last ?? -1)
        }
        return crossing
    }
}

/// The relation evaluation: tasks linked by `RelationLinker` (or by the release before relations:
/// the in-order beads, every one a translation) and scored as `Evaluation/relation/README-dev.md`
/// says, with the calibration of the confidences.
public enum RelationEvaluation {
    /// A predicted link: sides, relation and confidence.
    public typealias Predicted = RelationLink

    /// Links of every task by the relation linker, on every core.
    public static func run(_ tasks: [RelationTask], lexicon: Lexicon) throws -> [[Predicted]] {
        try onEveryCore(tasks.count) { k in
            try RelationLinker(lexicon: lexicon).links(english: tasks[k].english, japanese: tasks[k].japanese)
        }
    }

    /// The behaviour of the release before relations: the in-order beads with sentences on both
    /// sides, each a translation with the aligner's score as its confidence.
    public static func runBefore(_ tasks: [RelationTask], lexicon: Lexicon) throws -> [[Predicted]] {
        try onEveryCore(tasks.count) { k in
            try SentenceAligner(lexicon: lexicon).align(english: tasks[k].english, japanese: tasks[k].japanese)
                .filter { !$0.en.isEmpty && !$0.ja.isEmpty }
                .map { RelationLink(en: $0.en, ja: $0.ja, relation: .translation, confidence: $0.score) }
        }
    }

    /// Scores of the links stored (confidence at least the threshold) against the gold links.
    public struct Scores: Sendable {
        public var translationPredicted = 0, translationCorrect = 0, goldTranslations = 0
        public var goldPartialRelated = 0, partialRelatedAsTranslation = 0
        public var predicted = 0, strictCorrect = 0, labelledCorrect = 0, gold = 0
        public var goldCrossing = 0, crossingFound = 0

        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
        func f1(_ p: Double, _ r: Double) -> Double { p + r == 0 ? 0 : 2 * p * r / (p + r) }
        public var translationPrecision: Double { ratio(translationCorrect, translationPredicted) }
        public var translationRecall: Double { ratio(translationCorrect, goldTranslations) }
        public var overLabelling: Double { ratio(partialRelatedAsTranslation, goldPartialRelated) }
        public var strictPrecision: Double { ratio(strictCorrect, predicted) }
        public var strictRecall: Double { ratio(strictCorrect, gold) }
        public var strictF1: Double { f1(strictPrecision, strictRecall) }
        public var labelledF1: Double { f1(ratio(labelledCorrect, predicted), ratio(labelledCorrect, gold)) }
        public var crossingRecall: Double { ratio(crossingFound, goldCrossing) }
    }

    public static func score(_ tasks: [RelationTask], _ predicted: [[Predicted]], threshold: Double) -> Scores {
        var s = Scores()
        for (task, links) in zip(tasks, predicted) {
            let stored = links.filter { $0.confidence >= threshold && !$0.en.isEmpty && !$0.ja.isEmpty }
            struct Key: Hashable { let en: [Int], ja: [Int] }
            var goldBySides: [Key: String] = [:]
            for g in task.gold { goldBySides[Key(en: g.en, ja: g.ja)] = g.relation }
            let storedKeys = Dictionary(
                stored.map { (Key(en: $0.en.sorted(), ja: $0.ja.sorted()), $0.relation.rawValue) }
            ) { a, _ in a }
            s.gold += goldBySides.count
            s.goldTranslations += task.gold.filter { $0.relation == "translation" }.count
            for (key, relation) in storedKeys {
                s.predicted += 1
                if let g = goldBySides[key] {
                    s.strictCorrect += 1
                    if g == relation { s.labelledCorrect += 1 }
                }
                if relation == "translation" {
                    s.translationPredicted += 1
                    if goldBySides[key] == "translation" { s.translationCorrect += 1 }
                }
            }
            let newSide = { (en: [Int], ja: [Int]) in task.written == "ja" ? ja : en }
            let originalSide = { (en: [Int], ja: [Int]) in task.written == "ja" ? en : ja }
            for g in task.gold where g.relation == "partial" || g.relation == "related" {
                s.goldPartialRelated += 1
                let asTranslation = stored.contains { link in
                    link.relation == .translation
                        && !Set(newSide(link.en, link.ja)).isDisjoint(with: newSide(g.en, g.ja))
                        && !Set(originalSide(link.en, link.ja)).isDisjoint(with: originalSide(g.en, g.ja))
                }
                if asTranslation { s.partialRelatedAsTranslation += 1 }
            }
            for g in task.crossingLinks {
                s.goldCrossing += 1
                if storedKeys[Key(en: g.en, ja: g.ja)] != nil { s.crossingFound += 1 }
            }
        }
        return s
    }

    /// Each link's confidence and whether it is right: its sides are a gold link's and so is its
    /// relation.
    public static func outcomes(
        _ tasks: [RelationTask], _ predicted: [[Predicted]]
    ) -> [(confidence: Double, correct: Bool)] {
        var result: [(Double, Bool)] = []
        for (task, links) in zip(tasks, predicted) {
            let gold = Set(task.gold)
            for link in links where !link.en.isEmpty && !link.ja.isEmpty {
                result.append(
                    (
                        link.confidence,
                        gold.contains(
                            GoldLink(en: link.en.sorted(), ja: link.ja.sorted(), relation: link.relation.rawValue))
                    ))
            }
        }
        return result
    }

    /// Calibration of confidences over ten equal-width bins.
    public struct Calibration: Sendable {
        /// Per bin: stated (mean confidence), observed (share right), count.
        public var bins: [(stated: Double, observed: Double, count: Int)]
        public var expectedCalibrationError: Double
        public var brier: Double
        /// The Brier score of always stating the base rate.
        public var constantBrier: Double
        public var count: Int
        public var populatedBins: Int { bins.filter { $0.count > 0 }.count }
    }

    public static func calibration(_ outcomes: [(confidence: Double, correct: Bool)]) -> Calibration {
        var sums = [(Double, Double, Int)](repeating: (0, 0, 0), count: 10)
        var brier = 0.0, right = 0.0
        for o in outcomes {
            let b = min(9, max(0, Int(o.confidence * 10)))
            sums[b].0 += o.confidence
            sums[b].1 += o.correct ? 1 : 0
            sums[b].2 += 1
            brier += (o.confidence - (o.correct ? 1 : 0)) * (o.confidence - (o.correct ? 1 : 0))
            right += o.correct ? 1 : 0
        }
        let n = Double(max(1, outcomes.count))
        let bins = sums.map { s in s.2 == 0 ? (0.0, 0.0, 0) : (s.0 / Double(s.2), s.1 / Double(s.2), s.2) }
        let ece = bins.reduce(0.0) { $0 + Double($1.2) / n * abs($1.0 - $1.1) }
        let base = right / n
        return Calibration(
            bins: bins, expectedCalibrationError: ece, brier: brier / n, constantBrier: base * (1 - base),
            count: outcomes.count)
    }

    /// Every candidate link of `tasks` with its features and its label (its gold relation when
    /// its sides are a gold link's, else "wrong"), as JSON lines for the fitting script.
    public static func trainingRows(_ tasks: [RelationTask], source: String, lexicon: Lexicon) throws -> [String] {
        try onEveryCore(tasks.count) { k in
            let task = tasks[k]
            let found = try RelationLinker(lexicon: lexicon).candidates(english: task.english, japanese: task.japanese)
            var goldBySides: [String: String] = [:]
            for g in task.gold { goldBySides["\(g.en)|\(g.ja)"] = g.relation }
            var rows: [String] = []
            for (g, group) in found.groups.enumerated() {
                for c in group {
                    let label = goldBySides["\(c.en)|\(c.ja)"] ?? "wrong"
                    let features = c.features.map { String(format: "%.5f", $0) }.joined(separator: ",")
                    rows.append(
                        "{\"source\":\"\(source)\",\"doc\":\"\(task.id)\",\"group\":\(g),\"en\":\(c.en),\"ja\":\(c.ja),\"translated\":\(found.translated),"
                            + "\"label\":\"\(label)\",\"features\":[\(features)]}")
                }
            }
            return rows
        }.flatMap { $0 }
    }
}
