import ArgumentParser
import Foundation
import KakehashiMemory
import KakehashiPipeline

/// `kakehashi import`: TMX files into the memory, one transaction per file.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import TMX files into the memory (one transaction per file; duplicates are not added twice).",
        discussion:
            "A unit a reviewer rejected or an admin deleted stays so when a file holds it again, unless --reconsider-rejected says otherwise."
    )

    @OptionGroup var memory: MemoryOption

    @Argument(help: "TMX files.")
    var files: [String]

    @Flag(help: "Make rejected units that these files hold again imported again.")
    var reconsiderRejected = false

    @Option(name: .customLong("as"), help: "Who the import's changes are recorded as (default: the login name).")
    var user: String = NSUserName()

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one TMX file") }
    }

    func run() async throws {
        for f in files where !FileManager.default.fileExists(atPath: f) {
            throw fail("\(f): no such file", code: ExitStatus.noInput)
        }
        let files = self.files, reconsider = reconsiderRejected, user = self.user
        let (total, failed) = try await memory.with { tm in
            let result = try await Self.importAll(files, into: tm)
            if reconsider {
                var n = 0
                for f in files {
                    // A file that is not TMX was reported above and imported nothing.
                    do { n += try await Reconsideration.reconsider(tmx: f, in: tm, by: user) } catch is XMLInputError {}
                }
                printError("rejected units met again, now imported: \(n)")
            }
            return result
        }
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
