public import Foundation
public import KakehashiMemory
import KakehashiText
import Logging
import PostgresNIO

extension PostgresMemory: BulkReviewableMemory {
    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed`.
    public func version(ofUnit id: Int64) async throws -> Int? {
        try await reading { c in
            try await c.rows("SELECT version FROM unit WHERE id = \(id)", logger).first.map {
                Int(try $0.decode(Int32.self))
            }
        }
    }

    /// The change, the new version and the history entry are one transaction; the unit's row is
    /// locked from the version check to the commit, so concurrent reviewers take turns.
    /// - Throws: `ReviewError` (nothing changes then); `PostgresStoreError`: `.cannotConnect`,
    ///   `.failed`, `.readOnly`.
    public func change(
        unit id: Int64, at version: Int, _ change: UnitChange, by user: String, at date: Date
    )
        async throws -> Int
    {
        try await review(unit: id, at: version) { c, current in
            let next = try change.applied(to: current)
            _ = try await self.record(
                c, unit: id, version: version + 1, user: user, date: date, change: change.name, before: current,
                after: next)
        }
    }

    /// - Throws: `ReviewError` (nothing changes then); `PostgresStoreError`: `.cannotConnect`,
    ///   `.failed`, `.readOnly`.
    public func undo(unit id: Int64, at version: Int, by user: String, at date: Date) async throws -> Int {
        try await review(unit: id, at: version) { c, current in
            guard let target = UnitHistoryEntry.undoable(in: try await self.history(c, unit: id)) else {
                throw ReviewError.nothingToUndo(id)
            }
            let sequence = try await self.record(
                c, unit: id, version: version + 1, user: user, date: date, change: "undo", before: current,
                after: target.before)
            _ = try await c.rows(
                "UPDATE unit_change SET undone_by = \(sequence) WHERE seq = \(target.sequence)", logger)
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed`.
    public func history(ofUnit id: Int64) async throws -> [UnitHistoryEntry] {
        try await reading { c in try await history(c, unit: id) }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed`.
    public func changes(after sequence: Int64, limit: Int) async throws -> (changes: [UnitHistoryEntry], latest: Int64)
    {
        try await transaction(readOnly: true) { c in
            let changes = try await c.rows(
                "SELECT \(unescaped: Self.historyColumns) FROM unit_change WHERE seq > \(sequence) ORDER BY seq LIMIT \(Int64(limit))",
                logger
            ).map(Self.historyEntry)
            let latest = try await c.rows("SELECT coalesce(max(seq), 0) FROM unit_change", logger)[0].decode(Int64.self)
            return (changes, latest)
        }
    }

    /// The whole bulk change is one transaction, the units it takes locked from the start (a dry
    /// run, one read-only transaction).
    /// - Throws: `BulkError` (nothing changes then); `PostgresStoreError`: `.cannotConnect`,
    ///   `.failed`, `.readOnly`.
    public func bulkChange(
        _ selection: UnitSelection, _ action: BulkAction, dryRun: Bool, by user: String, at date: Date
    ) async throws -> BulkResult {
        let work = try action.prepared()
        return try await transaction(readOnly: dryRun) { c in
            var query = Self.selectingIDs(selection)
            query.sql += " ORDER BY id LIMIT \(BulkError.maximumUnits + 1)" + (dryRun ? "" : " FOR UPDATE")
            var ids: [Int64] = []
            for row in try await c.rows(query, logger) { ids.append(try row.decode(Int64.self)) }
            guard ids.count <= BulkError.maximumUnits else { throw BulkError.tooMany(maximum: BulkError.maximumUnits) }
            var bulkID: Int64?
            if !dryRun {
                bulkID = try await c.rows(
                    """
                    INSERT INTO bulk_change ("user", at, action, filter_json)
                    VALUES (\(user), \(date.timeIntervalSince1970), \(action.name), \(selection.json)) RETURNING id
                    """, logger
                )[0].decode(Int64.self)
            }
            var result = BulkResult(id: bulkID, count: 0, sample: [])
            for id in ids {
                let (version, before) = try await self.lockedState(c, unit: id, locking: !dryRun)
                do {
                    guard let after = try work(before) else { continue }
                    result.add(unit: id, before: before, after: after)
                    if let bulkID {
                        _ = try await self.record(
                            c, unit: id, version: version + 1, user: user, date: date, change: action.name,
                            before: before, after: after, bulk: bulkID)
                    }
                } catch let error as ReviewError { throw BulkError.unit(id, error) }
            }
            if let bulkID {
                _ = try await c.rows(
                    "UPDATE bulk_change SET count = \(Int32(result.count)) WHERE id = \(bulkID)", logger)
            }
            return result
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed`.
    public func reviewQueue(_ selection: UnitSelection, limit: Int, offset: Int) async throws -> [Int64] {
        var query = Self.selectingIDs(selection)
        query.sql += " ORDER BY confidence NULLS FIRST, id LIMIT \(max(0, limit)) OFFSET \(max(0, offset))"
        return try await reading { c in
            var ids: [Int64] = []
            for row in try await c.rows(query, logger) { ids.append(try row.decode(Int64.self)) }
            return ids
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed`.
    public func provenance(ofSourceFile file: String, limit: Int) async throws -> [SourcedUnit] {
        try await reading { c in
            var result: [SourcedUnit] = []
            for row in try await c.rows(
                """
                SELECT unit_id, source_file, document, sentences, url FROM provenance WHERE source_file = \(file)
                ORDER BY unit_id LIMIT \(Int64(limit))
                """, logger)
            {
                let (id, source, document, sentences, url) = try row.decode(
                    (Int64, String, String?, String?, String?).self)
                result.append(
                    SourcedUnit(
                        unitID: id,
                        provenance: Provenance(sourceFile: source, document: document, sentences: sentences, url: url)))
            }
            return result
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed`.
    public func dedupKeys(ofUnits ids: [Int64]) async throws -> [Int64: Int64] {
        try await pairs("SELECT id, dedup FROM unit WHERE id = ANY(\(ids))")
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed`.
    public func unitIDs(withDedupKeys keys: [Int64]) async throws -> [Int64: Int64] {
        try await pairs("SELECT dedup, id FROM unit WHERE dedup = ANY(\(keys))")
    }

    /// The first column's value → the second's, of a query of two `bigint` columns.
    private func pairs(_ query: PostgresQuery) async throws -> [Int64: Int64] {
        try await reading { c in
            var map: [Int64: Int64] = [:]
            for row in try await c.rows(query, logger) {
                let (key, value) = try row.decode((Int64, Int64).self)
                map[key] = value
            }
            return map
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed`, `.readOnly`.
    public func appendHistory(_ entries: [UnitHistoryEntry]) async throws -> [Int64: Int64] {
        try await transaction { c in
            var sequences: [Int64: Int64] = [:]
            for e in entries {
                sequences[e.sequence] = try await c.rows(
                    """
                    INSERT INTO unit_change (unit_id, version, "user", at, change, before_json, after_json)
                    VALUES (\(e.unitID), \(Int32(e.version)), \(e.user), \(e.date.timeIntervalSince1970), \(e.change),
                      \(e.before.json), \(e.after.json))
                    RETURNING seq
                    """, logger
                )[0].decode(Int64.self)
                _ = try await c.rows(
                    "UPDATE unit SET version = greatest(version, \(Int32(e.version))) WHERE id = \(e.unitID)", logger)
            }
            return sequences
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed`, `.readOnly`.
    public func markUndone(_ pairs: [(change: Int64, undo: Int64)]) async throws {
        try await transaction { c in
            for pair in pairs {
                _ = try await c.rows(
                    "UPDATE unit_change SET undone_by = \(pair.undo) WHERE seq = \(pair.change)", logger)
            }
        }
    }

    /// `SELECT id FROM unit WHERE …` for the units `selection` takes.
    private static func selectingIDs(_ selection: UnitSelection) -> PostgresQuery {
        var query: PostgresQuery =
            "SELECT id FROM unit WHERE \(unescaped: selection.conditions.joined(separator: " AND "))"
        if let file = selection.sourceFile {
            query.sql += " AND id IN (SELECT unit_id FROM provenance WHERE strpos(source_file, $1) > 0)"
            query.binds.append(file, context: .default)
        }
        return query
    }

    /// One transaction.
    /// - Throws: `BulkError` (nothing changes then); `PostgresStoreError`: `.cannotConnect`,
    ///   `.failed`, `.readOnly`.
    public func undoBulkChange(_ id: Int64, by user: String, at date: Date) async throws -> BulkResult {
        try await transaction { c in
            guard
                let row = try await c.rows("SELECT undone_by FROM bulk_change WHERE id = \(id) FOR UPDATE", logger)
                    .first
            else { throw BulkError.noSuchBulkChange(id) }
            guard try row.decode(Int64?.self) == nil else { throw BulkError.alreadyUndone(id) }
            let entries = try await c.rows(
                "SELECT \(unescaped: Self.historyColumns) FROM unit_change WHERE bulk_id = \(id) ORDER BY seq", logger
            ).map(Self.historyEntry)
            let undoID = try await c.rows(
                """
                INSERT INTO bulk_change ("user", at, action, filter_json)
                VALUES (\(user), \(date.timeIntervalSince1970), \("undo bulk \(id)"), \("{\"undo\":\(id)}")) RETURNING id
                """, logger
            )[0].decode(Int64.self)
            var result = BulkResult(id: undoID, count: 0, sample: [])
            for entry in entries {
                let (version, current) = try await self.lockedState(c, unit: entry.unitID)
                // A unit a reviewer changed since keeps that change.
                guard version == entry.version, entry.undoneBy == nil else {
                    result.skipped.append(entry.unitID)
                    continue
                }
                do {
                    let sequence = try await self.record(
                        c, unit: entry.unitID, version: version + 1, user: user, date: date, change: "undo",
                        before: current, after: entry.before, bulk: undoID)
                    _ = try await c.rows(
                        "UPDATE unit_change SET undone_by = \(sequence) WHERE seq = \(entry.sequence)", logger)
                } catch let error as ReviewError { throw BulkError.unit(entry.unitID, error) }
                result.add(unit: entry.unitID, before: current, after: entry.before)
            }
            _ = try await c.rows("UPDATE bulk_change SET count = \(Int32(result.count)) WHERE id = \(undoID)", logger)
            _ = try await c.rows("UPDATE bulk_change SET undone_by = \(undoID) WHERE id = \(id)", logger)
            return result
        }
    }

    /// Runs `body` on unit `id`'s current state in a transaction, after checking that the unit is
    /// at `version`. Returns the new version.
    private func review(
        unit id: Int64, at version: Int, _ body: (PostgresConnection, ReviewState) async throws -> Void
    ) async throws -> Int {
        try await transaction { c in
            guard
                let row = try await c.rows(
                    "SELECT version, status, relation, notes_json FROM unit WHERE id = \(id) FOR UPDATE", logger
                ).first
            else { throw ReviewError.noSuchUnit(id) }
            let (current, status, relation, notes) = try row.decode((Int32, String, String?, String?).self)
            guard Int(current) == version else {
                throw ReviewError.staleVersion(expected: version, current: Int(current))
            }
            let state = try await self.state(c, unit: id, status: status, relation: relation, notes: notes)
            try await body(c, state)
            return version + 1
        }
    }

    /// Unit `id`'s reviewable state, from its row's columns and its variants.
    private func state(
        _ c: PostgresConnection, unit id: Int64, status: String, relation: String?, notes: String?
    ) async throws -> ReviewState {
        var texts: [String: String] = [:]
        for variant in try await c.rows(
            "SELECT lang_base, text FROM variant WHERE unit_id = \(id) ORDER BY position", logger)
        {
            let (language, text) = try variant.decode((String, String).self)
            if texts[language] == nil { texts[language] = text }
        }
        return ReviewState(status: status, relation: relation, notesJSON: notes, texts: texts)
    }

    /// Unit `id`'s version and reviewable state, its row locked until the transaction ends
    /// (unless `locking` is false: a read-only transaction's preview).
    private func lockedState(
        _ c: PostgresConnection, unit id: Int64, locking: Bool = true
    ) async throws -> (Int, ReviewState) {
        guard
            let row = try await c.rows(
                "SELECT version, status, relation, notes_json FROM unit WHERE id = \(id)\(unescaped: locking ? " FOR UPDATE" : "")",
                logger
            ).first
        else { throw ReviewError.noSuchUnit(id) }
        let (version, status, relation, notes) = try row.decode((Int32, String, String?, String?).self)
        return (Int(version), try await state(c, unit: id, status: status, relation: relation, notes: notes))
    }

    /// Writes `after` into unit `id` at `version` (as a change by `user`), and the history entry;
    /// returns the entry's sequence number.
    private func record(
        _ c: PostgresConnection, unit id: Int64, version: Int, user: String, date: Date, change: String,
        before: ReviewState, after: ReviewState, bulk: Int64? = nil
    ) async throws -> Int64 {
        let at = date.timeIntervalSince1970
        if after.texts != before.texts { try await replaceTexts(c, unit: id, before: before.texts, after: after.texts) }
        _ = try await c.rows(
            """
            UPDATE unit SET status = \(after.status.rawValue), relation = \(after.relation?.rawValue),
              notes_json = \(after.notesJSON), version = \(Int32(version)), changed_at = \(at), change_id = \(user)
            WHERE id = \(id)
            """, logger)
        return try await c.rows(
            """
            INSERT INTO unit_change (unit_id, version, "user", at, change, before_json, after_json, bulk_id)
            VALUES (\(id), \(Int32(version)), \(user), \(at), \(change), \(before.json), \(after.json), \(bulk))
            RETURNING seq
            """, logger
        )[0].decode(Int64.self)
    }

    /// Gives unit `id`'s sides the texts of `after` that differ from `before`, with their keys,
    /// candidate columns and word counts (`term_count`), and the unit's de-duplication key, which
    /// must not become another unit's.
    private func replaceTexts(
        _ c: PostgresConnection, unit id: Int64, before: [String: String], after: [String: String]
    ) async throws {
        var counts = TermCountDeltas()
        for (language, text) in after.sorted(by: { $0.key < $1.key }) where before[language] != text {
            guard
                let row = try await c.rows(
                    "SELECT id, key FROM variant WHERE unit_id = \(id) AND lang_base = \(language) ORDER BY position LIMIT 1",
                    logger
                ).first
            else { throw ReviewError.noSuchSide(language) }
            let (variantID, oldKey) = try row.decode((Int64, String).self)
            let key = try TextNormalizer.key(text)
            guard !key.isEmpty else { throw ReviewError.emptyText }
            let old = TermIndex.columns(ofKey: oldKey).words, new = TermIndex.columns(ofKey: key).words
            let hashes = TermHashing.hashes(ofWords: new)
            _ = try await c.rows(
                """
                UPDATE variant SET text = \(text), key = \(key), key_length = \(Int32(key.unicodeScalars.count)),
                  key_hash = \(UnitHashing.keyHash(key)), seg_xml = NULL, term_hashes = \(hashes),
                  words_spaced = \(TermIndex.spaced(new)), char_codes = \(TermIndex.characterCodes(ofKey: key)),
                  pair_codes = \(TermIndex.pairCodes(ofKey: key))
                WHERE id = \(variantID)
                """, logger)
            counts.count(words: old, hashes: TermHashing.hashes(ofWords: old), by: -1)
            counts.count(words: new, hashes: hashes, by: 1)
        }
        try await counts.store(connection: c, logger: logger)
        var keys: [(String, String)] = []
        for row in try await c.rows(
            "SELECT lang_base, key FROM variant WHERE unit_id = \(id) ORDER BY position", logger)
        {
            keys.append(try row.decode((String, String).self))
        }
        let context = try await c.rows("SELECT context_key FROM unit WHERE id = \(id)", logger)[0].decode(String?.self)
        let dedup = UnitHashing.dedupHash(keys, context: context)
        if let other = try await c.rows("SELECT id FROM unit WHERE dedup = \(dedup) AND id <> \(id)", logger).first {
            throw ReviewError.duplicate(of: try other.decode(Int64.self))
        }
        _ = try await c.rows("UPDATE unit SET dedup = \(dedup) WHERE id = \(id)", logger)
    }

    private func history(_ c: PostgresConnection, unit id: Int64) async throws -> [UnitHistoryEntry] {
        try await c.rows(
            "SELECT \(unescaped: Self.historyColumns) FROM unit_change WHERE unit_id = \(id) ORDER BY seq DESC", logger
        ).map(Self.historyEntry)
    }

    /// The columns of `unit_change` that `historyEntry` reads, in its order.
    private static let historyColumns =
        #"seq, unit_id, version, "user", at, change, before_json, after_json, undone_by"#

    private static func historyEntry(_ row: PostgresRow) throws -> UnitHistoryEntry {
        let (sequence, unit, version, user, at, change, before, after, undoneBy) = try row.decode(
            (Int64, Int64, Int32, String, Double, String, String, String, Int64?).self)
        return UnitHistoryEntry(
            sequence: sequence, unitID: unit, version: Int(version), user: user, date: Date(timeIntervalSince1970: at),
            change: change, before: try ReviewState(json: before), after: try ReviewState(json: after),
            undoneBy: undoneBy)
    }
}
