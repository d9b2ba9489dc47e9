import Foundation

/// The evidence about one link that decides its relation and confidence, read from the anchors
/// both documents already have (no neural model):
/// - coverage both ways: the weighted share of the Japanese anchors that the English side has,
///   and the share of the English content (names, numbers, dates, acronyms, single words) that
///   the Japanese side has;
/// - facts on one side only: names, numbers, dates and acronyms without a counterpart;
/// - length: the log ratio of the sides' lengths against the document's own ratio;
/// - shape: how many sentences each side joins, and whether they are neighbours;
/// - context: whether the links around it run in order, how much of the shorter document the
///   in-order alignment pairs, and whether the documents read as a translation;
/// - elsewhere: how much of what one side leaves unmatched another sentence of the other document
///   has (a sentence that draws on two, or was split in two), and how far the link outscores the
///   best rival for its sentences.
package struct RelationEvidence {
    let english: DocumentAnchors
    let japanese: DocumentAnchors
    /// Japanese characters per English character in this document pair.
    let ratio: Double
    /// The distinct key ids of each sentence, sorted.
    let englishKeys: [[Int32]]
    let japaneseKeys: [[Int32]]

    init(english: DocumentAnchors, japanese: DocumentAnchors, ratio: Double) {
        self.english = english
        self.japanese = japanese
        self.ratio = ratio
        englishKeys = (0..<english.sentenceCount).map { RelationEvidence.keys(english, [$0]) }
        japaneseKeys = (0..<japanese.sentenceCount).map { RelationEvidence.keys(japanese, [$0]) }
    }

    /// Sentences on either side of a link searched for what it leaves unmatched.
    static let elsewhereWindow = 30

    /// The features' names, in the order of `features`, for the fitting script.
    package static let names = [
        "bias", "ja_coverage", "en_coverage", "min_coverage", "ja_facts_missing", "en_facts_missing",
        "length_log_ratio", "length_log_ratio_squared", "extra_sentences", "not_adjacent",
        "matched_anchors", "in_order_bead", "document_coverage", "translated_document",
        "bead_quality", "coverage_gap", "length_log_ratio_magnitude", "facts_missing_gap",
        "shorter_side_coverage", "longer_side_coverage", "shorter_side_facts_missing",
        "longer_side_facts_missing", "shorter_residual_elsewhere", "longer_residual_elsewhere",
        "rival_margin",
    ]

    /// Where a link sits in its document pair.
    package struct Context {
        /// The link is a bead of the in-order alignment.
        var inOrderBead: Bool
        /// Share of the shorter document's sentences that the in-order alignment pairs confidently.
        var documentCoverage: Double
        /// The documents read as a sentence-by-sentence translation (the in-order alignment is kept).
        var translated: Bool
        /// The aligner's quality of the bead (anchors and length), in [0, 1].
        var quality: Double
        /// The Japanese document is the shorter one: in comparable news, the one written anew,
        /// whose sentences condense or restate the other's.
        var japaneseShorter: Bool
        /// The best quality that another sentence of the shorter document reaches with the link's
        /// sentences of the longer one; 0 for a bead of a translated document, whose in-order
        /// alignment weighed its rivals already.
        var rivalQuality: Double
    }

    /// The weighted share of `sentences`' anchors (in `document`) that `by` does not have but one
    /// other sentence of the other document has: the most any single one of `others` (sorted
    /// key sets) holds.
    static func residualElsewhere(
        _ document: DocumentAnchors, _ sentences: [Int], by linkedKeys: [Int32],
        others: [[Int32]], weight: (Int) -> Double
    ) -> Double {
        var total = 0.0
        var unmatched: [Int] = []
        for s in sentences {
            for a in document.anchors(of: s) {
                total += weight(a)
                if !hasKey(document, anchor: a, in: linkedKeys) { unmatched.append(a) }
            }
        }
        guard total > 0, !unmatched.isEmpty else { return 0 }
        var best = 0.0
        for keys in others where !keys.isEmpty {
            var held = 0.0
            for a in unmatched where hasKey(document, anchor: a, in: keys) { held += weight(a) }
            best = max(best, held)
        }
        return best / total
    }

    /// The sentences of a document of `count` sentences near `sentences` (all of a short
    /// document), without `sentences`.
    static func neighbours(of sentences: [Int], count: Int) -> [Int] {
        guard let low = sentences.min(), let high = sentences.max() else { return [] }
        let window = (max(0, low - elsewhereWindow))..<min(count, high + elsewhereWindow + 1)
        return window.filter { !sentences.contains($0) }
    }

    /// The distinct key ids of the anchors of `sentences` in `document`, sorted.
    static func keys(_ document: DocumentAnchors, _ sentences: [Int]) -> [Int32] {
        var all: [Int32] = []
        for s in sentences {
            for a in document.anchors(of: s) { all.append(contentsOf: document.keys(of: a)) }
        }
        all.sort()
        var distinct: [Int32] = []
        distinct.reserveCapacity(all.count)
        for k in all where distinct.last != k { distinct.append(k) }
        return distinct
    }

    /// Whether one of `anchor`'s keys is in `sorted`.
    static func hasKey(_ document: DocumentAnchors, anchor: Int, in sorted: [Int32]) -> Bool {
        for k in document.keys(of: anchor) {
            var lo = 0, hi = sorted.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sorted[mid] < k { lo = mid + 1 } else { hi = mid }
            }
            if lo < sorted.count, sorted[lo] == k { return true }
        }
        return false
    }

    /// Coverage of one side's anchors by the other side's keys: the weighted share matched, the
    /// facts (kind other than term) left unmatched, and the anchors matched.
    /// An English word counts as covered when a matched phrase holds it: "prime" and "minister"
    /// are covered by 首相's "prime minister".
    static func coverage(
        _ document: DocumentAnchors, _ sentences: [Int], by otherKeys: [Int32],
        weight: (Int) -> Double
    ) -> (share: Double, factsMissing: Int, matched: Int) {
        var total = 0.0, covered = 0.0, factsMissing = 0, matched = 0
        for s in sentences {
            let range = document.anchors(of: s)
            // Content words held by a matched phrase of two words or more.
            var coveredWords = Set<Int32>()
            for a in range where document.words(of: a).count > 1 && hasKey(document, anchor: a, in: otherKeys) {
                coveredWords.formUnion(document.words(of: a))
            }
            for a in range {
                let w = weight(a)
                let found =
                    hasKey(document, anchor: a, in: otherKeys)
                    || document.words(of: a).count == 1 && coveredWords.contains(document.words(of: a).lowerBound)
                total += w
                if found { covered += w; matched += 1 } else if document.content[a] > 1 { factsMissing += 1 }
            }
        }
        return (total > 0 ? covered / total : 0, factsMissing, matched)
    }

    /// The features of a link of English sentences `en` and Japanese sentences `ja`, in the order
    /// of `names`.
    package func features(en: [Int], ja: [Int], context: Context) -> [Double] {
        let enKeys = RelationEvidence.keys(english, en), jaKeys = RelationEvidence.keys(japanese, ja)
        let jaSide = RelationEvidence.coverage(japanese, ja, by: enKeys) { japanese.baseWeight[$0] }
        let enSide = RelationEvidence.coverage(english, en, by: jaKeys) { english.content[$0] }
        let (shorter, longer) = context.japaneseShorter ? (jaSide, enSide) : (enSide, jaSide)
        // What each side leaves unmatched, found in another sentence of the other document.
        let jaElsewhere = RelationEvidence.residualElsewhere(
            japanese, ja, by: enKeys,
            others: RelationEvidence.neighbours(of: en, count: englishKeys.count).map { englishKeys[$0] }
        ) { japanese.baseWeight[$0] }
        let enElsewhere = RelationEvidence.residualElsewhere(
            english, en, by: jaKeys,
            others: RelationEvidence.neighbours(of: ja, count: japaneseKeys.count).map { japaneseKeys[$0] }
        ) { english.content[$0] }
        let (shorterElsewhere, longerElsewhere) =
            context.japaneseShorter ? (jaElsewhere, enElsewhere) : (enElsewhere, jaElsewhere)
        var enLength = 0, jaLength = 0
        for i in en { enLength += Int(english.length[i]) }
        for j in ja { jaLength += Int(japanese.length[j]) }
        let logRatio = log((Double(jaLength) + 2) / (Double(enLength) * ratio + 2))
        func adjacent(_ s: [Int]) -> Bool { zip(s, s.dropFirst()).allSatisfy { $1 == $0 + 1 } }
        return [
            1, jaSide.share, enSide.share, min(jaSide.share, enSide.share),
            log1p(Double(jaSide.factsMissing)), log1p(Double(enSide.factsMissing)),
            logRatio, logRatio * logRatio, Double(en.count + ja.count - 2),
            adjacent(en) && adjacent(ja) ? 0 : 1, log1p(Double(jaSide.matched + enSide.matched)),
            context.inOrderBead ? 1 : 0, context.documentCoverage, context.translated ? 1 : 0, context.quality,
            abs(jaSide.share - enSide.share), abs(logRatio),
            abs(log1p(Double(jaSide.factsMissing)) - log1p(Double(enSide.factsMissing))),
            // The same by role: what the shorter (new) side has that the longer (original)
            // side lacks points to a restatement; the reverse, to a condensed sentence.
            shorter.share, longer.share, log1p(Double(shorter.factsMissing)), log1p(Double(longer.factsMissing)),
            shorterElsewhere, longerElsewhere, context.quality - context.rivalQuality,
        ]
    }
}
