import Foundation
import KakehashiLexicon
import KakehashiText

/// Scores beads on joined sentences and runs the dynamic programme. Which Japanese anchors each
/// English sentence has (a bit mask per cell) is computed once per band cell.
package struct BeadScorer {
    let p: SentenceProfiles
    let ratio: Double
    /// Masks of the band's cells, when there is a band; other cells are computed when asked.
    private let masks: [UInt64]
    private let maskBand: Band?
    /// The quality of each 1-1 pair of the band's cells (what the programme asks most), when
    /// there is a band.
    private var pairQualities: [Double] = []
    /// Added to the value of a 1-1 bead on the diagonal (English i with Japanese i) when the two
    /// documents look like a sentence-by-sentence translation (`SentenceAligner.diagonalPrior`).
    var diagonalBonus = 0.0

    /// A scorer; with a band, the masks and 1-1 qualities of its cells are computed up front,
    /// on every core.
    init(profiles: SentenceProfiles, ratio: Double, band: Band?) {
        p = profiles
        self.ratio = ratio
        maskBand = band
        guard let band else { masks = []; return }
        masks = BeadScorer.perCell(of: band, profiles: profiles, empty: 0) { i, j in profiles.matchMask(en: i, ja: j) }
        // The qualities read the masks: a second pass, once they are all there.
        let scorer = self
        pairQualities = BeadScorer.perCell(of: band, profiles: profiles, empty: 0) { i, j in
            scorer.computedQuality(en: i..<i + 1, ja: j..<j + 1)
        }
    }

    /// `value(i, j)` for every cell of `band` that pairs English sentence i with Japanese
    /// sentence j, on every core; `empty` for the cells past the last sentence.
    private static func perCell<Value>(
        of band: Band, profiles: SentenceProfiles, empty: Value,
        _ value: @escaping @Sendable (Int, Int) -> Value
    ) -> [Value] {
        let table = SharedBuffer<Value>(repeating: empty, count: band.cells)
        let m = profiles.enCount, n = profiles.jaCount
        ParallelChunks.run(m) { rows in
            for i in rows where band.lo[i] < n {
                for j in band.lo[i]...min(band.hi[i], n - 1) {
                    table.pointer[band.start[i] + j - band.lo[i]] = value(i, j)
                }
            }
        }
        return table.array
    }

    @inline(__always) func mask(_ i: Int, _ j: Int) -> UInt64 {
        if let band = maskBand, let index = band.index(i, j) { return masks[index] }
        return p.matchMask(en: i, ja: j)
    }

    /// Anchor agreement of a group of English and a group of Japanese sentences, in [0, 1]: the
    /// harmonic mean of the Japanese anchor weight the English side has and of the English
    /// content the matches explain.
    func anchorScore<E: Collection<Int>, J: Collection<Int>>(en: E, ja: J) -> Double {
        var matched = 0.0, total = 0.0, matchedCount = 0
        for j in ja {
            var bits: UInt64 = 0
            for i in en { bits |= mask(i, j) }
            total += p.jaTotalWeight[j]
            matchedCount += bits.nonzeroBitCount
            let base = p.jaAnchorStart[j]
            while bits != 0 {
                matched += p.jaWeight[base + bits.trailingZeroBitCount]
                bits &= bits - 1
            }
        }
        guard total > 0, matched > 0 else { return 0 }
        let jaCoverage = matched / total
        var enContent = 0.0
        for i in en { enContent += p.enContent[i] }
        let enCoverage = min(1, Double(matchedCount) / max(1, enContent * 0.6))
        return 2 * jaCoverage * enCoverage / (jaCoverage + enCoverage)
    }

    /// Length agreement in [0, 1]: a Gaussian on the log ratio of the lengths, scaled by `ratio`.
    /// Short sentences vary more in relative length (as in Gale and Church, the variance grows
    /// as the length shrinks): "It didn't work." is 13 characters, これが上手くいかなかった。 too.
    static func lengthScore(en: Int, ja: Int, ratio: Double) -> Double {
        let expected = Double(en) * ratio
        let d = log((Double(ja) + 2) / (expected + 2))
        let variance = 0.09 + SentenceAligner.shortSentenceVariance / (Double(ja) + expected + 2)
        return exp(-d * d / (2 * variance))
    }

    /// A pair's quality in [0, 1] (its confidence).
    @inline(__always) func quality(en: Range<Int>, ja: Range<Int>) -> Double {
        if en.count == 1, ja.count == 1, !pairQualities.isEmpty, let band = maskBand,
            let index = band.index(en.lowerBound, ja.lowerBound), ja.lowerBound < p.jaCount
        {
            return pairQualities[index]
        }
        return computedQuality(en: en, ja: ja)
    }

    func computedQuality<E: Collection<Int>, J: Collection<Int>>(en: E, ja: J) -> Double {
        var enLength = 0, jaLength = 0
        for i in en { enLength += Int(p.enLength[i]) }
        for j in ja { jaLength += Int(p.jaLength[j]) }
        let anchors = anchorScore(en: en, ja: ja)
        let length = BeadScorer.lengthScore(en: enLength, ja: jaLength, ratio: ratio)
        return SentenceAligner.anchorShare * anchors + (1 - SentenceAligner.anchorShare) * length
    }

    /// A bead's contribution to the total: zero for a deletion, negative for a poor pair.
    func value(en: Range<Int>, ja: Range<Int>, threshold: Double) -> Double {
        if en.isEmpty || ja.isEmpty { return 0 }
        let bonus =
            diagonalBonus > 0 && en.count == 1 && ja.count == 1 && en.lowerBound == ja.lowerBound ? diagonalBonus : 0
        return bonus
            + BeadScorer.value(
                english: en.count, japanese: ja.count, quality: quality(en: en, ja: ja), threshold: threshold)
    }

    /// The value of a pair bead of `english` and `japanese` sentences of the given quality: its
    /// size times the quality's margin over the threshold, less 0.3 per sentence beyond 1-1.
    static func value(english: Int, japanese: Int, quality: Double, threshold: Double) -> Double {
        let size = Double(english + japanese) / 2
        let shapePenalty =
            english == 1 && japanese == 1 ? 0 : SentenceAligner.mergePenalty * Double(english + japanese - 2)
        return size * (quality - threshold) - shapePenalty
    }

    /// The best sequence of beads over `en` × `ja` (document indexes), visiting the cells of
    /// `band` (relative to the ranges' starts), maximizing the sum of bead values.
    ///
    /// Each cell takes the best of the beads that end in it. Deletions and 1-1 beads are scored
    /// first; a merged bead is scored only when its best possible value (a perfect quality)
    /// could reach theirs, which in a well-aligned region it cannot, so most merges cost
    /// nothing. Ties go to the bead that starts earliest (`tieOrder`).
    func dynamicProgramme(en: Range<Int>, ja: Range<Int>, band: Band, threshold: Double) -> [Bead] {
        let m = en.count, n = ja.count, e0 = en.lowerBound, j0 = ja.lowerBound
        var value = [Double](repeating: -.infinity, count: band.cells)
        var back = [Int8](repeating: -1, count: band.cells)
        value[0] = 0
        let shapes = SentenceAligner.shapes
        // The most a bead of each shape can add: its value at quality 1.
        let mostGained = shapes.map { a, b -> Double in
            a == 0 || b == 0 ? 0 : BeadScorer.value(english: a, japanese: b, quality: 1, threshold: threshold)
        }
        var candidate = [Double](repeating: -.infinity, count: shapes.count)
        for i in 0...m {
            for j in band.lo[i]...min(band.hi[i], n) where i > 0 || j > 0 {
                // Cheap beads first: the deletions and 1-1.
                var best = -Double.infinity
                for (shape, (a, b)) in shapes.enumerated() {
                    candidate[shape] = -.infinity
                    guard a + b <= 2, a <= i, b <= j, let source = band.index(i - a, j - b), value[source] > -.infinity
                    else { continue }
                    candidate[shape] =
                        value[source]
                        + self.value(en: (e0 + i - a)..<(e0 + i), ja: (j0 + j - b)..<(j0 + j), threshold: threshold)
                    best = max(best, candidate[shape])
                }
                let here = band.start[i] + j - band.lo[i]
                for shape in SentenceAligner.tieOrder {
                    let (a, b) = shapes[shape]
                    var v = candidate[shape]
                    if a + b > 2 {
                        guard a <= i, b <= j, let source = band.index(i - a, j - b), value[source] > -.infinity,
                            value[source] + mostGained[shape] + 1e-9 >= best
                        else { continue }
                        v =
                            value[source]
                            + self.value(en: (e0 + i - a)..<(e0 + i), ja: (j0 + j - b)..<(j0 + j), threshold: threshold)
                    }
                    if v > value[here] {
                        value[here] = v
                        back[here] = Int8(shape)
                    }
                }
            }
        }
        var beads: [Bead] = []
        var i = m, j = n
        while i > 0 || j > 0 {
            let (a, b) = SentenceAligner.shapes[Int(back[band.index(i, j)!])]
            let enRange = (e0 + i - a)..<(e0 + i), jaRange = (j0 + j - b)..<(j0 + j)
            let score = a == 0 || b == 0 ? 0.1 : quality(en: enRange, ja: jaRange)
            beads.append(Bead(en: Array(enRange), ja: Array(jaRange), score: score))
            i -= a
            j -= b
        }
        return beads.reversed()
    }
}
