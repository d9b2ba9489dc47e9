import Foundation
import KakehashiLexicon
import KakehashiText

/// One monolingual document to pair: a block of an article (a whole story, or one related-story
/// summary of a page), as sentences.
public struct PairingDocument: Sendable {
    public var language: Language
    public var sentences: [String]

    public init(language: Language, sentences: [String]) {
        self.language = language
        self.sentences = sentences
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
/// `pairThreshold` and a shared name, date, number or acronym; they are taken best first, each
/// Japanese document and each English story used once. Nothing is forced: a document with no
/// counterpart stays unpaired.
public final class DocumentPairer {
    public let lexicon: Lexicon
    /// Least score of a cross-language pair.
    public static let pairThreshold = 0.35
    /// Least weighted cosine of two same-language documents telling one story.
    public static let sameStoryThreshold = 0.5

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
    }

    /// What pairing found: cross-language pairs and same-story pairs, by document index.
    public struct Result: Sendable {
        public var pairs: [DocumentPair]
        public var sameStories: [SameStory]
        /// Each document's story: documents linked by same-story pairs, directly or through
        /// others, share one representative.
        public var story: [Int]

        /// The other documents telling document `d`'s story, in order.
        public func otherWordings(of d: Int) -> [Int] {
            story.indices.filter { $0 != d && story[$0] == story[d] }
        }
    }

    /// A document's anchors: for each distinct key, its kind, its text and its weight by kind.
    struct Profile {
        var language: Language
        /// Primary keys, in order of first appearance.
        var anchors: [(key: String, alternatives: [String], kind: AnchorKind, text: String, weight: Double, mentions: Int)] = []
        /// Every key and alternative, with the anchor that has it.
        var keyIndex: [String: Int] = [:]
    }

    /// How much a shared anchor of each kind says about two documents reporting one event.
    static func kindWeight(_ kind: AnchorKind) -> Double {
        switch kind {
        case .name: return 3
        case .date: return 2.5
        case .number, .acronym: return 1.5
        default: return 0.5
        }
    }

    public func pair(_ documents: [PairingDocument]) throws -> Result {
        let profiles = try self.profiles(documents)
        // Document frequency of each key (a document counts once, whichever language).
        var documentFrequency: [String: Int] = [:]
        for p in profiles { for key in p.keyIndex.keys { documentFrequency[key, default: 0] += 1 } }
        let n = Double(max(2, profiles.count))
        func rarity(_ key: String) -> Double {
            let df = Double(documentFrequency[key] ?? 1)
            return log(1 + n / df) / log(1 + n)
        }

        // Same story: weighted cosine of the primary keys of two same-language documents.
        var sameStories: [SameStory] = []
        let vectors = profiles.map { p -> [String: Double] in
            var v: [String: Double] = [:]
            for a in p.anchors where a.kind != .term { v[a.key] = max(v[a.key] ?? 0, a.weight * rarity(a.key)) }
            return v
        }
        let norms = vectors.map { sqrt($0.values.reduce(0) { $0 + $1 * $1 }) }
        var story = Array(profiles.indices)   // union-find: each document's story representative
        func root(_ i: Int) -> Int {
            var i = i
            while story[i] != i { story[i] = story[story[i]]; i = story[i] }
            return i
        }
        for a in profiles.indices {
            for b in (a + 1)..<profiles.count where profiles[a].language == profiles[b].language && norms[a] > 0 && norms[b] > 0 {
                var dot = 0.0
                let (small, large) = vectors[a].count < vectors[b].count ? (vectors[a], vectors[b]) : (vectors[b], vectors[a])
                for (key, w) in small { if let v = large[key] { dot += w * v } }
                let cosine = dot / (norms[a] * norms[b])
                if cosine >= DocumentPairer.sameStoryThreshold {
                    sameStories.append(SameStory(a: a, b: b, score: cosine))
                    story[root(b)] = root(a)
                }
            }
        }

        // Cross-language candidates, best first; one pair per Japanese document and per story.
        var candidates: [DocumentPair] = []
        for j in profiles.indices where profiles[j].language == .ja {
            for e in profiles.indices where profiles[e].language == .en {
                if let pair = score(ja: j, en: e, profiles: profiles, rarity: rarity), pair.score >= DocumentPairer.pairThreshold {
                    candidates.append(pair)
                }
            }
        }
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : ($0.ja, $0.en) < ($1.ja, $1.en) }
        var usedJapanese = Set<Int>(), usedStories = Set<Int>()
        var pairs: [DocumentPair] = []
        for c in candidates where !usedJapanese.contains(c.ja) && !usedStories.contains(root(c.en)) {
            usedJapanese.insert(c.ja)
            usedStories.insert(root(c.en))
            pairs.append(c)
        }
        pairs.sort { ($0.ja, $0.en) < ($1.ja, $1.en) }
        return Result(pairs: pairs, sameStories: sameStories, story: profiles.indices.map(root))
    }

    /// The score of a Japanese and an English document with their shared anchors; nil when they
    /// share no name, date, number or acronym. The score is a weighted geometric mean of two
    /// shares: of the Japanese document's anchors the English one has (all kinds), and of the
    /// English document's names, dates, numbers and acronyms the Japanese one has, each weighted
    /// also by how often the English document mentions it (the cast and the calendar of the
    /// story, which a summary keeps).
    func score(ja j: Int, en e: Int, profiles: [Profile], rarity: (String) -> Double) -> DocumentPair? {
        let ja = profiles[j], en = profiles[e]
        var matched = 0.0, total = 0.0
        var strong = false
        var shared: [SharedAnchor] = []
        for a in ja.anchors {
            let w = a.weight * rarity(a.key)
            total += w
            guard let hit = ([a.key] + a.alternatives).lazy.compactMap({ en.keyIndex[$0] }).first else { continue }
            matched += w
            if a.kind != .term { strong = true }
            shared.append(SharedAnchor(kind: a.kind, ja: a.text, en: en.anchors[hit].text))
        }
        guard strong, total > 0 else { return nil }
        var enMatched = 0.0, enTotal = 0.0
        for a in en.anchors where a.kind != .term {
            // The story's main cast is mentioned again and again.
            let w = a.weight * rarity(a.key) * Double(a.mentions).squareRoot()
            enTotal += w
            if ([a.key] + a.alternatives).contains(where: { ja.keyIndex[$0] != nil }) { enMatched += w }
        }
        let jaShare = matched / total, enShare = enTotal > 0 ? enMatched / enTotal : 0
        let score = pow(jaShare, 0.6) * pow(enShare, 0.4)
        shared.sort { DocumentPairer.kindWeight($0.kind) > DocumentPairer.kindWeight($1.kind) }
        return DocumentPair(en: e, ja: j, score: score, anchors: shared)
    }

    /// Anchors of every document (extracted on every core).
    func profiles(_ documents: [PairingDocument]) throws -> [Profile] {
        var profiles = documents.map { Profile(language: $0.language) }
        let extractor = ParallelAnchorExtractor(lexicon: lexicon, sentences: documents.reduce(0) { $0 + $1.sentences.count })
        for language in [Language.en, .ja] {
            var owner: [Int] = [], sentences: [String] = []
            for (d, document) in documents.enumerated() where document.language == language {
                owner += Array(repeating: d, count: document.sentences.count)
                sentences += document.sentences
            }
            var k = 0
            try extractor.forEachChunk(sentences, english: language == .en) { _, anchors, _ in
                let d = owner[k]
                k += 1
                for a in anchors {
                    let weight = DocumentPairer.kindWeight(a.kind) * AnchorMatcher.weight(a)
                    if let existing = profiles[d].keyIndex[a.key] {
                        profiles[d].anchors[existing].weight = max(profiles[d].anchors[existing].weight, weight)
                        profiles[d].anchors[existing].mentions += 1
                        continue
                    }
                    let index = profiles[d].anchors.count
                    profiles[d].anchors.append((a.key, a.alternatives, a.kind, a.text, weight, 1))
                    for key in [a.key] + a.alternatives where profiles[d].keyIndex[key] == nil { profiles[d].keyIndex[key] = index }
                }
            }
        }
        return profiles
    }
}
