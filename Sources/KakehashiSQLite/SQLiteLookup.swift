import Foundation
import GRDB
public import KakehashiMemory
import KakehashiText

extension TranslationMemory {
    /// Looks `query` up in both directions (see `LookupEngine`), on one read snapshot: the whole
    /// lookup, scoring included, is one read on one of GRDB's reader threads.
    /// - Throws: `MemoryError` naming the file: `.cannotOpen` when SQLite fails.
    ///
    /// Past `options.deadline` (and `LookupEngine.grace`), SQLite's progress handler stops the
    /// statement that is running, and the lookup answers with what it had.
    public func matches(for query: String, options: LookupOptions) async throws -> LookupResult {
        let prepared = try LookupEngine.Query(query, options: options)
        guard let prepared else { return LookupResult(matches: []) }
        let termCounts = self.termCounts
        return try await readEscaping { db in
            try StatementDeadline.run(on: db, until: options.deadline.map { $0 + LookupEngine.grace }) {
                try LookupEngine.lookup(
                    prepared, options: options, reader: SQLiteLookupReader(db: db), termCounts: termCounts)
            }
        }
    }
}

/// `LookupReader` on one SQLite read snapshot: the key-hash and (language, length) indexes and the
/// FTS5 index `variant_terms` (see `MemorySchema`).
struct SQLiteLookupReader: LookupReader {
    let db: Database

    func wasStoppedByDeadline(_ error: any Error) -> Bool { StatementDeadline.isInterruption(error) }

    func exactCandidates(
        keyHash: Int64, key: String, language: String, limit: Int
    ) throws -> [(LookupCandidate, contextKey: String?)] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT v.id, v.unit_id, u.context_key FROM variant v JOIN unit u ON u.id = v.unit_id
                    WHERE v.key_hash = ? AND v.lang_base = ? AND v.key = ? ORDER BY v.id LIMIT ?
                    """), arguments: [keyHash, language, key, limit]
        ).map {
            (LookupCandidate(variantID: $0[0], unitID: $0[1], key: key, languageBase: language), contextKey: $0[2])
        }
    }

    func lengthCandidates(language: String, lengths: ClosedRange<Int>, limit: Int) throws -> [LookupCandidate] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT id, unit_id, key FROM variant WHERE lang_base = ? AND key_length BETWEEN ? AND ?
                    ORDER BY key_length, id LIMIT ?
                    """), arguments: [language, lengths.lowerBound, lengths.upperBound, limit]
        ).map {
            LookupCandidate(variantID: $0[0], unitID: $0[1], key: $0[2], languageBase: language)
        }
    }

    func newestUnit() throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(id), 0) FROM unit")) ?? 0
    }

    func termCounts(_ terms: [String], cap: Int) throws -> [Int] {
        let segments = try TermPostings.segments(db)
        return try terms.map { try TermPostings.count(of: TermHashing.hash($0), segments: segments, cap: cap, in: db) }
    }

    func termCandidates(
        _ clauses: [[String]], limit: Int, language: String, lengths: ClosedRange<Int>
    ) throws -> [LookupCandidate] {
        // Each term's posting list is read once, from `TermPostings`, and the clauses are checked
        // here (FTS5 would read a term's list once per clause it is in, one virtual-machine step
        // an id). A common term's list is not read: its clauses go to FTS5, which stops at the
        // first `limit` rows.
        let terms = Array(Set(clauses.joined())).sorted()
        guard !terms.isEmpty, terms.count <= 64 else { return [] }
        let segments = try TermPostings.segments(db)
        // Variant id × 64 + term number.
        var hits: [Int64] = []
        hits.reserveCapacity(terms.count * 2048)
        var common = Set<String>()
        for (k, term) in terms.enumerated() {
            if try !TermPostings.appendPostings(
                of: TermHashing.hash(term), tag: Int64(k), segments: segments,
                cap: Self.longestPostingList, to: &hits, in: db)
            {
                common.insert(term)
            }
        }
        // Each variant once, with the terms it holds as bits (sorting the tagged ids brings a
        // variant's terms together; it took half the time of merging the lists here).
        var held: [(id: Int64, mask: UInt64)] = []
        held.reserveCapacity(hits.count)
        hits.withUnsafeMutableBufferPointer { hits in
            hits.sort()
            var i = 0
            while i < hits.count {
                let id = hits[i] >> 6
                var mask: UInt64 = 0
                while i < hits.count && hits[i] >> 6 == id {
                    mask |= UInt64(1) << UInt64(hits[i] & 63)
                    i += 1
                }
                held.append((id, mask))
            }
        }
        let bit = Dictionary(
            uniqueKeysWithValues: terms.enumerated().map { ($0.element, UInt64(1) << UInt64($0.offset)) })
        func mask(_ terms: [String]) -> UInt64 { terms.reduce(UInt64(0)) { $0 | (bit[$1] ?? 0) } }
        let rareMasks = clauses.filter { $0.allSatisfy { !common.contains($0) } }.map(mask)
        // Whether a set of terms satisfies a rare clause, for every set when there are few terms.
        let table: [Bool]? =
            terms.count <= 8 ? (0..<(1 << terms.count)).map { m in rareMasks.contains { $0 & UInt64(m) == $0 } } : nil
        var chosen: [Int64] = []
        for v in held where table?[Int(v.mask)] ?? rareMasks.contains(where: { $0 & v.mask == $0 }) {
            chosen.append(v.id)
            if chosen.count == limit { break }
        }
        // A clause with common terms and rare ones: the variants that hold its rare terms, when
        // few, are asked whether they hold the common ones too (FTS5 seeks each id in the common
        // lists); otherwise the clause goes to FTS5 whole, which stops at the first `limit` rows.
        var wholeClauses: [[String]] = []
        for clause in clauses where clause.contains(where: common.contains) {
            let rare = mask(clause.filter { !common.contains($0) })
            let holding = rare == 0 ? [] : held.filter { rare & $0.mask == rare }.map(\.id)
            if rare == 0 || holding.count > Self.mostVerified {
                wholeClauses.append(clause)
            } else if !holding.isEmpty {
                chosen += try Int64.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT rowid FROM variant_terms WHERE variant_terms MATCH ? AND rowid IN (SELECT value FROM json_each(?))
                            """),
                    arguments: ["words : " + Self.allOf(clause.filter(common.contains)), Self.jsonList(holding)])
            }
        }
        if !wholeClauses.isEmpty {
            let expression = "words : (" + wholeClauses.map(Self.allOf).joined(separator: " OR ") + ")"
            chosen += try Int64.fetchAll(
                db.cachedStatement(
                    sql: "SELECT rowid FROM variant_terms WHERE variant_terms MATCH ? ORDER BY rowid LIMIT ?"),
                arguments: [expression, limit])
        }
        // The first `limit` of each part, together: the first `limit` of all.
        chosen = Array(Set(chosen).sorted().prefix(limit))
        guard !chosen.isEmpty else { return [] }
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT v.id, v.unit_id, v.key FROM json_each(?) AS f CROSS JOIN variant v ON v.id = f.value
                    WHERE v.lang_base = ? AND v.key_length BETWEEN ? AND ?
                    ORDER BY v.id
                    """), arguments: [Self.jsonList(chosen), language, lengths.lowerBound, lengths.upperBound]
        ).map {
            LookupCandidate(variantID: $0[0], unitID: $0[1], key: $0[2], languageBase: language)
        }
    }

    /// An FTS5 expression that holds every one of `terms`.
    private static func allOf(_ terms: [String]) -> String {
        "(" + terms.map(TermIndex.quoted).joined(separator: " AND ") + ")"
    }

    /// Variant ids as a JSON array, for `json_each`.
    private static func jsonList(_ ids: [Int64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }

    /// Posting lists longer than this are left to FTS5, which stops reading at `limit` matches
    /// (a common word has hundreds of thousands of rows).
    static let longestPostingList = 4_096

    /// Variants at most asked, one by one, whether they hold a clause's common terms (FTS5 takes
    /// about 17 µs an id at 1M units).
    static let mostVerified = 32

    func phraseCandidates(_ phrase: TermIndex.Phrase, substring: String?, limit: Int) throws -> [LookupCandidate] {
        var expression =
            phrase.column.rawValue + " : " + TermIndex.quoted(phrase.tokens.joined(separator: " "))
            + (phrase.isPrefix ? " *" : "")
        if !phrase.leadingCharacters.isEmpty {
            expression += " AND chars : " + TermIndex.quoted(phrase.leadingCharacters.joined(separator: " "))
        }
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT v.id, v.unit_id, v.key, v.lang_base
                    FROM variant_terms t CROSS JOIN variant v ON v.id = t.rowid
                    WHERE variant_terms MATCH ? AND (? IS NULL OR instr(v.key, ?) > 0)
                    ORDER BY t.rowid LIMIT ?
                    """), arguments: [expression, substring, substring, limit]
        ).map {
            LookupCandidate(variantID: $0[0], unitID: $0[1], key: $0[2], languageBase: $0[3])
        }
    }

    func details(unitIDs: [Int64]) throws -> [Int64: UnitDetails] {
        var found: [Int64: UnitDetails] = [:]
        for id in Set(unitIDs) { found[id] = try details(unitID: id) }
        return found
    }

    private func details(unitID: Int64) throws -> UnitDetails? {
        guard
            let unit = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT status, confidence, relation, method FROM unit WHERE id = ?"),
                arguments: [unitID])
        else { return nil }
        let variants = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT id, lang, lang_base, text FROM variant WHERE unit_id = ? ORDER BY position"),
            arguments: [unitID]
        ).map {
            UnitDetails.VariantText(id: $0[0], language: $0[1], languageBase: $0[2], text: $0[3])
        }
        let provenance = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT source_file, document, sentences, url FROM provenance WHERE unit_id = ? ORDER BY rowid"),
            arguments: [unitID]
        ).map {
            Provenance(sourceFile: $0[0], document: $0[1], sentences: $0[2], url: $0[3])
        }
        return UnitDetails(
            variants: variants, status: unit[0], confidence: unit[1], relation: unit[2], method: unit[3],
            provenance: provenance)
    }
}
