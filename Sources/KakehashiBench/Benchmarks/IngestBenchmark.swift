import Foundation
import KakehashiAlign
public import KakehashiLexicon
import KakehashiMemory
public import KakehashiPipeline

/// The main job at archive scale: N English and N Japanese article files, each a distinct run of
/// consecutive sentence pairs of one WMT21 document (so every file has exactly one true partner),
/// read, paired, aligned and stored in a fresh memory. Reports the time of each stage, the peak
/// memory and how well pairing found the partners.
public enum IngestBenchmark {
    /// The figures of one run.
    public struct Report: Sendable {
        public let documents: Int
        public let sentencePairs: Int
        public let readSeconds: Double
        public let pairSeconds: Double
        public let storeSeconds: Double
        public var totalSeconds: Double { readSeconds + pairSeconds + storeSeconds }
        public let peakRSSMegabytes: Double
        /// Peak memory once the corpus was read, and once it was paired.
        public let peakAfterReadMegabytes: Double
        public let peakAfterPairMegabytes: Double
        public let summary: IngestSummary
        public let proposedPairs: Int
        public let correctPairs: Int
        /// Wrong pairs, and those of them whose two runs come from one WMT21 document and share at
        /// least half the sentences of the shorter run (a partner that is mostly a translation).
        public let wrongPairs: Int
        public let wrongPairsOverlapping: Int
        public var recall: Double { Double(correctPairs) / Double(max(1, documents)) }
        public var precision: Double { Double(correctPairs) / Double(max(1, proposedPairs)) }
    }

    /// Shortest and longest run.
    public static let runLengths = 3...16

    /// Writes the corpus in `folder/articles`: files `K.en.txt` and `K.ja.txt` for run K, one
    /// sentence per paragraph. The runs are the first `count` of every (document, start, length)
    /// with a length in `runLengths`, shuffled with a fixed seed; there are about 12,700 of them.
    public static func writeCorpus(_ documents: [ParallelDocument], count: Int, folder: String) throws -> Int {
        let runs = try shuffledRuns(documents, count: count)
        let folder = folder + "/articles"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var sentences = 0
        // Which run each file holds, so that a wrong pair can be told from a near-copy of the right one.
        let manifest = runs.prefix(count).enumerated().map {
            "\($0.offset)\t\($0.element.document)\t\($0.element.start)\t\($0.element.length)"
        }
        try (manifest.joined(separator: "\n") + "\n").write(
            toFile: folder + "/../runs.tsv", atomically: false, encoding: .utf8)
        for (k, run) in runs.prefix(count).enumerated() {
            let pairs = documents[run.document].pairs[run.start..<(run.start + run.length)]
            try (pairs.map(\.en).joined(separator: "\n\n") + "\n").write(
                toFile: "\(folder)/\(k).en.txt", atomically: false, encoding: .utf8)
            try (pairs.map(\.ja).joined(separator: "\n\n") + "\n").write(
                toFile: "\(folder)/\(k).ja.txt", atomically: false, encoding: .utf8)
            sentences += run.length
        }
        return sentences
    }

    /// Every (document, start, length) with a length in `runLengths`, shuffled with a fixed seed;
    /// the first `count`.
    /// - Throws: `PipelineError` `.usage` when the documents make fewer runs.
    static func shuffledRuns(
        _ documents: [ParallelDocument], count: Int?
    ) throws -> [(document: Int, start: Int, length: Int)] {
        var runs: [(document: Int, start: Int, length: Int)] = []
        for (d, document) in documents.enumerated() {
            for length in runLengths where length <= document.pairs.count {
                for start in 0...(document.pairs.count - length) { runs.append((d, start, length)) }
            }
        }
        guard (count ?? 0) <= runs.count else {
            throw PipelineError(
                .usage,
                "at most \(runs.count) distinct runs of \(runLengths.lowerBound)–\(runLengths.upperBound) sentences can be made from these documents"
            )
        }
        var random = PythonRandom(seed: 2021)
        for i in stride(from: runs.count - 1, to: 0, by: -1) {
            runs.swapAt(i, Int(random.random() * Double(i + 1)))
        }
        return Array(runs.prefix(count ?? runs.count))
    }

    /// Ingests the files of `folder/articles` into a new memory in `folder` and measures it.
    public static func run(
        folder: String, documents: Int, sentencePairs: Int, lexicon: Lexicon,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> Report {
        let memoryPath = folder + "/bench-ingest.sqlite"
        try? FileManager.default.removeItem(atPath: memoryPath)
        let memory = try MemoryLocation.open(memoryPath)
        let ingestor = Ingestor(lexicon: lexicon)

        var clock = Date()
        progress("reading \(2 * documents) files")
        let corpus = try Corpus(paths: [folder + "/articles"])
        let readSeconds = Date().timeIntervalSince(clock)
        let afterRead = ProcessStatistics.peakResidentMegabytes()

        clock = Date()
        progress("pairing \(corpus.documents.count) documents")
        let pairing = try ingestor.pair(corpus)
        let pairSeconds = Date().timeIntervalSince(clock)
        let afterPair = ProcessStatistics.peakResidentMegabytes()

        clock = Date()
        let summary = try await ingestor.store(pairing, of: corpus, into: memory) { step in
            if case let .aligning(done, total) = step, done % 256 == 0 { progress("aligning \(done)/\(total)") }
        }
        let storeSeconds = Date().timeIntervalSince(clock)

        let (proposed, correct) = PairingEvaluation.tally(pairing.pairs, in: corpus)
        let (wrong, overlapping) = wrongPairs(pairing.pairs, in: corpus, manifest: folder + "/runs.tsv")
        return Report(
            documents: documents, sentencePairs: sentencePairs, readSeconds: readSeconds, pairSeconds: pairSeconds,
            storeSeconds: storeSeconds, peakRSSMegabytes: ProcessStatistics.peakResidentMegabytes(),
            peakAfterReadMegabytes: afterRead, peakAfterPairMegabytes: afterPair, summary: summary,
            proposedPairs: proposed, correctPairs: correct, wrongPairs: wrong, wrongPairsOverlapping: overlapping)
    }

    /// The pairs whose files hold different runs, and how many of those runs overlap by half.
    static func wrongPairs(
        _ pairs: [DocumentPair], in corpus: Corpus, manifest: String
    ) -> (wrong: Int, overlapping: Int) {
        guard let text = try? String(contentsOfFile: manifest, encoding: .utf8) else { return (0, 0) }
        var runs: [Int: (document: Int, start: Int, length: Int)] = [:]
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "\t").compactMap { Int($0) }
            if f.count == 4 { runs[f[0]] = (f[1], f[2], f[3]) }
        }
        func run(_ file: String) -> Int? { Int(file.split(separator: "/").last?.split(separator: ".").first ?? "") }
        var seen = Set<String>(), wrong = 0, overlapping = 0
        for pair in pairs {
            let en = corpus.documents[pair.en].file, ja = corpus.documents[pair.ja].file
            guard seen.insert(en + "\t" + ja).inserted, let a = run(en), let b = run(ja), a != b,
                let x = runs[a], let y = runs[b]
            else { continue }
            wrong += 1
            let shared =
                x.document == y.document
                ? max(0, min(x.start + x.length, y.start + y.length) - max(x.start, y.start)) : 0
            if 2 * shared >= min(x.length, y.length) { overlapping += 1 }
        }
        return (wrong, overlapping)
    }
}
