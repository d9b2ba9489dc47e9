#if PostgreSQL
    import Foundation
    import KakehashiMemory
    @testable import KakehashiPostgres
    import PostgresNIO
    import Synchronization

    /// The clients of the memories tests opened, running until the test closes the memory.
    private let runningClients = Mutex<[ObjectIdentifier: Task<Void, Never>]>([:])

    extension PostgresMemory {
        /// A memory for a test: its pooled client runs in a task of its own until `close()`, and its
        /// schema is ready (what `MemoryLocation.withMemory` does around a command's work).
        static func started(url: String, readOnly: Bool = false) async throws -> PostgresMemory {
            let memory = try PostgresMemory(url: url, readOnly: readOnly)
            let client = memory.client
            let task = Task { await client.run() }
            runningClients.withLock { $0[ObjectIdentifier(memory)] = task }
            do { try await memory.prepare() } catch {
                memory.close()
                throw error
            }
            return memory
        }

        /// Stops the client `started` runs.
        func close() {
            runningClients.withLock { $0.removeValue(forKey: ObjectIdentifier(self)) }?.cancel()
        }
    }
#endif
