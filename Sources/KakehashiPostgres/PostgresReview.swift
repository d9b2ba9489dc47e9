public import Foundation
public import KakehashiMemory
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
            let state = ReviewState(
                status: UnitStatus(rawValue: status) ?? .imported, relation: relation.flatMap(UnitRelation.init),
                notes: notes.flatMap { try? JSONDecoder().decode([TMXNote].self, from: Data($0.utf8)) } ?? [])
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
        let notes = after.notes.isEmpty ? nil : String(decoding: try JSONEncoder().encode(after.notes), as: UTF8.self)
        let at = date.timeIntervalSince1970
        _ = try await c.rows(
            """
            UPDATE unit SET status = \(after.status.rawValue), relation = \(after.relation?.rawValue),
              notes_json = \(notes), version = \(Int32(version)), changed_at = \(at), change_id = \(user)
            WHERE id = \(id)
            """, logger)
        return try await c.rows(
            """
            INSERT INTO unit_change (unit_id, version, "user", at, change, before_json, after_json)
            VALUES (\(id), \(Int32(version)), \(user), \(at), \(change), \(before.json), \(after.json)) RETURNING seq
            """, logger
        )[0].decode(Int64.self)
    }

    private func history(_ c: PostgresConnection, unit id: Int64) async throws -> [UnitHistoryEntry] {
        try await c.rows(
            """
            SELECT seq, version, "user", at, change, before_json, after_json, undone_by FROM unit_change
            WHERE unit_id = \(id) ORDER BY seq DESC
            """, logger
        ).map { row in
            let (sequence, version, user, at, change, before, after, undoneBy) = try row.decode(
                (Int64, Int32, String, Double, String, String, String, Int64?).self)
            return UnitHistoryEntry(
                sequence: sequence, unitID: id, version: Int(version), user: user,
                date: Date(timeIntervalSince1970: at), change: change, before: try ReviewState(json: before),
                after: try ReviewState(json: after), undoneBy: undoneBy)
        }
    }
}
