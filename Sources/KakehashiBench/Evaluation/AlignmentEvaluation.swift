import Foundation
import KakehashiAlign
public import KakehashiLexicon
import KakehashiPipeline

/// One side of a bead as sentence indexes: (English, Japanese).
public typealias BeadSides = (en: [Int], ja: [Int])

/// An alignment task made from a translated document: one side perturbed (sentences dropped and
/// neighbours merged) so that it reads like a shorter version, with the gold beads.
public struct AlignmentTask: Sendable {
    public let document: String
    public let english: [String]
    public let japanese: [String]
    public let gold: [BeadSides]
}

/// Precision, recall and F1 of aligned beads, strict (the bead exactly as in the gold) and lax
/// (the bead overlaps a gold bead), as Sennrich and Volk (2011) define them and the Vecalign and
/// Bertalign papers use them.
public struct AlignmentScores: Sendable {
    public var precisionStrict = 0.0, recallStrict = 0.0, f1Strict = 0.0
    public var precisionLax = 0.0, recallLax = 0.0, f1Lax = 0.0
}

/// The alignment evaluation: WMT21 documents turned into tasks (`tasks`), aligned (`run`) and
/// scored (`score`).
public enum AlignmentEvaluation {
    /// Which side is shortened.
    public enum Side: String, Sendable, CaseIterable { case ja, en }

    /// The tasks of `documents`: walking the kept side with one random stream for the whole set,
    /// each sentence of the other side is dropped with probability `drop`, merged with the next
    /// one with probability `merge`, or kept.
    public static func tasks(
        _ documents: [ParallelDocument], side: Side, drop: Double, merge: Double, seed: UInt64
    ) -> [AlignmentTask] {
        var random = PythonRandom(seed: seed)
        return documents.map { document in
            let keep = side == .ja ? document.english : document.japanese
            let other = side == .ja ? document.japanese : document.english
            var shortened: [String] = [], beads: [(kept: [Int], other: [Int])] = []
            var i = 0
            while i < keep.count {
                let r = random.random()
                if r < drop {
                    beads.append(([i], []))
                    i += 1
                } else if r < drop + merge && i + 1 < keep.count {
                    let joined =
                        side == .ja
                        ? trimEnd(other[i]) + trimStart(other[i + 1])
                        : trimEnd(other[i]) + " " + trimStart(other[i + 1])
                    shortened.append(joined)
                    beads.append(([i, i + 1], [shortened.count - 1]))
                    i += 2
                } else {
                    shortened.append(other[i])
                    beads.append(([i], [shortened.count - 1]))
                    i += 1
                }
            }
            let oneLine = { (s: String) in s.replacingOccurrences(of: "\n", with: " ") }
            return side == .ja
                ? AlignmentTask(
                    document: document.id, english: keep.map(oneLine), japanese: shortened.map(oneLine),
                    gold: beads.map { (en: $0.kept, ja: $0.other) })
                : AlignmentTask(
                    document: document.id, english: shortened.map(oneLine), japanese: keep.map(oneLine),
                    gold: beads.map { (en: $0.other, ja: $0.kept) })
        }
    }

    /// Each task aligned by the sentence aligner, on every core.
    public static func run(_ tasks: [AlignmentTask], lexicon: Lexicon) throws -> [[BeadSides]] {
        try onEveryCore(tasks.count) { k in
            try SentenceAligner(lexicon: lexicon).align(english: tasks[k].english, japanese: tasks[k].japanese).map {
                (en: $0.en, ja: $0.ja)
            }
        }
    }

    /// The peer every aligner must beat: English sentence i paired with Japanese sentence
    /// i·m/n (n English and m Japanese sentences), nothing left out.
    public static func diagonal(_ tasks: [AlignmentTask]) -> [[BeadSides]] {
        tasks.map { task in
            let n = task.english.count, m = task.japanese.count
            guard m > 0 else { return task.english.indices.map { (en: [$0], ja: []) } }
            return (0..<n).map { (en: [$0], ja: [$0 * m / n]) }
        }
    }

    /// The scores of `predicted` against the tasks' gold beads, summed over the documents.
    public static func score(_ tasks: [AlignmentTask], _ predicted: [[BeadSides]]) -> AlignmentScores {
        var p = Counts(), r = Counts()
        for (task, beads) in zip(tasks, predicted) {
            p += counts(gold: task.gold, test: beads)
            r += counts(
                gold: beads.filter { !$0.en.isEmpty && !$0.ja.isEmpty },
                test: task.gold.filter { !$0.en.isEmpty && !$0.ja.isEmpty })
        }
        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
        func f1(_ a: Double, _ b: Double) -> Double { a + b == 0 ? 0 : 2 * a * b / (a + b) }
        var s = AlignmentScores()
        s.precisionStrict = ratio(p.strictHits, p.strictHits + p.strictMisses)
        s.precisionLax = ratio(p.laxHits, p.laxHits + p.laxMisses)
        s.recallStrict = ratio(r.strictHits, r.strictHits + r.strictMisses)
        s.recallLax = ratio(r.laxHits, r.laxHits + r.laxMisses)
        s.f1Strict = f1(s.precisionStrict, s.recallStrict)
        s.f1Lax = f1(s.precisionLax, s.recallLax)
        return s
    }

    struct Counts {
        var strictHits = 0, strictMisses = 0, laxHits = 0, laxMisses = 0
        static func += (a: inout Counts, b: Counts) {
            a.strictHits += b.strictHits; a.strictMisses += b.strictMisses
            a.laxHits += b.laxHits; a.laxMisses += b.laxMisses
        }
    }

    struct Key: Hashable { let en: [Int], ja: [Int] }

    /// Hits and misses of the distinct non-empty `test` beads against the `gold` beads: strict
    /// when the bead is a gold bead, lax when its Japanese side meets a sentence that the gold
    /// pairs with one of its English sentences.
    static func counts(gold: [BeadSides], test: [BeadSides]) -> Counts {
        let key = { (b: BeadSides) in Key(en: b.en.sorted(), ja: b.ja.sorted()) }
        let goldSet = Set(gold.map(key).filter { !$0.en.isEmpty || !$0.ja.isEmpty })
        let testSet = Set(test.map(key).filter { !$0.en.isEmpty || !$0.ja.isEmpty })
        var japaneseOf: [Int: Set<Int>] = [:]
        for g in goldSet { for e in g.en { japaneseOf[e, default: []].formUnion(g.ja) } }
        var c = Counts()
        for t in testSet {
            if goldSet.contains(t) {
                c.strictHits += 1; c.laxHits += 1
                continue
            }
            c.strictMisses += 1
            let lax = t.en.reduce(into: Set<Int>()) { $0.formUnion(japaneseOf[$1] ?? []) }
            if !lax.isDisjoint(with: t.ja) { c.laxHits += 1 } else { c.laxMisses += 1 }
        }
        return c
    }

    static func trimEnd(_ s: String) -> String {
        var end = s.endIndex
        while end > s.startIndex, s[s.index(before: end)].isWhitespace { end = s.index(before: end) }
        return String(s[..<end])
    }

    static func trimStart(_ s: String) -> String { String(s.drop { $0.isWhitespace }) }
}
