import KakehashiMemory
import Logging
import PostgresNIO

/// `LookupReader` on one PostgreSQL connection and snapshot: each query means exactly what the
/// SQLite reader's does (orders and limits included), through PostgreSQL's own indexes (see
/// `PostgresSchema`).
struct PostgresLookupReader: LookupReader {
    let connection: PostgresConnection
    let logger: Logger

    private func candidates(_ query: PostgresQuery) throws -> [LookupCandidate] {
        try connection.rows(query, logger).map {
            let (id, unitID, key, language) = try $0.decode((Int64, Int64, String, String).self)
            return LookupCandidate(variantID: id, unitID: unitID, key: key, languageBase: language)
        }
    }

    func exactCandidates(keyHash: Int64, key: String, language: String, limit: Int) throws -> [(LookupCandidate, contextKey: String?)] {
        try connection.rows("""
            SELECT v.id, v.unit_id, u.context_key FROM variant v JOIN unit u ON u.id = v.unit_id
            WHERE v.key_hash = \(keyHash) AND v.lang_base = \(language) AND v.key = \(key) ORDER BY v.id LIMIT \(Int64(limit))
            """, logger).map {
            let (id, unitID, context) = try $0.decode((Int64, Int64, String?).self)
            return (LookupCandidate(variantID: id, unitID: unitID, key: key, languageBase: language), contextKey: context)
        }
    }

    func lengthCandidates(language: String, lengths: ClosedRange<Int>, limit: Int) throws -> [LookupCandidate] {
        try candidates("""
            SELECT id, unit_id, key, lang_base FROM variant
            WHERE lang_base = \(language) AND key_length BETWEEN \(Int32(lengths.lowerBound)) AND \(Int32(lengths.upperBound))
            ORDER BY key_length, id LIMIT \(Int64(limit))
            """)
    }

    func newestUnit() throws -> Int64 {
        try connection.rows("SELECT coalesce(max(id), 0) FROM unit", logger)[0].decode(Int64.self)
    }

    func termCounts(_ terms: [String], cap: Int) throws -> [Int] {
        guard !terms.isEmpty else { return [] }
        // One round trip for all the terms, from the counts the writers keep; each stops at `cap`.
        let rows = try connection.rows("""
            SELECT least(coalesce(c.n, 0), \(Int64(cap)))
            FROM unnest(\(terms)::text[]) WITH ORDINALITY AS t (term, k) LEFT JOIN term_count c ON c.term = t.term
            ORDER BY t.k
            """, logger)
        return try rows.map { Int(try $0.decode(Int64.self)) }
    }

    func termCandidates(_ clauses: [[String]], limit: Int, language: String, lengths: ClosedRange<Int>) throws -> [LookupCandidate] {
        guard !clauses.isEmpty else { return [] }
        var query = PostgresQuery(unsafeSQL: "")
        var conditions: [String] = []
        for clause in clauses {
            query.binds.append(clause)
            conditions.append("words @> $\(query.binds.count)::text[]")
        }
        query.binds.append(Int64(limit)); let limitParameter = query.binds.count
        query.binds.append(language); let languageParameter = query.binds.count
        query.binds.append(Int32(lengths.lowerBound)); query.binds.append(Int32(lengths.upperBound))
        query.sql = """
            SELECT v.id, v.unit_id, v.key, v.lang_base
            FROM (SELECT id FROM variant WHERE \(conditions.joined(separator: " OR ")) ORDER BY id LIMIT $\(limitParameter)) AS f
            JOIN variant v ON v.id = f.id
            WHERE v.lang_base = $\(languageParameter) AND v.key_length BETWEEN $\(languageParameter + 1) AND $\(languageParameter + 2)
            ORDER BY v.id
            """
        return try candidates(query)
    }

    func phraseCandidates(_ phrase: TermIndex.Phrase, substring: String?, limit: Int) throws -> [LookupCandidate] {
        let pattern = "% " + phrase.tokens.map(Self.likeEscaped).joined(separator: " ") + (phrase.isPrefix ? "%" : " %")
        var binds = PostgresBindings()
        binds.append(pattern)
        binds.append(substring)
        let condition: String
        switch phrase.column {
        case .words:
            // The phrase's whole words are all in `words`: the rarest of them, by the counts the
            // writers keep, narrow the rows through the words index far better than the phrase's
            // trigrams do (a four-word phrase at 1M units: 65 ms of trigram posting lists, 0.5 ms of
            // words). Words too common to narrow anything leave it to the trigrams.
            let whole = Array(Set(phrase.isPrefix ? phrase.tokens.dropLast() : phrase.tokens[...])).sorted()
            let counts = try termCounts(whole, cap: Self.narrowingWordLimit + 1)
            let rarest = zip(whole, counts).filter { $0.1 <= Self.narrowingWordLimit }
                .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(3).map(\.0)
            if rarest.isEmpty {
                condition = "words_spaced LIKE $1 AND ($2::text IS NULL OR strpos(key, $2) > 0)"
            } else {
                binds.append(Array(rarest))
                // `words_spaced || ''` keeps the planner from AND-ing the trigram index in: its
                // posting lists are what this avoids.
                condition = "words @> $3::text[] AND (words_spaced || '') LIKE $1 AND ($2::text IS NULL OR strpos(key, $2) > 0)"
                // A rare word finds its rows at once; the first rows by id are worth reading only for a common phrase.
                let fewest = counts.min() ?? Int.max
                if fewest <= Self.headRows { return try byIndex(condition, binds, limit: limit) }
            }
        case .chars:
            // One or two characters: the key holds them side by side (the substring check), which
            // implies the phrase; the character or the pair narrows the rows through its index.
            let (column, value) = phrase.tokens.count == 2 ? ("bigrams", [phrase.tokens.joined()]) : ("chars", phrase.tokens)
            binds.append(value)
            condition = "\(column) @> $3::text[] AND ' ' || array_to_string(chars, ' ') || ' ' LIKE $1 AND ($2::text IS NULL OR strpos(key, $2) > 0)"
        }
        return try firstByID(condition, binds, limit: limit, idBounded: phrase.column == .chars)
    }

    /// Variants a word may be in and still narrow a phrase's rows through the words index.
    static let narrowingWordLimit = 50_000

    /// Rows read in id order before `firstByID` turns to the indexes.
    static let headRows = 5000

    /// The first `limit` variants by id that meet `condition`, in two steps with one meaning: a
    /// common phrase ("the", a frequent kanji pair) is met early in id order, so the first
    /// `headRows` rows hold `limit` of them, and reading those is cheap; a rarer one comes from
    /// the indexes, whose posting lists are then short. (One plan for both read a common
    /// character pair's 200,000 rows at 1M units: two seconds.)
    private func firstByID(_ condition: String, _ binds: PostgresBindings, limit: Int, idBounded: Bool = false) throws -> [LookupCandidate] {
        let n = binds.count
        var head = PostgresQuery(unsafeSQL: """
            SELECT id, unit_id, key, lang_base FROM (SELECT * FROM variant ORDER BY id LIMIT $\(n + 1)) AS variant
            WHERE \(condition) ORDER BY id LIMIT $\(n + 2)
            """, binds: binds)
        head.binds.append(Int64(Self.headRows))
        head.binds.append(Int64(limit))
        let early = try candidates(head)
        if early.count >= limit { return early }
        // A character or pair too common for the index to be cheap (a kanji pair in 1% of the
        // segments) but too rare for the first rows: its short posting list again, the rows
        // fetched only up to a growing id (ids grow with the table, so the first ids are the first
        // pages), until enough are found. Not for trigram phrases, whose index scan is the cost.
        for bound in idBounded ? Self.idBounds : [] {
            let found = try byIndex(condition, binds, limit: limit, upToID: bound)
            if found.count >= limit { return found }
        }
        return try byIndex(condition, binds, limit: limit)
    }

    /// The growing ids up to which `firstByID` fetches the rows the indexes find.
    static let idBounds: [Int64] = [50_000, 500_000]

    /// The first `limit` variants by id that meet `condition`, through the indexes; with `upToID`,
    /// among the variants up to that id only.
    private func byIndex(_ condition: String, _ binds: PostgresBindings, limit: Int, upToID: Int64? = nil) throws -> [LookupCandidate] {
        var query = PostgresQuery(unsafeSQL: "", binds: binds)
        var bound = ""
        if let upToID { query.binds.append(upToID); bound = "id <= $\(query.binds.count) AND " }
        query.binds.append(Int64(limit))
        query.sql = "SELECT id, unit_id, key, lang_base FROM variant WHERE \(bound)\(condition) ORDER BY id LIMIT $\(query.binds.count)"
        return try candidates(query)
    }

    /// `text` with LIKE's wildcards and escape character taken literally.
    static func likeEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }

    func details(unitIDs: [Int64]) throws -> [Int64: UnitDetails] {
        let ids = Array(Set(unitIDs))
        guard !ids.isEmpty else { return [:] }
        var variants: [Int64: [UnitDetails.VariantText]] = [:], provenance: [Int64: [Provenance]] = [:]
        for row in try connection.rows("SELECT unit_id, id, lang, lang_base, text FROM variant WHERE unit_id = ANY(\(ids)) ORDER BY unit_id, position", logger) {
            let (unitID, id, lang, base, text) = try row.decode((Int64, Int64, String, String, String).self)
            variants[unitID, default: []].append(UnitDetails.VariantText(id: id, language: lang, languageBase: base, text: text))
        }
        for row in try connection.rows("""
            SELECT unit_id, source_file, document, sentences, url FROM provenance WHERE unit_id = ANY(\(ids)) ORDER BY unit_id, seq
            """, logger) {
            let (unitID, file, document, sentences, url) = try row.decode((Int64, String, String?, String?, String?).self)
            provenance[unitID, default: []].append(Provenance(sourceFile: file, document: document, sentences: sentences, url: url))
        }
        var found: [Int64: UnitDetails] = [:]
        for row in try connection.rows("SELECT id, status, confidence, method FROM unit WHERE id = ANY(\(ids))", logger) {
            let (id, status, confidence, method) = try row.decode((Int64, String, Double?, String?).self)
            found[id] = UnitDetails(variants: variants[id] ?? [], status: status, confidence: confidence, method: method,
                                    provenance: provenance[id] ?? [])
        }
        return found
    }
}
