public import Foundation
public import KakehashiMemory
import KakehashiText
import Logging
import PostgresNIO

extension PostgresMemory: ReviewableMemory {
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
            var texts: [String: String] = [:]
            for variant in try await c.rows(
                "SELECT lang_base, text FROM variant WHERE unit_id = \(id) ORDER BY position", logger)
            {
                let (language, text) = try variant.decode((String, String).self)
                if texts[language] == nil { texts[language] = text }
            }
            let state = ReviewState(status: status, relation: relation, notesJSON: notes, texts: texts)
            try await body(c, state)
            return version + 1
        }
    }

    /// Writes `after` into unit `id` at `version` (as a change by `user`), and the history entry;
    /// returns the entry's sequence number.
    private func record(
        _ c: PostgresConnection, unit id: Int64, version: Int, user: String, date: Date, change: String,
        before: ReviewState, after: ReviewState
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
            INSERT INTO unit_change (unit_id, version, "user", at, change, before_json, after_json)
            VALUES (\(id), \(Int32(version)), \(user), \(at), \(change), \(before.json), \(after.json)) RETURNING seq
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
