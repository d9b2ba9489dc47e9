import Foundation
import KakehashiMemory

/// Opening the translation memory a user names.
public enum MemoryLocation {
    /// The memory at `path`. `mustExist` for callers that only read (they never create an empty
    /// file); a file this user cannot write is opened read-only and still answers.
    public static func open(_ path: String, mustExist: Bool = false) throws -> TranslationMemory {
        if mustExist && !FileManager.default.fileExists(atPath: path) {
            throw PipelineError(.noInput, "\(path): no such memory (create one with 'kakehashi import' or 'kakehashi ingest')")
        }
        do { return try TranslationMemory(path: path) } catch let error as MemoryError { throw PipelineError(error) }
    }
}
