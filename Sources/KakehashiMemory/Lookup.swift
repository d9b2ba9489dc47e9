import Foundation
import KakehashiText

/// What kind of match a lookup found.
public enum MatchKind: String, Sendable, Codable {
    /// The same key, in the same context (neighbouring segments): score 101, as CAT tools show it.
    case inContext = "in-context"
    /// The same key: score 100.
    case exact
    /// A similar segment, with its match percentage.
    case fuzzy
    /// A segment containing the query; its score is the share of the segment the query covers.
    case concordance
}

/// Which lookups to run.
public enum LookupMode: String, Sendable, CaseIterable {
    case exact, fuzzy, concordance, all
}

/// One answer of a lookup: the stored segment in the query's language, its counterpart, and why it matched.
public struct LookupMatch: Sendable {
    public var score: Int
    public var kind: MatchKind
    public var source: String
    public var target: String
    public var sourceLanguage: String
    public var targetLanguage: String
    public var confidence: Double?
    public var status: UnitStatus
    /// What the unit's sides are to each other.
    public var relation: UnitRelation
    public var method: String?
    public var provenance: [Provenance]
    /// UTF-8 range of the query in `source` (concordance), for highlighting.
    public var highlight: Range<Int>?
    /// Words (or characters) that differ between the query and `source` (fuzzy).
    public var differences: [FuzzyScore.Difference]
    public var unitID: Int64
}

/// Options of a lookup.
public struct LookupOptions: Sendable {
    /// Language of the query ("en", "ja"); nil to tell it from the query's scripts.
    public var from: String?
    public var mode: LookupMode = .all
    public var minimumScore = 70
    public var limit = 5
    /// The neighbouring segments of the query in its document, for in-context exact matches.
    public var context: String?
    /// The relations a match may have; nil for the defaults: exact and fuzzy matches offer
    /// translations only (what a translator may reuse), concordance shows every relation.
    public var relations: Set<UnitRelation>?
    /// When the lookup stops gathering and answers with what it has (`LookupResult.truncated`);
    /// nil for no limit. A statement still running then is interrupted `LookupEngine.grace` later.
    public var deadline: ContinuousClock.Instant?
    /// The points a match loses for its unit's status, confidence and relation.
    public var penalties = MatchPenalties()

    public init(
        from: String? = nil, mode: LookupMode = .all, minimumScore: Int = 70, limit: Int = 5, context: String? = nil,
        relations: Set<UnitRelation>? = nil
    ) {
        self.from = from
        self.mode = mode
        self.minimumScore = minimumScore
        self.limit = limit
        self.context = context
        self.relations = relations
    }

    /// The relations exact and fuzzy matches may have.
    public var reusableRelations: Set<UnitRelation> { relations ?? [.translation] }
    /// The relations concordance matches may have.
    public var concordanceRelations: Set<UnitRelation> { relations ?? Set(UnitRelation.allCases) }
}

/// A lookup's matches, best first within each kind, and whether the lookup stopped early: its
/// deadline passed or a statement was interrupted, so that better matches may have been missed.
public struct LookupResult: Sendable {
    public var matches: [LookupMatch]
    public var truncated: Bool

    public init(matches: [LookupMatch], truncated: Bool = false) {
        self.matches = matches
        self.truncated = truncated
    }
}

/// Score bands translators and vendors use for fuzzy matches.
public enum ScoreBand: String, Sendable {
    case exact = "100", high = "95–99", good = "85–94", fair = "75–84", low = "<75"

    public init(score: Int) {
        switch score {
        case 100...: self = .exact
        case 95...99: self = .high
        case 85...94: self = .good
        case 75...84: self = .fair
        default: self = .low
        }
    }
}

/// A variant a lookup may answer with: the stored segment, its unit and key.
package struct LookupCandidate: Sendable {
    package var variantID: Int64
    package var unitID: Int64
    package var key: String
    /// The variant's primary language subtag (concordance candidates come in every language).
    package var languageBase: String

    package init(variantID: Int64, unitID: Int64, key: String, languageBase: String) {
        self.variantID = variantID
        self.unitID = unitID
        self.key = key
        self.languageBase = languageBase
    }
}

/// What a match shows of its unit: the variants (id, tag, primary subtag, text) in order, the
/// status, confidence, method and provenance.
package struct UnitDetails: Sendable {
    package struct VariantText: Sendable {
        package var id: Int64
        package var language: String
        package var languageBase: String
        package var text: String
        package init(id: Int64, language: String, languageBase: String, text: String) {
            self.id = id
            self.language = language
            self.languageBase = languageBase
            self.text = text
        }
    }
    package var variants: [VariantText]
    package var status: String
    package var confidence: Double?
    /// The relation's name as stored; nil for an aligned unit of a release before relations, not
    /// scored again yet.
    package var relation: String?
    /// The relation a match states: an unscored or unknown one reads as `related`, never offered
    /// for reuse.
    package var statedRelation: UnitRelation { relation.flatMap(UnitRelation.init(rawValue:)) ?? .related }
    package var method: String?
    package var provenance: [Provenance]

    package init(
        variants: [VariantText], status: String, confidence: Double?, relation: String?, method: String?,
        provenance: [Provenance]
    ) {
        self.variants = variants
        self.status = status
        self.confidence = confidence
        self.relation = relation
        self.method = method
        self.provenance = provenance
    }
}

/// The candidate queries a memory backend answers for `LookupEngine`. Each has one meaning that
/// every backend implements exactly (orders and limits included), so that the same memory gives
/// the same matches, order and scores in SQLite and PostgreSQL: the backends find candidates,
/// the engine scores them.
package protocol LookupReader {
    /// Variants in `language` whose key is `key` (its `UnitInserter.keyHash` is `keyHash`), with
    /// their unit's context key: the first `limit` by variant id.
    func exactCandidates(
        keyHash: Int64, key: String, language: String, limit: Int
    ) throws -> [(LookupCandidate, contextKey: String?)]
    /// Variants in `language` whose key length is in `lengths`: the first `limit` by (length, id).
    func lengthCandidates(language: String, lengths: ClosedRange<Int>, limit: Int) throws -> [LookupCandidate]
    /// The id of the newest unit (0 for none): term counts stay valid while it does not change.
    func newestUnit() throws -> Int64
    /// For each term, how many variants hold it among their index words (`TermIndex.tokens`),
    /// counted up to `cap`.
    func termCounts(_ terms: [String], cap: Int) throws -> [Int]
    /// Of the first `limit` variants by id that hold every term of at least one clause, those in
    /// `language` with a key length in `lengths`.
    func termCandidates(
        _ clauses: [[String]], limit: Int, language: String, lengths: ClosedRange<Int>
    ) throws -> [LookupCandidate]
    /// The first `limit` variants by id (any language) that hold `phrase` and, when `substring`
    /// is given, whose key contains it.
    func phraseCandidates(_ phrase: TermIndex.Phrase, substring: String?, limit: Int) throws -> [LookupCandidate]
    /// The units `unitIDs` as a match shows them, by id (a unit that is not there is left out).
    func details(unitIDs: [Int64]) throws -> [Int64: UnitDetails]
    /// Whether `error`, thrown by one of the queries above, means that the backend stopped the
    /// statement because the lookup's deadline had passed (the engine then answers with what it has).
    func wasStoppedByDeadline(_ error: any Error) -> Bool
}

/// Lookup, written once for every backend: which candidates to ask for, how to score, penalize,
/// order and cut them.
///
/// Retrieval is two-stage and never scans the whole memory: exact matches use the key hash;
/// fuzzy candidates come from the rarest terms of the query (words, CJK trigrams) inside the
/// length window the minimum score allows (short queries: the window alone), and only those
/// candidates are scored; concordance is a phrase of words or trigrams (of characters for one-
/// and two-character CJK queries), confirmed on the key for CJK text.
package enum LookupEngine {
    /// A query in key form, with its direction.
    package struct Query: Sendable {
        package var text: String
        package var key: String
        package var from: String
        package var to: String
        package var contextKey: String?

        /// Nil when the query has nothing to look up (blank or punctuation only).
        package init?(_ query: String, options: LookupOptions) throws {
            key = try TextNormalizer.key(query)
            guard !key.isEmpty else { return nil }
            text = query
            from = Variant.baseLanguage(of: options.from ?? LookupEngine.guessLanguage(query))
            to = from == "ja" ? "en" : "ja"
            contextKey = try options.context.map { try TextNormalizer.key($0) }
        }
    }

    /// The most candidates a concordance asks the backend for.
    static let maximumPhraseCandidates = 5000

    /// Segments counted for a term before it is called common.
    static let commonTermCount = 2000

    /// How long after a lookup's deadline a statement still running is interrupted: the grace
    /// lets the short statements that finish a stage (reading the chosen units) complete.
    package static let grace: Duration = .milliseconds(50)

    /// Whether `deadline` has passed.
    static func expired(_ deadline: ContinuousClock.Instant?) -> Bool {
        deadline.map { ContinuousClock.now >= $0 } ?? false
    }

    /// Exact matches, then fuzzy, then concordance. Past `options.deadline` no further stage
    /// starts and a stage stops scoring; a statement interrupted by the backend ends the lookup.
    /// Either way the matches found so far are answered, marked `truncated`.
    package static func lookup(
        _ query: Query, options: LookupOptions, reader: some LookupReader,
        termCounts: TermCounts
    ) throws -> LookupResult {
        var truncated = false
        var matches: [LookupMatch] = []
        var seen: Set<Int64> = []
        func addAll(_ found: [LookupMatch]) {
            for m in found where !seen.contains(m.unitID) {
                seen.insert(m.unitID)
                matches.append(m)
            }
        }
        let deadline = options.deadline
        do {
            if options.mode == .exact || options.mode == .all {
                addAll(
                    try exactMatches(
                        query, limit: options.limit, relations: options.reusableRelations,
                        penalties: options.penalties, reader: reader))
            }
            if options.mode == .fuzzy || options.mode == .all {
                if expired(deadline) { return LookupResult(matches: matches, truncated: true) }
                addAll(
                    try fuzzyMatches(
                        query, options: options, excluding: seen, reader: reader, termCounts: termCounts,
                        truncated: &truncated))
            }
            if options.mode == .concordance || options.mode == .all {
                if expired(deadline) { return LookupResult(matches: matches, truncated: true) }
                addAll(
                    try concordance(
                        query, limit: options.limit, relations: options.concordanceRelations, excluding: seen,
                        reader: reader, deadline: deadline, truncated: &truncated))
            }
        } catch  where reader.wasStoppedByDeadline(error) {
            return LookupResult(matches: matches, truncated: true)
        }
        return LookupResult(matches: matches, truncated: truncated)
    }

    static func guessLanguage(_ query: String) -> String {
        switch LanguageIdentifier.identify(query) {
        case .ja: return "ja"
        case .ko: return "ko"
        default: return "en"
        }
    }

    /// Higher score first, then units a reviewer approved, then higher confidence; ties keep their order.
    private static func ranked(_ matches: [LookupMatch]) -> [LookupMatch] {
        matches.enumerated().sorted {
            let a = $0.element, b = $1.element
            if a.score != b.score { return a.score > b.score }
            if (a.status == .approved) != (b.status == .approved) { return a.status == .approved }
            if (a.confidence ?? 1) != (b.confidence ?? 1) { return (a.confidence ?? 1) > (b.confidence ?? 1) }
            return $0.offset < $1.offset
        }.map(\.element)
    }

    private static func makeMatch(
        _ details: [Int64: UnitDetails], _ c: LookupCandidate, to: String, score: Int, kind: MatchKind,
        relations: Set<UnitRelation>
    ) -> LookupMatch? {
        guard let unit = details[c.unitID], !(UnitStatus(rawValue: unit.status)?.isWithdrawn ?? false),
            relations.contains(unit.statedRelation),
            let hit = unit.variants.first(where: { $0.id == c.variantID })
        else { return nil }
        let wanted = hit.languageBase == to ? (to == "ja" ? "en" : "ja") : to
        guard
            let counterpart = unit.variants.first(where: { $0.languageBase == wanted })
                ?? unit.variants.first(where: { $0.languageBase != hit.languageBase })
        else { return nil }
        return LookupMatch(
            score: score, kind: kind, source: hit.text, target: counterpart.text,
            sourceLanguage: hit.language, targetLanguage: counterpart.language, confidence: unit.confidence,
            status: UnitStatus(rawValue: unit.status) ?? .imported,
            relation: unit.statedRelation, method: unit.method,
            provenance: unit.provenance, highlight: nil, differences: [], unitID: c.unitID)
    }

    // MARK: Exact

    private static func exactMatches(
        _ q: Query, limit: Int, relations: Set<UnitRelation>, penalties: MatchPenalties, reader: some LookupReader
    ) throws -> [LookupMatch] {
        let rows = try reader.exactCandidates(
            keyHash: UnitHashing.keyHash(q.key), key: q.key, language: q.from, limit: max(limit * 4, 20))
        var result: [LookupMatch] = []
        let details = try reader.details(unitIDs: rows.map(\.0.unitID))
        for (candidate, contextKey) in rows {
            let inContext = q.contextKey != nil && contextKey == q.contextKey
            if var m = makeMatch(
                details, candidate, to: q.to, score: inContext ? 101 : 100, kind: inContext ? .inContext : .exact,
                relations: relations)
            {
                m.score -= penalties.points(relation: m.relation)
                result.append(m)
            }
        }
        return Array(ranked(result).prefix(limit))
    }

    // MARK: Fuzzy

    private static func fuzzyMatches(
        _ q: Query, options: LookupOptions, excluding: Set<Int64>, reader: some LookupReader,
        termCounts: TermCounts, truncated: inout Bool
    ) throws -> [LookupMatch] {
        let length = q.key.unicodeScalars.count
        let ratio = max(0.01, Double(min(100, max(1, options.minimumScore))) / 100)
        let lengths = Int((Double(length) * ratio).rounded(.down))...Int((Double(length) / ratio).rounded(.up))
        let japanese =
            q.from == "ja" || q.from == "zh"
            || q.from == "ko" && q.key.unicodeScalars.contains { ScriptClass.isIndexedCJK($0) }
        let scorer = FuzzyScore.Query(q.key, japanese: japanese)
        var candidates: [LookupCandidate] = []
        if length < 9 {
            // Short queries: the length window alone is selective, and their terms are too common.
            candidates = try reader.lengthCandidates(language: q.from, lengths: lengths, limit: 5000)
        } else {
            // Stage one: units that contain two of the query's six rarest terms, words or
            // trigrams (see `fuzzyTerms`). A segment within the allowed distance keeps most of
            // them, an index intersects short posting lists quickly, and common terms never
            // enter the query.
            let terms = fuzzyTerms(q.key)
            if terms.isEmpty { return [] }
            var frequency: [String: Int] = [:]
            let generation = try reader.newestUnit()
            let uncounted = terms.filter { term in
                guard let n = termCounts.count(term, cap: commonTermCount, generation: generation) else { return true }
                frequency[term] = n
                return false
            }
            for (term, n) in zip(uncounted, try reader.termCounts(uncounted, cap: commonTermCount)) {
                termCounts.record(term, n, cap: commonTermCount, generation: generation)
                frequency[term] = n
            }
            let rarest = Array(
                terms.filter { frequency[$0]! > 0 }.enumerated()
                    .sorted { (frequency[$0.element]!, $0.offset) < (frequency[$1.element]!, $1.offset) }.map(\.element)
                    .prefix(6))
            if rarest.isEmpty { return [] }
            let absent = terms.filter { frequency[$0] == 0 && Self.isPlainWord($0) }.count
            guard
                let needed = requiredTerms(
                    of: rarest, queryWords: scorer.tokens.count, absentWords: absent,
                    minimumScore: options.minimumScore, japanese: japanese)
            else { return [] }
            let plain = Set(rarest.filter(Self.isPlainWord))
            var clauses: [[String]] = []
            if needed >= 2 {
                clauses = subsets(of: rarest.filter(plain.contains), size: needed)
            } else if rarest.count <= 2 {
                clauses = rarest.map { [$0] }
            } else {
                for i in 0..<rarest.count {
                    for j in (i + 1)..<rarest.count { clauses.append([rarest[i], rarest[j]]) }
                }
            }
            if needed == 1 { clauses = clauses.filter { $0.contains(where: plain.contains) } }
            candidates = try reader.termCandidates(clauses, limit: 1000, language: q.from, lengths: lengths)
        }
        var scored: [(LookupCandidate, FuzzyScore.Result)] = []
        for (k, c) in candidates.enumerated() where !excluding.contains(c.unitID) {
            // The clock is read every 64 candidates: scoring one takes microseconds.
            if k & 63 == 63 && expired(options.deadline) {
                truncated = true
                break
            }
            if let r = scorer.score(c.key, atLeast: options.minimumScore), r.score >= options.minimumScore {
                scored.append((c, r))
            }
        }
        let best = scored.enumerated().sorted { ($0.element.1.score, $1.offset) > ($1.element.1.score, $0.offset) }.map(
            \.element)
        var result: [LookupMatch] = []
        let chosen = best.prefix(options.limit * 3)
        let details = try reader.details(unitIDs: chosen.map(\.0.unitID))
        for (c, r) in chosen {
            guard
                var m = makeMatch(
                    details, c, to: q.to, score: r.score, kind: .fuzzy, relations: options.reusableRelations)
            else { continue }
            m.score = max(
                0, r.score - options.penalties.points(status: m.status, confidence: m.confidence, relation: m.relation))
            m.differences = r.differences
            if m.score >= options.minimumScore || r.score == 100 { result.append(m) }
        }
        return Array(ranked(result).prefix(options.limit))
    }

    /// How many of the chosen terms a segment must hold to reach `minimumScore` (nil: none can).
    ///
    /// The word score is `100 · (longest − d) / longest`, and the edit distance d is at least the
    /// number of query words a segment lacks, so a segment reaching the minimum lacks at most
    /// `n − ⌈minimum · n / 100⌉` of the query's n words (`queryWords`, as the score counts
    /// them: `FuzzyScore.tokens`). A plain word (letters only) the segment
    /// does not hold is one of those, and so is every plain word of the query no segment holds.
    /// Numbers and CJK text are left out: their index terms and score tokens differ ("1,000" is
    /// one score token and two terms), and the character score of Japanese is not counted in words.
    static func requiredTerms(
        of chosen: [String], queryWords n: Int, absentWords: Int, minimumScore: Int, japanese: Bool
    ) -> Int? {
        guard !japanese else { return 0 }
        let minimum = min(100, max(0, minimumScore))
        let lacking = n - (minimum * n + 99) / 100 - absentWords
        if lacking < 0 { return nil }
        let needed = chosen.filter(isPlainWord).count - lacking
        return max(0, needed)
    }

    /// An index term that is also exactly one score token: letters only, no digit, no CJK.
    static func isPlainWord(_ term: String) -> Bool {
        term.unicodeScalars.allSatisfy {
            TermIndex.isWordCharacter($0) && !FuzzyScore.isNumeric($0) && !ScriptClass.isIndexedCJK($0)
        }
    }

    /// Every `size`-element subset of `items`, in order.
    package static func subsets(of items: [String], size: Int) -> [[String]] {
        guard size <= items.count else { return [] }
        var result: [[String]] = []
        var current: [String] = []
        func extend(from start: Int) {
            if current.count == size { result.append(current); return }
            guard start < items.count, items.count - start >= size - current.count else { return }
            for i in start..<items.count {
                current.append(items[i])
                extend(from: i + 1)
                current.removeLast()
            }
        }
        extend(from: 0)
        return result
    }

    /// The index words that select fuzzy candidates: the query's words, and for CJK text its
    /// trigrams, each once. At most 32, spread over the query.
    static func fuzzyTerms(_ key: String) -> [String] {
        var terms: [String] = []
        var seen: Set<String> = []
        for t in TermIndex.tokens(ofKey: key) where seen.insert(t.text).inserted { terms.append(t.text) }
        guard terms.count > 32 else { return terms }
        return (0..<32).map { terms[$0 * terms.count / 32] }
    }

    // MARK: Concordance

    private static func concordance(
        _ q: Query, limit: Int, relations: Set<UnitRelation>, excluding: Set<Int64>, reader: some LookupReader,
        deadline: ContinuousClock.Instant?, truncated: inout Bool
    ) throws -> [LookupMatch] {
        guard let phrase = TermIndex.containsPhrase(q.key) else { return [] }
        // Latin text matches as a phrase of words (the word semantics a translator expects); CJK
        // text as a phrase of trigrams (or of characters) whose key holds the query.
        let cjk = q.key.unicodeScalars.contains { ScriptClass.isIndexedCJK($0) }
        // Forty candidates per wanted result, at most 5,000: a deep page cannot make the backend
        // read the whole posting list of a common word.
        let found = try reader.phraseCandidates(
            phrase, substring: cjk ? q.key : nil, limit: min(limit * 40 + 200, maximumPhraseCandidates))
        // The query's language first, then the shortest segments (where the query is most of the text).
        let ordered = found.enumerated().sorted {
            let a = $0.element, b = $1.element
            let aFrom = a.languageBase == q.from, bFrom = b.languageBase == q.from
            if aFrom != bFrom { return aFrom }
            let la = a.key.unicodeScalars.count, lb = b.key.unicodeScalars.count
            if la != lb { return la < lb }
            return $0.offset < $1.offset
        }.map(\.element)
        let scalars = q.key.unicodeScalars.count
        var result: [LookupMatch] = []
        var seen = excluding
        var next = 0
        // Units are read `limit` at a time, as the order reaches them.
        while result.count < limit && next < ordered.count {
            if expired(deadline) {
                truncated = true
                break
            }
            // At most 64 at a time, so that a long page still meets its deadline.
            var batch: [LookupCandidate] = [], batchUnits = Set<Int64>()
            while batch.count < min(64, limit - result.count) && next < ordered.count {
                let c = ordered[next]
                next += 1
                if seen.contains(c.unitID) || !batchUnits.insert(c.unitID).inserted { continue }
                batch.append(c)
            }
            let details = try reader.details(unitIDs: batch.map(\.unitID))
            for c in batch {
                let coverage = Int((100.0 * Double(scalars) / Double(max(1, c.key.unicodeScalars.count))).rounded())
                guard
                    var m = makeMatch(
                        details, c, to: q.to, score: min(100, coverage), kind: .concordance, relations: relations)
                else { continue }
                m.highlight = locate(q.key, in: m.source)
                seen.insert(c.unitID)
                result.append(m)
            }
        }
        return result
    }

    /// The UTF-8 range of `key` inside `text`, found on the key form and mapped back.
    static func locate(_ key: String, in text: String) -> Range<Int>? {
        guard let tracked = try? TextNormalizer.normalizeTracking(text, form: .key) else { return nil }
        let hay = Array(tracked.text.utf8), needle = Array(key.utf8)
        guard !needle.isEmpty, hay.count >= needle.count else { return nil }
        for start in 0...(hay.count - needle.count) where hay[start] == needle[0] {
            if Array(hay[start..<(start + needle.count)]) == needle {
                return tracked.originalRange(ofNormalized: start..<(start + needle.count))
            }
        }
        return nil
    }
}
