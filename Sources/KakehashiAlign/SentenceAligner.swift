import Foundation
public import KakehashiLexicon
import KakehashiText

/// One bead of an alignment: consecutive English sentences and consecutive Japanese sentences
/// that say the same thing (either side may be empty: a sentence left unaligned).
public struct Bead: Sendable, Equatable {
    /// 0-based indexes of the English sentences.
    public var en: [Int]
    /// 0-based indexes of the Japanese sentences.
    public var ja: [Int]
    /// Confidence in [0, 1]; unaligned sentences have a low score.
    public var score: Double
}

/// Aligns an English and a Japanese document sentence by sentence, with no neural model.
///
/// Each candidate bead is scored on its joined text by two things:
/// - **anchors**: the share of the Japanese anchors (names, dates, numbers, terms, acronyms) that
///   the English side also has, weighted by kind and by rarity in the document, and the share of
///   English content it explains;
/// - **length**: Japanese characters against English characters times the document's ratio,
///   estimated from confident pairs (news: about 0.44).
///
/// First, 1-1 pairs that share rare anchors and agree strongly are found through an index of
/// the English keys, and the longest chain of them in order is kept. That chain gives the length
/// ratio and, for long documents, a band: a dynamic programme over beads 1-1, 1-0, 0-1, 2-1,
/// 1-2, 2-2, 3-1 and 1-3 then only visits cells near the chain, so cost grows with the length of
/// the documents, not with their product. Leaving a sentence out scores zero and a poor pair
/// scores below zero: a Japanese summary that drops most English sentences aligns as
/// deletions, not as forced pairs. Where both sides left sentences out side by side, the gap is
/// aligned again with a lower threshold; a sentence left out next to a 1-1 pair then joins it when
/// the joined bead scores higher. Two documents with as many sentences each, whose confident pairs
/// and lengths agree with the diagonal, get a diagonal prior (`diagonalPrior`).
public final class SentenceAligner {
    public let lexicon: Lexicon
    /// Japanese characters per English character when the document does not say (news average).
    public var defaultRatio = 0.44

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
    }

    // Tuning, measured with align_eval.py on WMT21 (seeds 7 and 11, both sides; see docs/alignment.md).
    /// Cost of each sentence a bead adds beyond one on each side.
    static let mergePenalty = 0.3
    /// Quality below which a pair is worth less than leaving both sentences out.
    static let threshold = 0.3
    /// The same inside a gap between aligned beads, where pairing is the likely case.
    static let gapThreshold = 0.1
    /// The same for a gap of one sentence on each side, where pairing is all but certain.
    static let singleGapThreshold = 0.02
    /// Extra log-ratio variance of short sentences, divided by their length in Japanese characters.
    static let shortSentenceVariance = 6.0
    /// Anchor score a 1-1 pair needs to be a confident pair (ratio estimate, band).
    static let confidentScore = 0.5
    /// Share of anchors (against length) in a bead's quality.
    static let anchorShare = 0.65
    /// Bead shapes tried: (English sentences, Japanese sentences).
    static let shapes: [(Int, Int)] = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3)]
    /// The shapes (indexes into `shapes`) in the order that breaks ties between equal totals:
    /// the bead that starts earliest (most English sentences, then most Japanese) wins.
    static let tieOrder: [Int] = shapes.indices.sorted {
        shapes[$0].0 != shapes[$1].0 ? shapes[$0].0 > shapes[$1].0 : shapes[$0].1 > shapes[$1].1
    }
    /// Documents up to this many DP cells get the full table; longer ones a band.
    static let fullTableCells = 1_000_000
    /// English keys found in more sentences than this are too common to propose confident pairs.
    static let maxPosting = 30

    /// Why these two sides cannot be an English and a Japanese document (nil when they can): a
    /// side where fewer than half the sentences are written in its language — two English files,
    /// swapped files, a side of numbers only.
    public static func languageProblem(english: [String], japanese: [String]) -> String? {
        func share(_ sentences: [String], _ test: (Unicode.Scalar) -> Bool) -> Double {
            guard !sentences.isEmpty else { return 1 }
            return Double(sentences.filter { $0.unicodeScalars.contains(where: test) }.count) / Double(sentences.count)
        }
        // Kana letters, not ・ or ー: an English list may bullet its lines with ・.
        let japaneseScript: (Unicode.Scalar) -> Bool = { ScriptClass.isKanaLetter($0) || ScriptClass.isHan($0) }
        let latinLetter: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        let jaOnJapaneseSide = share(japanese, japaneseScript), jaOnEnglishSide = share(english, japaneseScript)
        if jaOnJapaneseSide < 0.5 {
            if !english.isEmpty, jaOnEnglishSide >= 0.5 {
                return "the Japanese side has no Japanese text and the English side has: are the files swapped?"
            }
            return String(
                format: "the Japanese side has no Japanese text (kana or kanji in %.0f%% of its sentences)",
                100 * jaOnJapaneseSide)
        }
        let latin = share(english, latinLetter)
        if latin < 0.5 || jaOnEnglishSide >= 0.5 {
            return String(
                format:
                    "the English side is not English text (Latin letters in %.0f%% of its sentences, kana or kanji in %.0f%%)",
                100 * latin, 100 * jaOnEnglishSide)
        }
        return nil
    }

    /// Aligns the sentences; every sentence of both sides is in exactly one bead, in order.
    /// - Throws: `ICUError` when ICU fails (a break iterator or normalizer that cannot start).
    public func align(english: [String], japanese: [String]) throws -> [Bead] {
        let profiles = try SentenceProfiles(english: english, japanese: japanese, lexicon: lexicon)
        return align(profiles)
    }

    /// Aligns two documents whose anchors were extracted already (by `DocumentPairer`, with one
    /// extractor for both); the same beads as `align(english:japanese:)` on their sentences.
    public func align(english: DocumentAnchors, japanese: DocumentAnchors) -> [Bead] {
        align(SentenceProfiles(english: english, japanese: japanese))
    }

    func align(_ p: SentenceProfiles) -> [Bead] { alignCountingCells(p).beads }

    /// The alignment and the number of cells its main dynamic programme visited. `fullTable`
    /// makes the programme visit every cell whatever the size (to check the band against).
    package func alignCountingCells(_ p: SentenceProfiles, fullTable: Bool = false) -> (beads: [Bead], cells: Int) {
        let aligned = alignWithScorer(p, fullTable: fullTable)
        return (aligned.beads, aligned.cells)
    }

    /// The alignment, the number of cells its main programme visited, and the scorer it used
    /// (with the document's length ratio), which the relation linker reads again.
    package func alignWithScorer(
        _ p: SentenceProfiles, fullTable: Bool = false
    ) -> (beads: [Bead], cells: Int, scorer: BeadScorer) {
        let m = p.enCount, n = p.jaCount
        if m == 0 || n == 0 {
            return (
                (0..<m).map { Bead(en: [$0], ja: [], score: 0) } + (0..<n).map { Bead(en: [], ja: [$0], score: 0) }, 0,
                BeadScorer(profiles: p, ratio: defaultRatio, band: nil)
            )
        }
        let chain = confidentChain(p)
        var ratios = chain.compactMap { c in
            p.enLength[c.i] > 0 ? Double(p.jaLength[c.j]) / Double(p.enLength[c.i]) : nil
        }
        ratios.sort()
        let ratio = ratios.count >= 3 ? min(0.7, max(0.25, ratios[(ratios.count - 1) / 2])) : defaultRatio
        let band =
            fullTable || (m + 1) * (n + 1) <= SentenceAligner.fullTableCells
            ? Band.full(rows: m, columns: n) : Band.around(chain, rows: m, columns: n)
        var scorer = BeadScorer(profiles: p, ratio: ratio, band: band)
        scorer.diagonalBonus = SentenceAligner.diagonalPrior(p, chain: chain, ratio: ratio)
        let beads = scorer.dynamicProgramme(en: 0..<m, ja: 0..<n, band: band, threshold: SentenceAligner.threshold)
        return (
            SentenceAligner.absorbNeighbours(SentenceAligner.realignGaps(beads, scorer: scorer), scorer: scorer),
            band.cells, scorer
        )
    }

    /// A sentence left out next to a 1-1 bead joins it when the joined bead is of clearly better
    /// quality: the other side's sentence translates both (a merge that the 1-1 pair, sure of its
    /// shared words, left half done).
    static func absorbNeighbours(_ beads: [Bead], scorer: BeadScorer) -> [Bead] {
        var result = beads
        var k = 0
        while k < result.count {
            let bead = result[k]
            guard bead.en.count + bead.ja.count == 1 else { k += 1; continue }
            var best: (index: Int, merged: Bead, gain: Double)? = nil
            for neighbour in [k - 1, k + 1] where neighbour >= 0 && neighbour < result.count {
                let other = result[neighbour]
                guard other.en.count == 1, other.ja.count == 1 else { continue }
                let en = (other.en + bead.en).sorted(), ja = (other.ja + bead.ja).sorted()
                let quality = scorer.quality(en: en[0]..<en[en.count - 1] + 1, ja: ja[0]..<ja[ja.count - 1] + 1)
                let gain = quality - other.score
                if gain > absorbMargin, gain > (best?.gain ?? 0) {
                    best = (neighbour, Bead(en: en, ja: ja, score: quality), gain)
                }
            }
            guard let best else { k += 1; continue }
            result[best.index] = best.merged
            result.remove(at: k)
            k = max(0, min(k, best.index) - 1)
        }
        return result
    }

    /// How much better a joined bead must be than the 1-1 bead it grows from (any gain: the
    /// length prior already holds back a sentence that the pair does not translate).
    static let absorbMargin = 0.0

    /// The bonus of a diagonal 1-1 bead: `diagonalBonus` when the documents look like a sentence-by-
    /// sentence translation, 0 otherwise. They do when both have the same number of sentences, three in
    /// four confident pairs (all but one, in a short chain) sit on the diagonal, and the lengths of sentence i and
    /// sentence i agree for
    /// nearly all i. A short line with no anchor ("You know something." ↔ まあ聞いてくれよ。) then stays
    /// with its counterpart instead of being pulled apart by one stray anchor.
    static func diagonalPrior(_ p: SentenceProfiles, chain: [(i: Int, j: Int)], ratio: Double) -> Double {
        let n = p.enCount
        // Most confident pairs on the diagonal; a stray one off it is what the prior is against.
        let offDiagonal = chain.filter { $0.i != $0.j }.count
        guard n >= 2, p.jaCount == n, offDiagonal <= max(1, Int(diagonalStrays * Double(chain.count))) else { return 0 }
        var agreeing = 0
        for i in 0..<n where BeadScorer.lengthScore(en: Int(p.enLength[i]), ja: Int(p.jaLength[i]), ratio: ratio) >= 0.4
        {
            agreeing += 1
        }
        return Double(agreeing) >= diagonalAgreement * Double(n) ? diagonalBonus : 0
    }

    /// Share of the confident chain that may lie off the diagonal under the diagonal prior (one
    /// stray pair always may).
    static let diagonalStrays = 0.25
    /// Share of diagonal pairs whose lengths must agree for the diagonal prior.
    static let diagonalAgreement = 0.8
    /// What the diagonal prior adds to each diagonal 1-1 bead: about what one anchor shared by a
    /// neighbouring pair would add.
    static let diagonalBonus = 0.25

    /// Aligns gaps again with the low `gapThreshold`. A gap is a run of sentences left out
    /// between two aligned beads:
    /// - when both sides left sentences out side by side, they are most likely each other's
    ///   translation with too few anchors to show it;
    /// - when one side left a sentence out next to a bead that took two or more sentences of
    ///   the other side, that bead probably swallowed the left-out sentence's translation.
    /// A summary's dropped English sentences face no Japanese sentence and no such bead: they
    /// stay out.
    static func realignGaps(_ beads: [Bead], scorer: BeadScorer) -> [Bead] {
        var result: [Bead] = []
        var k = 0
        while k < beads.count {
            guard beads[k].en.isEmpty || beads[k].ja.isEmpty else { result.append(beads[k]); k += 1; continue }
            var end = k
            while end < beads.count, beads[end].en.isEmpty || beads[end].ja.isEmpty { end += 1 }
            var window = Array(beads[k..<end])
            let onlyEnglish = window.allSatisfy { $0.ja.isEmpty }, onlyJapanese = window.allSatisfy { $0.en.isEmpty }
            if onlyEnglish || onlyJapanese {
                func swallowed(_ b: Bead) -> Bool {
                    !b.en.isEmpty && !b.ja.isEmpty && (onlyEnglish ? b.ja.count : b.en.count) >= 2
                }
                if let previous = result.last, swallowed(previous) {
                    window.insert(result.removeLast(), at: 0)
                } else if end < beads.count, swallowed(beads[end]) {
                    window.append(beads[end])
                    end += 1
                }
            }
            let gapEn = window.flatMap(\.en).sorted(), gapJa = window.flatMap(\.ja).sorted()
            if let firstEn = gapEn.first, let lastEn = gapEn.last, let firstJa = gapJa.first, let lastJa = gapJa.last,
                gapEn.count <= 12, gapJa.count <= 12
            {
                // One sentence on each side between two aligned beads: almost surely each other's
                // translation ("So we have to act," he said. ↔ 「…行動しなければならない」と述べた。).
                let single = gapEn.count == 1 && gapJa.count == 1 && k > 0 && end < beads.count
                result += scorer.dynamicProgramme(
                    en: firstEn..<(lastEn + 1), ja: firstJa..<(lastJa + 1),
                    band: .full(rows: gapEn.count, columns: gapJa.count),
                    threshold: single ? SentenceAligner.singleGapThreshold : SentenceAligner.gapThreshold)
            } else {
                result += window
            }
            k = end
        }
        return result
    }

    /// The longest in-order chain of confident 1-1 pairs: pairs proposed by English keys found in
    /// few sentences, kept when their anchor score reaches `confidentScore`.
    func confidentChain(_ p: SentenceProfiles) -> [(i: Int, j: Int)] {
        let m = p.enCount, n = p.jaCount
        // English sentences by key: counts, then a flat posting array.
        var keyCount = 0
        for k in p.enKeys { keyCount = max(keyCount, Int(k) + 1) }
        for k in p.jaKeys { keyCount = max(keyCount, Int(k) + 1) }
        var postingStart = [Int](repeating: 0, count: keyCount + 1)
        for k in p.enKeys { postingStart[Int(k) + 1] += 1 }
        for k in 0..<keyCount { postingStart[k + 1] += postingStart[k] }
        var fill = postingStart
        var posting = [Int32](repeating: 0, count: p.enKeys.count)
        for i in 0..<m {
            for slot in p.enKeyStart[i]..<p.enKeyStart[i + 1] {
                let k = Int(p.enKeys[slot])
                posting[fill[k]] = Int32(i)
                fill[k] += 1
            }
        }
        let scorer = BeadScorer(profiles: p, ratio: defaultRatio, band: nil)
        // A few best English sentences per Japanese one (a repeated sentence proposes each
        // repeat), -1 for none; Japanese sentences are scored on every core.
        let candidatesPerSentence = 4
        let chosen = SharedBuffer<Int32>(repeating: -1, count: n * candidatesPerSentence)
        ParallelChunks.run(n) { [posting, postingStart] rows in
            var lastSeenBy = [Int32](repeating: -1, count: m)
            var best: [(score: Double, i: Int32)] = []
            for j in rows {
                best.removeAll(keepingCapacity: true)
                for slot in p.jaAnchorKeyStart[p.jaAnchorStart[j]]..<p.jaAnchorKeyStart[p.jaAnchorStart[j + 1]] {
                    let k = Int(p.jaKeys[slot])
                    let lo = postingStart[k], hi = postingStart[k + 1]
                    guard hi > lo, hi - lo <= SentenceAligner.maxPosting else { continue }
                    for i in posting[lo..<hi] where lastSeenBy[Int(i)] != Int32(j) {
                        lastSeenBy[Int(i)] = Int32(j)
                        let score = scorer.anchorScore(en: Int(i)..<Int(i) + 1, ja: j..<j + 1)
                        if score >= SentenceAligner.confidentScore { best.append((score, i)) }
                    }
                }
                // Equal scores (a sentence repeated word for word): the candidate nearest the
                // diagonal first, so that each repeat is proposed for its own part of the document.
                let diagonal = Double(j) * Double(m) / Double(n)
                best.sort { a, b in
                    if a.score != b.score { return a.score > b.score }
                    let da = abs(Double(a.i) - diagonal), db = abs(Double(b.i) - diagonal)
                    return da != db ? da < db : a.i < b.i
                }
                for (rank, candidate) in best.prefix(candidatesPerSentence).enumerated() {
                    chosen.pointer[j * candidatesPerSentence + rank] = candidate.i
                }
            }
        }
        var points: [(i: Int, j: Int)] = []
        for j in 0..<n {
            for rank in 0..<candidatesPerSentence {
                let i = chosen.pointer[j * candidatesPerSentence + rank]
                if i >= 0 { points.append((Int(i), j)) }
            }
        }
        return SentenceAligner.longestIncreasingChain(points)
    }

    /// The longest subsequence of `points` (ordered by j) strictly increasing in both i and j.
    static func longestIncreasingChain(_ points: [(i: Int, j: Int)]) -> [(i: Int, j: Int)] {
        // Same j: larger i first, so that two points of one j never both enter a chain.
        let sorted = points.sorted { $0.j != $1.j ? $0.j < $1.j : $0.i > $1.i }
        var tails: [Int] = []  // index into sorted of the chain tail of each length
        var previous = [Int](repeating: -1, count: sorted.count)
        for (index, point) in sorted.enumerated() {
            var lo = 0, hi = tails.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sorted[tails[mid]].i < point.i { lo = mid + 1 } else { hi = mid }
            }
            if lo > 0 { previous[index] = tails[lo - 1] }
            if lo == tails.count { tails.append(index) } else { tails[lo] = index }
        }
        var chain: [(i: Int, j: Int)] = []
        var index = tails.last ?? -1
        while index >= 0 {
            chain.append(sorted[index])
            index = previous[index]
        }
        return chain.reversed()
    }
}
