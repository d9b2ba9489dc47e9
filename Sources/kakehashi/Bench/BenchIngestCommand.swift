import ArgumentParser
import Foundation
import KakehashiBench
import KakehashiPipeline

/// `kakehashi bench ingest`: the main job on N + N synthetic articles.
struct BenchIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract:
            "Seconds, peak memory, and pairing recall and precision of ingest on N English + N Japanese articles.",
        discussion: """
            Each article pair is a distinct run of 3–16 consecutive sentence pairs of one WMT21 document (both sets, in \
            Evaluation/), so every file has exactly one true partner; runs of one document overlap or hold one another, as \
            rewrites and shorter versions of one story do (at most about 12,700 runs). The files are written to --folder (a temporary folder by default), then read, paired, aligned and \
            stored in a fresh memory there. Run one size per process: peak memory is the process's.
            """)

    @Option(help: "Articles per language.")
    var documents: Int = 1000

    @Option(help: "Working folder (the articles and the memory are left there).")
    var folder: String?

    @OptionGroup var lexicon: LexiconOptions

    func run() async throws {
        guard documents > 0 else { throw ValidationError("--documents must be positive") }
        let dir = folder ?? NSTemporaryDirectory() + "kakehashi-bench-ingest-\(getpid())"
        defer { if folder == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let lexicon = try self.lexicon.load()
        let status = StatusLine()
        let sources = try EvaluationData.documents(EvaluationData.wmt21)
        status.show("writing \(2 * documents) articles in \(dir)")
        let sentences = try pipeline { try IngestBenchmark.writeCorpus(sources, count: documents, folder: dir) }
        let r = try await pipeline {
            try await IngestBenchmark.run(folder: dir, documents: documents, sentencePairs: sentences, lexicon: lexicon)
            { status.show($0) }
        }
        status.clear()
        func f(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }
        print("articles: \(r.documents) English + \(r.documents) Japanese, \(r.sentencePairs) sentence pairs")
        print("read + segment   \(f(r.readSeconds)) s")
        print(
            "pair             \(f(r.pairSeconds)) s   (\(r.summary.documentPairs) pairs, \(r.summary.sameStoryPairs) same-story)"
        )
        print("align + store    \(f(r.storeSeconds)) s   (\(r.summary.stored) units stored, \(r.summary.added) new)")
        print(
            "total            \(f(r.totalSeconds)) s, peak RSS \(f(r.peakRSSMegabytes, 0)) MB "
                + "(\(f(r.peakAfterReadMegabytes, 0)) MB after reading, \(f(r.peakAfterPairMegabytes, 0)) MB after pairing)"
        )
        print(
            "pairing: \(r.correctPairs) right of \(r.proposedPairs) proposed: recall \(f(r.recall, 3)), precision \(f(r.precision, 3))"
        )
        print(
            "wrong pairs: \(r.wrongPairs), of which \(r.wrongPairsOverlapping) join two runs of one WMT21 document sharing at least half the shorter one's sentences"
        )
    }
}
