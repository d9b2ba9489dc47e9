import Foundation
import KakehashiMemory
import KakehashiPostgres

/// Opening the translation memory a user names: an SQLite file path, or a `postgres://` URL for
/// a shared PostgreSQL memory.
public enum MemoryLocation {
    /// The memory at `location`. `mustExist` for callers that only read (they never create an
    /// empty file); a file this user cannot write is opened read-only and still answers.
    public static func open(_ location: String, mustExist: Bool = false, readOnly: Bool = false) throws -> any MemoryStore {
        if PostgresLocation.isURL(location) {
            do { return try PostgresMemory(url: location, readOnly: readOnly) } catch { throw PipelineError(memory: error) }
        }
        if mustExist && !FileManager.default.fileExists(atPath: location) {
            throw PipelineError(.noInput, "\(location): no such memory (create one with 'kakehashi import' or 'kakehashi ingest')")
        }
        do { return try TranslationMemory(path: location, readOnly: readOnly) } catch let error as MemoryError { throw PipelineError(error) }
    }
}
