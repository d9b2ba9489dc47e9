import Foundation
import KakehashiLexicon
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

/// What the aligner knows of one sentence, computed once: its length and its anchors as
/// integer key ids.
struct SentenceProfile {
    /// Characters that carry content (no spaces).
    var length: Int
    /// Japanese side: each anchor's key ids (key first, then alternatives) and weight.
    var anchors: [(keys: [Int], weight: Double)]
    /// English side: every key id of every anchor.
    var keys: Set<Int>
    /// English side: the number of content anchors (names, numbers, dates, acronyms and content
    /// words), the denominator of English coverage.
    var contentCount: Double
}

/// Aligns an English and a Japanese document sentence by sentence, with no neural model.
///
/// Each candidate bead is scored on its joined text by two things:
/// - **anchors**: the share of the Japanese anchors (names, dates, numbers, terms, acronyms) that
///   the English side also has, weighted by kind and by rarity in the document, and the share of
///   English content it explains;
/// - **length**: Japanese characters against English characters times the document's ratio,
///   estimated from confident pairs (news: about 0.44).
/// A dynamic programme over beads 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 3-1 and 1-3 keeps the best
/// total, where leaving a sentence out scores zero and a poor pair scores below zero: a Japanese
/// summary that drops most English sentences aligns as deletions, not as forced pairs. Where both
/// sides left sentences out side by side, the gap is aligned again with a lower threshold.
///
/// The programme is still the full m × n table (fine for articles of hundreds of sentences);
/// fixing confident anchor pairs first and running banded programmes between them is the next step.
public final class SentenceAligner {
    public let matcher: AnchorMatcher
    /// Japanese characters per English character when the document does not say (news average).
    public var defaultRatio = 0.44

    public init(lexicon: Lexicon) {
        matcher = AnchorMatcher(lexicon: lexicon)
    }

    /// Bead shapes tried: (English sentences, Japanese sentences).
    /// Tuning, measured with align_eval.py on WMT21 (seeds 7 and 11, both sides; see the README).
    /// Cost of each sentence a bead adds beyond one on each side.
    static let mergePenalty = 0.3
    /// Quality below which a pair is worth less than leaving both sentences out.
    static let threshold = 0.3
    /// The same inside a gap between aligned beads, where pairing is the likely case.
    static let gapThreshold = 0.1
    /// Which quantile of the confident pairs' length ratios estimates the document's ratio.
    static let ratioQuantile = 0.5
    /// Anchor score a 1-1 pair needs to count as confident when estimating the ratio.
    static let ratioMinScore = 0.5
    /// Share of anchors (against length) in a bead's quality.
    static let anchorShare = 0.65
    static let shapes: [(Int, Int)] = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3)]

    /// Aligns the sentences; every sentence of both sides is in exactly one bead, in order.
    public func align(english: [String], japanese: [String]) throws -> [Bead] {
        var ids: [String: Int] = [:]
        func id(_ key: String) -> Int {
            if let i = ids[key] { return i }
            ids[key] = ids.count
            return ids.count - 1
        }
        let enAnchors = try english.map { try matcher.anchors(english: $0) }
        let jaAnchors = try japanese.map { try matcher.anchors(japanese: $0) }
        // Document frequency of each English key: rare keys prove more.
        var enProfiles: [SentenceProfile] = []
        var documentFrequency: [Int: Int] = [:]
        for (sentence, anchors) in zip(english, enAnchors) {
            var keys = Set<Int>()
            var content = 0.0
            for a in anchors {
                keys.insert(id(a.key))
                for alternative in a.alternatives { keys.insert(id(alternative)) }
                if a.kind != .term || (a.words?.count ?? 0) == 1 { content += a.kind == .term ? 1 : 1.5 }
            }
            for k in keys { documentFrequency[k, default: 0] += 1 }
            enProfiles.append(SentenceProfile(length: SentenceAligner.contentLength(sentence), anchors: [], keys: keys, contentCount: content))
        }
        let n = Double(max(1, english.count))
        func rarity(_ key: Int) -> Double {
            let df = Double(documentFrequency[key] ?? 0)
            return df == 0 ? 1 : min(1, 0.35 + 0.65 * log2(1 + n / df) / log2(1 + n))
        }
        var jaProfiles: [SentenceProfile] = []
        for (sentence, anchors) in zip(japanese, jaAnchors) {
            let list = anchors.map { a -> (keys: [Int], weight: Double) in
                let keys = ([a.key] + a.alternatives).map(id)
                return (keys, AnchorMatcher.weight(a) * rarity(keys[0]))
            }
            jaProfiles.append(SentenceProfile(length: SentenceAligner.contentLength(sentence), anchors: list, keys: [], contentCount: 0))
        }
        return align(en: enProfiles, ja: jaProfiles)
    }

    /// Characters without spaces (the length prior's unit).
    static func contentLength(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + ($1 == " " || $1 == "\t" ? 0 : 1) }
    }

    /// Anchor agreement of a group of English and a group of Japanese sentences, in [0, 1]: the
    /// harmonic mean of the Japanese anchor weight the English side has and of the English
    /// content the matches explain.
    static func anchorScore(en: ArraySlice<SentenceProfile>, ja: ArraySlice<SentenceProfile>) -> Double {
        var matched = 0.0, total = 0.0, matchedCount = 0.0
        for sentence in ja {
            for anchor in sentence.anchors {
                total += anchor.weight
                if anchor.keys.contains(where: { k in en.contains { $0.keys.contains(k) } }) {
                    matched += anchor.weight
                    matchedCount += 1
                }
            }
        }
        guard total > 0, matched > 0 else { return 0 }
        let jaCoverage = matched / total
        let enContent = en.reduce(0) { $0 + $1.contentCount }
        let enCoverage = min(1, matchedCount / max(1, enContent * 0.6))
        return 2 * jaCoverage * enCoverage / (jaCoverage + enCoverage)
    }

    /// Length agreement in [0, 1]: a Gaussian on the log ratio of the lengths, scaled by `ratio`.
    static func lengthScore(en: Int, ja: Int, ratio: Double) -> Double {
        let d = log((Double(ja) + 2) / (Double(en) * ratio + 2))
        return exp(-d * d / (2 * 0.3 * 0.3))
    }

    func align(en: [SentenceProfile], ja: [SentenceProfile]) -> [Bead] {
        let m = en.count, n = ja.count
        if m == 0 || n == 0 {
            return en.indices.map { Bead(en: [$0], ja: [], score: 0) } + ja.indices.map { Bead(en: [], ja: [$0], score: 0) }
        }
        // The document's length ratio, from 1-1 pairs whose anchors agree strongly along a rough diagonal.
        var ratios: [Double] = []
        for j in 0..<n {
            let center = Int(Double(j) * Double(m) / Double(n))
            var best = (score: 0.0, i: -1)
            for i in max(0, center - 20)..<min(m, center + 21) {
                let s = SentenceAligner.anchorScore(en: en[i..<i + 1], ja: ja[j..<j + 1])
                if s > best.score { best = (s, i) }
            }
            if best.score >= SentenceAligner.ratioMinScore, en[best.i].length > 0 { ratios.append(Double(ja[j].length) / Double(en[best.i].length)) }
        }
        ratios.sort()
        // A lower quantile, not the median: where the Japanese side merges sentences, its best
        // single English match is too short and the ratio looks higher than it is.
        let ratio = ratios.count >= 3 ? min(0.7, max(0.25, ratios[Int(Double(ratios.count - 1) * SentenceAligner.ratioQuantile)])) : defaultRatio

        let beads = dynamicProgramme(en: en[...], ja: ja[...], ratio: ratio, threshold: SentenceAligner.threshold)
        // Gaps: where both sides left sentences out side by side, between two aligned beads,
        // they are most likely each other's translation with too few anchors to show it: align
        // the gap again with a low threshold (a summary's dropped English sentences face no
        // Japanese sentence, so they stay out).
        var result: [Bead] = []
        var k = 0
        while k < beads.count {
            guard beads[k].en.isEmpty || beads[k].ja.isEmpty else { result.append(beads[k]); k += 1; continue }
            var end = k
            while end < beads.count, beads[end].en.isEmpty || beads[end].ja.isEmpty { end += 1 }
            let gapEn = beads[k..<end].flatMap(\.en).sorted(), gapJa = beads[k..<end].flatMap(\.ja).sorted()
            if let firstEn = gapEn.first, let firstJa = gapJa.first, gapEn.count <= 12, gapJa.count <= 12 {
                result += dynamicProgramme(en: en[firstEn...gapEn.last!], ja: ja[firstJa...gapJa.last!], ratio: ratio, threshold: SentenceAligner.gapThreshold)
            } else {
                result += beads[k..<end]
            }
            k = end
        }
        return result
    }

    /// The best sequence of beads over `en` × `ja` (slices of the whole documents: indexes are
    /// the documents'), maximizing the sum of bead values.
    func dynamicProgramme(en: ArraySlice<SentenceProfile>, ja: ArraySlice<SentenceProfile>, ratio: Double, threshold: Double) -> [Bead] {
        let m = en.count, n = ja.count, e0 = en.startIndex, j0 = ja.startIndex
        let width = n + 1
        var value = [Double](repeating: -.infinity, count: (m + 1) * width)
        var back = [Int8](repeating: -1, count: (m + 1) * width)
        var beadScore = [Double](repeating: 0, count: (m + 1) * width)
        value[0] = 0
        for i in 0...m {
            for j in 0...n {
                let here = value[i * width + j]
                guard here > -.infinity else { continue }
                for (shape, (a, b)) in SentenceAligner.shapes.enumerated() where i + a <= m && j + b <= n {
                    let (v, s) = beadValue(en: en[(e0 + i)..<(e0 + i + a)], ja: ja[(j0 + j)..<(j0 + j + b)], ratio: ratio, threshold: threshold)
                    let target = (i + a) * width + j + b
                    if here + v > value[target] {
                        value[target] = here + v
                        back[target] = Int8(shape)
                        beadScore[target] = s
                    }
                }
            }
        }
        var beads: [Bead] = []
        var i = m, j = n
        while i > 0 || j > 0 {
            let cell = i * width + j
            let (a, b) = SentenceAligner.shapes[Int(back[cell])]
            beads.append(Bead(en: Array((e0 + i - a)..<(e0 + i)), ja: Array((j0 + j - b)..<(j0 + j)), score: beadScore[cell]))
            i -= a
            j -= b
        }
        return beads.reversed()
    }

    /// A bead's contribution to the total (zero for a deletion, negative for a poor pair) and
    /// its confidence.
    func beadValue(en: ArraySlice<SentenceProfile>, ja: ArraySlice<SentenceProfile>, ratio: Double, threshold: Double) -> (Double, Double) {
        if en.isEmpty || ja.isEmpty { return (0, 0.1) }
        let anchors = SentenceAligner.anchorScore(en: en, ja: ja)
        let length = SentenceAligner.lengthScore(en: en.reduce(0) { $0 + $1.length }, ja: ja.reduce(0) { $0 + $1.length }, ratio: ratio)
        let quality = SentenceAligner.anchorShare * anchors + (1 - SentenceAligner.anchorShare) * length
        let size = Double(en.count + ja.count) / 2
        let shapePenalty = en.count == 1 && ja.count == 1 ? 0 : SentenceAligner.mergePenalty * Double(en.count + ja.count - 2)
        return (size * (quality - threshold) - shapePenalty, quality)
    }
}
