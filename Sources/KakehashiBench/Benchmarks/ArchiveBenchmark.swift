public import Foundation
public import KakehashiLexicon
import KakehashiMemory
public import KakehashiPipeline

/// An archive that grows by a day: N English and N Japanese articles over the days before, each
/// dated in a dateline, ingested at once; then a day's increment of M + M articles ingested into
/// the same memory with the archive's files moved away, half of the new articles' partners being
/// old ones. The peer is the release before document archives, which reads everything again: the
/// archive and the increment ingested together into a fresh memory, also what "all at once"
/// pairing finds.
///
/// The articles are the runs of `IngestBenchmark` (3–16 consecutive sentence pairs of one WMT21
/// document, so runs of one document are same-story distractors). Archive run k is dated day
/// k / perDay; its Japanese version 0–7 days later. The old partners of the increment's articles
/// are dated the archive's last day.
public enum ArchiveBenchmark {
    /// One ingest's time and the document pairs it aligned.
    public struct Phase: Sendable {
        public var seconds = 0.0
        public var summary = IngestSummary()
        /// Document pairs aligned with a file of the increment, and how many of them join the two
        /// halves of one run.
        public var incrementPairs = 0
        public var incrementRight = 0
        /// The phase's own peak resident memory, in megabytes (0 where it cannot be told apart).
        public var peakRSSMegabytes = 0.0
    }

    /// The three ingests, the process's peak memory, and what the memory keeps.
    public struct Report: Sendable {
        public var archive = Phase(), increment = Phase(), everything = Phase()
        public var peakRSSMegabytes = 0.0
        /// Documents the memory keeps, and the size of their stored sentences.
        public var archivedDocuments = 0
        public var archivedBytes = 0
        /// The pairs the memory records between two archive documents once the archive is
        /// ingested, and how many join the two halves of one run (of the archive's runs).
        public var archivePairs = 0
        public var archiveRight = 0
    }

    /// Writes `folder/archive` and `folder/increment`; the counts of runs used.
    public static func writeCorpus(
        _ documents: [ParallelDocument], archive n: Int, increment m: Int, perDay: Int, folder: String
    ) throws -> (archiveFiles: Int, incrementFiles: Int, truePairs: Int) {
        let half = m / 2
        let needed = n + m + half
        let runs = try derivedRuns(documents, count: needed)
        let days = max(1, (n + perDay - 1) / perDay)
        let start = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMMM d, yyyy"
        func day(_ d: Int) -> Date { start.addingTimeInterval(Double(d) * 86_400) }
        func japaneseDate(_ date: Date) -> String {
            let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
            return "\(c.year!)年\(c.month!)月\(c.day!)日"
        }
        for part in ["archive", "increment"] {
            try? FileManager.default.removeItem(atPath: folder + "/" + part)
            try FileManager.default.createDirectory(atPath: folder + "/" + part, withIntermediateDirectories: true)
        }
        var counts = (archive: 0, increment: 0)
        func write(_ k: Int, english: Bool, part: String, date: Date) throws {
            let run = runs[k]
            let pairs = derived(
                Array(documents[run.document].pairs[run.start..<(run.start + run.length)]), variant: run.variant)
            let dateline = english ? "Published: " + formatter.string(from: date) : japaneseDate(date)
            let body = pairs.map { english ? $0.en : $0.ja }.joined(separator: "\n\n")
            try (dateline + "\n\n" + body + "\n").write(
                toFile: "\(folder)/\(part)/\(k).\(english ? "en" : "ja").txt", atomically: false, encoding: .utf8)
            if part == "archive" { counts.archive += 1 } else { counts.increment += 1 }
        }
        let last = days - 1
        for k in 0..<n {
            let d = k / perDay
            try write(k, english: true, part: "archive", date: day(d))
            try write(k, english: false, part: "archive", date: day(d + k % 8))
        }
        // New Japanese articles whose English partners are old; new English whose Japanese are;
        // and pairs both new.
        for k in n..<(n + half) {
            try write(k, english: true, part: "archive", date: day(last))
            try write(k, english: false, part: "increment", date: day(last + 1 + k % 3))
        }
        for k in (n + half)..<(n + m) {
            try write(k, english: true, part: "increment", date: day(last + 1))
            try write(k, english: false, part: "increment", date: day(last + 1 + k % 3))
        }
        for k in (n + m)..<needed {
            try write(k, english: false, part: "archive", date: day(last))
            try write(k, english: true, part: "increment", date: day(last + 1 + k % 3))
        }
        return (counts.archive, counts.increment, needed - n)
    }

    /// `count` runs of `IngestBenchmark.shuffledRuns`; past the distinct runs (about 12,700),
    /// derived ones: variant v of every run, in the same shuffled order (`derived`).
    static func derivedRuns(
        _ documents: [ParallelDocument], count: Int
    ) throws -> [(document: Int, start: Int, length: Int, variant: Int)] {
        let all = try IngestBenchmark.shuffledRuns(documents, count: nil)
        return (0..<count).map { k in
            let run = all[k % all.count]
            return (run.document, run.start, run.length, k / all.count)
        }
    }

    /// Variant `v` of a run's sentence pairs: for v > 0 its sentences start v further on (the
    /// ones before move to its end, as in a story told in another order), and every digit, ASCII
    /// or full-width, is shifted by v in both languages alike (other numbers, other dates).
    static func derived(_ pairs: [(en: String, ja: String)], variant v: Int) -> [(en: String, ja: String)] {
        guard v > 0, !pairs.isEmpty else { return pairs }
        func shifted(_ text: String) -> String {
            String(
                String.UnicodeScalarView(
                    text.unicodeScalars.map { c -> Unicode.Scalar in
                        switch c.value {
                        case 0x30...0x39: return Unicode.Scalar(0x30 + (c.value - 0x30 + UInt32(v)) % 10)!
                        case 0xFF10...0xFF19: return Unicode.Scalar(0xFF10 + (c.value - 0xFF10 + UInt32(v)) % 10)!
                        default: return c
                        }
                    }))
        }
        let turn = v % pairs.count
        return (pairs[turn...] + pairs[..<turn]).map { (en: shifted($0.en), ja: shifted($0.ja)) }
    }

    /// Runs the three ingests in `folder` (written by `writeCorpus`).
    public static func run(
        folder: String, window: TimeInterval?, unpairedOnly: Bool = false,
        documentsPerSlice: Int = IngestOptions().documentsPerSlice, lexicon: Lexicon,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> Report {
        var options = IngestOptions()
        options.pairingWindow = window
        options.comparesUnpairedOnly = unpairedOnly
        options.documentsPerSlice = documentsPerSlice
        let ingestor = Ingestor(lexicon: lexicon, options: options)
        var report = Report()
        func ingest(_ paths: [String], into memoryPath: String) async throws -> Phase {
            let memory = try MemoryLocation.open(memoryPath)
            // Each phase's peak from what the phase before left in use, not in the heap.
            HeapRelease.releaseFreePages()
            let resetPeak = ProcessStatistics.resetPeakResident()
            let clock = Date()
            let corpus = try Corpus(paths: paths)
            var phase = Phase()
            phase.summary = try await ingestor.ingest(corpus, into: memory) { step in
                switch step {
                case let .slice(number, count, _): progress("slice \(number)/\(count)")
                case let .aligning(done, total) where done % 256 == 0: progress("aligning \(done)/\(total)")
                default: break
                }
            }
            phase.seconds = Date().timeIntervalSince(clock)
            if resetPeak { phase.peakRSSMegabytes = ProcessStatistics.phasePeakMegabytes() }
            return phase
        }
        let archived = folder + "/archive", moved = folder + "/archive.away"
        for name in ["bench-archive.sqlite", "bench-everything.sqlite"] {
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: "\(folder)/\(name)\(suffix)")
            }
        }
        progress("ingesting the archive")
        report.archive = try await ingest([archived], into: folder + "/bench-archive.sqlite")
        // The pairs among archive documents, as the memory records them.
        let kept = try await MemoryLocation.open(folder + "/bench-archive.sqlite").archivedDocuments(
            excludingHashes: [], names: [], dates: nil, unpairedOnly: false)
        var runOf: [DocumentReference: Substring] = [:]
        for d in kept { runOf[d.reference] = d.file.split(separator: "/").last?.split(separator: ".").first }
        for pair in ArchivedPair.recorded(in: kept) {
            guard let en = runOf[pair.en], let ja = runOf[pair.ja] else { continue }
            report.archivePairs += 1
            if en == ja { report.archiveRight += 1 }
        }
        // The increment, with the archive's files out of reach.
        try FileManager.default.moveItem(atPath: archived, toPath: moved)
        defer { try? FileManager.default.moveItem(atPath: moved, toPath: archived) }
        progress("ingesting the increment")
        report.increment = try await ingest([folder + "/increment"], into: folder + "/bench-archive.sqlite")
        try FileManager.default.moveItem(atPath: moved, toPath: archived)
        progress("ingesting everything at once (the release before)")
        report.everything = try await ingest(
            [archived, folder + "/increment"], into: folder + "/bench-everything.sqlite")
        report.peakRSSMegabytes = ProcessStatistics.peakResidentMegabytes()

        let incrementFiles = Set(try FileManager.default.contentsOfDirectory(atPath: folder + "/increment"))
        for keyPath in [\Report.increment, \Report.everything] {
            var phase = report[keyPath: keyPath]
            func name(_ file: String) -> String { String(file.split(separator: "/").last ?? "") }
            func run(_ file: String) -> Substring { name(file).split(separator: ".")[0] }
            for pair in phase.summary.alignedFiles
            where incrementFiles.contains(name(pair.en)) || incrementFiles.contains(name(pair.ja)) {
                phase.incrementPairs += 1
                if run(pair.en) == run(pair.ja) { phase.incrementRight += 1 }
            }
            report[keyPath: keyPath] = phase
        }
        let counts = try await MemoryLocation.open(folder + "/bench-archive.sqlite").archiveCounts()
        report.archivedDocuments = counts.documents
        report.archivedBytes = counts.bytes
        return report
    }
}
