import ArgumentParser
import Foundation
import KakehashiPipeline
import KakehashiMemory

/// `kakehashi memory copy SRC DST`: one memory into another, SQLite or PostgreSQL either way.
struct MemoryCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy every unit of one memory into another (SQLite file or postgres:// URL, either direction).",
        discussion: """
            Streams the units in batches; the destination de-duplicates, so a copy stopped half-way can run again. \
            At the end the unit counts are compared and a sample of units is looked up in the destination; \
            exit 65 when something is missing. The PostgreSQL password may come from PGPASSWORD.
            """)

    @Argument(help: "The memory to read (SQLite file or postgres:// URL).")
    var source: String

    @Argument(help: "The memory to write (created when it does not exist).")
    var destination: String

    func run() async throws {
        let status = StatusLine()
        let destination = self.destination
        let (report, from, to) = try await pipeline {
            try await MemoryLocation.withMemory(source, mustExist: true, readOnly: true) { from in
                try await MemoryLocation.withMemory(destination) { to in
                    (
                        try await MemoryCopy.copy(from: from, to: to) { status.show("copied \($0) units") },
                        from.location, to.location
                    )
                }
            }
        }
        status.clear()
        print(
            "read \(report.read) units from \(from): \(report.added) new, \(report.alreadyPresent) already present in \(to)"
        )
        print(
            "units: source \(report.sourceUnits), destination \(report.destinationUnits); sample \(report.sampleFound)/\(report.sampled) found whole"
        )
        print("ingested files: \(report.ingestedFilesCopied) of \(report.ingestedFiles) recorded in the destination")
        print("documents of ingested files (paired with by later ingests): \(report.archivedDocuments) copied")
        if report.historyEntries > 0 {
            print(
                "reviewers' changes: \(report.historyEntriesCopied) of \(report.historyEntries) copied into the history"
                    + (report.historyEntriesCopied == 0 ? " (the destination has a history of its own)" : ""))
        }
        print(String(format: "time %.1f s", report.seconds))
        if !report.isComplete {
            throw fail(
                "the destination is missing units or ingested-file records of the source", code: ExitStatus.dataError)
        }
    }
}
