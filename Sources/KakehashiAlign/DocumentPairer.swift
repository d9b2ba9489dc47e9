public import Foundation
public import KakehashiLexicon
public import KakehashiText

/// One monolingual document to pair: a block of an article (a whole story, or one related-story
/// summary of a page), as sentences.
public struct PairingDocument: Sendable {
    public var language: Language
    public var sentences: [String]
    /// The day the document states for itself (its metadata or dateline), if any.
    public var date: Date?
    /// Whether an earlier run paired it already (a document of an ingested file, kept in the
    /// memory): two kept documents are not compared again, their earlier pair (`EarlierPair`)
    /// stands for them.
    public var kept = false

    public init(language: Language, sentences: [String], date: Date? = nil, kept: Bool = false) {
        self.language = language
        self.sentences = sentences
        self.date = date
        self.kept = kept
    }
}

/// A pair of two kept documents (`PairingDocument.kept`) that an earlier run chose: it stays
/// unless a new document pairs better with one of them.
public struct EarlierPair: Sendable, Equatable {
    /// Indexes into the documents given to `DocumentPairer.pair`.
    public var en: Int
    public var ja: Int

    public init(en: Int, ja: Int) {
        self.en = en
        self.ja = ja
    }
}

/// An anchor that an English and a Japanese document share, as each of them writes it.
public struct SharedAnchor: Sendable, Equatable {
    public var kind: AnchorKind
    public var ja: String
    public var en: String
}

/// An English and a Japanese document that report the same event.
public struct DocumentPair: Sendable {
    /// Indexes into the documents given to `DocumentPairer.pair`.
    public var en: Int
    public var ja: Int
    /// In [0, 1]: the share of the Japanese document's anchors, weighted by kind and rarity, that
    /// the English document has.
    public var score: Double
    /// The shared anchors, names and dates first.
    public var anchors: [SharedAnchor]
    /// What pairs are chosen by: `score` times a broad prior on the documents' length ratio, the
    /// share of the English words the Japanese document has, and the shares of both documents'
    /// characters that sentence alignment pairs, so that of a story and a shorter or shifted
    /// part of it, each takes the partner whose every sentence it translates.
    public internal(set) var rank: Double = 0
    /// Both documents give dates and share none: two events, unless names and words prove
    /// otherwise (alignment alone does not confirm such a pair).
    var datesDisagree = false
}

/// Two documents of one language that tell the same story in other words (a wire story and its
/// rewrite).
public struct SameStory: Sendable {
    public var a: Int
    public var b: Int
    /// Weighted cosine of their anchors, in [0, 1].
    public var score: Double
}

/// Finds, among many monolingual documents, the English and Japanese ones that report the same
/// event, and same-language documents that are one story in two wordings.
///
/// Every document is reduced to its anchors (names, dates, numbers, acronyms, terms). An anchor
/// weighs by kind (a shared name or date proves far more than a shared word) and by rarity among
/// the documents. A Japanese document's score against an English one is the weighted share of its
/// anchors the English one has: a Japanese summary of a long English article covers few of the
/// article's anchors, but the article covers most of the summary's. Pairs need a score of at least
/// `pairThreshold` and a shared name, date, number or acronym (or, failing those, several shared
/// words). Nothing is forced: a document with no counterpart stays unpaired.
///
/// With a `window`, two documents that both state a date are compared only when the dates lie
/// within it; a document without a date is compared with every document.
///
/// At archive scale: documents are compared only when they share a key that few documents have
/// (an inverted index of keys), and each Japanese document scores its best-sharing English
/// candidates only, so the cost grows with the number of documents. Each Japanese and each English
/// document takes part in one pair. The best candidates of each Japanese document are aligned
/// sentence by sentence, which ranks them (the true partner aligns every sentence of both sides)
/// and confirms pairs of lower score; pairs are taken best first by that rank, then exchange
/// partners while that raises their total, so that a story and a shorter version of it each
/// find the partner of their own length. Same-language documents
/// with a weighted cosine of `sameStoryThreshold` or more are one story in two wordings, which
/// ingest records as the other wordings of a unit's source.
public final class DocumentPairer {
    public let lexicon: Lexicon
    /// Two dated documents are compared only when their dates lie at most this far apart (news
    /// pairs are published within days of each other); nil compares every document with every
    /// other. A document without a date is compared with every document.
    public let window: TimeInterval?
    /// Least score of a cross-language pair.
    public static let pairThreshold = 0.35
    /// Least weighted cosine of two same-language documents telling one story.
    public static let sameStoryThreshold = 0.5

    public init(lexicon: Lexicon, window: TimeInterval? = nil) {
        self.lexicon = lexicon
        self.window = window
    }

    /// Whether documents dated `a` and `b` may be compared under `window`.
    @inline(__always) static func withinWindow(_ a: Date?, _ b: Date?, _ window: TimeInterval?) -> Bool {
        guard let window, let a, let b else { return true }
        return abs(a.timeIntervalSince(b)) <= window
    }

    /// What pairing found: cross-language pairs and same-story pairs, by document index.
    public struct Result: Sendable {
        public var pairs: [DocumentPair]
        public var sameStories: [SameStory]
        /// Documents that state no date, compared with every document whatever the window.
        public var undatedDocuments = 0
        /// Each document's same-story links, most similar first, at most `maximumOtherWordings`.
        private let wordings: [Int: [Int]]
        /// The anchors of every sentence, by language, and where each document's sentences are.
        private let sentenceAnchors: [Language: DocumentAnchors]
        private let sentenceRanges: [Range<Int>]

        init(
            pairs: [DocumentPair], sameStories: [SameStory], sentenceAnchors: [Language: DocumentAnchors],
            sentenceRanges: [Range<Int>]
        ) {
            self.pairs = pairs
            self.sameStories = sameStories
            self.sentenceAnchors = sentenceAnchors
            self.sentenceRanges = sentenceRanges
            var links: [Int: [(Int, Double)]] = [:]
            for s in sameStories {
                links[s.a, default: []].append((s.b, s.score))
                links[s.b, default: []].append((s.a, s.score))
            }
            wordings = links.mapValues { others in
                others.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(DocumentPairer.maximumOtherWordings)
                    .map(\.0).sorted()
            }
        }

        /// The documents that tell document `d`'s story in other words (its direct same-story
        /// links, the most similar `maximumOtherWordings`), in document order.
        public func otherWordings(of d: Int) -> [Int] { wordings[d] ?? [] }

        /// The anchors of document `d`'s sentences, as pairing extracted them: what
        /// `SentenceAligner.align(english:japanese:)` takes, so they are not extracted twice.
        public func anchors(of d: Int, language: Language) -> DocumentAnchors {
            sentenceAnchors[language]?.slice(sentenceRanges[d]) ?? DocumentAnchors()
        }
    }

    /// One distinct anchor of a document; keys are numbers, the same for every document of one
    /// `pair` call (a corpus of 20,000 documents holds each key string once).
    ///
    /// Small and flat, with no array or string of its own: 20,000 documents hold four million.
    struct ProfileAnchor {
        var key: Int32
        /// Its alternative keys: `Profile.alternatives[alternativesStart..<alternativesStart + alternativesCount]`.
        var alternativesStart: Int32
        var alternativesCount: Int32
        var kind: AnchorKind
        /// As first written in the document: an index into the texts of the `pair` call.
        var text: Int32
        /// How often the document mentions it.
        var mentions: Int32
        /// By kind and specificity (the highest of its mentions).
        var weight: Double
    }

    /// The anchor `index` has for `anchor`'s key or one of its alternatives (in `alternatives`,
    /// the flat list of the anchor's profile), if any. No allocation: it runs for every anchor of
    /// every candidate pair.
    @inline(__always) static func hit(
        _ anchor: ProfileAnchor, alternatives: UnsafeBufferPointer<Int32>, in index: KeyIndex
    ) -> Int32? {
        if let found = index[anchor.key] { return found }
        let start = Int(anchor.alternativesStart)
        for k in start..<(start + Int(anchor.alternativesCount)) {
            if let found = index[alternatives[k]] { return found }
        }
        return nil
    }

    /// A document's anchors: for each distinct key, its kind, its text and its weight by kind.
    struct Profile {
        var language: Language
        /// Characters (Unicode scalars) of the document's sentences.
        var characters = 0
        /// Primary keys, in order of first appearance.
        var anchors: [ProfileAnchor] = []
        /// The alternative keys of all its anchors, one after another.
        var alternatives: [Int32] = []
        /// Every key and alternative, with the anchor that has it.
        var keyIndex = KeyIndex()
    }

    /// A document's keys (and alternatives) with the anchors that have each: one sorted array of
    /// key << 32 | anchor, a third of a dictionary's memory (20,000 documents hold millions).
    struct KeyIndex {
        private var entries: [UInt64] = []

        init() {}

        /// From `entry(key:anchor:)` values in any order, repeats allowed.
        init(entries unsorted: [UInt64]) {
            var sorted = unsorted.sorted()
            var kept = 0
            for value in sorted where kept == 0 || sorted[kept - 1] != value {
                sorted[kept] = value
                kept += 1
            }
            sorted.removeLast(sorted.count - kept)
            entries = sorted
        }

        static func entry(key: Int32, anchor: Int32) -> UInt64 {
            UInt64(UInt32(bitPattern: key)) << 32 | UInt64(UInt32(bitPattern: anchor))
        }

        /// The distinct keys, in order.
        var keys: some Sequence<Int32> {
            entries.indices.lazy.filter { i in i == 0 || entries[i] >> 32 != entries[i - 1] >> 32 }
                .map { Int32(bitPattern: UInt32(entries[$0] >> 32)) }
        }

        @inline(__always) subscript(key: Int32) -> Int32? {
            let wanted = UInt32(bitPattern: key)
            var lo = 0, hi = entries.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if UInt32(entries[mid] >> 32) < wanted { lo = mid + 1 } else { hi = mid }
            }
            guard lo < entries.count, UInt32(entries[lo] >> 32) == wanted else { return nil }
            return Int32(bitPattern: UInt32(truncatingIfNeeded: entries[lo]))
        }

        /// Marks the anchors of this index (in `mine`) and of `other` (in `theirs`) that have a key,
        /// primary or alternative, that the other index has too: one merge of the two sorted
        /// arrays, instead of a search for every key of every anchor.
        func markShared(
            with other: KeyIndex, mine: UnsafeMutableBufferPointer<Bool>, theirs: UnsafeMutableBufferPointer<Bool>
        ) {
            entries.withUnsafeBufferPointer { a in
                other.entries.withUnsafeBufferPointer { b in
                    var x = 0, y = 0
                    while x < a.count, y < b.count {
                        let keyA = a[x] >> 32, keyB = b[y] >> 32
                        if keyA < keyB { x += 1; continue }
                        if keyB < keyA { y += 1; continue }
                        while x < a.count, a[x] >> 32 == keyA {
                            mine[Int(UInt32(truncatingIfNeeded: a[x]))] = true; x += 1
                        }
                        while y < b.count, b[y] >> 32 == keyA {
                            theirs[Int(UInt32(truncatingIfNeeded: b[y]))] = true; y += 1
                        }
                    }
                }
            }
        }
    }

    /// How much a shared anchor of each kind says about two documents reporting one event.
    static func kindWeight(_ kind: AnchorKind) -> Double {
        switch kind {
        case .name: return 3
        case .date: return 2.5
        case .number, .acronym, .verbatim: return 1.5
        default: return 0.5
        }
    }

    /// Pairs `documents`. Two kept documents (`PairingDocument.kept`) are not compared again:
    /// their `earlier` pair, verified again among these documents, competes with the candidates
    /// that new documents make, and stays unless one of them ranks higher. (Any margin in the
    /// earlier pair's favour cost recall in `bench archive`: an old article paired with a
    /// same-story distractor before its true partner arrived must yield to it.)
    /// - Throws: `ICUError` when ICU fails (a break iterator or normalizer that cannot start).
    public func pair(_ documents: [PairingDocument], earlier: [EarlierPair] = []) throws -> Result {
        let (profiles, keyCount, texts, sentenceAnchors, sentenceRanges) = try self.profiles(documents)
        let index = KeyRarity(profiles, keyCount: keyCount)
        let dates = documents.map(\.date)
        let sameStories = DocumentPairer.sameStories(profiles, index: index, dates: dates, window: window)
        let kept = documents.map(\.kept)
        func scored(_ japanese: [Int], newOnly: Bool, above floor: [Int: Double]) -> [DocumentPair] {
            crossLanguageCandidates(
                profiles, index: index, dates: dates, japanese: japanese, newOnly: newOnly ? kept : nil,
                above: floor, sentenceAnchors: sentenceAnchors, sentenceRanges: sentenceRanges)
        }
        let japanese = profiles.indices.filter { profiles[$0].language == .ja }
        var candidates = scored(japanese.filter { !kept[$0] }, newOnly: false, above: [:])
        // Earlier pairs go first among equal ranks: one stays unless a new pair ranks higher.
        let standingPairs =
            kept.contains(true)
            ? addKeptCandidates(
                to: &candidates, earlier: earlier, kept: kept, japanese: japanese, profiles: profiles, index: index,
                sentenceAnchors: sentenceAnchors, sentenceRanges: sentenceRanges, scored: scored) : []
        candidates.sort {
            if $0.rank != $1.rank { return $0.rank > $1.rank }
            let first = standingPairs.contains([$0.en, $0.ja]), second = standingPairs.contains([$1.en, $1.ja])
            return first != second ? first : ($0.ja, $0.en) < ($1.ja, $1.en)
        }
        var pairs = DocumentPairer.match(candidates)
        pairs.sort { ($0.ja, $0.en) < ($1.ja, $1.en) }
        pairs = pairs.map { DocumentPairer.withSharedAnchors($0, profiles: profiles, texts: texts) }
        var result = Result(
            pairs: pairs, sameStories: sameStories, sentenceAnchors: sentenceAnchors, sentenceRanges: sentenceRanges)
        result.undatedDocuments = dates.filter { $0 == nil }.count
        return result
    }

    /// Adds to `candidates` (those of the new Japanese documents) the candidates that kept
    /// documents make (see `pair`): their earlier pairs, verified again; each kept Japanese
    /// document's new English candidates that may outrank its earlier pair (verification only
    /// lowers a rank); and every candidate of an earlier partner that a new document may displace.
    /// Returns the earlier pairs that were verified, as [en, ja].
    private func addKeptCandidates(
        to candidates: inout [DocumentPair], earlier: [EarlierPair], kept: [Bool], japanese: [Int],
        profiles: [Profile], index: KeyRarity, sentenceAnchors: [Language: DocumentAnchors],
        sentenceRanges: [Range<Int>],
        scored: (_ japanese: [Int], _ newOnly: Bool, _ floor: [Int: Double]) -> [DocumentPair]
    ) -> Set<[Int]> {
        // The earlier pairs, scored and verified again among these documents (a rank depends
        // on the rarity of the keys among them).
        let lexicon = self.lexicon
        let standing = earlier.filter { kept[$0.en] && kept[$0.ja] }
        let earlierCandidates = DocumentPairer.inParallel(standing.count) { k -> [DocumentPair] in
            let e = standing[k]
            guard let pair = DocumentPairer.score(ja: e.ja, en: e.en, profiles: profiles, rarity: index.rarity)
            else { return [] }
            return DocumentPairer.verified(
                [pair], japanese: sentenceAnchors[.ja]!.slice(sentenceRanges[e.ja]),
                aligner: SentenceAligner(lexicon: lexicon)
            ) { sentenceAnchors[.en]!.slice(sentenceRanges[$0]) }
        }
        // A kept Japanese document meets the new English ones that may outrank its earlier pair
        // (verification only lowers a rank). When a new Japanese document outranks a kept
        // English one's earlier partner, that partner meets every English document again, as
        // it would in one run with all of them (a kept summary whose story a new translation
        // takes may then pair with another kept version of the story).
        // (An earlier pair that fails verification now ranks 0.)
        var earlierRank: [Int: (ja: Int, rank: Double)] = [:], floor: [Int: Double] = [:]
        for e in standing { earlierRank[e.en] = (e.ja, 0) }
        for c in earlierCandidates {
            earlierRank[c.en] = (c.ja, c.rank)
            floor[c.ja] = c.rank
        }
        candidates += scored(japanese.filter { kept[$0] }, true, floor)
        var again = Set<Int>()
        for c in candidates where kept[c.en] && !kept[c.ja] {
            if let p = earlierRank[c.en], c.rank > p.rank { again.insert(p.ja) }
        }
        let earlierPairs = Set(earlierCandidates.map { [$0.en, $0.ja] })
        candidates.removeAll { again.contains($0.ja) }
        candidates += scored(again.sorted(), false, [:]).filter { !earlierPairs.contains([$0.en, $0.ja]) }
        candidates += earlierCandidates
        return earlierPairs
    }

    /// How rare each key is across the documents, and which documents hold the rarer keys.
    ///
    /// Candidates come from an index of the rarer keys: two documents are compared only when they
    /// share a key that at most `candidateKeyLimit` documents have, so the cost grows with the
    /// documents, not with their pairs. Below that many documents it is exact.
    struct KeyRarity: Sendable {
        /// For each key, `log(1 + n / df) / log(1 + n)`: 1 for a key of one document.
        let rarity: [Double]
        /// Documents holding each rarer non-term key (same-story candidates), and English
        /// documents holding each rarer key (cross-language candidates).
        let storyPostings: [[Int32]], englishPostings: [[Int32]]
        /// What each English document's anchors weigh together, by kind and rarity: a longer
        /// version of a story shares as much with its Japanese partner as the partner does.
        let englishMass: [Double]

        init(_ profiles: [Profile], keyCount: Int) {
            // Document frequency of each key (a document counts once, whichever language).
            var counts = [Int32](repeating: 0, count: keyCount)
            for p in profiles { for key in p.keyIndex.keys { counts[Int(key)] += 1 } }
            let n = Double(max(2, profiles.count))
            let rarity = counts.map { log(1 + n / Double(max(1, $0))) / log(1 + n) }
            let limit = DocumentPairer.candidateKeyLimit
            var storyIndex = [[Int32]](repeating: [], count: keyCount),
                englishIndex = [[Int32]](repeating: [], count: keyCount)
            for (d, p) in profiles.enumerated() {
                for a in p.anchors where a.kind != .term && counts[Int(a.key)] <= limit {
                    storyIndex[Int(a.key)].append(Int32(d))
                }
                if p.language == .en {
                    for key in p.keyIndex.keys where counts[Int(key)] <= limit {
                        englishIndex[Int(key)].append(Int32(d))
                    }
                }
            }
            self.rarity = rarity
            storyPostings = storyIndex
            englishPostings = englishIndex
            englishMass = profiles.map { p in
                p.language == .en ? p.anchors.reduce(0.0) { $0 + $1.weight * rarity[Int($1.key)] } : 0
            }
        }
    }

    /// Same story: weighted cosine of the primary keys of two same-language documents, each
    /// document a vector of (key, weight) sorted by key.
    static func sameStories(
        _ profiles: [Profile], index: KeyRarity, dates: [Date?], window: TimeInterval?
    ) -> [SameStory] {
        let rarity = index.rarity, storyPostings = index.storyPostings
        let vectors = profiles.map { p -> [(key: Int32, weight: Double)] in
            var v: [Int32: Double] = [:]
            for a in p.anchors where a.kind != .term { v[a.key] = max(v[a.key] ?? 0, a.weight * rarity[Int(a.key)]) }
            return v.map { ($0.key, $0.value) }.sorted { $0.key < $1.key }
        }
        let norms = vectors.map { sqrt($0.reduce(0) { $0 + $1.weight * $1.weight }) }
        return DocumentPairer.inParallel(profiles.count) { a -> [SameStory] in
            guard norms[a] > 0 else { return [] }
            var others = Set<Int>()
            for (key, _) in vectors[a] {
                for b in storyPostings[Int(key)] where Int(b) > a && profiles[Int(b)].language == profiles[a].language {
                    if window != nil, !withinWindow(dates[a], dates[Int(b)], window) { continue }
                    others.insert(Int(b))
                }
            }
            return others.sorted().compactMap { b -> SameStory? in
                guard norms[b] > 0 else { return nil }
                let cosine = dot(vectors[a], vectors[b]) / (norms[a] * norms[b])
                return cosine >= DocumentPairer.sameStoryThreshold ? SameStory(a: a, b: b, score: cosine) : nil
            }
        }
    }

    /// The dot product of two sparse vectors sorted by key.
    static func dot(_ u: [(key: Int32, weight: Double)], _ v: [(key: Int32, weight: Double)]) -> Double {
        var dot = 0.0, x = 0, y = 0
        while x < u.count, y < v.count {
            if u[x].key < v[y].key {
                x += 1
            } else if v[y].key < u[x].key {
                y += 1
            } else {
                dot += u[x].weight * v[y].weight
                x += 1
                y += 1
            }
        }
        return dot
    }

    /// Cross-language candidates of the `japanese` documents, scored and verified. The English
    /// documents sharing the most (by kind and rarity) of a Japanese document's keys are scored,
    /// at most `candidatesPerDocument` of them; with `newOnly`, only those it does not mark kept;
    /// with a `floor` for a Japanese document, only those ranked above it before verification.
    func crossLanguageCandidates(
        _ profiles: [Profile], index: KeyRarity, dates: [Date?], japanese: [Int], newOnly kept: [Bool]?,
        above floor: [Int: Double], sentenceAnchors: [Language: DocumentAnchors], sentenceRanges: [Range<Int>]
    ) -> [DocumentPair] {
        let lexicon = self.lexicon, window = self.window
        return DocumentPairer.inParallel(japanese.count) { k -> [DocumentPair] in
            let j = japanese[k]
            var overlap: [Int32: Double] = [:]
            let profile = profiles[j]
            var seen = Set<Int32>()
            for a in profile.anchors {
                seen.removeAll(keepingCapacity: true)
                let start = Int(a.alternativesStart)
                for k in -1..<Int(a.alternativesCount) {
                    let key = k < 0 ? a.key : profile.alternatives[start + k]
                    for e in index.englishPostings[Int(key)] where seen.insert(e).inserted {
                        if let kept, kept[Int(e)] { continue }
                        if window != nil, !DocumentPairer.withinWindow(dates[j], dates[Int(e)], window) { continue }
                        overlap[e, default: 0] += a.weight * index.rarity[Int(a.key)]
                    }
                }
            }
            let best = DocumentPairer.candidates(overlap, englishMass: index.englishMass)
            let least = floor[j] ?? -1
            let scored = best.compactMap { e -> DocumentPair? in
                guard let pair = DocumentPairer.score(ja: j, en: e, profiles: profiles, rarity: index.rarity),
                    pair.score >= DocumentPairer.confirmableScore, pair.rank > least
                else { return nil }
                return pair
            }
            let japanese = sentenceAnchors[.ja]!.slice(sentenceRanges[j])
            return DocumentPairer.verified(scored, japanese: japanese, aligner: SentenceAligner(lexicon: lexicon)) {
                sentenceAnchors[.en]!.slice(sentenceRanges[$0])
            }
        }
    }

    /// The best candidates by rank, aligned sentence by sentence. Of a story and a longer or
    /// shifted version of it, which share names and words alike, only the true partner aligns
    /// every sentence on both sides; and alignment confirms a pair that shares too few anchors to
    /// pass the threshold on its own (short documents, few names).
    static func verified(
        _ candidates: [DocumentPair], japanese: DocumentAnchors, aligner: SentenceAligner,
        english: (Int) -> DocumentAnchors
    ) -> [DocumentPair] {
        var scored = candidates
        scored.sort { $0.rank != $1.rank ? $0.rank > $1.rank : $0.en < $1.en }
        return scored.prefix(DocumentPairer.verifiedCandidates).compactMap { pair in
            var verified = pair
            let english = english(pair.en)
            let beads = aligner.align(english: english, japanese: japanese)
            let share = DocumentPairer.alignedShare(beads, english: english, japanese: japanese, byConfidence: false)
            if pair.score < DocumentPairer.pairThreshold {
                guard !pair.datesDisagree else { return nil }
                let confident = DocumentPairer.alignedShare(
                    beads, english: english, japanese: japanese, byConfidence: true)
                guard min(confident.english, confident.japanese) >= DocumentPairer.confirmedShare else { return nil }
            }
            verified.rank = pair.rank * share.english * share.japanese
            return verified
        }
    }

    /// One pair per Japanese and per English document, the total score as high as it can be made
    /// by exchanges: pairs are taken best first, then two pairs exchange partners while that
    /// raises their sum. Without the exchanges, a document that is part of another (a shorter
    /// version, a story without its headline) takes the longer one's partner first and leaves the
    /// longer one the shorter one's.
    static func match(_ candidates: [DocumentPair]) -> [DocumentPair] {
        var byJapanese: [Int: Int] = [:], byEnglish: [Int: Int] = [:]
        var pairs: [DocumentPair] = []
        for c in candidates where byJapanese[c.ja] == nil && byEnglish[c.en] == nil {
            byJapanese[c.ja] = pairs.count
            byEnglish[c.en] = pairs.count
            pairs.append(c)
        }
        var candidate: [Int: [Int: DocumentPair]] = [:]  // Japanese → English → pair
        var alternatives: [Int: [DocumentPair]] = [:]  // Japanese → its candidates, best first
        for c in candidates {
            candidate[c.ja, default: [:]][c.en] = c
            alternatives[c.ja, default: []].append(c)
        }
        for _ in 0..<maximumExchangeRounds {
            var exchanged = false
            for k in pairs.indices {
                let a = pairs[k]
                for a2 in alternatives[a.ja] ?? [] where a2.en != a.en {
                    guard let m = byEnglish[a2.en] else { continue }
                    let b = pairs[m]
                    guard let b2 = candidate[b.ja]?[a.en], a2.rank + b2.rank > a.rank + b.rank + 1e-9 else { continue }
                    pairs[k] = a2
                    pairs[m] = b2
                    byEnglish[a2.en] = k
                    byEnglish[b2.en] = m
                    exchanged = true
                    break
                }
            }
            if !exchanged { break }
        }
        return pairs
    }

    /// The English documents a Japanese one scores, by index: half of `candidatesPerDocument`
    /// that share the most with it (by kind and rarity), then those that share the most for their
    /// own anchors' weight (a cosine), up to `candidatesPerDocument`. The first order alone
    /// fills up with the longer versions of a story, which all share everything the Japanese
    /// document has; the second finds the version of its own length.
    static func candidates(_ overlap: [Int32: Double], englishMass: [Double]) -> [Int] {
        guard overlap.count > candidatesPerDocument else { return overlap.keys.map(Int.init).sorted() }
        func top(_ value: (Int32, Double) -> Double) -> [Int32] {
            overlap.map { (key: $0.key, value: value($0.key, $0.value)) }
                .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        }
        var chosen = Set(top { _, shared in shared }.prefix(candidatesPerDocument / 2))
        for e in top({ e, shared in shared / max(1e-9, englishMass[Int(e)]).squareRoot() })
        where chosen.count < candidatesPerDocument {
            chosen.insert(e)
        }
        return chosen.map(Int.init).sorted()
    }

    /// The share of each side's characters that the beads pair with the other side (at least
    /// 0.01); with `byConfidence`, each bead counts by its score.
    static func alignedShare(
        _ beads: [Bead], english: DocumentAnchors, japanese: DocumentAnchors, byConfidence: Bool
    ) -> (english: Double, japanese: Double) {
        var enAligned = 0.0, jaAligned = 0.0
        for bead in beads where !bead.en.isEmpty && !bead.ja.isEmpty {
            let weight = byConfidence ? bead.score : 1
            for i in bead.en { enAligned += weight * Double(english.length[i]) }
            for j in bead.ja { jaAligned += weight * Double(japanese.length[j]) }
        }
        let enTotal = Double(max(1, english.length.reduce(0) { $0 + Int($1) }))
        let jaTotal = Double(max(1, japanese.length.reduce(0) { $0 + Int($1) }))
        return (max(0.01, enAligned / enTotal), max(0.01, jaAligned / jaTotal))
    }

    /// Least score of a pair that sentence alignment confirms (below `pairThreshold`).
    static let confirmableScore = 0.15
    /// Least share of each side's characters that a pair below `pairThreshold` must align in
    /// confident beads (checked on WMT21 with half the documents left without a partner, whole
    /// and cut into 4- and 8-sentence documents: no false pair down to 0.3).
    static let confirmedShare = 0.3
    /// Candidates of each Japanese document aligned sentence by sentence (the best by rank).
    static let verifiedCandidates = 64

    /// Other wordings a document names at most (a story rewritten many times links to many).
    public static let maximumOtherWordings = 5

    /// Bound on the passes of exchanges (each raises the total; a handful are enough in practice).
    static let maximumExchangeRounds = 20

    /// Shared words a pair needs when it shares no name, date, number or acronym.
    static let termOnlyMinimumAnchors = 5

    /// The English share given to a pair whose English names, dates and numbers all went unmatched,
    /// as a part of its Japanese share.
    static let termOnlyDiscount = 0.5

    /// Japanese characters per English character of a translation (news average), and the spread
    /// of the length prior in log ratio: broad, since a summary is a fraction of its story.
    static let characterRatio = 0.44
    /// Weight of the English word coverage in the rank.
    static let wordCoverageExponent = 0.3
    static let lengthSpread = 1.0

    /// English documents scored for each Japanese document.
    static let candidatesPerDocument = 128

    /// Keys found in more documents than this propose no candidates (they still count in scores).
    static let candidateKeyLimit = 1024

    /// `body` for every index in `0..<count` on every core, the results joined in index order.
    static func inParallel<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> [T]) -> [T] {
        let chunks = min(count, max(1, ProcessInfo.processInfo.activeProcessorCount) * 8)
        guard chunks > 1 else { return (0..<count).flatMap(body) }
        let results = SharedBuffer<[T]>(repeating: [], count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let range = ParallelChunks.chunk(c, of: chunks, count: count)
            if !range.isEmpty { results.pointer[c] = range.flatMap(body) }
        }
        return results.array.flatMap { $0 }
    }

    /// The score of a Japanese and an English document (its shared anchors are found later, for
    /// the pairs chosen); nil when they share no name, date, number or acronym and fewer than
    /// `termOnlyMinimumAnchors` words. The score is a weighted geometric mean of two
    /// shares: of the Japanese document's anchors the English one has (all kinds), and of the
    /// English document's names, dates, numbers and acronyms the Japanese one has, each weighted
    /// also by how often the English document mentions it (the cast and the calendar of the
    /// story, which a summary keeps).
    static func score(ja j: Int, en e: Int, profiles: [Profile], rarity: [Double]) -> DocumentPair? {
        // Borrowed through buffer pointers: copying a profile retains its arrays, and array
        // reads in these loops cost more than the arithmetic (this runs for every candidate
        // pair; reading the arrays directly made pairing at N = 10,000 about 15% slower).
        profiles.withUnsafeBufferPointer { profiles in
            profiles[j].anchors.withUnsafeBufferPointer { jaAnchors in
                profiles[e].anchors.withUnsafeBufferPointer { enAnchors in
                    DocumentPairer.score(
                        ja: j, en: e, jaAnchors: jaAnchors, enAnchors: enAnchors,
                        jaIndex: profiles[j].keyIndex, enIndex: profiles[e].keyIndex,
                        jaCharacters: profiles[j].characters, enCharacters: profiles[e].characters, rarity: rarity)
                }
            }
        }
    }

    private static func score(
        ja j: Int, en e: Int, jaAnchors: UnsafeBufferPointer<ProfileAnchor>,
        enAnchors: UnsafeBufferPointer<ProfileAnchor>,
        jaIndex: KeyIndex, enIndex: KeyIndex, jaCharacters: Int, enCharacters: Int,
        rarity: [Double]
    ) -> DocumentPair? {
        // Which anchors of each side the other side has.
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: jaAnchors.count + enAnchors.count) { hits in
            hits.initialize(repeating: false)
            let jaHit = UnsafeMutableBufferPointer(rebasing: hits[0..<jaAnchors.count])
            let enHit = UnsafeMutableBufferPointer(rebasing: hits[jaAnchors.count...])
            jaIndex.markShared(with: enIndex, mine: jaHit, theirs: enHit)
            return score(
                ja: j, en: e, jaAnchors: jaAnchors, enAnchors: enAnchors, jaHit: UnsafeBufferPointer(jaHit),
                enHit: UnsafeBufferPointer(enHit), jaCharacters: jaCharacters, enCharacters: enCharacters,
                rarity: rarity)
        }
    }

    private static func score(
        ja j: Int, en e: Int, jaAnchors: UnsafeBufferPointer<ProfileAnchor>,
        enAnchors: UnsafeBufferPointer<ProfileAnchor>,
        jaHit: UnsafeBufferPointer<Bool>, enHit: UnsafeBufferPointer<Bool>, jaCharacters: Int, enCharacters: Int,
        rarity: [Double]
    ) -> DocumentPair? {
        var matched = 0.0, total = 0.0
        var strong = false
        var sharedCount = 0, jaDates = 0, sharedDates = 0, enDates = 0
        for k in jaAnchors.indices {
            let w = jaAnchors[k].weight * rarity[Int(jaAnchors[k].key)]
            total += w
            if jaAnchors[k].kind == .date { jaDates += 1 }
            guard jaHit[k] else { continue }
            matched += w
            sharedCount += 1
            if jaAnchors[k].kind != .term { strong = true }
            if jaAnchors[k].kind == .date { sharedDates += 1 }
        }
        guard total > 0, strong || sharedCount >= DocumentPairer.termOnlyMinimumAnchors else { return nil }
        var enMatched = 0.0, enTotal = 0.0, enWords = 0.0, enWordsMatched = 0.0
        for k in enAnchors.indices {
            let found = enHit[k]
            if enAnchors[k].kind == .date { enDates += 1 }
            if enAnchors[k].kind == .term {
                let w = enAnchors[k].weight * rarity[Int(enAnchors[k].key)]
                enWords += w
                if found { enWordsMatched += w }
            } else {
                // The story's main cast is mentioned again and again.
                let w = enAnchors[k].weight * rarity[Int(enAnchors[k].key)] * Double(enAnchors[k].mentions).squareRoot()
                enTotal += w
                if found { enMatched += w }
            }
        }
        let jaShare = matched / total
        var enShare = enTotal > 0 ? enMatched / enTotal : 0
        // None of the English names, dates and numbers found in the Japanese document (names the
        // lexicon cannot read, dates written differently): the shared words must carry the pair,
        // and count for the English side at a discount.
        if enMatched == 0, sharedCount >= DocumentPairer.termOnlyMinimumAnchors {
            enShare = jaShare * DocumentPairer.termOnlyDiscount
        }
        let score = pow(jaShare, 0.6) * pow(enShare, 0.4)
        // The rank that chooses among candidates: a broad length prior, and the share of the
        // English words the Japanese document has, so that of an article and a longer one
        // holding it, whose names and dates it shares alike, the one of its own size wins.
        let ratio = log(Double(max(1, jaCharacters)) / (Double(max(1, enCharacters)) * DocumentPairer.characterRatio))
        let lengthPrior = exp(-ratio * ratio / (2 * DocumentPairer.lengthSpread * DocumentPairer.lengthSpread))
        let wordCoverage = enWords > 0 ? enWordsMatched / enWords : 1
        return DocumentPair(
            en: e, ja: j, score: score, anchors: [],
            rank: score * lengthPrior * pow(max(wordCoverage, 0.01), DocumentPairer.wordCoverageExponent),
            datesDisagree: jaDates > 0 && enDates > 0 && sharedDates == 0)
    }

    /// `pair` with its shared anchors, names and dates first (found for the chosen pairs only:
    /// the candidates of a large corpus would hold millions of strings).
    static func withSharedAnchors(_ pair: DocumentPair, profiles: [Profile], texts: [String]) -> DocumentPair {
        let ja = profiles[pair.ja], en = profiles[pair.en]
        var shared: [SharedAnchor] = []
        ja.alternatives.withUnsafeBufferPointer { alternatives in
            for a in ja.anchors {
                guard let found = hit(a, alternatives: alternatives, in: en.keyIndex) else { continue }
                shared.append(
                    SharedAnchor(kind: a.kind, ja: texts[Int(a.text)], en: texts[Int(en.anchors[Int(found)].text)]))
            }
        }
        shared.sort { DocumentPairer.kindWeight($0.kind) > DocumentPairer.kindWeight($1.kind) }
        var result = pair
        result.anchors = shared
        return result
    }

    /// Anchors of every document (extracted on every core), how many distinct keys they have,
    /// and every sentence's anchors by language with each document's range of sentences there.
    func profiles(
        _ documents: [PairingDocument]
    ) throws
        -> (
            profiles: [Profile], keyCount: Int, texts: [String], sentences: [Language: DocumentAnchors],
            ranges: [Range<Int>]
        )
    {
        var profiles = documents.map {
            Profile(language: $0.language, characters: $0.sentences.reduce(0) { $0 + $1.unicodeScalars.count })
        }
        var ranges = Array(repeating: 0..<0, count: documents.count)
        var sentenceAnchors: [Language: DocumentAnchors] = [:]
        let extractor = ParallelAnchorExtractor(
            lexicon: lexicon, sentences: documents.reduce(0) { $0 + $1.sentences.count })
        // Each distinct anchor text once (most recur across documents).
        var texts: [String] = [], textIndex: [String: Int32] = [:]
        for language in [Language.en, .ja] {
            var owner: [Int] = [], sentences: [String] = []
            for (d, document) in documents.enumerated() where document.language == language {
                ranges[d] = sentences.count..<(sentences.count + document.sentences.count)
                owner += Array(repeating: d, count: document.sentences.count)
                sentences += document.sentences
            }
            var all = DocumentAnchors()
            var k = 0
            // The document being read, its keys in a dictionary until it is complete.
            var current = -1
            var building: [Int32: Int32] = [:]
            var indexEntries: [UInt64] = []
            // Japanese documents about Korea read their names as Korean in every sentence.
            var aboutKorea = [Bool](repeating: false, count: documents.count)
            if language == .ja {
                for (d, document) in documents.enumerated() where document.language == .ja {
                    aboutKorea[d] = NameFinder.isAboutKorea(document.sentences.joined())
                }
            }
            let documentAboutKorea = aboutKorea, sentenceOwner = owner
            try extractor.forEachChunk(
                sentences, english: language == .en,
                aboutKorea: { documentAboutKorea[sentenceOwner[$0]] }
            ) { sentence, anchors, ids in
                all.append(sentence, anchors: anchors, ids: ids)
                let d = owner[k]
                k += 1
                if d != current {
                    if current >= 0 { DocumentPairer.finish(&profiles[current], keys: indexEntries) }
                    current = d
                    building.removeAll(keepingCapacity: true)
                    indexEntries.removeAll(keepingCapacity: true)
                }
                var next = 0
                for a in anchors {
                    let keys = Array(ids[next..<(next + 1 + a.alternatives.count)])
                    next += keys.count
                    let weight = DocumentPairer.kindWeight(a.kind) * AnchorMatcher.weight(a)
                    if let existing = building[keys[0]].map(Int.init) {
                        profiles[d].anchors[existing].weight = max(profiles[d].anchors[existing].weight, weight)
                        profiles[d].anchors[existing].mentions += 1
                        continue
                    }
                    let index = Int32(profiles[d].anchors.count)
                    let text: Int32
                    if let known = textIndex[a.text] {
                        text = known
                    } else {
                        text = Int32(texts.count)
                        textIndex[a.text] = text
                        texts.append(a.text)
                    }
                    let anchor = ProfileAnchor(
                        key: keys[0], alternativesStart: Int32(profiles[d].alternatives.count),
                        alternativesCount: Int32(keys.count - 1), kind: a.kind, text: text, mentions: 1, weight: weight)
                    profiles[d].alternatives += keys.dropFirst()
                    profiles[d].anchors.append(anchor)
                    for key in keys {
                        if building[key] == nil { building[key] = index }
                        indexEntries.append(KeyIndex.entry(key: key, anchor: index))
                    }
                }
            }
            if current >= 0 { DocumentPairer.finish(&profiles[current], keys: indexEntries) }
            sentenceAnchors[language] = all
        }
        return (profiles, extractor.ids.count, texts, sentenceAnchors, ranges)
    }

    /// A profile whose document has been read: its key index built, its arrays no larger than
    /// they need be (growing by doubling leaves a third of them empty on average).
    private static func finish(_ profile: inout Profile, keys: [UInt64]) {
        profile.keyIndex = KeyIndex(entries: keys)
        profile.anchors = profile.anchors.withUnsafeBufferPointer { Array($0) }
        profile.alternatives = profile.alternatives.withUnsafeBufferPointer { Array($0) }
    }
}
