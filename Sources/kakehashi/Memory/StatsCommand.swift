import ArgumentParser
import Foundation
import KakehashiMemory
import KakehashiPipeline

/// `kakehashi stats`: what the memory holds.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Counts of units, languages and sources in the memory.")

    @OptionGroup var memory: MemoryOption

    @Flag(
        help:
            "Also check the memory's integrity (SQLite's integrity_check; in PostgreSQL, units without two variants) and exit 65 when damaged."
    )
    var check = false

    func run() async throws {
        let check = self.check
        let (s, integrity, location, readOnly, kept, queue) = try await memory.with(mustExist: true) { tm in
            (
                try await tm.statistics(), check ? try await tm.integrityCheck() : nil, tm.location,
                tm.isReadOnly ? " [read-only]" : "", try await tm.archiveCounts(),
                try await (tm as? any WorkQueue)?.queueCounts()
            )
        }
        if let integrity {
            print("integrity: " + integrity.joined(separator: "; "))
            if integrity != ["ok"] { throw ExitCode(ExitStatus.dataError) }
        }
        print("memory: \(location) (\(s.fileBytes) bytes)\(readOnly)")
        print("units: \(s.units)   variants: \(s.variants)   source files: \(s.sources)")
        print(
            "by status: "
                + s.byStatus.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        print(
            "by relation: "
                + s.byRelation.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        print(
            "by language: "
                + s.byLanguage.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        print(
            "documents of ingested files: \(kept.documents) kept, \(kept.unpaired) not paired yet"
                + (kept.documents > 0 ? ", \(kept.bytes / kept.documents) bytes each on average" : ""))
        if let queue, queue.batches > 0 { print(QueueCounts.line(queue)) }
    }
}
