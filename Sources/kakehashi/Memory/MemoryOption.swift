import ArgumentParser
import Foundation
import KakehashiMemory
import KakehashiPipeline

/// The `--memory PATH|URL` option shared by the memory commands.
struct MemoryOption: ParsableArguments {
    @Option(
        name: .customLong("memory"),
        help: ArgumentHelp(
            "The translation memory: an SQLite file, or postgres://user@host:port/db for a shared PostgreSQL memory.",
            discussion: "The PostgreSQL password may come from PGPASSWORD; it is never printed.",
            valueName: "path-or-url"))
    var path: String = MemoryLocation.defaultPath

    /// Opens the memory without running what it needs: for a service group that runs
    /// `services` and calls `prepare()` (the server).
    func open(readOnly: Bool = false) throws -> any MemoryStore {
        try pipeline { try MemoryLocation.open(path, readOnly: readOnly) }
    }

    /// Runs `body` with the memory open and readied; `mustExist` for commands that only read it
    /// (they never create an empty file). A file this user cannot write is opened read-only and
    /// still answers.
    func with<T: Sendable>(
        mustExist: Bool = false, readOnly: Bool = false, _ body: (any MemoryStore) async throws -> T
    ) async throws -> T {
        try await pipeline { try await MemoryLocation.withMemory(path, mustExist: mustExist, readOnly: readOnly, body) }
    }
}
