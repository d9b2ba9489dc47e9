public import Foundation
import GRDB
import KakehashiText
public import KakehashiMemory

extension TranslationMemory: ReviewableMemory {
    /// - Throws: `MemoryError` naming the file: `.cannotOpen` when SQLite fails.
    public func version(ofUnit id: Int64) async throws -> Int? {
        try await read { db in try Int.fetchOne(db, sql: "SELECT version FROM unit WHERE id = ?", arguments: [id]) }
    }

    /// The change, the new version and the history entry are one write transaction.
    /// - Throws: `ReviewError` (nothing changes then); `MemoryError` naming the file: `.readOnly`,
    ///   `.writeFailed` when SQLite fails.
    public func change(
        unit id: Int64, at version: Int, _ change: UnitChange, by user: String, at date: Date
    )
        async throws -> Int
    {
        try await review(unit: id, at: version) { db, current in
            let next = try change.applied(to: current)
            _ = try Self.record(
                db, unit: id, version: version + 1, user: user, date: date, change: change.name, before: current,
                after: next)
        }
    }

    /// - Throws: `ReviewError` (nothing changes then); `MemoryError` naming the file: `.readOnly`,
    ///   `.writeFailed` when SQLite fails.
    public func undo(unit id: Int64, at version: Int, by user: String, at date: Date) async throws -> Int {
        try await review(unit: id, at: version) { db, current in
            guard let target = UnitHistoryEntry.undoable(in: try Self.history(db, unit: id)) else {
                throw ReviewError.nothingToUndo(id)
            }
            let sequence = try Self.record(
                db, unit: id, version: version + 1, user: user, date: date, change: "undo", before: current,
                after: target.before)
            try db.execute(
                sql: "UPDATE unit_change SET undone_by = ? WHERE seq = ?", arguments: [sequence, target.sequence])
        }
    }

    /// - Throws: `MemoryError` naming the file: `.cannotOpen` when SQLite fails.
    public func history(ofUnit id: Int64) async throws -> [UnitHistoryEntry] {
        try await read { db in try Self.history(db, unit: id) }
    }

    /// - Throws: `MemoryError` naming the file: `.cannotOpen` when SQLite fails.
    public func changes(after sequence: Int64, limit: Int) async throws -> (changes: [UnitHistoryEntry], latest: Int64)
    {
        try await read { db in
            let changes = try Row.fetchAll(
                db, sql: "SELECT \(Self.historyColumns) FROM unit_change WHERE seq > ? ORDER BY seq LIMIT ?",
                arguments: [sequence, limit]
            ).map(Self.historyEntry)
            let latest = try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM unit_change") ?? 0
            return (changes, latest)
        }
    }

    /// Runs `body` on unit `id`'s current state in a write transaction, after checking that the
    /// unit is at `version`; `body` records the change and its history. Returns the new version.
    private func review(
        unit id: Int64, at version: Int, _ body: @escaping @Sendable (Database, ReviewState) throws -> Void
    ) async throws -> Int {
        guard !isReadOnly else { throw MemoryError(kind: .readOnly, path: path, detail: "cannot change units") }
        do {
            return try await database.write { db in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT version, status, relation, notes_json FROM unit WHERE id = ?", arguments: [id])
                else { throw ReviewError.noSuchUnit(id) }
                let current: Int = row[0]
                guard current == version else { throw ReviewError.staleVersion(expected: version, current: current) }
                var texts: [String: String] = [:]
                for variant in try Row.fetchAll(
                    db, sql: "SELECT lang_base, text FROM variant WHERE unit_id = ? ORDER BY position", arguments: [id])
                where texts[variant[0]] == nil {
                    texts[variant[0]] = variant[1] as String
                }
                let state = ReviewState(status: row[1], relation: row[2], notesJSON: row[3], texts: texts)
                try body(db, state)
                return version + 1
            }
        } catch let e as DatabaseError {
            throw MemoryError(kind: .writeFailed, path: path, detail: e.message ?? e.description)
        }
    }

    /// Writes `after` into unit `id` at `version` (as change by `user`), and the history entry;
    /// returns the entry's sequence number.
    private static func record(
        _ db: Database, unit id: Int64, version: Int, user: String, date: Date, change: String, before: ReviewState,
        after: ReviewState
    ) throws -> Int64 {
        if after.texts != before.texts { try replaceTexts(db, unit: id, before: before.texts, after: after.texts) }
        try db.execute(
            sql: """
                UPDATE unit SET status = ?, relation = ?, notes_json = ?, version = ?, changed_at = ?, change_id = ?
                WHERE id = ?
                """,
            arguments: [
                after.status.rawValue, after.relation?.rawValue, after.notesJSON, version, date.timeIntervalSince1970,
                user, id,
            ])
        try db.execute(
            sql: """
                INSERT INTO unit_change (unit_id, version, user, at, change, before_json, after_json)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [id, version, user, date.timeIntervalSince1970, change, before.json, after.json])
        return db.lastInsertedRowID
    }

    /// Gives unit `id`'s sides the texts of `after` that differ from `before`: new match keys and
    /// hashes, the full-text index's entries replaced, posting lists for the new words (the old
    /// ones only add candidates that scoring then drops), and the unit's de-duplication key, which
    /// must not become another unit's.
    private static func replaceTexts(
        _ db: Database, unit id: Int64, before: [String: String], after: [String: String]
    ) throws {
        let postings = TermPostings.Writer(db)
        for (language, text) in after.sorted(by: { $0.key < $1.key }) where before[language] != text {
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT id, key FROM variant WHERE unit_id = ? AND lang_base = ? ORDER BY position LIMIT 1",
                    arguments: [id, language])
            else { throw ReviewError.noSuchSide(language) }
            let variantID: Int64 = row[0], oldKey: String = row[1]
            let key = try TextNormalizer.key(text)
            guard !key.isEmpty else { throw ReviewError.emptyText }
            let old = TermIndex.columns(ofKey: oldKey), new = TermIndex.columns(ofKey: key)
            // A contentless FTS5 table forgets a row when told the values it was given.
            try db.execute(
                sql: "INSERT INTO variant_terms (variant_terms, rowid, words, chars) VALUES ('delete', ?, ?, ?)",
                arguments: [variantID, old.words, old.chars])
            try db.execute(
                sql: "INSERT INTO variant_terms (rowid, words, chars) VALUES (?, ?, ?)",
                arguments: [variantID, new.words, new.chars])
            try db.execute(
                sql: "UPDATE variant SET text = ?, key = ?, key_length = ?, key_hash = ?, seg_xml = NULL WHERE id = ?",
                arguments: [text, key, key.unicodeScalars.count, UnitHashing.keyHash(key), variantID])
            try postings.add(variantID: variantID, terms: TermHashing.hashes(ofWords: new.words))
        }
        try postings.finish()
        let keys = try Row.fetchAll(
            db, sql: "SELECT lang_base, key FROM variant WHERE unit_id = ? ORDER BY position", arguments: [id]
        ).map { ($0[0] as String, $0[1] as String) }
        let context = try String.fetchOne(db, sql: "SELECT context_key FROM unit WHERE id = ?", arguments: [id])
        let dedup = UnitHashing.dedupHash(keys, context: context)
        if let other = try Int64.fetchOne(
            db, sql: "SELECT id FROM unit WHERE dedup = ? AND id <> ?", arguments: [dedup, id])
        {
            throw ReviewError.duplicate(of: other)
        }
        try db.execute(sql: "UPDATE unit SET dedup = ? WHERE id = ?", arguments: [dedup, id])
    }

    private static func history(_ db: Database, unit id: Int64) throws -> [UnitHistoryEntry] {
        try Row.fetchAll(
            db, sql: "SELECT \(historyColumns) FROM unit_change WHERE unit_id = ? ORDER BY seq DESC", arguments: [id]
        ).map(historyEntry)
    }

    /// The columns of `unit_change` that `historyEntry` reads, in its order.
    private static let historyColumns = "seq, unit_id, version, user, at, change, before_json, after_json, undone_by"

    private static func historyEntry(_ row: Row) throws -> UnitHistoryEntry {
        UnitHistoryEntry(
            sequence: row[0], unitID: row[1], version: row[2], user: row[3], date: Date(timeIntervalSince1970: row[4]),
            change: row[5], before: try ReviewState(json: row[6]), after: try ReviewState(json: row[7]),
            undoneBy: row[8])
    }
}
