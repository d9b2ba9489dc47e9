public import Foundation
public import KakehashiMemory
import PostgresNIO

/// The work queue in the memory's database (`ingest_work`): claims take the first open work with
/// `FOR UPDATE SKIP LOCKED`, so workers never wait on each other's rows, and hold it until a lease
/// that the database's clock measures; a dead worker's work is claimed again once its lease ends.
extension PostgresMemory: WorkQueue {
    /// The database's clock, in seconds since 1970 (every worker measures leases by it).
    private static let now = "extract(epoch from clock_timestamp())"

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func enqueueBatch(pairing payload: String) async throws -> Int64 {
        try await transaction { c in
            try await c.rows(
                """
                INSERT INTO ingest_work (batch_id, kind, payload, enqueued_at)
                VALUES (nextval('ingest_batch_id'), 'pair', \(payload), \(unescaped: Self.now)) RETURNING batch_id
                """, logger)[0].decode(Int64.self)
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func claimWork(worker: String, lease: TimeInterval) async throws -> QueuedWork? {
        let token = UUID().uuidString
        return try await transaction { c in
            // Work whose workers all died is given up, so that later batches do not wait for it.
            _ = try await c.rows(
                """
                UPDATE ingest_work SET done_at = \(unescaped: Self.now),
                  error = 'given up: claimed ' || attempts || ' times, and every worker died or lost its lease'
                WHERE done_at IS NULL AND attempts >= \(maximumWorkAttempts) AND lease_until < \(unescaped: Self.now)
                """, logger)
            // A batch's pairing waits for every earlier batch to be done; alignment does not wait.
            let rows = try await c.rows(
                """
                UPDATE ingest_work w SET claim = \(token), claimed_by = \(worker),
                  lease_until = \(unescaped: Self.now) + \(lease), attempts = w.attempts + 1
                WHERE w.id = (
                  SELECT o.id FROM ingest_work o
                  WHERE o.done_at IS NULL AND (o.lease_until IS NULL OR o.lease_until < \(unescaped: Self.now))
                    AND (o.kind = 'align' OR NOT EXISTS (
                      SELECT 1 FROM ingest_work e WHERE e.batch_id < o.batch_id AND e.done_at IS NULL))
                  ORDER BY o.batch_id, o.id LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING w.id, w.batch_id, w.kind, w.payload, w.attempts
                """, logger)
            guard let row = rows.first else { return nil }
            let (id, batch, kind, payload, attempts) = try row.decode((Int64, Int64, String, String, Int32).self)
            return QueuedWork(
                id: id, batch: batch, kind: QueuedWork.Kind(rawValue: kind) ?? .align, payload: payload, claim: token,
                attempts: Int(attempts))
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func renewLease(_ work: QueuedWork, lease: TimeInterval) async throws -> Bool {
        try await transaction { c in
            try await !c.rows(
                """
                UPDATE ingest_work SET lease_until = \(unescaped: Self.now) + \(lease)
                WHERE id = \(work.id) AND claim = \(work.claim) AND done_at IS NULL RETURNING id
                """, logger
            ).isEmpty
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func completeWork(
        _ work: QueuedWork, adding follow: [(kind: QueuedWork.Kind, payload: String)]
    ) async throws -> Bool {
        let kinds = follow.map(\.kind.rawValue), payloads = follow.map(\.payload)
        return try await transaction { c in
            let done = try await c.rows(
                """
                UPDATE ingest_work SET done_at = \(unescaped: Self.now), lease_until = NULL
                WHERE id = \(work.id) AND claim = \(work.claim) AND done_at IS NULL RETURNING id
                """, logger
            )
            guard !done.isEmpty else { return false }
            if !follow.isEmpty {
                _ = try await c.rows(
                    """
                    INSERT INTO ingest_work (batch_id, kind, payload, enqueued_at)
                    SELECT \(work.batch), k, p, \(unescaped: Self.now) FROM unnest(\(kinds), \(payloads)) AS x (k, p)
                    """, logger)
            }
            return true
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func failWork(_ work: QueuedWork, error: String) async throws {
        try await transaction { c in
            _ = try await c.rows(
                """
                UPDATE ingest_work SET done_at = \(unescaped: Self.now), lease_until = NULL, error = \(error)
                WHERE id = \(work.id) AND claim = \(work.claim) AND done_at IS NULL
                """, logger)
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message).
    public func queueCounts() async throws -> QueueCounts {
        try await reading { c in
            let (batches, open, waiting, claimed, done, failed) = try await c.rows(
                """
                SELECT count(DISTINCT batch_id), count(DISTINCT batch_id) FILTER (WHERE done_at IS NULL),
                  count(*) FILTER (WHERE done_at IS NULL AND (lease_until IS NULL OR lease_until < \(unescaped: Self.now))),
                  count(*) FILTER (WHERE done_at IS NULL AND lease_until >= \(unescaped: Self.now)),
                  count(*) FILTER (WHERE done_at IS NOT NULL AND error IS NULL),
                  count(*) FILTER (WHERE error IS NOT NULL)
                FROM ingest_work
                """, logger)[0].decode((Int64, Int64, Int64, Int64, Int64, Int64).self)
            var counts = QueueCounts()
            counts.batches = Int(batches)
            counts.openBatches = Int(open)
            counts.waiting = Int(waiting)
            counts.claimed = Int(claimed)
            counts.done = Int(done)
            counts.failed = Int(failed)
            return counts
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message).
    public func queuedDocuments(hashes: [String]) async throws -> [ArchivedDocument] {
        guard !hashes.isEmpty else { return [] }
        return try await reading { c in
            try await c.rows(
                """
                SELECT \(unescaped: PostgresMemory.archivedColumns) FROM ingested_document d
                WHERE d.content_hash = ANY(\(hashes)) ORDER BY d.file, d.content_hash, d.position
                """, logger
            ).map(PostgresMemory.archivedDocument)
        }
    }
}
