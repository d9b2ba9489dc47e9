import ArgumentParser
import Foundation
import KakehashiMemory
import KakehashiPipeline

/// The `--memory PATH|URL` option shared by the memory commands.
struct MemoryOption: ParsableArguments {
    @Option(name: .customLong("memory"),
            help: ArgumentHelp("The translation memory: an SQLite file, or postgres://user@host:port/db for a shared PostgreSQL memory.",
                               discussion: "The PostgreSQL password may come from PGPASSWORD; it is never printed.",
                               valueName: "path-or-url"))
    var path: String = MemoryLocation.defaultPath

    /// Opens the memory; `mustExist` for commands that only read it (they never create an empty
    /// file). A file this user cannot write is opened read-only and still answers.
    func open(mustExist: Bool = false, readOnly: Bool = false) throws -> any MemoryStore {
        try pipeline { try MemoryLocation.open(path, mustExist: mustExist, readOnly: readOnly) }
    }
}
