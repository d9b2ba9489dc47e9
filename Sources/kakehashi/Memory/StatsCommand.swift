import ArgumentParser
import Foundation
import KakehashiMemory
import KakehashiPipeline

/// `kakehashi stats`: what the memory holds.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Counts of units, languages and sources in the memory.")

    @OptionGroup var memory: MemoryOption

    @Flag(help: "Also check the memory's integrity (SQLite's integrity_check; in PostgreSQL, units without two variants) and exit 65 when damaged.")
    var check = false

    func run() throws {
        let tm = try memory.open(mustExist: true)
        let s = try pipeline { try tm.statistics() }
        if check {
            let result = try pipeline { try tm.integrityCheck() }
            print("integrity: " + result.joined(separator: "; "))
            if result != ["ok"] { throw ExitCode(ExitStatus.dataError) }
        }
        let readOnly = tm.isReadOnly ? " [read-only]" : ""
        print("memory: \(tm.location) (\(s.fileBytes) bytes)\(readOnly)")
        print("units: \(s.units)   variants: \(s.variants)   source files: \(s.sources)")
        print("by status: " + s.byStatus.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        print("by relation: " + s.byRelation.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        print("by language: " + s.byLanguage.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
}
