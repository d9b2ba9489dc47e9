import ArgumentParser
import Foundation
import KakehashiMemory
import KakehashiPipeline

/// The `--memory PATH` option shared by the memory commands.
struct MemoryOption: ParsableArguments {
    @Option(name: .customLong("memory"), help: "The translation memory file (SQLite).")
    var path: String = TranslationMemory.defaultPath

    /// Opens the memory; `mustExist` for commands that only read it (they never create an empty
    /// file). A file this user cannot write is opened read-only and still answers.
    func open(mustExist: Bool = false) throws -> TranslationMemory {
        try pipeline { try MemoryLocation.open(path, mustExist: mustExist) }
    }
}
