/// An error a memory backend throws, with what kind of failure it is, so that callers (the
/// pipeline, and through it the CLI's exit status and the server's HTTP status) sort every
/// backend's errors alike without knowing the backends.
public protocol MemoryBackendError: Error, CustomStringConvertible {
    var failure: MemoryFailure { get }
}

/// What kind of failure a memory backend met.
public enum MemoryFailure: Sendable {
    /// The store is not what it should be: a newer schema, a file that is no memory, a database
    /// not in UTF-8.
    case badData
    /// The location was named wrongly (a malformed URL).
    case usage
    /// Opening, reading or writing failed.
    case io
}
