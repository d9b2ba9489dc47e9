import Foundation
public import KakehashiMemory
import KakehashiSQLite
import ServiceLifecycle
#if PostgreSQL
    import KakehashiPostgres
#endif

/// Opening the translation memory a user names: an SQLite file path, or a `postgres://` URL for
/// a shared PostgreSQL memory (in a build with the `PostgreSQL` package trait).
public enum MemoryLocation {
    /// Where `kakehashi` keeps its memory unless told otherwise.
    public static let defaultPath = TranslationMemory.defaultPath

    /// The memory at `location`. `mustExist` for callers that only read (they never create an
    /// empty file); a file this user cannot write is opened read-only and still answers.
    /// - Throws: `PipelineError`: `.usage` for a `postgres://` URL in a build without PostgreSQL
    ///   or a malformed one, `.noInput` for a missing file with `mustExist`, `.badData` for a
    ///   store that is not a memory or is newer, `.io` when it cannot be opened.
    public static func open(
        _ location: String, mustExist: Bool = false, readOnly: Bool = false
    ) throws -> any MemoryStore {
        if isPostgresURL(location) {
            #if PostgreSQL
                do { return try PostgresMemory(url: location, readOnly: readOnly) } catch {
                    throw PipelineError(memory: error)
                }
            #else
                throw PipelineError(
                    .usage,
                    "\(location): this build of Kakehashi has no PostgreSQL support; "
                        + "build it with the PostgreSQL trait: swift build -c release --traits PostgreSQL")
            #endif
        }
        if mustExist && !FileManager.default.fileExists(atPath: location) {
            throw PipelineError(
                .noInput, "\(location): no such memory (create one with 'kakehashi import' or 'kakehashi ingest')")
        }
        do { return try TranslationMemory(path: location, readOnly: readOnly) } catch let error as MemoryError {
            throw PipelineError(error)
        }
    }

    /// Opens the memory at `location`, runs what it needs (PostgreSQL's pooled client) and readies
    /// it, then runs `body` with it; the client stops when `body` returns or throws.
    ///
    /// ```swift
    /// let n = try await MemoryLocation.withMemory("memory/kakehashi.sqlite") { try await $0.statistics().units }
    /// ```
    /// - Throws: as `open`; `PipelineError` `.badData` or `.io` when the memory cannot be readied;
    ///   or what `body` throws.
    public static func withMemory<T: Sendable>(
        _ location: String, mustExist: Bool = false, readOnly: Bool = false,
        _ body: (any MemoryStore) async throws -> T
    ) async throws -> T {
        try await running(try open(location, mustExist: mustExist, readOnly: readOnly), body)
    }

    /// Runs `memory`'s services while `body` runs with it, readied (see `MemoryStore.prepare`).
    /// - Throws: `PipelineError` when the memory cannot be readied; or what `body` throws.
    public static func running<T: Sendable>(
        _ memory: any MemoryStore, _ body: (any MemoryStore) async throws -> T
    ) async throws -> T {
        let services = memory.services
        if services.isEmpty {
            do { try await memory.prepare() } catch { throw PipelineError(memory: error) }
            return try await body(memory)
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for service in services { group.addTask { try await service.run() } }
            defer { group.cancelAll() }
            do { try await memory.prepare() } catch { throw PipelineError(memory: error) }
            return try await body(memory)
        }
    }

    /// True for a `postgres://` or `postgresql://` URL (anything else names an SQLite file).
    public static func isPostgresURL(_ location: String) -> Bool {
        let lower = location.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// A new empty database `name` (letters, digits, underscores; dropped first if it exists) on
    /// the PostgreSQL server of `server`, for a benchmark; its URL. The user needs CREATEDB.
    /// - Throws: `PipelineError`: `.usage` without PostgreSQL support or for a malformed URL,
    ///   `.io` when the server refuses.
    public static func scratchDatabase(_ name: String, onServerOf server: String) async throws -> String {
        #if PostgreSQL
            do {
                var location = try PostgresLocation(url: server)
                let admin = PostgresMemory.Administration(location: location)
                try await admin.dropDatabase(name)
                try await admin.createDatabase(name)
                location.database = name
                return location.url
            } catch {
                throw PipelineError(.io, "\(server): cannot create database \(name): \(error)")
            }
        #else
            throw PipelineError(.usage, "this build of Kakehashi has no PostgreSQL support")
        #endif
    }

    /// Drops database `name` on the server of `server` (a benchmark's scratch database).
    public static func dropDatabase(_ name: String, onServerOf server: String) async throws {
        #if PostgreSQL
            do {
                try await PostgresMemory.Administration(location: try PostgresLocation(url: server)).dropDatabase(name)
            } catch {
                throw PipelineError(.io, "\(server): cannot drop database \(name): \(error)")
            }
        #endif
    }

    /// Whether this build opens `postgres://` memories (the `PostgreSQL` package trait).
    public static var supportsPostgres: Bool {
        #if PostgreSQL
            return true
        #else
            return false
        #endif
    }
}
