import Foundation
@testable import KakehashiBench
import KakehashiLexicon
import KakehashiPipeline
import Testing
import KakehashiText

/// The repository root (for Evaluation/).
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

@Suite("Evaluation runners")
struct EvaluationTests {
    @Test("Python's Mersenne Twister: the first draws of random.Random(7) and random.Random(11)")
    func pythonRandom() {
        var seven = PythonRandom(seed: 7)
        // Printed by CPython 3.11: [random.Random(7).random() for _ in range(3)]
        #expect(seven.random() == 0.32383276483316237)
        #expect(seven.random() == 0.15084917392450192)
        #expect(seven.random() == 0.6509344730398537)
        var eleven = PythonRandom(seed: 11)
        #expect(eleven.random() == 0.4523795535098186)
    }

    @Test("tasks: every sentence of the kept side in one gold bead, merged sentences joined, dropped ones out")
    func tasks() {
        let document = ParallelDocument(id: "d", pairs: (0..<40).map { (en: "Sentence \($0).", ja: "文\($0)。") })
        let tasks = AlignmentEvaluation.tasks([document], side: .ja, drop: 0.2, merge: 0.2, seed: 3)
        let task = tasks[0]
        #expect(task.english.count == 40)
        #expect(task.gold.flatMap(\.en) == Array(0..<40))
        #expect(task.gold.flatMap(\.ja) == Array(0..<task.japanese.count))
        let merged = task.gold.filter { $0.en.count == 2 }
        #expect(!merged.isEmpty && task.gold.contains { $0.ja.isEmpty })
        for bead in merged { #expect(task.japanese[bead.ja[0]] == "文\(bead.en[0])。文\(bead.en[1])。") }
        let unchanged = AlignmentEvaluation.tasks([document], side: .en, drop: 0, merge: 0, seed: 3)[0]
        #expect(unchanged.english == document.english && unchanged.japanese == document.japanese)
    }

    @Test("scores: strict needs the exact bead, lax an overlap; unaligned beads count against precision only")
    func scores() {
        let gold: [BeadSides] = [([0], [0]), ([1, 2], [1]), ([3], [])]
        let task = AlignmentTask(document: "d", english: [], japanese: [], gold: gold)
        let perfect = AlignmentEvaluation.score([task], [gold])
        #expect(perfect.f1Strict == 1 && perfect.f1Lax == 1)
        // ([1],[1]) overlaps the 2-1 gold bead: wrong strictly, right laxly; ([2],[]) is wrong both ways.
        let partial = AlignmentEvaluation.score([task], [[([0], [0]), ([1], [1]), ([2], []), ([3], [])]])
        #expect(partial.precisionStrict == 0.5 && partial.precisionLax == 0.75)
        #expect(partial.recallStrict == 0.5 && partial.recallLax == 1)
    }

    @Test("the segmenter passes every golden rule in Evaluation/ but EN-GR-018")
    func goldenRules() throws {
        let sets = try SegmentationEvaluation.run(folder: repositoryRoot + "/Evaluation/segmentation")
        #expect(sets.map(\.total) == [52, 48, 5, 4])
        #expect(sets.flatMap(\.failures).map(\.rule.id) == ["EN-GR-018", "EN-GR-018"])
    }

    @Test(
        "boundary recall: reference sentences laid out as articles are, each boundary found only where a sentence starts exactly there"
    )
    func boundaries() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kk-boundaries-\(getpid()).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        // Three boundaries per side. English: a headline with no punctuation (on a line of its
        // own, as articles lay it out), then two ordinary ones. Japanese: the same headline, and
        // one before an opening bracket.
        let document: [String: Any] = [
            "doc": "d",
            "en": [
                "Talks resume in Seoul", "The two ministers met on Friday.", "\"We will act.\"",
                "He said Friday that it failed.",
            ],
            "ja": ["ソウルで協議再開", "両外相は金曜日に会談した。", "「行動する」と述べた。", "失敗したと語った。"],
        ]
        try JSONSerialization.data(withJSONObject: document).write(to: file)
        let results = try BoundaryEvaluation.run(files: [file.path])
        let english = try #require(results.first { $0.language == .en }),
            japanese = try #require(results.first { $0.language == .ja })
        #expect(english.reference == 3 && japanese.reference == 3)
        #expect(english.found == 3)
        #expect(japanese.found == 3)
        #expect(english.misses.isEmpty)
    }

    @Test("the WMT21 files in Evaluation/ hold 65 and 81 documents of 1,000 and 1,005 sentence pairs")
    func wmtData() throws {
        let enJa = try ParallelDocument.read(repositoryRoot + "/Evaluation/wmt21/newstest2021.en-ja.docs.jsonl")
        let jaEn = try ParallelDocument.read(repositoryRoot + "/Evaluation/wmt21/newstest2021.ja-en.docs.jsonl")
        #expect(enJa.count == 65 && jaEn.count == 81)
        #expect(enJa.map(\.pairs.count).reduce(0, +) == 1000 && jaEn.map(\.pairs.count).reduce(0, +) == 1005)
    }

    @Test(
        "the short-document set holds 29 pairs and 6 one-language documents per genre; a malformed file names its line")
    func shortSet() throws {
        var byGenre: [String: (pairs: Int, single: Int)] = [:]
        for genre in ["product", "chat", "forum"] {
            for d in try ShortDocument.read(repositoryRoot + "/Evaluation/short/\(genre).txt") {
                #expect(d.genre == genre)
                let both = d.english != nil && d.japanese != nil
                byGenre[genre, default: (0, 0)].pairs += both ? 1 : 0
                byGenre[genre, default: (0, 0)].single += both ? 0 : 1
            }
        }
        #expect(byGenre.values.allSatisfy { $0.pairs == 29 && $0.single == 6 }, "\(byGenre)")
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("kk-short-\(getpid()).txt")
        defer { try? FileManager.default.removeItem(at: bad) }
        try "=== a/b/c\n--- en\nHello.\n--- de\nHallo.\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect {
            try ShortDocument.read(bad.path)
        } throws: { error in
            "\(error)".contains(bad.path + ":4")
        }
    }
}

@Suite("bench ingest corpus")
struct IngestCorpusTests {
    @Test(
        "N distinct runs, each written in both languages with the same sentences; more runs than can be made is a usage error"
    )
    func runs() throws {
        let documents = [
            ParallelDocument(id: "a", pairs: (0..<6).map { (en: "Sentence \($0).", ja: "文\($0)。") }),
            ParallelDocument(id: "b", pairs: (0..<4).map { (en: "Line \($0).", ja: "行\($0)。") }),
        ]
        // Runs of 3–16 sentences: 4 + 3 + 2 + 1 of the first document, 2 + 1 of the second.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kakehashi-bench-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sentences = try IngestBenchmark.writeCorpus(documents, count: 13, folder: folder)
        var runs = Set<String>()
        for k in 0..<13 {
            let en = try String(contentsOfFile: "\(folder)/articles/\(k).en.txt", encoding: .utf8)
            let ja = try String(contentsOfFile: "\(folder)/articles/\(k).ja.txt", encoding: .utf8)
            let enLines = en.split(separator: "\n"), jaLines = ja.split(separator: "\n")
            #expect(enLines.count == jaLines.count && enLines.count >= 3)
            for (e, j) in zip(enLines, jaLines) {
                #expect(e.dropFirst(e.hasPrefix("Line") ? 5 : 9).dropLast() == j.dropFirst().dropLast())
            }
            runs.insert(en)
        }
        #expect(runs.count == 13)
        #expect(sentences == 4 * 3 + 3 * 4 + 2 * 5 + 1 * 6 + 2 * 3 + 1 * 4)
        #expect(throws: PipelineError.self) {
            _ = try IngestBenchmark.writeCorpus(documents, count: 14, folder: folder)
        }
    }
}

@Suite("bench archive")
struct ArchiveBenchmarkTests {
    @Test(
        "the increment, ingested with the archive's files moved away, pairs as well as everything at once; the window loads only recent kept documents"
    )
    func increment() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kk-archive-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let documents =
            try ParallelDocument.read(repositoryRoot + "/Evaluation/wmt21/newstest2021.en-ja.docs.jsonl")
            + ParallelDocument.read(repositoryRoot + "/Evaluation/wmt21/newstest2021.ja-en.docs.jsonl")
        let written = try ArchiveBenchmark.writeCorpus(documents, archive: 60, increment: 20, perDay: 3, folder: folder)
        #expect(written.archiveFiles == 140 && written.incrementFiles == 40 && written.truePairs == 30)
        let english = try String(contentsOfFile: folder + "/archive/0.en.txt", encoding: .utf8)
        #expect(english.hasPrefix("Published: January 1, 2025\n\n"))
        let r = try await ArchiveBenchmark.run(folder: folder, window: 14 * 86_400, lexicon: try Lexicon())
        #expect(FileManager.default.fileExists(atPath: folder + "/archive/0.en.txt"))
        #expect(r.increment.summary.documents == 40)
        // Twenty days of archive: the window leaves the oldest kept documents out.
        #expect(r.increment.summary.archivedDocuments > 0 && r.increment.summary.archivedDocuments < 140)
        #expect(r.increment.incrementRight == r.everything.incrementRight && r.increment.incrementRight > 20)
        #expect(r.increment.incrementPairs == r.increment.incrementRight)
        #expect(r.archivedDocuments == 180)
    }
}
