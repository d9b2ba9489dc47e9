import Foundation
import KakehashiMemory
import Logging
import PostgresNIO

/// Adds prepared units inside one transaction with multi-row statements (a few hundred units per
/// round trip). Rules as in SQLite's `UnitInserter`: a unit whose languages, keys and context are
/// already stored adds only its provenance; units with fewer than two non-empty variants are
/// skipped, with the line of their `<tu>`.
struct PostgresUnitWriter {
    let connection: PostgresConnection
    let logger: Logger
    /// The memory's URL without its password, for messages.
    let location: String
    private(set) var result = AddResult()
    private var terms = TermCountDeltas()

    /// Units per INSERT (PostgreSQL takes at most 65,535 parameters a statement).
    static let unitsPerStatement = 500

    init(connection: PostgresConnection, logger: Logger, location: String) {
        self.connection = connection
        self.logger = logger
        self.location = location
    }

    mutating func add(_ units: [PreparedUnit]) async throws {
        for start in stride(from: 0, to: units.count, by: Self.unitsPerStatement) {
            try await addChunk(Array(units[start..<min(units.count, start + Self.unitsPerStatement)]))
        }
    }

    private mutating func addChunk(_ chunk: [PreparedUnit]) async throws {
        let units = chunk.filter { !result.skipsIncomplete($0) }
        guard !units.isEmpty else { return }

        var insert = PostgresQuery(
            unsafeSQL: """
                INSERT INTO unit (tuid, status, confidence, method, context, context_key, created_at, changed_at, creation_tool,
                  creation_tool_version, creation_id, change_id, attributes_json, props_json, notes_json, dedup, relation) VALUES
                """)
        for (i, p) in units.enumerated() {
            let u = p.unit
            insert.sql += (i == 0 ? " " : ", ") + Self.placeholders(from: insert.binds.count, count: 17)
            insert.binds.append(u.tuid); insert.binds.append(u.status.rawValue); insert.binds.append(u.confidence)
            insert.binds.append(u.method); insert.binds.append(u.context); insert.binds.append(p.contextKey)
            insert.binds.append(u.storedCreationTime); insert.binds.append(u.storedChangeTime)
            insert.binds.append(u.creationTool); insert.binds.append(u.creationToolVersion);
            insert.binds.append(u.creationID)
            insert.binds.append(u.changeID); insert.binds.append(p.attributesJSON); insert.binds.append(p.propsJSON)
            insert.binds.append(p.notesJSON); insert.binds.append(p.dedup); insert.binds.append(u.relation.rawValue)
        }
        insert.sql += " ON CONFLICT (dedup) DO NOTHING RETURNING id, dedup"
        var newIDs: [Int64: Int64] = [:]
        for row in try await connection.rows(insert, logger) {
            let (id, dedup) = try row.decode((Int64, Int64).self)
            newIDs[dedup] = id
        }
        var ids = newIDs
        let missing = Array(Set(units.map(\.dedup)).subtracting(newIDs.keys))
        if !missing.isEmpty {
            for row in try await connection.rows("SELECT id, dedup FROM unit WHERE dedup = ANY(\(missing))", logger) {
                let (id, dedup) = try row.decode((Int64, Int64).self)
                ids[dedup] = id
            }
        }

        // Variants of the units this chunk created (the first of several equal units in it).
        var variantRows: [(unitID: Int64, position: Int, variant: PreparedUnit.PreparedVariant)] = []
        var provenanceRows: [(unitID: Int64, provenance: Provenance)] = []
        var claimed = Set<Int64>()
        var improved: [(id: Int64, confidence: Double, method: String, relation: String)] = []
        for p in units {
            guard let unitID = ids[p.dedup] else {
                throw PostgresStoreError.failed(location: location, detail: "a unit vanished while it was being added")
            }
            if newIDs[p.dedup] != nil && claimed.insert(p.dedup).inserted {
                result.added += 1
                for (position, v) in p.variants.enumerated() { variantRows.append((unitID, position, v)) }
            } else {
                result.alreadyPresent += 1
                if p.unit.status == .aligned, let confidence = p.unit.confidence {
                    improved.append((unitID, confidence, p.unit.method ?? "", p.unit.relation.rawValue))
                }
            }
            for (k, prov) in p.unit.provenance.enumerated() where !p.unit.provenance[..<k].contains(prov) {
                provenanceRows.append((unitID, prov))
            }
        }
        for start in stride(from: 0, to: variantRows.count, by: 2000) {
            var query = PostgresQuery(
                unsafeSQL: """
                    INSERT INTO variant (unit_id, position, lang, lang_base, text, key, key_length, key_hash, seg_xml,
                      attributes_json, props_json, notes_json, term_hashes, words_spaced, char_codes, pair_codes) VALUES
                    """)
            for (i, row) in variantRows[start..<min(variantRows.count, start + 2000)].enumerated() {
                let v = row.variant
                query.sql += (i == 0 ? " " : ", ") + Self.placeholders(from: query.binds.count, count: 16)
                query.binds.append(row.unitID); query.binds.append(Int32(row.position));
                query.binds.append(v.variant.language)
                query.binds.append(v.variant.baseLanguage); query.binds.append(v.variant.text);
                query.binds.append(v.key)
                query.binds.append(Int32(v.keyLength)); query.binds.append(v.keyHash);
                query.binds.append(v.variant.segmentXML)
                query.binds.append(v.attributesJSON); query.binds.append(v.propsJSON); query.binds.append(v.notesJSON)
                query.binds.append(v.termHashes); query.binds.append(TermIndex.spaced(v.terms.words))
                query.binds.append(TermIndex.characterCodes(ofKey: v.key));
                query.binds.append(TermIndex.pairCodes(ofKey: v.key))
            }
            _ = try await connection.rows(query, logger)
        }
        for row in variantRows { terms.count(row.variant) }
        try await Self.insertProvenance(provenanceRows, connection: connection, logger: logger)
        // Units met again: the better of the two stays (`UnitMerging`); of several makings of one
        // unit in this chunk, the best (DISTINCT ON).
        if !improved.isEmpty {
            _ = try await connection.rows(
                """
                UPDATE unit u SET confidence = x.c, method = NULLIF(x.m, ''), relation = x.r
                FROM (SELECT DISTINCT ON (i) i, c, m, r FROM unnest(\(improved.map(\.id)), \(improved.map(\.confidence)),
                  \(improved.map(\.method)), \(improved.map(\.relation))) AS y (i, c, m, r)
                  ORDER BY i, c DESC, r DESC, m DESC) AS x
                WHERE u.id = x.i AND u.status = 'aligned'
                  AND (u.confidence IS NULL OR (u.confidence, u.relation, coalesce(u.method, '')) < (x.c, x.r, x.m))
                """, logger)
        }
    }

    /// Adds sources of units (those already stored are kept as they are).
    static func insertProvenance(
        _ rows: [(unitID: Int64, provenance: Provenance)], connection: PostgresConnection, logger: Logger
    ) async throws {
        for start in stride(from: 0, to: rows.count, by: 5000) {
            var query = PostgresQuery(
                unsafeSQL: "INSERT INTO provenance (unit_id, source_file, document, sentences, url) VALUES")
            for (i, row) in rows[start..<min(rows.count, start + 5000)].enumerated() {
                query.sql += (i == 0 ? " " : ", ") + placeholders(from: query.binds.count, count: 5)
                query.binds.append(row.unitID); query.binds.append(row.provenance.sourceFile);
                query.binds.append(row.provenance.document)
                query.binds.append(row.provenance.sentences); query.binds.append(row.provenance.url)
            }
            query.sql += " ON CONFLICT DO NOTHING"
            _ = try await connection.rows(query, logger)
        }
    }

    /// Stores the word counts of the variants added, at the end of the transaction.
    mutating func finish() async throws {
        try await terms.store(connection: connection, logger: logger)
    }

    /// "($n+1, …, $n+count)".
    private static func placeholders(from n: Int, count: Int) -> String {
        "(" + (1...count).map { "$\(n + $0)" }.joined(separator: ", ") + ")"
    }
}

/// Words of the variants a transaction adds and how many of them hold each (a variant counts a
/// word once), for `term_count`. Counted by the words' hashes, which the variant already holds
/// distinct (`termHashes`); a word's text is looked up only the first time its hash is met.
struct TermCountDeltas {
    private var counts: [Int64: Int64] = [:]
    private var words: [Int64: String] = [:]

    /// Counts the words of a prepared variant.
    mutating func count(_ variant: PreparedUnit.PreparedVariant) {
        count(words: variant.terms.words, hashes: variant.termHashes, by: 1)
    }

    /// Counts the distinct words `hashes` of the `words` column text `words`, `delta` each (-1
    /// for a variant whose text an edit replaced).
    mutating func count(words text: String, hashes: [Int64], by delta: Int64) {
        var unnamed = false
        for h in hashes {
            if let n = counts[h] { counts[h] = n + delta } else { counts[h] = delta; unnamed = true }
        }
        guard unnamed else { return }
        for word in text.split(separator: " ") {
            let h = TermHashing.hash(word)
            if words[h] == nil { words[h] = String(word) }
        }
    }

    /// Adds the counts to `term_count` in one statement at the end of the transaction, so that a
    /// writer holds the rows of common words only while it commits, and terms in order, so that
    /// two writers that share words lock their rows in the same order and wait for each other
    /// instead of deadlocking.
    mutating func store(connection: PostgresConnection, logger: Logger) async throws {
        guard !counts.isEmpty else { return }
        let sorted = counts.compactMap { h, n in words[h].map { ($0, n) } }
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        counts = [:]
        words = [:]
        let terms = sorted.map(\.0), deltas = sorted.map(\.1)
        _ = try await connection.rows(
            """
            INSERT INTO term_count (term, n) SELECT * FROM unnest(\(terms)::text[], \(deltas)::bigint[])
            ON CONFLICT (term) DO UPDATE SET n = term_count.n + EXCLUDED.n
            """, logger)
    }
}
