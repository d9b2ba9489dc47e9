import Foundation
import GRDB
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

    public init(from: String? = nil, mode: LookupMode = .all, minimumScore: Int = 70, limit: Int = 5, context: String? = nil) {
        self.from = from
        self.mode = mode
        self.minimumScore = minimumScore
        self.limit = limit
        self.context = context
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

extension TranslationMemory {
    /// Looks `query` up in both directions: English→Japanese when the query is English,
    /// Japanese→English when it is Japanese. The query is normalized like stored text (key form).
    ///
    /// Retrieval is two-stage and never scans the whole memory: exact matches use the
    /// (language, key) index; fuzzy candidates come from the rarest terms of the query (words,
    /// CJK trigrams) in the full-text index (short queries: the (language, length) index) inside
    /// the length window the minimum score allows, and only those candidates are scored;
    /// concordance is a phrase of trigrams for Japanese (of characters for one- and two-character queries)
    /// and the word index for Latin text.
    public func lookup(_ query: String, options: LookupOptions = LookupOptions()) throws -> [LookupMatch] {
        let key = try TextNormalizer.key(query)
        guard !key.isEmpty else { return [] }
        let from = Variant.baseLanguage(of: options.from ?? Self.guessLanguage(query))
        let to = from == "ja" ? "en" : "ja"
        let contextKey = try options.context.map { try TextNormalizer.key($0) }
        return try read { db in
            var matches: [LookupMatch] = []
            var seen: Set<Int64> = []
            func addAll(_ found: [LookupMatch]) {
                for m in found where !seen.contains(m.unitID) {
                    seen.insert(m.unitID)
                    matches.append(m)
                }
            }
            if options.mode == .exact || options.mode == .all {
                addAll(try exactMatches(db, key: key, from: from, to: to, contextKey: contextKey, limit: options.limit))
            }
            if options.mode == .fuzzy || options.mode == .all {
                addAll(try fuzzyMatches(db, key: key, from: from, to: to, options: options, excluding: seen))
            }
            if options.mode == .concordance || options.mode == .all {
                addAll(try concordance(db, key: key, from: from, to: to, limit: options.limit, excluding: seen))
            }
            return matches
        }
    }

    static func guessLanguage(_ query: String) -> String {
        switch LanguageIdentifier.identify(query) {
        case .ja: return "ja"
        case .ko: return "ko"
        default: return "en"
        }
    }

    // MARK: Building matches

    private struct Candidate {
        let variantID: Int64
        let unitID: Int64
        let key: String
    }

    private func makeMatch(_ db: Database, unitID: Int64, hitVariantID: Int64, to: String, score: Int, kind: MatchKind) throws -> LookupMatch? {
        let variants = try Row.fetchAll(db, sql: "SELECT id, lang, lang_base, text FROM variant WHERE unit_id = ? ORDER BY position",
                                        arguments: [unitID])
        guard let hit = variants.first(where: { ($0["id"] as Int64) == hitVariantID }) else { return nil }
        let hitBase: String = hit["lang_base"]
        let counterpart = variants.first { ($0["lang_base"] as String) == (hitBase == to ? (to == "ja" ? "en" : "ja") : to) }
            ?? variants.first { ($0["lang_base"] as String) != hitBase }
        guard let counterpart, let unit = try Row.fetchOne(db, sql: "SELECT status, confidence, method FROM unit WHERE id = ?", arguments: [unitID]) else { return nil }
        let provenance = try Row.fetchAll(db, sql: "SELECT source_file, document, sentences, url FROM provenance WHERE unit_id = ? ORDER BY rowid",
                                          arguments: [unitID]).map {
            Provenance(sourceFile: $0["source_file"], document: $0["document"], sentences: $0["sentences"], url: $0["url"])
        }
        return LookupMatch(score: score, kind: kind, source: hit["text"], target: counterpart["text"],
                           sourceLanguage: hit["lang"], targetLanguage: counterpart["lang"], confidence: unit["confidence"],
                           status: UnitStatus(rawValue: unit["status"]) ?? .imported, method: unit["method"],
                           provenance: provenance, highlight: nil, differences: [], unitID: unitID)
    }

    // MARK: Exact

    private func exactMatches(_ db: Database, key: String, from: String, to: String, contextKey: String?, limit: Int) throws -> [LookupMatch] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT v.id, v.unit_id, u.context_key FROM variant v JOIN unit u ON u.id = v.unit_id
            WHERE v.key_hash = ? AND v.lang_base = ? AND v.key = ? LIMIT ?
            """, arguments: [UnitInserter.keyHash(key), from, key, max(limit * 4, 20)])
        var result: [LookupMatch] = []
        for row in rows {
            let inContext = contextKey != nil && (row["context_key"] as String?) == contextKey
            if let m = try makeMatch(db, unitID: row["unit_id"], hitVariantID: row["id"], to: to,
                                     score: inContext ? 101 : 100, kind: inContext ? .inContext : .exact) {
                result.append(m)
            }
        }
        return Array(result.sorted { ($0.score, $0.confidence ?? 1) > ($1.score, $1.confidence ?? 1) }.prefix(limit))
    }

    // MARK: Fuzzy

    private func fuzzyMatches(_ db: Database, key: String, from: String, to: String, options: LookupOptions,
                              excluding: Set<Int64>) throws -> [LookupMatch] {
        let length = key.unicodeScalars.count
        let ratio = max(0.01, Double(min(100, max(1, options.minimumScore))) / 100)
        let low = Int((Double(length) * ratio).rounded(.down))
        let high = Int((Double(length) / ratio).rounded(.up))
        var candidates: [Candidate] = []
        if length < 9 {
            // Short queries: the length window alone is selective, and their terms are too common.
            candidates = try Row.fetchAll(db, sql: """
                SELECT id, unit_id, key FROM variant WHERE lang_base = ? AND key_length BETWEEN ? AND ? LIMIT 5000
                """, arguments: [from, low, high]).map { Candidate(variantID: $0[0], unitID: $0[1], key: $0[2]) }
        } else {
            // Stage one: units that contain two of the query's six rarest terms, words or
            // trigrams (see
            // `fuzzyTerms`). A segment within the allowed distance keeps most of them, FTS5
            // intersects short posting lists quickly, and common terms never enter the query.
            let terms = Self.fuzzyTerms(key)
            if terms.isEmpty { return [] }
            let frequency = try documentFrequencies(db, terms)
            let rarest = Array(terms.filter { frequency[$0]! > 0 }.sorted { frequency[$0]! < frequency[$1]! }.prefix(6))
            if rarest.isEmpty { return [] }
            var clauses: [String] = []
            if rarest.count <= 2 {
                clauses = rarest
            } else {
                for i in 0..<rarest.count { for j in (i + 1)..<rarest.count { clauses.append("(\(rarest[i]) AND \(rarest[j]))") } }
            }
            // The FTS query runs first (CROSS JOIN fixes the join order in SQLite; otherwise the
            // planner may drive from the length index and evaluate MATCH row by row).
            candidates = try Row.fetchAll(db, sql: """
                SELECT v.id, v.unit_id, v.key
                FROM (SELECT rowid AS id FROM variant_terms WHERE variant_terms MATCH ? LIMIT 1000) AS f
                CROSS JOIN variant v ON v.id = f.id
                WHERE v.lang_base = ? AND v.key_length BETWEEN ? AND ?
                """, arguments: [clauses.joined(separator: " OR "), from, low, high]).map { Candidate(variantID: $0[0], unitID: $0[1], key: $0[2]) }
        }
        let japanese = from == "ja" || from == "zh" || from == "ko" && key.unicodeScalars.contains { ScriptClass.isIndexedCJK($0) }
        var scored: [(Candidate, FuzzyScore.Result)] = []
        for c in candidates where !excluding.contains(c.unitID) {
            let r = FuzzyScore.score(query: key, candidate: c.key, japanese: japanese)
            if r.score >= options.minimumScore { scored.append((c, r)) }
        }
        var result: [LookupMatch] = []
        for (c, r) in scored.sorted(by: { $0.1.score > $1.1.score }).prefix(options.limit * 3) {
            guard var m = try makeMatch(db, unitID: c.unitID, hitVariantID: c.variantID, to: to, score: r.score, kind: .fuzzy) else { continue }
            m.score = max(0, r.score - FuzzyScore.penalty(status: m.status, confidence: m.confidence))
            m.differences = r.differences
            if m.score >= options.minimumScore || r.score == 100 { result.append(m) }
        }
        return Array(result.sorted { ($0.score, $0.confidence ?? 1) > ($1.score, $1.confidence ?? 1) }.prefix(options.limit))
    }

    /// The terms that select fuzzy candidates, as FTS5 strings: the query's words, and for CJK
    /// text its trigrams. At most 32, spread over the query.
    static func fuzzyTerms(_ key: String) -> [String] {
        var terms: [String] = []
        var seen: Set<String> = []
        for t in TermIndex.tokens(ofKey: key) where seen.insert(t.text).inserted { terms.append(TermIndex.quoted(t.text)) }
        guard terms.count > 32 else { return terms }
        return (0..<32).map { terms[$0 * terms.count / 32] }
    }

    /// Segments counted for a term before it is called common.
    static let commonTermCount = 2000

    /// How many segments hold each term, counted up to `commonTermCount` (beyond that a term is
    /// common, and counting further would read its whole posting list). Terms found common once
    /// are not counted again: a news sentence has several ("the", "of"), and counting each read
    /// 2,000 postings, most of a fuzzy lookup's time at 1M units.
    func documentFrequencies(_ db: Database, _ terms: [String]) throws -> [String: Int] {
        let count = try db.cachedStatement(sql: """
            SELECT count(*) FROM (SELECT 1 FROM variant_terms WHERE variant_terms MATCH ? LIMIT \(Self.commonTermCount))
            """)
        var frequency: [String: Int] = [:]
        for term in terms {
            if commonTerms.contains(term) { frequency[term] = Self.commonTermCount; continue }
            let n = try Int.fetchOne(count, arguments: [term]) ?? 0
            if n >= Self.commonTermCount { commonTerms.insert(term) }
            frequency[term] = n
        }
        return frequency
    }

    // MARK: Concordance

    private func concordance(_ db: Database, key: String, from: String, to: String, limit: Int, excluding: Set<Int64>) throws -> [LookupMatch] {
        let scalars = key.unicodeScalars.count
        guard let expression = TermIndex.containsExpression(key) else { return [] }
        // Latin text matches as a phrase of words (the word semantics a translator expects);
        // CJK text as a phrase of trigrams (or of characters), a superset confirmed on the key below.
        let cjk = key.unicodeScalars.contains { ScriptClass.isIndexedCJK($0) }
        let rows = try Row.fetchAll(db, sql: """
            SELECT v.id, v.unit_id, v.key, v.lang_base
            FROM (SELECT rowid AS id FROM variant_terms WHERE variant_terms MATCH ? LIMIT ?) AS t
            CROSS JOIN variant v ON v.id = t.id
            ORDER BY (v.lang_base = ?) DESC, v.key_length
            """, arguments: [expression, limit * 40 + 200, from])
        var result: [LookupMatch] = []
        var seen = excluding
        for row in rows {
            let unitID: Int64 = row["unit_id"]
            if seen.contains(unitID) { continue }
            let stored: String = row["key"]
            if cjk && !stored.contains(key) { continue }
            let coverage = Int((100.0 * Double(scalars) / Double(max(1, stored.unicodeScalars.count))).rounded())
            guard var m = try makeMatch(db, unitID: unitID, hitVariantID: row["id"], to: to, score: min(100, coverage), kind: .concordance) else { continue }
            m.highlight = Self.locate(key, in: m.source)
            seen.insert(unitID)
            result.append(m)
            if result.count >= limit { break }
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
