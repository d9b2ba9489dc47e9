public import Foundation
import GRDB
import KakehashiText
public import KakehashiMemory

extension TranslationMemory: BulkReviewableMemory {
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

    /// The whole bulk change is one write transaction (a dry run, one read).
    /// - Throws: `BulkError` (nothing changes then); `MemoryError` naming the file: `.readOnly`,
    ///   `.writeFailed` when SQLite fails.
    public func bulkChange(
        _ selection: UnitSelection, _ action: BulkAction, dryRun: Bool, by user: String, at date: Date
    ) async throws -> BulkResult {
        let work = try action.prepared()
        let run: @Sendable (Database) throws -> BulkResult = { db in
            let (sql, arguments) = Self.selectingIDs(selection)
            let ids = try Int64.fetchAll(
                db, sql: sql + " ORDER BY id LIMIT \(BulkError.maximumUnits + 1)", arguments: arguments)
            guard ids.count <= BulkError.maximumUnits else { throw BulkError.tooMany(maximum: BulkError.maximumUnits) }
            var bulkID: Int64?
            if !dryRun {
                try db.execute(
                    sql: "INSERT INTO bulk_change (user, at, action, filter_json) VALUES (?, ?, ?, ?)",
                    arguments: [user, date.timeIntervalSince1970, action.name, selection.json])
                bulkID = db.lastInsertedRowID
            }
            var result = BulkResult(id: bulkID, count: 0, sample: [])
            let postings = TermPostings.Writer(db)
            for id in ids {
                let (version, before) = try Self.state(db, unit: id)
                do {
                    guard let after = try work(before) else { continue }
                    result.add(unit: id, before: before, after: after)
                    if let bulkID {
                        _ = try Self.record(
                            db, unit: id, version: version + 1, user: user, date: date, change: action.name,
                            before: before, after: after, bulk: bulkID, postings: postings)
                    }
                } catch let error as ReviewError { throw BulkError.unit(id, error) }
            }
            if let bulkID {
                try postings.finish()
                try db.execute(sql: "UPDATE bulk_change SET count = ? WHERE id = ?", arguments: [result.count, bulkID])
            }
            return result
        }
        if dryRun { return try await read(run) }
        return try await write(refusing: "cannot change units", run)
    }

    /// - Throws: `MemoryError` naming the file: `.cannotOpen` when SQLite fails.
    public func reviewQueue(_ selection: UnitSelection, limit: Int, offset: Int) async throws -> [Int64] {
        let (sql, arguments) = Self.selectingIDs(selection)
        return try await read { db in
            try Int64.fetchAll(
                db, sql: sql + " ORDER BY confidence, id LIMIT \(max(0, limit)) OFFSET \(max(0, offset))",
                arguments: arguments)
        }
    }

    /// - Throws: `MemoryError` naming the file: `.cannotOpen` when SQLite fails.
    public func provenance(ofSourceFile file: String, limit: Int) async throws -> [SourcedUnit] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT unit_id, source_file, document, sentences, url FROM provenance WHERE source_file = ?
                    ORDER BY unit_id LIMIT ?
                    """, arguments: [file, limit]
            ).map {
                SourcedUnit(
                    unitID: $0[0],
                    provenance: Provenance(sourceFile: $0[1], document: $0[2], sentences: $0[3], url: $0[4]))
            }
        }
    }

    /// - Throws: `MemoryError` naming the file: `.cannotOpen` when SQLite fails.
    public func dedupKeys(ofUnits ids: [Int64]) async throws -> [Int64: Int64] {
        try await read { db in try Self.pairs(db, "SELECT id, dedup FROM unit WHERE id IN", ids) }
    }

    /// - Throws: `MemoryError` naming the file: `.cannotOpen` when SQLite fails.
    public func unitIDs(withDedupKeys keys: [Int64]) async throws -> [Int64: Int64] {
        try await read { db in try Self.pairs(db, "SELECT dedup, id FROM unit WHERE dedup IN", keys) }
    }

    /// The first column's value → the second's, of `select` (ending in `… IN`) over `values`,
    /// 500 values a statement (numbers, written into the statement).
    private static func pairs(_ db: Database, _ select: String, _ values: [Int64]) throws -> [Int64: Int64] {
        var map: [Int64: Int64] = [:]
        for chunk in stride(from: 0, to: values.count, by: 500) {
            let part = values[chunk..<min(values.count, chunk + 500)].map(String.init).joined(separator: ",")
            for row in try Row.fetchAll(db, sql: "\(select) (\(part))") { map[row[0]] = row[1] }
        }
        return map
    }

    /// - Throws: `MemoryError` naming the file: `.readOnly`, `.writeFailed` when SQLite fails.
    public func appendHistory(_ entries: [UnitHistoryEntry]) async throws -> [Int64: Int64] {
        return try await write(refusing: "cannot change units") { db in
            var sequences: [Int64: Int64] = [:]
            for e in entries {
                try db.execute(
                    sql: """
                        INSERT INTO unit_change (unit_id, version, user, at, change, before_json, after_json)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        e.unitID, e.version, e.user, e.date.timeIntervalSince1970, e.change, e.before.json,
                        e.after.json,
                    ])
                sequences[e.sequence] = db.lastInsertedRowID
                try db.execute(
                    sql: "UPDATE unit SET version = max(version, ?) WHERE id = ?", arguments: [e.version, e.unitID])
            }
            return sequences
        }
    }

    /// - Throws: `MemoryError` naming the file: `.readOnly`, `.writeFailed` when SQLite fails.
    public func markUndone(_ pairs: [(change: Int64, undo: Int64)]) async throws {
        try await write(refusing: "cannot change units") { db in
            for pair in pairs {
                try db.execute(
                    sql: "UPDATE unit_change SET undone_by = ? WHERE seq = ?", arguments: [pair.undo, pair.change])
            }
        }
    }

    /// `SELECT id FROM unit WHERE …` for the units `selection` takes, and its arguments.
    private static func selectingIDs(_ selection: UnitSelection) -> (String, StatementArguments) {
        var sql = "SELECT id FROM unit WHERE " + selection.conditions.joined(separator: " AND ")
        var arguments = StatementArguments()
        if let file = selection.sourceFile {
            sql += " AND id IN (SELECT unit_id FROM provenance WHERE instr(source_file, ?) > 0)"
            arguments += [file]
        }
        return (sql, arguments)
    }

    /// One write transaction.
    /// - Throws: `BulkError` (nothing changes then); `MemoryError` naming the file: `.readOnly`,
    ///   `.writeFailed` when SQLite fails.
    public func undoBulkChange(_ id: Int64, by user: String, at date: Date) async throws -> BulkResult {
        return try await write(refusing: "cannot change units") { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT undone_by FROM bulk_change WHERE id = ?", arguments: [id])
            else { throw BulkError.noSuchBulkChange(id) }
            guard (row[0] as Int64?) == nil else { throw BulkError.alreadyUndone(id) }
            let entries = try Row.fetchAll(
                db, sql: "SELECT \(Self.historyColumns) FROM unit_change WHERE bulk_id = ? ORDER BY seq",
                arguments: [id]
            ).map(Self.historyEntry)
            try db.execute(
                sql: "INSERT INTO bulk_change (user, at, action, filter_json) VALUES (?, ?, ?, ?)",
                arguments: [user, date.timeIntervalSince1970, "undo bulk \(id)", "{\"undo\":\(id)}"])
            let undoID = db.lastInsertedRowID
            var result = BulkResult(id: undoID, count: 0, sample: [])
            let postings = TermPostings.Writer(db)
            for entry in entries {
                let (version, current) = try Self.state(db, unit: entry.unitID)
                // A unit a reviewer changed since keeps that change.
                guard version == entry.version, entry.undoneBy == nil else {
                    result.skipped.append(entry.unitID)
                    continue
                }
                do {
                    let sequence = try Self.record(
                        db, unit: entry.unitID, version: version + 1, user: user, date: date, change: "undo",
                        before: current, after: entry.before, bulk: undoID, postings: postings)
                    try db.execute(
                        sql: "UPDATE unit_change SET undone_by = ? WHERE seq = ?",
                        arguments: [sequence, entry.sequence])
                } catch let error as ReviewError { throw BulkError.unit(entry.unitID, error) }
                result.add(unit: entry.unitID, before: current, after: entry.before)
            }
            try postings.finish()
            try db.execute(sql: "UPDATE bulk_change SET count = ? WHERE id = ?", arguments: [result.count, undoID])
            try db.execute(sql: "UPDATE bulk_change SET undone_by = ? WHERE id = ?", arguments: [undoID, id])
            return result
        }
    }

    /// Runs `body` on unit `id`'s current state in a write transaction, after checking that the
    /// unit is at `version`; `body` records the change and its history. Returns the new version.
    private func review(
        unit id: Int64, at version: Int, _ body: @escaping @Sendable (Database, ReviewState) throws -> Void
    ) async throws -> Int {
        return try await write(refusing: "cannot change units") { db in
            let (current, state) = try Self.state(db, unit: id)
            guard current == version else { throw ReviewError.staleVersion(expected: version, current: current) }
            try body(db, state)
            return version + 1
        }
    }

    /// Unit `id`'s version and reviewable state.
    private static func state(_ db: Database, unit id: Int64) throws -> (Int, ReviewState) {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT version, status, relation, notes_json FROM unit WHERE id = ?", arguments: [id])
        else { throw ReviewError.noSuchUnit(id) }
        var texts: [String: String] = [:]
        for variant in try Row.fetchAll(
            db, sql: "SELECT lang_base, text FROM variant WHERE unit_id = ? ORDER BY position", arguments: [id])
        where texts[variant[0]] == nil {
            texts[variant[0]] = variant[1] as String
        }
        return (row[0], ReviewState(status: row[1], relation: row[2], notesJSON: row[3], texts: texts))
    }

    /// Writes `after` into unit `id` at `version` (as change by `user`), and the history entry;
    /// returns the entry's sequence number.
    private static func record(
        _ db: Database, unit id: Int64, version: Int, user: String, date: Date, change: String, before: ReviewState,
        after: ReviewState, bulk: Int64? = nil, postings shared: TermPostings.Writer? = nil
    ) throws -> Int64 {
        if after.texts != before.texts {
            // A bulk change shares one posting writer, finished once: one new segment, not one per unit.
            let postings = shared ?? TermPostings.Writer(db)
            try replaceTexts(db, unit: id, before: before.texts, after: after.texts, postings: postings)
            if shared == nil { try postings.finish() }
        }
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
                INSERT INTO unit_change (unit_id, version, user, at, change, before_json, after_json, bulk_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [id, version, user, date.timeIntervalSince1970, change, before.json, after.json, bulk])
        return db.lastInsertedRowID
    }

    /// Gives unit `id`'s sides the texts of `after` that differ from `before`: new match keys and
    /// hashes, the full-text index's entries replaced, posting lists for the new words (the old
    /// ones only add candidates that scoring then drops), and the unit's de-duplication key, which
    /// must not become another unit's.
    private static func replaceTexts(
        _ db: Database, unit id: Int64, before: [String: String], after: [String: String],
        postings: TermPostings.Writer
    ) throws {
        for (language, text) in after.sorted(by: { $0.key < $1.key }) where before[language] != text {
            // `+lang_base`: found by the unit's index, never by the language's (which holds every
            // variant of the language: a scan of the memory per edit).
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT id, key FROM variant WHERE unit_id = ? AND +lang_base = ? ORDER BY position LIMIT 1",
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
