import Foundation
public import KakehashiMemory
import KakehashiSQLite
import KakehashiPipeline
import KakehashiText

/// `kakehashi bench memory`: builds a deterministic synthetic English–Japanese TMX of N units,
/// imports it into a fresh memory, and times lookups of each kind with short (1–3 words) and
/// long queries. The peers to compare against are in the issue (OmegaT: 1M units in 12.6 s and
/// 3.7 GB; Weblate: 3–8 s a lookup at 3.4M; Translate Toolkit: over 120 s a lookup at 100k).
///
/// ```swift
/// let report = try MemoryBenchmark.run(units: 100_000, folder: tmp) { print($0) }
/// ```
public enum MemoryBenchmark {
    /// SplitMix64: small, fast, deterministic (also the tests' source of repeatable choices).
    public struct Random {
        public var state: UInt64
        public init(state: UInt64) { self.state = state }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// A news-like vocabulary: frequent function words plus a few thousand content words built
    /// from syllables, and Japanese words from kanji and kana.
    struct Corpus {
        let english: [String]
        let japanese: [String]
        static let function = [
            "the", "of", "and", "to", "in", "a", "on", "for", "with", "that", "at", "by", "as", "from",
        ]

        init(seed: UInt64) {
            var r = Random(state: seed)
            let syllables = [
                "ka", "ri", "to", "mon", "sel", "ta", "vor", "en", "li", "qua", "ber", "dis", "ne", "po", "ram",
                "sun", "ex", "tri", "an", "gol", "mi", "cor", "pe", "lat", "ion", "ist", "ure", "ment", "ade", "ous",
            ]
            var words = Set<String>()
            while words.count < 6000 {
                var w = ""
                for _ in 0..<(2 + r.below(3)) { w += syllables[r.below(syllables.count)] }
                words.insert(w)
            }
            english = words.sorted()
            let kanji = Array("会談首脳外交協力関係経済安全保障政府大統領首相国家地域国際問題発表合意訪問強化未来志向歴史貿易投資技術交流防衛")
            let kana = Array("のはをにがでとしたてるいうかもれ")
            var jw = Set<String>()
            while jw.count < 4000 {
                var w = ""
                for _ in 0..<(2 + r.below(2)) { w.append(kanji[r.below(kanji.count)]) }
                jw.insert(w)
            }
            japanese = jw.sorted().map { $0 } + kana.map { String($0) }
        }

        func englishSentence(_ r: inout Random) -> String {
            var words: [String] = []
            for i in 0..<(8 + r.below(12)) {
                words.append(i % 3 == 1 ? Self.function[r.below(Self.function.count)] : english[r.below(english.count)])
            }
            return words.joined(separator: " ").prefix(1).uppercased() + words.joined(separator: " ").dropFirst() + "."
        }

        func japaneseSentence(_ r: inout Random) -> String {
            var s = ""
            for _ in 0..<(6 + r.below(8)) {
                s += japanese[r.below(japanese.count - 15)]
                s += japanese[japanese.count - 15 + r.below(15)]
            }
            return s + "。"
        }
    }

    /// Latency of one kind of lookup, in milliseconds, and its mean number of matches.
    public struct Timing: Sendable {
        public let name: String
        public let p50: Double
        public let p99: Double
        public let meanMatches: Double
    }

    /// The figures of one run.
    public struct Report: Sendable {
        public let units: Int
        public let tmxBytes: Int
        public let generateSeconds: Double
        public let importSeconds: Double
        public let peakRSSMegabytes: Double
        public let memoryBytes: Int64
        public let timings: [Timing]
        public var unitsPerSecond: Double { Double(units) / importSeconds }
    }

    /// Runs the benchmark in `folder` (which it fills with a TMX and a memory file).
    /// A synthetic memory on disk: its TMX, its SQLite file, and sample sentences spread over it.
    public struct Prepared: Sendable {
        public let units: Int
        public let tmxPath: String
        /// Nil when the TMX was not imported.
        public let memoryPath: String?
        public let tmxBytes: Int
        public let generateSeconds: Double
        public let importSeconds: Double
        /// Every (units / count)-th unit's English and Japanese text.
        public let samples: [Sample]
    }

    /// One unit's two sides.
    public struct Sample: Sendable {
        public let en: String
        public let ja: String
    }

    /// Writes the synthetic TMX of `n` units to `folder` and, when `importing`, imports it into a
    /// fresh memory there; with `reuse`, what an earlier run left (the memory, or the TMX when not
    /// importing) is kept, and the generator is replayed for the samples (import figures are 0).
    public static func prepare(
        units n: Int, folder: String, samples count: Int = 200, reuse: Bool = false, seed: UInt64 = 7,
        name: String = "bench", importing: Bool = true, progress: (String) -> Void = { _ in }
    ) async throws -> Prepared {
        let tmxPath = (folder as NSString).appendingPathComponent("\(name)-\(n).tmx")
        let memoryPath = (folder as NSString).appendingPathComponent("\(name)-\(n).sqlite")
        let reusing = reuse && FileManager.default.fileExists(atPath: importing ? memoryPath : tmxPath)
        if !reusing && importing {
            for p in [memoryPath, memoryPath + "-wal", memoryPath + "-shm"] {
                try? FileManager.default.removeItem(atPath: p)
            }
        }
        let corpus = Corpus(seed: 42)

        // 1. The synthetic TMX, streamed to disk.
        var r = Random(state: seed)
        let t0 = Date()
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var writer: TMXWriter?
        var handle: FileHandle?
        if !reusing {
            guard FileManager.default.createFile(atPath: tmxPath, contents: nil),
                let h = FileHandle(forWritingAtPath: tmxPath)
            else { throw MemoryError(kind: .cannotOpen, path: tmxPath, detail: "cannot write") }
            handle = h
            writer = TMXWriter(output: h)
            try writer?.begin(date: Date(timeIntervalSince1970: 1_767_225_600))
        }
        var samples: [Sample] = []
        let every = max(1, n / max(1, count))
        for i in 0..<n {
            let en = corpus.englishSentence(&r), ja = corpus.japaneseSentence(&r)
            if i % every == 0 && samples.count < count { samples.append(Sample(en: en, ja: ja)) }
            if let writer {
                try writer.write(
                    TranslationUnit(
                        tuid: "\(name)\(i)",
                        variants: [Variant(language: "en", text: en), Variant(language: "ja", text: ja)]))
            }
            if i > 0 && i % 100_000 == 0 { progress("generated \(i) units") }
        }
        try writer?.finish()
        try handle?.close()
        let generateSeconds = Date().timeIntervalSince(t0)
        let tmxBytes =
            ((try? FileManager.default.attributesOfItem(atPath: tmxPath))?[.size] as? NSNumber)?.intValue ?? 0

        // 2. Import.
        let t1 = Date()
        if !reusing && importing {
            progress("importing \(n) units")
            let memory = try TranslationMemory(path: memoryPath)
            let result = try await memory.importTMX(path: tmxPath)
            precondition(result.added + result.alreadyPresent == n)
        }
        return Prepared(
            units: n, tmxPath: tmxPath, memoryPath: importing ? memoryPath : nil, tmxBytes: tmxBytes,
            generateSeconds: generateSeconds,
            importSeconds: reusing || !importing ? 0 : Date().timeIntervalSince(t1), samples: samples)
    }

    /// With `reuse`, a memory left in `folder` by an earlier run of the same size is timed again
    /// without rebuilding it (the generator is replayed for the sample queries; import figures are 0).
    public static func run(
        units n: Int, folder: String, queries: Int = 200, reuse: Bool = false,
        progress: (String) -> Void = { _ in }
    ) async throws -> Report {
        let prepared = try await prepare(units: n, folder: folder, samples: queries, reuse: reuse, progress: progress)
        let memoryPath = prepared.memoryPath!
        let memory = try TranslationMemory(path: memoryPath)
        let rss = ProcessStatistics.peakResidentMegabytes()

        progress("timing lookups")
        let timings = try await timeLookups(memory, samples: prepared.samples)
        let size =
            ((try? FileManager.default.attributesOfItem(atPath: memoryPath))?[.size] as? NSNumber)?.int64Value ?? 0
        return Report(
            units: n, tmxBytes: prepared.tmxBytes, generateSeconds: prepared.generateSeconds,
            importSeconds: prepared.importSeconds,
            peakRSSMegabytes: rss, memoryBytes: size, timings: timings)
    }

    /// Times 200 lookups of each kind on `memory`, with queries made from `samples` (the same
    /// queries for every memory of the same samples).
    public static func timeLookups(_ memory: any MemoryStore, samples: [Sample]) async throws -> [Timing] {
        let corpus = Corpus(seed: 42)
        var q = Random(state: 99)
        func shortEnglish() -> String {
            (0..<(1 + q.below(3))).map { _ in corpus.english[q.below(corpus.english.count)] }.joined(separator: " ")
        }
        func mutated(_ s: String) -> String {
            var words = s.split(separator: " ").map(String.init)
            words[q.below(words.count)] = corpus.english[q.below(corpus.english.count)]
            return words.joined(separator: " ")
        }
        func phrase(_ s: String) -> String {
            let words = s.split(separator: " ")
            let start = q.below(max(1, words.count - 4))
            return words[start..<min(words.count, start + 4)].joined(separator: " ").trimmingCharacters(
                in: .punctuationCharacters)
        }
        let cases: [(String, LookupMode, (Int) -> String)] = [
            ("exact, long", .exact, { samples[$0].en }),
            ("exact, short", .exact, { _ in shortEnglish() }),
            ("fuzzy, long (one word changed)", .fuzzy, { mutated(samples[$0].en) }),
            ("fuzzy, short (1–3 words)", .fuzzy, { _ in shortEnglish() }),
            ("fuzzy, Japanese long (ja→en)", .fuzzy, { String(samples[$0].ja.dropLast(3)) + "を行った。" }),
            ("concordance, long (4 words)", .concordance, { phrase(samples[$0].en) }),
            ("concordance, short (1–3 words)", .concordance, { _ in shortEnglish() }),
            ("concordance, Japanese 1–2 chars", .concordance, { i in String(samples[i].ja.prefix(1 + i % 2)) }),
        ]
        var timings: [Timing] = []
        for (name, mode, make) in cases {
            var times: [Double] = []
            var found = 0
            for i in 0..<samples.count {
                let query = make(i)
                let start = DispatchTime.now().uptimeNanoseconds
                let m = try await memory.lookup(query, options: LookupOptions(mode: mode))
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                found += m.count
            }
            times.sort()
            timings.append(
                Timing(
                    name: name, p50: times[times.count / 2], p99: times[min(times.count - 1, times.count * 99 / 100)],
                    meanMatches: Double(found) / Double(samples.count)))
        }
        return timings
    }

    /// The same benchmark on a PostgreSQL memory (`url`, an empty database): imports the TMX
    /// `prepared` wrote and times the same lookups. Memory bytes are the tables' size. With
    /// `reuse`, a database already holding the units is timed again without importing (import 0 s).
    public static func runPostgres(
        url: String, prepared: Prepared, reuse: Bool = false,
        progress: (String) -> Void = { _ in }
    ) async throws -> Report {
        try await MemoryLocation.withMemory(url) { memory in
            try await runPostgres(memory, prepared: prepared, reuse: reuse, progress: progress)
        }
    }

    private static func runPostgres(
        _ memory: any MemoryStore, prepared: Prepared, reuse: Bool,
        progress: (String) -> Void
    ) async throws -> Report {
        var seconds = 0.0
        let held = reuse ? try await memory.statistics().units : -1
        if held == prepared.units {
            progress("reusing the \(prepared.units) units already in PostgreSQL")
        } else {
            progress("importing \(prepared.units) units into PostgreSQL")
            let start = Date()
            let result = try await memory.importTMX(path: prepared.tmxPath)
            seconds = Date().timeIntervalSince(start)
            precondition(result.added + result.alreadyPresent == prepared.units)
        }
        progress("timing lookups on PostgreSQL")
        let timings = try await timeLookups(memory, samples: prepared.samples)
        let bytes = try await memory.statistics().fileBytes
        return Report(
            units: prepared.units, tmxBytes: prepared.tmxBytes, generateSeconds: prepared.generateSeconds,
            importSeconds: seconds,
            peakRSSMegabytes: ProcessStatistics.peakResidentMegabytes(), memoryBytes: bytes,
            timings: timings)
    }
}
