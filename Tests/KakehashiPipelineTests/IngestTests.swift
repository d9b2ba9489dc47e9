import Foundation
import KakehashiLexicon
import KakehashiMemory
@testable import KakehashiPipeline
import Testing
import KakehashiText
import KakehashiAlign

/// A throwaway folder for a test's memory files.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kakehashi-pipeline-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// An English report and a shorter Japanese version of it, as two files of a corpus. The English
/// text wraps its second sentence over two lines and has a blank line between paragraphs.
enum Articles {
    static let english = """
        Prime Minister Sanae Takaichi met South Korean President Lee Jae-myung in Gyeongju on October 30.
        The two leaders held 41-minute talks on the sidelines
        of the APEC summit.

        The weather in the city was mild, and thousands of visitors filled the streets.
        They agreed to strengthen future-oriented cooperation and to continue shuttle diplomacy.

        """
    static let japanese = """
        高市早苗首相は10月30日、慶州で韓国の李在明大統領と会談した。
        両首脳はAPEC首脳会議の傍らで41分間会談した。

        両首脳は未来志向の協力を強化し、シャトル外交を続けることで合意した。

        """
    static var inputs: [CorpusInput] {
        [
            CorpusInput(name: "summit.en.txt", bytes: Array(english.utf8)),
            CorpusInput(name: "summit.ja.txt", bytes: Array(japanese.utf8)),
        ]
    }
}

@Suite("Pipeline: corpus, ingest and lookup in-process (glossary-only lexicon)")
struct IngestTests {
    let lexicon = try! Lexicon()

    @Test("corpus sentences keep the file lines they came from, a wrapped sentence both of its lines")
    func sentenceLines() throws {
        let corpus = try Corpus(inputs: Articles.inputs)
        #expect(corpus.files == ["summit.en.txt", "summit.ja.txt"])
        let en = try #require(corpus.documents.first { $0.language == .en })
        #expect(en.texts.count == 4)
        #expect(en.sentences.map(\.lines) == [1...1, 2...3, 5...5, 6...6])
        #expect(en.texts[1] == "The two leaders held 41-minute talks on the sidelines of the APEC summit.")
        #expect(en.lines(of: [1, 2]) == 2...5)
        let ja = try #require(corpus.documents.first { $0.language == .ja })
        #expect(ja.sentences.map(\.lines) == [1...1, 2...2, 4...4])
    }

    @Test("ingest stores the aligned pairs with each sentence's own lines; a second run adds nothing")
    func ingestTwice() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let memory = try MemoryLocation.open(folder.appendingPathComponent("tm.sqlite").path)
        let corpus = try Corpus(inputs: Articles.inputs)
        let ingestor = Ingestor(lexicon: lexicon, options: IngestOptions(minimumConfidence: 0.5, pairsPerBatch: 1))
        let first = try await ingestor.ingest(corpus, into: memory)
        #expect(first.files == 2 && first.documents == 2 && first.documentPairs == 1)
        #expect(first.sentencePairs == 3)
        #expect(first.added == first.stored && first.added >= 2)

        let exact = try await memory.lookup(
            "The two leaders held 41-minute talks on the sidelines of the APEC summit.",
            options: LookupOptions(from: "en", mode: .exact))
        let unit = try #require(exact.first)
        #expect(unit.target == "両首脳はAPEC首脳会議の傍らで41分間会談した。")
        let sources = unit.provenance.map { "\($0.sourceFile) \($0.document ?? "") \($0.sentences ?? "")" }
        #expect(sources == ["summit.en.txt lines 2-3 en 1", "summit.ja.txt line 2 ja 1"])

        // A second run: both files unchanged (same content hash), so their pair is not aligned again.
        let again = try await ingestor.ingest(corpus, into: memory)
        #expect(again.unchangedFiles == 2 && again.unchangedPairs == 1)
        #expect(again.added == 0 && again.stored == 0)
        #expect(try await memory.statistics().units == first.added)

        // The Japanese file changes: the pair is aligned again, and only the new sentence pair is new.
        let longer = Articles.japanese + "両首脳は41分間の会談で北朝鮮問題についても協議した。\n"
        let changed = try Corpus(inputs: [
            Articles.inputs[0], CorpusInput(name: "summit.ja.txt", bytes: Array(longer.utf8)),
        ])
        let third = try await ingestor.ingest(changed, into: memory)
        #expect(third.unchangedFiles == 1 && third.unchangedPairs == 0)
        #expect(third.alreadyPresent == first.added)
    }

    @Test(
        "an increment pairs with the documents of earlier ingests, kept in the memory, while their files are gone; the window keeps far ones out"
    )
    func incrementFromArchive() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let memory = try MemoryLocation.open(folder.appendingPathComponent("tm.sqlite").path)
        let ingestor = Ingestor(lexicon: lexicon, options: IngestOptions(minimumConfidence: 0.5))
        func dated(_ text: String, _ line: String) -> [UInt8] { Array((line + "\n\n" + text).utf8) }
        // Day 1: the English report alone (nothing to pair with), its file then deleted.
        let day1 = try Corpus(inputs: [
            CorpusInput(name: "day1/summit.en.txt", bytes: dated(Articles.english, "Published: October 30, 2025"))
        ])
        let first = try await ingestor.ingest(day1, into: memory)
        #expect(first.documentPairs == 0 && first.added == 0)
        let afterDay1 = try await memory.archiveCounts()
        #expect(afterDay1.documents == 1 && afterDay1.unpaired == 1)
        // A copy of the memory carries the kept documents: day 2 pairs in the copy as well.
        let copy = try MemoryLocation.open(folder.appendingPathComponent("copy.sqlite").path)
        let copied = try await MemoryCopy.copy(from: memory, to: copy)
        #expect(copied.archivedDocuments == 1)
        // Day 2: the Japanese version, three days later; the English file is not read.
        let day2 = try Corpus(inputs: [
            CorpusInput(name: "day2/summit.ja.txt", bytes: dated(Articles.japanese, "2025年11月2日"))
        ])
        let second = try await ingestor.ingest(day2, into: memory)
        #expect(second.archivedDocuments == 1 && second.documents == 1 && second.documentPairs == 1)
        // Both documents are now known to be paired, and archiving them again keeps the mark.
        let counts = try await memory.archiveCounts()
        #expect(counts.documents == 2 && counts.unpaired == 0 && counts.bytes > 0)
        let inCopy = try await ingestor.ingest(day2, into: copy)
        #expect(inCopy.documentPairs == 1 && inCopy.added == second.added)
        #expect(second.added >= 2 && second.added == second.stored)
        let exact = try await memory.lookup(
            "The two leaders held 41-minute talks on the sidelines of the APEC summit.",
            options: LookupOptions(from: "en", mode: .exact))
        let unit = try #require(exact.first)
        #expect(unit.provenance.map(\.sourceFile) == ["day1/summit.en.txt", "day2/summit.ja.txt"])
        #expect(unit.provenance.first?.document == "lines 4-5")
        // Again: both documents known, nothing new.
        let again = try await ingestor.ingest(day2, into: memory)
        #expect(again.added == 0 && again.stored == 0)
        let countsAgain = try await memory.archiveCounts()
        #expect(countsAgain.documents == 2 && countsAgain.unpaired == 0)
        // A Japanese version 60 days later is outside the 14-day window: no archived document is
        // even loaded. With no window, both are, and it pairs with the English one.
        let late = try Corpus(inputs: [
            CorpusInput(name: "day60/summit.ja.txt", bytes: dated(Articles.japanese + "再び会談した。\n", "2025年12月29日"))
        ])
        let far = try await ingestor.ingest(late, into: memory)
        #expect(far.archivedDocuments == 0 && far.documentPairs == 0)
        // Without a window, both kept documents are compared, though paired already; asked for
        // the unpaired ones only, none is.
        var unbounded = IngestOptions(minimumConfidence: 0.5)
        unbounded.pairingWindow = nil
        unbounded.comparesUnpairedOnly = true
        let unpairedOnly = try await Ingestor(lexicon: lexicon, options: unbounded).ingest(late, into: memory)
        #expect(unpairedOnly.archivedDocuments == 0)
        unbounded.comparesUnpairedOnly = false
        let all = try await Ingestor(lexicon: lexicon, options: unbounded).ingest(late, into: memory)
        #expect(all.archivedDocuments == 2 && all.documentPairs == 1)
    }

    @Test(
        "a rejected pair stays rejected when ingested again, unless rejections are reconsidered; a unit's context is its article neighbours"
    )
    func reconsiderRejected() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let memory = try #require(
            try MemoryLocation.open(folder.appendingPathComponent("tm.sqlite").path) as? any BulkReviewableMemory)
        let corpus = try Corpus(inputs: Articles.inputs)
        _ = try await Ingestor(lexicon: lexicon).ingest(corpus, into: memory)
        let talks = try #require(
            try await memory.lookup(
                "The two leaders held 41-minute talks on the sidelines of the APEC summit.",
                options: LookupOptions(from: "en", mode: .exact)
            ).first?.unitID)
        _ = try await memory.change(unit: talks, at: 1, .reject, by: "aiko", at: Date())

        // Its neighbours in both articles, read from the stored provenance (the rejected unit's own
        // sentence still counts as its neighbours' context).
        let unit = try #require(try await memory.unit(id: talks))
        let context = try await UnitContext.of(unit, id: talks, in: memory)
        let english = try #require(context.sides.first { $0.language == "en" })
        #expect(english.before?.text.hasPrefix("Prime Minister Sanae Takaichi met") == true)
        #expect(english.after?.text.hasPrefix("They agreed to strengthen") == true)

        // Files changed nowhere: a plain ingest does not even align them again.
        let plain = try await Ingestor(lexicon: lexicon).ingest(corpus, into: memory)
        #expect(plain.reconsidered == 0 && plain.unchangedPairs == 1)
        #expect(try await memory.unit(id: talks)?.status == .rejected)
        var options = IngestOptions()
        options.reconsidersRejected = true
        options.user = "editor"
        let again = try await Ingestor(lexicon: lexicon, options: options).ingest(corpus, into: memory)
        #expect(again.reconsidered == 1 && again.added == 0)
        #expect(try await memory.unit(id: talks)?.status == .aligned)
        let history = try await memory.history(ofUnit: talks)
        #expect(history.first?.change == "reconsider" && history.first?.user == "editor")
    }

    @Test("the same articles make the same TMX at any time: a unit is dated by its articles, else the Unix epoch")
    func deterministicExport() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func export(_ inputs: [CorpusInput], _ name: String) async throws -> String {
            let memory = try MemoryLocation.open(folder.appendingPathComponent(name).path)
            let ingestor = Ingestor(lexicon: lexicon, options: IngestOptions(minimumConfidence: 0.5))
            _ = try await ingestor.ingest(try Corpus(inputs: inputs), into: memory)
            let url = folder.appendingPathComponent(name + ".tmx")
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            let handle = try FileHandle(forWritingTo: url)
            try await memory.exportTMX(to: handle)
            try handle.close()
            return try String(contentsOf: url, encoding: .utf8)
        }
        let first = try await export(Articles.inputs, "a.sqlite")
        try await Task.sleep(for: .milliseconds(1100))
        #expect(try await export(Articles.inputs, "b.sqlite") == first)
        #expect(first.contains("creationdate=\"19700101T000000Z\" changedate=\"19700101T000000Z\""))
        // A byline's date dates the units of its article, and the export.
        let dated = "Leaders meet\nBy Staff | Updated: October 31, 2025 09:00 KST\n\n" + Articles.english
        let inputs = [CorpusInput(name: "summit.en.txt", bytes: Array(dated.utf8)), Articles.inputs[1]]
        let tmx = try await export(inputs, "c.sqlite")
        #expect(tmx.contains("<tu creationdate=\"20251031T000000Z\" changedate=\"20251031T000000Z\""))
        #expect(tmx.contains("datatype=\"plaintext\" creationdate=\"20251031T000000Z\"/>"))
    }

    @Test(
        "pairs that share a file are stored in one transaction, whatever the batch size: a file is stored whole or not at all"
    )
    func wholeFiles() async throws {
        // A mixed page holds the English summit story and the Japanese China story; each pairs
        // with a file of its own, so the three files form one group.
        let chinaEnglish =
            "Chinese President Xi Jinping met President Lee Jae-myung in Beijing on January 6.\nThey pledged to expand trade and keep the region stable.\n"
        let chinaJapanese = "中国の習近平国家主席と韓国の李在明大統領は1月6日、北京で会談した。\n両首脳は貿易の拡大と地域の安定維持を約束した。\n"
        let corpus = try Corpus(inputs: [
            CorpusInput(name: "page.txt", bytes: Array((Articles.english + "\n" + chinaJapanese).utf8)),
            CorpusInput(name: "summit.ja.txt", bytes: Array(Articles.japanese.utf8)),
            CorpusInput(name: "china.en.txt", bytes: Array(chinaEnglish.utf8)),
            CorpusInput(name: "alone.en.txt", bytes: Array("The ferry service resumed on Monday.\n".utf8)),
        ])
        let ingestor = Ingestor(lexicon: lexicon, options: IngestOptions(minimumConfidence: 0.5, pairsPerBatch: 1))
        let pairing = try ingestor.pair(corpus)
        #expect(pairing.pairs.count == 2)
        let groups = Ingestor.fileGroups(pairing.pairs, corpus: corpus)
        #expect(groups.count == 1)
        #expect(groups.first?.pairs.count == 2 && groups.first?.files == ["china.en.txt", "page.txt", "summit.ja.txt"])

        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let memory = try MemoryLocation.open(folder.appendingPathComponent("tm.sqlite").path)
        let summary = try await ingestor.ingest(corpus, into: memory)
        #expect(summary.added >= 4)
        // Every file is recorded, the unpaired one too, so nothing is aligned again.
        let hashes = corpus.files.compactMap { corpus.contents[$0]?.hash }
        #expect(try await memory.ingestedContent(among: hashes).count == 4)
    }

    @Test(
        "a large corpus is ingested in date slices, each file whole in one, undated files last: a pair split over two slices still meets, and the memory is the one a single run makes"
    )
    func dateSlices() async throws {
        // Story k: an English report on day 3k + 1 and its Japanese version on day 3k + 5, each
        // with a person, a place and numbers of its own; the last story's files state no date.
        let people = [
            ("Xi Jinping", "習近平"), ("Vladimir Putin", "プーチン"), ("Kim Jong Un", "金正恩"),
            ("Moon Jae-in", "文在寅"), ("Yoon Suk Yeol", "尹錫悦"), ("Shigeru Ishiba", "石破茂"),
            ("Fumio Kishida", "岸田文雄"), ("Shinzo Abe", "安倍晋三"), ("Yoshihide Suga", "菅義偉"),
        ]
        let places = [
            ("Tokyo", "東京"), ("Seoul", "ソウル"), ("Beijing", "北京"), ("Washington", "ワシントン"),
            ("Moscow", "モスクワ"), ("Pyongyang", "平壌"), ("Busan", "釜山"), ("Incheon", "仁川"), ("Daegu", "大邱"),
        ]
        func english(_ k: Int, dated: Bool) -> String {
            (dated ? "Published: January \(3 * k + 1), 2025\n\n" : "")
                + "\(people[k].0) visited \(places[k].0) on Monday.\n"
                + "The visit drew \(1_000 + 37 * k) people.\n"
                + "Officials said \(2_000 + 53 * k) workers were hired.\n"
        }
        func japanese(_ k: Int, dated: Bool) -> String {
            (dated ? "2025年1月\(3 * k + 5)日\n\n" : "")
                + "\(people[k].1)氏は月曜日、\(places[k].1)を訪問した。\n"
                + "訪問には\(1_000 + 37 * k)人が集まった。\n"
                + "当局者によると、\(2_000 + 53 * k)人の労働者が雇用された。\n"
        }
        var inputs: [CorpusInput] = []
        for k in 0..<9 {
            inputs.append(CorpusInput(name: "story\(k).en.txt", bytes: Array(english(k, dated: k < 8).utf8)))
            inputs.append(CorpusInput(name: "story\(k).ja.txt", bytes: Array(japanese(k, dated: k < 8).utf8)))
        }
        let corpus = try Corpus(inputs: inputs)
        #expect(corpus.documents.count == 18)
        var options = IngestOptions(minimumConfidence: 0.5)
        options.documentsPerSlice = 4
        let sliced = Ingestor(lexicon: lexicon, options: options)
        let slices = sliced.slices(corpus)
        // 18 documents make 4 slices of 5 (the last one less), files in date order, each once.
        #expect(slices.map(\.documents.count) == [5, 5, 5, 3])
        #expect(slices.flatMap(\.files).sorted() == corpus.files.sorted())
        let latest = slices.map { $0.documents.compactMap(\.date).max() ?? .distantFuture }
        let earliest = slices.map { $0.documents.compactMap(\.date).min() ?? .distantPast }
        #expect(zip(latest, earliest.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(slices.last?.files.contains("story8.en.txt") == true)
        // Story 4's English file (day 13) and Japanese file (day 17) fall in two slices.
        #expect(slices[1].files.contains("story4.en.txt") && slices[2].files.contains("story4.ja.txt"))

        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func pairs(in memory: any MemoryStore) async throws -> [String] {
            let kept = try await memory.archivedDocuments(
                excludingHashes: [], names: [], dates: nil, unpairedOnly: false)
            let names = Dictionary(kept.map { ($0.reference, $0.file) }, uniquingKeysWith: { a, _ in a })
            return ArchivedPair.recorded(in: kept).map { "\(names[$0.en] ?? "?") \(names[$0.ja] ?? "?")" }.sorted()
        }
        func exported(_ memory: any MemoryStore, _ name: String) async throws -> String {
            let path = folder.appendingPathComponent(name).path
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try await memory.exportTMX(to: handle)
            try handle.close()
            return try String(contentsOfFile: path, encoding: .utf8)
        }
        let inSlices = try MemoryLocation.open(folder.appendingPathComponent("sliced.sqlite").path)
        let summary = try await sliced.ingest(corpus, into: inSlices)
        #expect(summary.files == 18 && summary.documents == 18 && summary.undatedDocuments == 2)
        #expect(summary.slices == 4 && summary.documentPairs == 9)
        let whole = try MemoryLocation.open(folder.appendingPathComponent("whole.sqlite").path)
        let single = try await Ingestor(lexicon: lexicon, options: IngestOptions(minimumConfidence: 0.5)).ingest(
            corpus, into: whole)
        #expect(single.documentPairs == 9)
        let expected = (0..<9).map { "story\($0).en.txt story\($0).ja.txt" }
        #expect(try await pairs(in: inSlices) == expected)
        #expect(try await pairs(in: whole) == expected)
        #expect(summary.added == single.added && summary.added >= 18)
        #expect(try await exported(inSlices, "sliced.tmx") == exported(whole, "whole.tmx"))
        // Every file is recorded: a second run aligns nothing again.
        let again = try await sliced.ingest(corpus, into: inSlices)
        #expect(again.unchangedFiles == 18 && again.stored == 0)
    }

    @Test("a file that reads the same under another name counts as unchanged: the hash is of the content")
    func contentHash() async throws {
        let a = try Corpus(inputs: [CorpusInput(name: "a.txt", bytes: Array("Hello.\n".utf8))])
        let b = try Corpus(inputs: [
            CorpusInput(name: "b.txt", bytes: Array("Hello.\n".utf8)),
            CorpusInput(name: "c.txt", bytes: Array("Hello!\n".utf8)),
        ])
        #expect(a.contents["a.txt"]?.hash == b.contents["b.txt"]?.hash)
        #expect(b.contents["b.txt"]?.hash != b.contents["c.txt"]?.hash)
        // sha256sum of the same bytes.
        #expect(a.contents["a.txt"]?.hash == "a2c064616af4c66c576821616646bdfad5556a263b4b007847605118971f4389")
        #expect(a.contents["a.txt"]?.bytes == 7)
    }

    @Test("lookup marks the counterpart phrase and its JSON has the documented keys in order")
    func lookupWithPhrases() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let memory = try MemoryLocation.open(folder.appendingPathComponent("tm.sqlite").path)
        _ = try await Ingestor(lexicon: lexicon, options: IngestOptions(minimumConfidence: 0.5)).ingest(
            try Corpus(inputs: Articles.inputs), into: memory)
        let answer = try await PhraseLookup(memory: memory, lexicon: lexicon).lookup(
            "future-oriented", options: LookupOptions(mode: .concordance))
        let match = try #require(answer.matches.first)
        #expect(match.kind == .concordance && match.targetLanguage == "ja")
        #expect(answer.phrases[0].map(\.target).contains("未来志向"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.json.utf8)) as? [String: Any])
        #expect(json["query"] as? String == "future-oriented")
        let first = try #require((json["matches"] as? [[String: Any]])?.first)
        let phrases = try #require(first["phrases"] as? [[String: Any]])
        #expect(phrases.contains { $0["target"] as? String == "未来志向" })
        #expect(answer.json.hasPrefix(#"{"query":"future-oriented","matches":[{"id":"#))
        #expect(first["id"] as? Int == Int(answer.matches[0].unitID))

        let none = try await PhraseLookup(memory: memory, lexicon: lexicon).lookup("zeppelin")
        #expect(none.matches.isEmpty && none.json == #"{"query":"zeppelin","matches":[]}"#)
    }

    @Test("a binary file stops the corpus with its name and place, before any memory is touched")
    func binaryInput() async throws {
        var junk = Array("Seoul, June 16 — the talks began.\n".utf8)
        junk += [0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00, 0x00, 0x07]
        do {
            _ = try Corpus(inputs: Articles.inputs + [CorpusInput(name: "junk.bin", bytes: junk)])
            Issue.record("binary data was accepted")
        } catch let error as PipelineError {
            #expect(error.kind == .badData)
            #expect(error.message.hasPrefix("junk.bin:"))
        }
    }

    @Test("a missing path is a noInput error naming it")
    func missingPath() async throws {
        #expect(throws: PipelineError(.noInput, "no-such-folder-here: no such file or folder")) {
            _ = try Corpus(paths: ["no-such-folder-here"])
        }
    }

    @Test("lookup on a memory that does not exist is a noInput error, and creates no file")
    func missingMemory() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("absent.sqlite").path
        #expect(throws: PipelineError.self) { _ = try MemoryLocation.open(path, mustExist: true) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
