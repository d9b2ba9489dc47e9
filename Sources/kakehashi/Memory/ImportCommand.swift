import ArgumentParser
import Foundation
import KakehashiMemory
import KakehashiPipeline

/// `kakehashi import`: TMX files into the memory, one transaction per file.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import TMX files into the memory (one transaction per file; duplicates are not added twice).")

    @OptionGroup var memory: MemoryOption

    @Argument(help: "TMX files.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one TMX file") }
    }

    func run() async throws {
        for f in files where !FileManager.default.fileExists(atPath: f) {
            throw fail("\(f): no such file", code: ExitStatus.noInput)
        }
        let files = self.files
        let (total, failed) = try await memory.with { tm in try await Self.importAll(files, into: tm) }
        if files.count > 1 { printError("total: \(total.summary)") }
        if failed { throw ExitCode(ExitStatus.dataError) }
    }

    /// Imports each file in a transaction of its own, reporting each; true when one failed.
    private static func importAll(_ files: [String], into tm: any MemoryStore) async throws -> (AddResult, Bool) {
        var failed = false
        var total = AddResult()
        for f in files {
            do {
                let r = try await tm.importTMX(path: f)
                total += r
                printError("\(f): \(r.summary)")
                for skipped in r.skippedUnits {
                    printError("\(f):\(skipped.line.map(String.init) ?? "?"): skipped: \(skipped.reason)")
                }
            } catch let e as XMLInputError {
                printError("\(e.description) — nothing from this file was imported")
                failed = true
            } catch  where PipelineError.isMemoryError(error) {
                printError("\(f): \(PipelineError(memory: error).message) — nothing from this file was imported")
                failed = true
            }
        }
        return (total, failed)
    }
}
