import Foundation

/// A value worked out once per memory revision and shared: the memory's counts, which take full
/// scans of a large memory, are counted again only after the memory changed, and requests that
/// arrive while they are counted wait for that same count.
actor PerRevision<Value: Sendable> {
    private var revision: String?
    private var value: Value?
    private var pending: (revision: String, task: Task<Value, any Error>)?

    /// The value for `revision`, computed by `compute` unless it is known or being computed.
    /// - Throws: what `compute` throws (nothing is kept then).
    func value(for revision: String, _ compute: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if revision == self.revision, let value { return value }
        if let pending, pending.revision == revision { return try await pending.task.value }
        let task = Task { try await compute() }
        pending = (revision, task)
        defer { if self.pending?.revision == revision { self.pending = nil } }
        let computed = try await task.value
        self.revision = revision
        value = computed
        return computed
    }
}
