import ArgumentParser
import Foundation
import KakehashiMemory
import KakehashiPipeline

/// `kakehashi export`: the memory as TMX 1.4b.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the memory as TMX 1.4b (stdout without -o).")

    @OptionGroup var memory: MemoryOption

    @Option(name: .shortAndLong, help: "Output file.")
    var output: String?

    @Option(help: "Only units with at least this alignment confidence (0–1).")
    var minConfidence: Double?

    @Option(help: "Only these languages, e.g. en,ja.")
    var langs: String?

    @Option(help: "Only units changed since this date (YYYY-MM-DD or YYYYMMDDThhmmssZ).")
    var since: String?

    @Option(help: "Only units of these relations, comma-separated: translation, partial, related (default: all).")
    var relation: String?

    @Option(
        help:
            "Only units of these statuses, comma-separated: approved, imported, aligned, rejected (default: all but rejected)."
    )
    var status: String?

    func run() async throws {
        var filter = ExportFilter(minimumConfidence: minConfidence)
        if let relation {
            guard let set = UnitRelation.set(parsing: relation) else {
                throw fail(
                    "--relation \(relation): expected translation, partial, related or all, comma-separated",
                    code: ExitStatus.usage)
            }
            filter.relations = set
        }
        if let status {
            guard let set = ExportFilter.statuses(parsing: status) else {
                throw fail(
                    "--status \(status): expected approved, imported, aligned or rejected, comma-separated",
                    code: ExitStatus.usage)
            }
            filter.statuses = set
        }
        if let langs {
            filter.languages = langs.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        }
        if let since {
            guard let date = TMXDate.parse(since) else {
                throw fail("--since \(since): not a date", code: ExitStatus.usage)
            }
            filter.since = date
        }
        let source = filter.languages?.first ?? "en", output = self.output, chosen = filter
        try await memory.with(mustExist: true) { tm in
            try await Self.export(tm, filter: chosen, sourceLanguage: source, to: output)
        }
    }

    /// Writes the TMX to `output` (through a `.partial` file renamed at the end) or to stdout.
    private static func export(
        _ tm: any MemoryStore, filter: ExportFilter, sourceLanguage source: String, to output: String?
    ) async throws {
        if let output {
            let temporary = output + ".partial"
            guard FileManager.default.createFile(atPath: temporary, contents: nil),
                let handle = FileHandle(forWritingAtPath: temporary)
            else {
                throw fail("\(output): cannot write", code: ExitStatus.ioError)
            }
            do {
                let n = try await tm.exportTMX(to: handle, filter: filter, sourceLanguage: source)
                try handle.close()
                _ = try? FileManager.default.removeItem(atPath: output)
                try FileManager.default.moveItem(atPath: temporary, toPath: output)
                printError("\(output): \(n) units")
            } catch {
                try? handle.close()
                try? FileManager.default.removeItem(atPath: temporary)
                throw fail("\(output): export failed: \(error)", code: ExitStatus.ioError)
            }
        } else {
            do {
                _ = try await tm.exportTMX(to: FileHandle.standardOutput, filter: filter, sourceLanguage: source)
            } catch {
                throw fail("export failed: \(error)", code: ExitStatus.ioError)
            }
        }
    }
}
