import Foundation
import KakehashiText

/// Why a memory file could not be opened or written.
public struct MemoryError: MemoryBackendError, Sendable {
    public enum Kind: Sendable { case newerSchema, notAMemory, cannotOpen, writeFailed, readOnly }
    public let kind: Kind
    public let path: String
    public let detail: String

    package init(kind: Kind, path: String, detail: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    public var failure: MemoryFailure { kind == .newerSchema || kind == .notAMemory ? .badData : .io }

    public var description: String {
        switch kind {
        case .newerSchema:
            return
                "\(path): this memory was written by a newer Kakehashi (schema \(detail)); upgrade Kakehashi to open it"
        case .notAMemory:
            return "\(path): not a Kakehashi memory (\(detail))"
        case .cannotOpen:
            return "\(path): cannot open the memory: \(detail)"
        case .writeFailed:
            return "\(path): writing failed, nothing was changed: \(detail)"
        case .readOnly:
            return "\(path): the memory is read-only here: \(detail)"
        }
    }
}
