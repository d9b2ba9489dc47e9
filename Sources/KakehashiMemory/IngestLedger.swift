public import Foundation
/// An article file an ingest stored whole: its content hash (SHA-256, hex), name and size.
public typealias IngestedFile = (contentHash: String, name: String, bytes: Int)

/// What a memory remembers of ingest: the article files whose units it stored whole, by content
/// hash, so that a later ingest does not align them again (under any name). Every `MemoryStore`
/// keeps one; `MemoryStore.add(_:completing:at:)` records files with their units in one
/// transaction.
public protocol IngestLedger: Sendable {
    /// Which of `hashes` an earlier ingest recorded as stored.
    func ingestedContent(among hashes: [String]) async throws -> Set<String>
    /// Records article files as fully ingested.
    func recordIngested(_ files: [IngestedFile], at date: Date) async throws
    /// Every article file recorded as ingested, with when, oldest first (what `memory copy` carries).
    func ingestedFiles() async throws -> [(file: IngestedFile, at: Date)]
}

extension IngestLedger {
    /// Records article files as fully ingested, now.
    /// - Throws: the backend's `MemoryBackendError`.
    public func recordIngested(_ files: [IngestedFile]) async throws {
        try await recordIngested(files, at: Date())
    }
}
