import ArgumentParser
import Foundation
import KakehashiBench
import KakehashiPipeline

/// `kakehashi bench archive`: an archive ingested at once, then a day's increment without the
/// archive's files, against everything ingested again.
struct BenchArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Seconds and pairing of a day's increment onto an archive, against ingesting everything again.",
        discussion: """
            N English and N Japanese articles (runs of WMT21 documents; past the 12,700 distinct runs, variants of them \
            told from another sentence on with every digit shifted; each dated in a dateline, --per-day a day, the \
            Japanese version 0-7 days after the English) are ingested into a fresh memory. Then an increment of M + M \
            articles, half of whose partners are in the archive, is ingested into it with the archive's files moved away. \
            The peer, the release before document archives, reads everything again: archive and increment ingested \
            together into a fresh memory. Pairing of the increment's articles is counted from the document pairs each run aligns.
            """)

    @Option(help: "Archive articles per language.")
    var documents: Int = 2000

    @Option(help: "Increment articles per language.")
    var increment: Int = 300

    @Option(help: "Archive articles per language and day.")
    var perDay: Int = 300

    @Option(help: "Working folder (the articles and the memories are left there).")
    var folder: String?

    @OptionGroup var window: WindowOption

    @Flag(help: "Compare the increment only with the archive's unpaired documents (ingest --unpaired-only).")
    var unpairedOnly = false

    @Option(help: "Documents per date slice of an ingest (ingest --slice).")
    var slice: Int = IngestOptions().documentsPerSlice

    @OptionGroup var lexicon: LexiconOptions

    func run() async throws {
        guard documents > 0, increment >= 2, perDay > 0, slice > 0 else {
            throw ValidationError("--documents, --per-day and --slice must be positive, --increment at least 2")
        }
        let dir = folder ?? NSTemporaryDirectory() + "kakehashi-bench-archive-\(getpid())"
        defer { if folder == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let lexicon = try self.lexicon.load()
        let status = StatusLine()
        let sources = try EvaluationData.documents(EvaluationData.wmt21)
        status.show("writing the articles in \(dir)")
        let written = try pipeline {
            try ArchiveBenchmark.writeCorpus(
                sources, archive: documents, increment: increment, perDay: perDay, folder: dir)
        }
        let interval = try window.interval
        let r = try await pipeline {
            try await ArchiveBenchmark.run(
                folder: dir, window: interval, unpairedOnly: unpairedOnly, documentsPerSlice: slice, lexicon: lexicon
            ) {
                status.show($0)
            }
        }
        status.clear()
        func f(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }
        func quality(_ p: ArchiveBenchmark.Phase) -> String {
            let recall = Double(p.incrementRight) / Double(max(1, written.truePairs))
            let precision = Double(p.incrementRight) / Double(max(1, p.incrementPairs))
            return
                "pairs with an increment file: \(p.incrementRight) right of \(p.incrementPairs), recall \(f(recall, 3)), precision \(f(precision, 3))"
        }
        print(
            "files: archive \(written.archiveFiles), increment \(written.incrementFiles); true pairs with an increment file \(written.truePairs); window \(window.window)\(unpairedOnly ? ", unpaired documents only" : "")"
        )
        func peak(_ p: ArchiveBenchmark.Phase) -> String {
            p.peakRSSMegabytes > 0 ? ", peak RSS \(f(p.peakRSSMegabytes, 0)) MB" : ""
        }
        print(
            "archive, at once        \(f(r.archive.seconds)) s   (\(r.archive.summary.added) units\(peak(r.archive)))"
        )
        let archiveRecall = Double(r.archiveRight) / Double(max(1, documents))
        let archivePrecision = Double(r.archiveRight) / Double(max(1, r.archivePairs))
        print(
            "    pairs among archive files: \(r.archiveRight) right of \(r.archivePairs), recall \(f(archiveRecall, 3)), precision \(f(archivePrecision, 3))"
        )
        print(
            "increment onto it       \(f(r.increment.seconds)) s   (\(r.increment.summary.documents) new documents, \(r.increment.summary.archivedDocuments) kept ones compared, archive files moved away\(peak(r.increment)))"
        )
        print("    \(quality(r.increment))")
        print(
            "everything again (peer) \(f(r.everything.seconds)) s   (\(r.everything.summary.added) units\(peak(r.everything)))"
        )
        print("    \(quality(r.everything))")
        print(
            "increment / everything again: \(f(r.increment.seconds / max(0.001, r.everything.seconds), 3)); peak RSS \(f(r.peakRSSMegabytes, 0)) MB"
        )
        print(
            "documents kept: \(r.archivedDocuments), their sentences \(r.archivedBytes / max(1, r.archivedDocuments)) bytes a document on average"
        )
    }
}
