import KakehashiMemory
import Logging
import PostgresNIO

/// `LookupReader` on one PostgreSQL connection and snapshot: each query means exactly what the
/// SQLite reader's does (orders and limits included), through PostgreSQL's own indexes (see
/// `PostgresSchema`).
struct PostgresLookupReader: LookupReader {
    let connection: PostgresConnection
    let logger: Logger

    /// PostgreSQL's `query_canceled` (57014): the lookup's `statement_timeout` stopped the statement.
    func wasStoppedByDeadline(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "57014"
    }

    private func candidates(_ query: PostgresQuery) throws -> [LookupCandidate] {
        try connection.waitingRows(query, logger).map {
            let (id, unitID, key, language) = try $0.decode((Int64, Int64, String, String).self)
            return LookupCandidate(variantID: id, unitID: unitID, key: key, languageBase: language)
        }
    }

    func exactCandidates(
        keyHash: Int64, key: String, language: String, limit: Int
    ) throws -> [(LookupCandidate, contextKey: String?)] {
        try connection.waitingRows(
            """
            SELECT v.id, v.unit_id, u.context_key FROM variant v JOIN unit u ON u.id = v.unit_id
            WHERE v.key_hash = \(keyHash) AND v.lang_base = \(language) AND v.key = \(key) ORDER BY v.id LIMIT \(Int64(limit))
            """, logger
        ).map {
            let (id, unitID, context) = try $0.decode((Int64, Int64, String?).self)
            return (
                LookupCandidate(variantID: id, unitID: unitID, key: key, languageBase: language), contextKey: context
            )
        }
    }

    func lengthCandidates(language: String, lengths: ClosedRange<Int>, limit: Int) throws -> [LookupCandidate] {
        try candidates(
            """
            SELECT id, unit_id, key, lang_base FROM variant
            WHERE lang_base = \(language) AND key_length BETWEEN \(Int32(lengths.lowerBound)) AND \(Int32(lengths.upperBound))
            ORDER BY key_length, id LIMIT \(Int64(limit))
            """)
    }

    func newestUnit() throws -> Int64 {
        try connection.waitingRows("SELECT coalesce(max(id), 0) FROM unit", logger)[0].decode(Int64.self)
    }

    func termCounts(_ terms: [String], cap: Int) throws -> [Int] {
        guard !terms.isEmpty else { return [] }
        // One round trip for all the terms, from the counts the writers keep; each stops at `cap`.
        let rows = try connection.waitingRows(
            """
            SELECT least(coalesce(c.n, 0), \(Int64(cap)))
            FROM unnest(\(terms)::text[]) WITH ORDINALITY AS t (term, k) LEFT JOIN term_count c ON c.term = t.term
            ORDER BY t.k
            """, logger)
        return try rows.map { Int(try $0.decode(Int64.self)) }
    }

    func termCandidates(
        _ clauses: [[String]], limit: Int, language: String, lengths: ClosedRange<Int>
    ) throws -> [LookupCandidate] {
        guard !clauses.isEmpty else { return [] }
        var query = PostgresQuery(unsafeSQL: "")
        let conditions: String
        if let groups = Self.everyGroupMeets(clauses) {
            var parts: [String] = []
            for group in groups {
                query.binds.append(group.map(TermHashing.hash))
                parts.append("term_hashes && $\(query.binds.count)::bigint[]")
            }
            conditions = parts.joined(separator: " AND ")
        } else {
            var parts: [String] = []
            for clause in clauses {
                query.binds.append(clause.map(TermHashing.hash))
                parts.append("term_hashes @> $\(query.binds.count)::bigint[]")
            }
            conditions = parts.joined(separator: " OR ")
        }
        query.binds.append(Int64(limit)); let limitParameter = query.binds.count
        query.binds.append(language); let languageParameter = query.binds.count
        query.binds.append(Int32(lengths.lowerBound)); query.binds.append(Int32(lengths.upperBound))
        query.sql = """
            SELECT v.id, v.unit_id, v.key, v.lang_base
            FROM (SELECT id FROM variant WHERE \(conditions) ORDER BY id LIMIT $\(limitParameter)) AS f
            JOIN variant v ON v.id = f.id
            WHERE v.lang_base = $\(languageParameter) AND v.key_length BETWEEN $\(languageParameter + 1) AND $\(languageParameter + 2)
            ORDER BY v.id
            """
        return try candidates(query)
    }

    /// When the clauses are every k-subset of their m terms ("four of these six"), the same
    /// condition the other way round: the segment holds a term of every (m − k + 1)-subset (it
    /// lacks at most m − k of them). PostgreSQL then reads each term's posting list once, in one
    /// GIN scan, instead of once per clause that names it (ten times each for four of six).
    static func everyGroupMeets(_ clauses: [[String]]) -> [[String]]? {
        let terms = Array(Set(clauses.joined())).sorted()
        let k = clauses[0].count
        guard k >= 1, clauses.allSatisfy({ $0.count == k && Set($0).count == k }) else { return nil }
        let distinct = Set(clauses.map { $0.sorted() })
        guard distinct.count == clauses.count, distinct.count == LookupEngine.subsets(of: terms, size: k).count else {
            return nil
        }
        return LookupEngine.subsets(of: terms, size: terms.count - k + 1)
    }

    func phraseCandidates(_ phrase: TermIndex.Phrase, substring: String?, limit: Int) throws -> [LookupCandidate] {
        var binds = PostgresBindings()
        binds.append(substring)
        let confirmed = "($1::text IS NULL OR strpos(key, $1) > 0)"
        switch phrase.column {
        case .words:
            // The rows come through the words' hashes; the phrase itself is confirmed on
            // `words_spaced`, its tokens in order between spaces. The LIKE comes first: where the
            // rows are read in id order, it is the cheap test (an overlap with a prefix's many
            // words compares every pair of elements).
            binds.append(
                "% " + phrase.tokens.map(Self.likeEscaped).joined(separator: " ") + (phrase.isPrefix ? "%" : " %"))
            var conditions = ["words_spaced LIKE $2", confirmed]
            // The rarest whole words, by the counts the writers keep.
            let whole = Array(Set(phrase.isPrefix ? phrase.tokens.dropLast() : phrase.tokens[...])).sorted()
            let counts = try termCounts(whole, cap: Int.max)
            let rarest = zip(whole, counts).sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(3)
            var fewest = rarest.first?.1
            if !rarest.isEmpty {
                binds.append(rarest.map { TermHashing.hash($0.0) })
                conditions.append("term_hashes @> $\(binds.count)::bigint[]")
            }
            // A prefix ("diplom" for "diplomacy") stands for the stored words that begin with
            // it, when they are few enough to name and rarer together than the whole words.
            if phrase.isPrefix, let prefix = phrase.tokens.last, let words = try prefixWords(prefix),
                fewest.map({ words.holders < $0 }) ?? true
            {
                if words.hashes.isEmpty { return [] }  // no stored word begins with it
                binds.append(words.hashes)
                conditions.append("term_hashes && $\(binds.count)::bigint[]")
                fewest = words.holders
            }
            // A short CJK run opening the query: its characters (or their pair) are in the key.
            let leading = phrase.leadingCharacters.compactMap(\.unicodeScalars.first)
            if leading.count == 2 {
                binds.append([TermIndex.pairCode(leading[0], leading[1])])
                conditions.append("pair_codes @> $\(binds.count)::bigint[]")
            } else if leading.count == 1 {
                binds.append([Int32(leading[0].value)])
                conditions.append("char_codes @> $\(binds.count)::integer[]")
            }
            let condition = conditions.joined(separator: " AND ")
            // A rare word finds its rows at once; the first rows by id are worth reading only for a common phrase.
            if let fewest, fewest <= Self.headRows { return try byIndex(condition, binds, limit: limit) }
            return try firstByID(condition, binds, limit: limit)
        case .chars:
            // One or two characters: the key holds them side by side (the substring check), which
            // implies the phrase; the character or the pair narrows the rows through its index.
            let scalars = phrase.tokens.compactMap(\.unicodeScalars.first)
            let condition: String
            if scalars.count == 2 {
                binds.append([TermIndex.pairCode(scalars[0], scalars[1])])
                condition = "pair_codes @> $2::bigint[] AND \(confirmed)"
            } else {
                binds.append(scalars.map { Int32($0.value) })
                condition = "char_codes @> $2::integer[] AND \(confirmed)"
            }
            return try firstByID(condition, binds, limit: limit)
        }
    }

    /// Words a prefix may stand for in a phrase, at most this many.
    static let prefixWordLimit = 2000

    /// The hashes of the stored words that begin with `prefix` and how many variants hold them
    /// together (an upper bound of the rows they find), or nil when more than `prefixWordLimit`
    /// words begin with it. `term_count` is kept in the writers' transactions, so it names every
    /// word a variant in this snapshot holds.
    private func prefixWords(_ prefix: String) throws -> (hashes: [Int64], holders: Int)? {
        guard let last = prefix.unicodeScalars.last else { return nil }
        // The first string after every string that begins with `prefix`, in code point order
        // (text_pattern_ops compares bytes, and UTF-8 keeps code point order).
        var next = String.UnicodeScalarView(prefix.unicodeScalars.dropLast())
        var value = last.value + 1
        if value == 0xD800 { value = 0xE000 }
        guard let successor = Unicode.Scalar(value) else { return nil }
        next.append(successor)
        let rows = try connection.waitingRows(
            """
            SELECT term, n FROM term_count WHERE term ~>=~ \(prefix) AND term ~<~ \(String(next))
            LIMIT \(Int64(Self.prefixWordLimit + 1))
            """, logger)
        guard rows.count <= Self.prefixWordLimit else { return nil }
        var hashes: [Int64] = [], holders = 0
        for row in rows {
            let (term, n) = try row.decode((String, Int64).self)
            hashes.append(TermHashing.hash(term))
            holders += Int(n)
        }
        return (hashes, holders)
    }

    /// Rows read in id order before `firstByID` turns to the indexes.
    static let headRows = 5000

    /// The first `limit` variants by id that meet `condition`, in two steps with one meaning: a
    /// common phrase ("the", a frequent kanji pair) is met early in id order, so the first
    /// `headRows` rows hold `limit` of them, and reading those is cheap; a rarer one comes from
    /// the indexes, whose posting lists are then short. (One plan for both read a common
    /// character pair's 200,000 rows at 1M units: two seconds.)
    private func firstByID(_ condition: String, _ binds: PostgresBindings, limit: Int) throws -> [LookupCandidate] {
        let n = binds.count
        var head = PostgresQuery(
            unsafeSQL: """
                SELECT id, unit_id, key, lang_base FROM (SELECT * FROM variant ORDER BY id LIMIT $\(n + 1)) AS variant
                WHERE \(condition) ORDER BY id LIMIT $\(n + 2)
                """, binds: binds)
        head.binds.append(Int64(Self.headRows))
        head.binds.append(Int64(limit))
        let early = try candidates(head)
        if early.count >= limit { return early }
        // A phrase too common for the index to be cheap (a kanji pair in 1% of the segments)
        // but too rare for the first rows: its posting lists again (integers, cheap to read),
        // the rows fetched only up to a growing id (ids grow with the table, so the first ids
        // are the first pages), until enough are found.
        for bound in Self.idBounds {
            let found = try byIndex(condition, binds, limit: limit, upToID: bound)
            if found.count >= limit { return found }
        }
        return try byIndex(condition, binds, limit: limit)
    }

    /// The growing ids up to which `firstByID` fetches the rows the indexes find.
    static let idBounds: [Int64] = [50_000, 500_000]

    /// The first `limit` variants by id that meet `condition`, through the indexes; with `upToID`,
    /// among the variants up to that id only.
    private func byIndex(
        _ condition: String, _ binds: PostgresBindings, limit: Int, upToID: Int64? = nil
    ) throws -> [LookupCandidate] {
        var query = PostgresQuery(unsafeSQL: "", binds: binds)
        var bound = ""
        if let upToID { query.binds.append(upToID); bound = "id <= $\(query.binds.count) AND " }
        query.binds.append(Int64(limit))
        query.sql =
            "SELECT id, unit_id, key, lang_base FROM variant WHERE \(bound)\(condition) ORDER BY id LIMIT $\(query.binds.count)"
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
        for row in try connection.waitingRows(
            "SELECT unit_id, id, lang, lang_base, text FROM variant WHERE unit_id = ANY(\(ids)) ORDER BY unit_id, position",
            logger)
        {
            let (unitID, id, lang, base, text) = try row.decode((Int64, Int64, String, String, String).self)
            variants[unitID, default: []].append(
                UnitDetails.VariantText(id: id, language: lang, languageBase: base, text: text))
        }
        for row in try connection.waitingRows(
            """
            SELECT unit_id, source_file, document, sentences, url FROM provenance WHERE unit_id = ANY(\(ids)) ORDER BY unit_id, seq
            """, logger)
        {
            let (unitID, file, document, sentences, url) = try row.decode(
                (Int64, String, String?, String?, String?).self)
            provenance[unitID, default: []].append(
                Provenance(sourceFile: file, document: document, sentences: sentences, url: url))
        }
        var found: [Int64: UnitDetails] = [:]
        for row in try connection.waitingRows(
            "SELECT id, status, confidence, relation, method FROM unit WHERE id = ANY(\(ids))", logger)
        {
            let (id, status, confidence, relation, method) = try row.decode(
                (Int64, String, Double?, String?, String?).self)
            found[id] = UnitDetails(
                variants: variants[id] ?? [], status: status, confidence: confidence, relation: relation,
                method: method,
                provenance: provenance[id] ?? [])
        }
        return found
    }
}
