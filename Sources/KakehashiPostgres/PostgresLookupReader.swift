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

    func termCounts(_ terms: [String], cap: Int) throws -> [Int] {
        guard !terms.isEmpty else { return [] }
        // One round trip for all the terms; each count stops at `cap`.
        let rows = try connection.rows("""
            SELECT (SELECT count(*) FROM (SELECT 1 FROM variant WHERE words @> ARRAY[t.term] LIMIT \(Int64(cap))) AS found)
            FROM unnest(\(terms)::text[]) WITH ORDINALITY AS t (term, n) ORDER BY t.n
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
        switch phrase.column {
        case .words:
            return try candidates("""
                SELECT id, unit_id, key, lang_base FROM variant
                WHERE words_spaced LIKE \(pattern) AND (\(substring)::text IS NULL OR strpos(key, \(substring)) > 0)
                ORDER BY id LIMIT \(Int64(limit))
                """)
        case .chars:
            return try candidates("""
                SELECT id, unit_id, key, lang_base FROM variant
                WHERE chars @> \(phrase.tokens)::text[] AND ' ' || array_to_string(chars, ' ') || ' ' LIKE \(pattern)
                  AND (\(substring)::text IS NULL OR strpos(key, \(substring)) > 0)
                ORDER BY id LIMIT \(Int64(limit))
                """)
        }
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
