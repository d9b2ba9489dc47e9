import Foundation
public import KakehashiMemory
import KakehashiText

/// Why a pipeline call failed, sorted by what the caller should tell its user: the CLI turns the
/// kind into an exit status, the server into an HTTP status. The message names the file and the
/// place when there is one.
public struct PipelineError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, from the caller's point of view.
    public enum Kind: Sendable, Equatable {
        /// A request the pipeline cannot carry out as asked (an unknown encoding name, a bad option).
        case usage
        /// A named file or folder does not exist or cannot be read.
        case noInput
        /// The input was read but is not what it claims to be (binary data, undecodable text, a
        /// damaged or newer memory file).
        case badData
        /// Writing failed (disk full, read-only file, a memory that cannot be opened).
        case io
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The same error from a decoder failure: an unknown `--encoding` is a usage error, the rest
    /// is bad data.
    init(_ error: InputError) {
        if case .unknownEncoding = error.kind {
            self.init(.usage, error.description)
        } else {
            self.init(.badData, error.description)
        }
    }

    /// The same error from a memory backend (SQLite or PostgreSQL): a store that is not a memory,
    /// or is newer, is bad data; a malformed location is a usage error; the rest is I/O.
    public init(_ error: any MemoryBackendError) {
        switch error.failure {
        case .badData: self.init(.badData, error.description)
        case .usage: self.init(.usage, error.description)
        case .io: self.init(.io, error.description)
        }
    }

    /// True for the errors a memory (SQLite or PostgreSQL) throws.
    public static func isMemoryError(_ error: any Error) -> Bool { error is any MemoryBackendError }

    /// Any error a memory call threw, sorted as above (anything else is an I/O error).
    public init(memory error: any Error) {
        if let e = error as? PipelineError {
            self = e
        } else if let e = error as? any MemoryBackendError {
            self.init(e)
        } else {
            self.init(.io, "\(error)")
        }
    }
}
