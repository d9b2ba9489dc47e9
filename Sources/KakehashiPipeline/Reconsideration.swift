import Foundation
public import KakehashiMemory

/// Rejections taken back when told to (`--reconsider-rejected`): the rejected units that an
/// ingest or import meets again get the status that ingest or import gives, as one bulk change
/// in their histories (undone as one).
public enum Reconsideration {
    /// Makes the rejected units among those with these de-duplication keys `status` again, by
    /// `user`; returns how many. A memory that cannot be reviewed has no rejected units.
    /// - Throws: `PipelineError` for the memory's failures.
    public static func reconsider(
        _ keys: [Int64], as status: UnitStatus, in memory: any MemoryStore, by user: String
    ) async throws -> Int {
        guard let memory = memory as? any BulkReviewableMemory, !keys.isEmpty else { return 0 }
        var total = 0
        var start = 0
        while start < keys.count {
            let batch = Array(keys[start..<min(keys.count, start + 10_000)])
            start += batch.count
            do {
                total +=
                    try await memory.bulkChange(
                        UnitSelection(statuses: [.rejected], dedupKeys: batch), .reconsider(as: status), dryRun: false,
                        by: user, at: Date()
                    ).count
            } catch { throw PipelineError(memory: error) }
        }
        return total
    }

    /// Reconsiders the rejected units that the TMX file at `path` holds, as `imported` again.
    /// - Throws: `XMLInputError` for a file that is not TMX; `PipelineError` for the memory's failures.
    public static func reconsider(tmx path: String, in memory: any MemoryStore, by user: String) async throws -> Int {
        let keys = try PreparedUnit.reading(tmx: path) { handoff in
            var keys: [Int64] = []
            while let chunk = try handoff.take() { keys += chunk.map(\.dedup) }
            return keys
        }
        return try await reconsider(keys, as: .imported, in: memory, by: user)
    }
}
