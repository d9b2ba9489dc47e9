import Foundation
public import KakehashiLexicon

/// Finds the links between an English and a Japanese document and says what each one is: a
/// `translation`, a `partial` one or a `related` restatement, with a calibrated confidence.
///
/// Two kinds of document pair are told apart by the in-order alignment (`SentenceAligner`):
/// - **translated documents**, where it pairs most of the shorter document's sentences and a good
///   share of the longer one's confidently (`translatedCoverage`, `translatedLongerCoverage`), the
///   shorter having at least three: its beads are the links, in order, merges included;
/// - **comparable documents**, written anew about the same story: a report leads with its news,
///   so its first sentence may draw on the other's fifth. Each sentence of the shorter document
///   (the one that holds each of its sentences once) is linked to the one sentence, or the two
///   sentences (neighbours or not), of the other document that `RelationModel` finds the most
///   likely to be a correct link of some relation; links may cross, and a sentence of the longer
///   document may serve several links. A sentence with no likely counterpart (background) stays
///   unlinked.
///
/// Every link's relation and confidence come from `RelationModel` over `RelationEvidence`.
public struct RelationLinker: Sendable {
    public let lexicon: Lexicon
    /// The models that read a link's evidence: in documents read as translations, and in
    /// comparable documents.
    package var translatedModel = RelationModel.translated
    package var comparableModel = RelationModel.comparable

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
    }

    /// Least share of the shorter document's sentences that the in-order alignment must pair
    /// with quality `confidentQuality` for the documents to be read as a translation.
    package static let translatedCoverage = 0.7
    /// Least share of the longer document's sentences paired confidently for a translation (a
    /// summary that drops a third of the sentences still pairs the rest).
    package static let translatedLongerCoverage = 0.4
    /// Fewest sentences of the shorter document for it to be read as a translation.
    package static let leastTranslatedSentences = 3
    /// Quality (`BeadScorer`) of a bead that counts as confidently paired.
    package static let confidentQuality = 0.5
    /// Sentences of the longer document tried as a single counterpart, best quality first; pairs
    /// of them are tried too.
    static let singlesTried = 4
    /// Least quality of a single counterpart to be tried.
    static let leastQuality = 0.12
    /// Most sentence pairs scored in a comparable document pair; longer pairs keep the in-order
    /// alignment (a pair that long is not a rewrite of a news story).
    static let mostComparableCells = 40_000

    /// The links of two documents given as sentences, with every link's relation and confidence
    /// (links of low confidence included: the caller chooses its threshold).
    /// - Throws: `ICUError` when ICU fails (a break iterator or normalizer that cannot start).
    public func links(english: [String], japanese: [String]) throws -> [RelationLink] {
        chosen(try candidates(english: english, japanese: japanese))
    }

    /// The links of two documents whose anchors were extracted already (by `DocumentPairer`).
    public func links(english: DocumentAnchors, japanese: DocumentAnchors) -> [RelationLink] {
        chosen(candidates(english: english, japanese: japanese))
    }

    /// The most likely link of each group, in the Japanese document's order.
    func chosen(_ found: Candidates) -> [RelationLink] {
        var links: [RelationLink] = []
        let model = found.translated ? translatedModel : comparableModel
        for group in found.groups {
            var best: (link: RelationLink, features: [Double])? = nil
            for candidate in group {
                let link = model.link(en: candidate.en, ja: candidate.ja, features: candidate.features)
                if best == nil || link.confidence > best!.link.confidence { best = (link, candidate.features) }
            }
            if let best {
                links.append(found.translated ? best.link : model.weakestClaim(best.link, features: best.features))
            }
        }
        return links.sorted { ($0.ja.first ?? 0, $0.en.first ?? 0) < ($1.ja.first ?? 0, $1.en.first ?? 0) }
    }

    /// A link that could be made, with its evidence.
    package struct Candidate: Sendable {
        package var en: [Int]
        package var ja: [Int]
        package var features: [Double]
    }

    /// Every candidate link, in groups of which at most one is kept (the most likely): one group
    /// per bead of a translated document, one per sentence of the shorter side of a comparable one.
    package struct Candidates: Sendable {
        package var groups: [[Candidate]]
        package var translated: Bool
    }

    package func candidates(english: DocumentAnchors, japanese: DocumentAnchors) -> Candidates {
        let profiles = SentenceProfiles(english: english, japanese: japanese)
        let aligned = SentenceAligner(lexicon: lexicon).alignWithScorer(profiles)
        let scorer = aligned.scorer
        let m = profiles.enCount, n = profiles.jaCount
        let paired = aligned.beads.filter { !$0.en.isEmpty && !$0.ja.isEmpty }
        // The shorter document: fewer sentences, or as many and less text for the ratio.
        var englishLength = 0, japaneseLength = 0
        for i in 0..<m { englishLength += Int(profiles.enLength[i]) }
        for j in 0..<n { japaneseLength += Int(profiles.jaLength[j]) }
        let japaneseShorter = n != m ? n < m : Double(japaneseLength) <= Double(englishLength) * scorer.ratio
        let shorterCount = japaneseShorter ? n : m
        let confident = paired.filter { $0.score >= RelationLinker.confidentQuality }
        let coveredShorter = Set(confident.flatMap { japaneseShorter ? $0.ja : $0.en }).count
        let coverage = shorterCount == 0 ? 0 : Double(coveredShorter) / Double(shorterCount)
        let longerCount = japaneseShorter ? m : n
        let coveredLonger = Set(confident.flatMap { japaneseShorter ? $0.en : $0.ja }).count
        let longerCoverage = longerCount == 0 ? 0 : Double(coveredLonger) / Double(longerCount)
        // A document of one or two sentences says nothing about the pair as a whole: a short
        // summary is always "covered". Both sides must be mostly paired.
        let translated =
            (shorterCount >= RelationLinker.leastTranslatedSentences && coverage >= RelationLinker.translatedCoverage
                && longerCoverage >= RelationLinker.translatedLongerCoverage)
            || m * n > RelationLinker.mostComparableCells
        let evidence = RelationEvidence(english: english, japanese: japanese, ratio: scorer.ratio)
        struct Key: Hashable { let en: [Int], ja: [Int] }
        let beadKeys = Set(paired.map { Key(en: $0.en, ja: $0.ja) })
        func candidate(en: [Int], ja: [Int], quality: Double, rival: Double) -> Candidate {
            let context = RelationEvidence.Context(
                inOrderBead: beadKeys.contains(Key(en: en, ja: ja)), documentCoverage: coverage,
                translated: translated, quality: quality, japaneseShorter: japaneseShorter,
                rivalQuality: rival)
            return Candidate(en: en, ja: ja, features: evidence.features(en: en, ja: ja, context: context))
        }
        // The quality of shorter sentence x with longer sentence y.
        func single(_ x: Int, _ y: Int) -> Double {
            japaneseShorter
                ? scorer.computedQuality(en: CollectionOfOne(y), ja: CollectionOfOne(x))
                : scorer.computedQuality(en: CollectionOfOne(x), ja: CollectionOfOne(y))
        }
        if translated || m == 0 || n == 0 {
            // The in-order alignment has chosen each bead over its rivals already: no rival is
            // scored (a translated document that adds a sentence restating one keeps its beads).
            return Candidates(
                groups: paired.map { [candidate(en: $0.en, ja: $0.ja, quality: $0.score, rival: 0)] }, translated: true)
        }
        // Every single's quality, shorter sentence by longer sentence.
        var quality = [[Double]](repeating: [], count: shorterCount)
        for x in 0..<shorterCount { quality[x] = (0..<longerCount).map { single(x, $0) } }
        var groups: [[Candidate]] = []
        for x in 0..<shorterCount {
            var singles: [(y: Int, quality: Double)] = []
            for y in 0..<longerCount where quality[x][y] >= RelationLinker.leastQuality {
                singles.append((y, quality[x][y]))
            }
            singles.sort { $0.quality != $1.quality ? $0.quality > $1.quality : $0.y < $1.y }
            let tried = singles.prefix(RelationLinker.singlesTried)
            var group: [Candidate] = []
            // A single's quality is known already; a pair's is computed here.
            func add(_ ys: [Int], quality known: Double? = nil) {
                let en = japaneseShorter ? ys : [x], ja = japaneseShorter ? [x] : ys
                var rival = 0.0
                for other in 0..<shorterCount where other != x { for y in ys { rival = max(rival, quality[other][y]) } }
                group.append(
                    candidate(en: en, ja: ja, quality: known ?? scorer.computedQuality(en: en, ja: ja), rival: rival))
            }
            for single in tried { add([single.y], quality: single.quality) }
            for (a, first) in tried.enumerated() {
                for second in tried.dropFirst(a + 1) { add([first.y, second.y].sorted()) }
            }
            if !group.isEmpty { groups.append(group) }
        }
        return Candidates(groups: groups, translated: false)
    }
}

extension RelationLinker {
    /// The candidate links of two documents given as sentences (see `candidates(english:japanese:)`).
    package func candidates(english: [String], japanese: [String]) throws -> Candidates {
        let anchors = try DocumentAnchors.pair(english: english, japanese: japanese, lexicon: lexicon)
        return candidates(english: anchors.english, japanese: anchors.japanese)
    }
}
