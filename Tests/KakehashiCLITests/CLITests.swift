import Foundation
import KakehashiTestSupport
import Testing

/// The command line as users run it (the shared test support's built binary).
typealias CLI = BuiltBinary

@Suite("kakehashi command line")
struct CLITests {
    @Test("segment --format jsonl: one object per sentence with UTF-8 byte offsets into the input")
    func segmentJSONL() throws {
        let input = "日本と韓国は会談した。The leaders met at 6:02 p.m. on Oct. 30.\n\nNext paragraph."
        let r = try CLI.run(["segment", "--format", "jsonl"], stdin: Data(input.utf8))
        #expect(r.status == 0)
        let objects = r.lines.compactMap(CLI.json)
        #expect(objects.count == 3)
        let bytes = Array(input.utf8)
        for o in objects {
            let text = o["text"] as? String, start = o["start"] as? Int, end = o["end"] as? Int
            #expect(text != nil && start != nil && end != nil)
            #expect(String(decoding: bytes[start!..<end!], as: UTF8.self) == text)
        }
        #expect(objects.map { $0["lang"] as? String } == ["ja", "en", "en"])
    }

    @Test("segment reads a file and prints one sentence a line")
    func segmentFile() throws {
        let r = try CLI.run(["segment", "seeds/004_6b67f2522088abfa.txt"])
        #expect(r.status == 0)
        #expect(
            r.lines.contains {
                $0.hasPrefix("During their 41-minute summit, which began at 6:02 p.m., the two leaders")
            })
    }

    @Test("inspect --format jsonl on the seeds: blocks and dropped lines with the documented keys")
    func inspect() throws {
        let files = try FileManager.default.contentsOfDirectory(
            atPath: CLI.repository.appendingPathComponent("seeds").path
        )
        .filter { $0.hasSuffix(".txt") }.sorted().map { "seeds/" + $0 }
        let r = try CLI.run(["inspect", "--format", "jsonl"] + files)
        #expect(r.status == 0)
        let objects = r.lines.compactMap(CLI.json)
        #expect(objects.count == r.lines.count)
        let blocks = objects.filter { $0["type"] as? String == "block" }
        let dropped = objects.filter { $0["type"] as? String == "dropped" }
        for b in blocks {
            #expect(Set(b.keys).isSuperset(of: ["type", "file", "lines", "lang", "title", "text"]))
            #expect((b["lines"] as? [Int])?.count == 2)
        }
        for d in dropped { #expect(Set(d.keys) == ["type", "file", "line", "text", "reason"]) }
        #expect(
            blocks.contains { $0["lang"] as? String == "ja" && ($0["text"] as? String)?.contains("10月30日") == true })
        #expect(dropped.contains { $0["text"] as? String == "Open in App" })
    }

    @Test("normalize --form key")
    func normalize() throws {
        let r = try CLI.run(["normalize", "--form", "key"], stdin: Data("ＡＰＥＣ　Summit “Korea–Japan”\n1995〜2001年".utf8))
        #expect(r.status == 0)
        #expect(r.stdout == "apec summit \"korea-japan\"\n1995~2001年\n")
    }

    @Test("anchors --format json: pairs with kind, ja, en and weight; one-sided anchors listed")
    func anchors() throws {
        let r = try CLI.run([
            "anchors", "--ja", "5500億ドルの投資、水曜日", "--en", "$550 billion of investment, announced on October 1",
            "--format", "json", "--lexicon", "none",
        ])
        #expect(r.status == 0)
        let object = try #require(CLI.json(r.stdout.trimmingCharacters(in: .newlines)))
        let pairs = try #require(object["pairs"] as? [[String: Any]])
        #expect(pairs.count == 2)
        #expect(pairs.last?["kind"] as? String == "term")
        #expect(pairs.last?["en"] as? String == "investment")
        #expect(pairs.first?["kind"] as? String == "number")
        #expect(pairs.first?["ja"] as? String == "5500億ドル")
        #expect(pairs.first?["en"] as? String == "$550 billion")
        #expect((pairs.first?["weight"] as? Double ?? 0) > 0)
        #expect((object["ja_only"] as? [[String: Any]])?.first?["kind"] as? String == "date")
        #expect((object["en_only"] as? [[String: Any]])?.first?["text"] as? String == "october 1")
    }

    @Test("names --format jsonl: every spelling of one person gets one key, whatever the script")
    func names() throws {
        let text =
            "韓国の李在明大統領は会談した。\n이재명 대통령\nPresident Lee Jae-myung met Prime Minister Sanae Takaichi.\nLee Jae Myung and 高市早苗首相\n"
        let r = try CLI.run(["names", "--format", "jsonl", "--lexicon", "none"], stdin: Data(text.utf8))
        #expect(r.status == 0)
        let objects = r.lines.compactMap(CLI.json)
        #expect(objects.count == r.lines.count)
        let keys = Dictionary(grouping: objects, by: { $0["key"] as? String ?? "" }).mapValues {
            $0.compactMap { $0["text"] as? String }
        }
        #expect(Set(keys["lee jamyong"] ?? []) == ["李在明", "이재명", "Lee Jae-myung", "Lee Jae Myung"])
        #expect(Set(keys["takaichi sanae"] ?? []) == ["Sanae Takaichi", "高市早苗"])
        #expect(Set(objects.compactMap { $0["script"] as? String }) == ["kanji", "hangul", "latin"])
    }

    @Test("lexicon lookup shows glossary senses; a malformed user glossary is an error naming file and line")
    func lexiconLookup() throws {
        let r = try CLI.run(["lexicon", "lookup", "大統領", "--lexicon", "none"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("glossary (title)\t(1) president"))
        let glossary = FileManager.default.temporaryDirectory.appendingPathComponent("kk-bad-glossary-\(getpid()).tsv")
        try "# mine\n会見\tpress conference\tterm\tme\n壊れた行\n".write(to: glossary, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: glossary) }
        let bad = try CLI.run(["lexicon", "lookup", "会見", "--lexicon", "none", "--glossary", glossary.path])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains(glossary.path + ":3:"))
    }

    @Test("align --presegmented --format jsonl: one bead per line, every sentence once, in order")
    func align() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kk-align-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let en = folder.appendingPathComponent("en.txt"), ja = folder.appendingPathComponent("ja.txt")
        try
            "Prime Minister Sanae Takaichi met President Lee Jae-myung on October 30.\nThe weather was mild.\nThey agreed on future-oriented cooperation.\n"
            .write(to: en, atomically: true, encoding: .utf8)
        try "高市早苗首相は10月30日、李在明大統領と会談した。\n両首脳は未来志向の協力で合意した。\n".write(to: ja, atomically: true, encoding: .utf8)
        let r = try CLI.run(["align", en.path, ja.path, "--presegmented", "--format", "jsonl", "--lexicon", "none"])
        #expect(r.status == 0)
        let beads = r.lines.compactMap(CLI.json)
        #expect(beads.count == r.lines.count)
        #expect(beads.flatMap { $0["en"] as? [Int] ?? [] } == [0, 1, 2])
        #expect(beads.flatMap { $0["ja"] as? [Int] ?? [] } == [0, 1])
        #expect(beads.contains { ($0["en"] as? [Int]) == [1] && ($0["ja"] as? [Int]) == [] })
        #expect(beads.allSatisfy { ($0["score"] as? Double).map { (0...1).contains($0) } ?? false })
    }

    @Test(
        "align with two English files, or a side of numbers only: exit 65 with a message naming both files, nothing on stdout"
    )
    func alignWrongLanguages() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kk-align-bad-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let en = folder.appendingPathComponent("en.txt"), numbers = folder.appendingPathComponent("numbers.txt")
        try "The two leaders met in Gyeongju.\nThey agreed to meet again.\n".write(
            to: en, atomically: true, encoding: .utf8)
        try "1\n2\n3\n".write(to: numbers, atomically: true, encoding: .utf8)
        for (a, b) in [(en, en), (en, numbers), (numbers, en)] {
            let r = try CLI.run(["align", a.path, b.path, "--presegmented", "--lexicon", "none"])
            #expect(r.status == 65)
            #expect(r.stderr.contains(a.path) && r.stderr.contains(b.path))
            #expect(r.stdout.isEmpty)
        }
    }

    @Test(
        "pairs on the seeds: the two summit summaries find their English reports, the defence paragraph stays unpaired, 001 and 003 are one story"
    )
    func pairsOnSeeds() throws {
        let r = try CLI.run(["pairs", "--format", "jsonl", "--lexicon", "none", "seeds"])
        #expect(r.status == 0)
        let objects = r.lines.compactMap(CLI.json)
        #expect(objects.count == r.lines.count)
        func place(_ o: Any?) -> String {
            guard let o = o as? [String: Any], let file = o["file"] as? String, let lines = o["lines"] as? [Int] else {
                return "?"
            }
            return "\(file.split(separator: "/").last!.prefix(3)):\(lines[0])-\(lines[1])"
        }
        let pairs = Set(
            objects.filter { $0["type"] as? String == "pair" }.map { place($0["en"]) + " " + place($0["ja"]) })
        #expect(pairs.contains("004:3-10 002:30-30"))  // first summit, APEC, 10月30日
        #expect(pairs.contains("002:20-24 002:26-26"))  // the Nara summit
        #expect(!pairs.contains { $0.hasSuffix("002:36-36") })  // the defence ministers: no English report
        let stories = objects.filter { $0["type"] as? String == "same-story" }.map {
            place($0["a"]) + " " + place($0["b"])
        }
        #expect(stories == ["001:4-36 003:1-22"])
        let first = try #require(objects.first { $0["type"] as? String == "pair" && place($0["ja"]) == "002:30-30" })
        let anchors = first["anchors"] as? [[String: Any]] ?? []
        #expect(anchors.contains { $0["ja"] as? String == "10月30日" && $0["kind"] as? String == "date" })
        #expect(anchors.contains { $0["ja"] as? String == "李在明" && $0["en"] as? String == "Lee Jae-myung" })
        #expect(((first["score"] as? Double) ?? -1) > 0 && ((first["score"] as? Double) ?? 2) <= 1)
    }

    @Test(
        "the seeds with the Debian dictionaries: no comparable pair is stored as a translation; the first-summit pair is related",
        .enabled(if: FileManager.default.fileExists(atPath: "/usr/share/edict/edict"), "edict is not installed"))
    func seedsRelations() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kk-relations-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let memory = folder.appendingPathComponent("tm.sqlite").path
        let lexicon = try #require(DictionaryLexicon.path)
        let ingest = try CLI.run(["ingest", "--lexicon", lexicon, "--memory", memory, "seeds"])
        #expect(ingest.status == 0, Comment(rawValue: ingest.stderr))
        #expect(ingest.stdout.contains("stored by relation: translation 0,"))
        let lookup = try CLI.run([
            "lookup", "first summit", "--memory", memory, "--lexicon", lexicon, "--format", "json",
        ])
        let matches =
            CLI.json(lookup.stdout.trimmingCharacters(in: .whitespacesAndNewlines))?["matches"] as? [[String: Any]]
            ?? []
        let summit = try #require(matches.first { ($0["target"] as? String)?.contains("初の首脳会談") == true })
        #expect(summit["relation"] as? String == "related")
        #expect(summit["kind"] as? String == "concordance")
    }

    @Test(
        "eval short: product pages, chats and forum posts pair with recall of at least 0.95 and precision of at least 0.99 in every genre",
        .enabled(if: FileManager.default.fileExists(atPath: "/usr/share/edict/edict"), "edict is not installed"))
    func shortDocuments() throws {
        let r = try CLI.run(["eval", "short", "--lexicon", try #require(DictionaryLexicon.path)])
        #expect(r.status == 0, Comment(rawValue: r.stderr))
        let lines = r.stdout.split(separator: "\n").filter { $0.contains("recall") }
        #expect(lines.map { $0.split(separator: " ").first.map(String.init) } == ["product", "chat", "forum", "all"])
        for line in lines {
            let figures = line.split(separator: " ").compactMap {
                Double($0.trimmingCharacters(in: .punctuationCharacters))
            }
            let recall = try #require(figures.dropLast().last), precision = try #require(figures.last)
            #expect(recall >= 0.95 && precision >= 0.99, "\(line)")
        }
    }

    @Test("pairs --window: dated reports 30 days apart pair only under a wider window; a bad window is a usage error")
    func pairingWindow() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kk-window-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let english = folder.appendingPathComponent("summit.en.txt"),
            japanese = folder.appendingPathComponent("summit.ja.txt")
        try """
        Leaders agree on future-oriented cooperation

        Published: October 30, 2025

        Prime Minister Sanae Takaichi met South Korean President Lee Jae-myung in Gyeongju on October 30.
        The two leaders held 41-minute talks on the sidelines of the APEC summit.
        """.write(to: english, atomically: true, encoding: .utf8)
        try """
        日韓首脳、未来志向の協力で一致

        2025年11月29日

        高市早苗首相は10月30日、慶州で韓国の李在明大統領と会談した。
        両首脳はAPEC首脳会議の傍らで41分間会談した。
        """.write(to: japanese, atomically: true, encoding: .utf8)
        func pairs(_ window: [String]) throws -> Int {
            let r = try CLI.run(
                ["pairs", "--format", "jsonl", "--lexicon", "none"] + window + [english.path, japanese.path])
            #expect(r.status == 0, Comment(rawValue: r.stderr))
            return r.stdout.split(separator: "\n").filter { $0.contains("\"type\":\"pair\"") }.count
        }
        #expect(try pairs([]) == 0)
        #expect(try pairs(["--window", "5w"]) == 1)
        #expect(try pairs(["--window", "all"]) == 1)
        for window in ["2x", "-3d", "99999999999999999w", "d"] {
            let bad = try CLI.run(["pairs", "--window", window, "--lexicon", "none", english.path])
            #expect(bad.status == 64 && bad.stderr.contains("--window"), "\(window)")
        }
    }

    @Test(
        "ingest: the seeds make aligned units with both sources; a second run adds nothing; lookup marks the counterpart phrase"
    )
    func ingestSeeds() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kk-ingest-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let memory = folder.appendingPathComponent("tm.sqlite").path
        let first = try CLI.run(["ingest", "--lexicon", "none", "--memory", memory, "seeds"])
        #expect(first.status == 0)
        #expect(first.stdout.contains("files 5,"))
        #expect(first.stdout.contains("document pairs 3"))
        #expect(!first.stdout.contains(" 0 new"))
        let exportedFirst = try CLI.run(["export", "--memory", memory])
        let again = try CLI.run(["ingest", "--lexicon", "none", "--memory", memory, "seeds"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("units 0 new"))

        let lookup = try CLI.run([
            "lookup", "first summit", "--memory", memory, "--lexicon", "none", "--format", "json",
        ])
        #expect(lookup.status == 0)
        let matches =
            CLI.json(lookup.stdout.trimmingCharacters(in: .whitespacesAndNewlines))?["matches"] as? [[String: Any]]
            ?? []
        let summit = try #require(matches.first { ($0["target"] as? String)?.contains("初の首脳会談") == true })
        let phrases = summit["phrases"] as? [[String: Any]] ?? []
        #expect(phrases.contains { $0["query"] as? String == "first summit" && $0["target"] as? String == "初の首脳会談" })
        let sources = (summit["provenance"] as? [String: Any])?["sources"] as? [[String: Any]] ?? []
        #expect(
            Set(sources.compactMap { ($0["file"] as? String)?.split(separator: "/").last?.prefix(3) }) == [
                "004", "002",
            ])

        // Exported once per unit, provenance not doubled by the second run.
        let tmx = try CLI.run(["export", "--memory", memory])
        let units = tmx.stdout.components(separatedBy: "<tu ").count - 1
        #expect(tmx.stdout.components(separatedBy: "<prop type=\"x-source-file\">seeds/004").count - 1 <= units)
        func withoutDates(_ s: String) -> String {
            s.split(separator: "\n").filter { !$0.contains("date=") }.joined(separator: "\n")
        }
        #expect(withoutDates(tmx.stdout) == withoutDates(exportedFirst.stdout))
    }

    @Test("ingest: a binary file among the inputs stops the run with its name and place, and no memory is written")
    func ingestBadInput() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kk-ingest-bad-\(getpid())")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("in"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["002_4ac07b7d8ecd11f7.txt", "004_6b67f2522088abfa.txt"] {
            try FileManager.default.copyItem(
                at: CLI.repository.appendingPathComponent("seeds/" + name),
                to: folder.appendingPathComponent("in/" + name))
        }
        try FileManager.default.copyItem(
            at: CLI.repository.appendingPathComponent("Tests/KakehashiTextTests/Fixtures/binary.bin"),
            to: folder.appendingPathComponent("in/binary.bin"))
        let memory = folder.appendingPathComponent("tm.sqlite").path
        let r = try CLI.run([
            "ingest", "--lexicon", "none", "--memory", memory, folder.appendingPathComponent("in").path,
        ])
        #expect(r.status == 65)
        #expect(r.stderr.contains("binary.bin:1:"))
        #expect(!FileManager.default.fileExists(atPath: memory))
    }

    @Test("a missing file exits 66 and names it")
    func missingFile() throws {
        let r = try CLI.run(["segment", "no/such/file.txt"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("no/such/file.txt"))
        #expect(r.stdout.isEmpty)
    }

    @Test("binary input exits 65 with the file and place")
    func binaryInput() throws {
        let r = try CLI.run(["segment", "Tests/KakehashiTextTests/Fixtures/binary.bin"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("binary.bin:1:"))
    }

    @Test("invalid UTF-8 under --encoding UTF-8 exits 65 with line and column")
    func invalidUTF8() throws {
        let r = try CLI.run(["segment", "--encoding", "UTF-8", "Tests/KakehashiTextTests/Fixtures/invalid-utf8.txt"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("invalid-utf8.txt:2:8"))
    }

    @Test("a legacy charset is read; --encoding forces one")
    func encodings() throws {
        let r = try CLI.run(["segment", "Tests/KakehashiTextTests/Fixtures/ja-shift_jis.txt"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("日本の高市早苗首相"))
        let forced = try CLI.run([
            "segment", "--encoding", "Shift_JIS", "Tests/KakehashiTextTests/Fixtures/headline-shift_jis.txt",
        ])
        #expect(forced.stdout == "首脳会談\n")
    }

    @Test("bad usage exits 64")
    func usage() throws {
        #expect(try CLI.run(["segment", "--no-such-flag"]).status == 64)
        #expect(try CLI.run(["segment", "--encoding", "Klingon-8"], stdin: Data("x".utf8)).status == 64)
        #expect(try CLI.run(["inspect"]).status == 64)
    }

    @Test("empty input gives empty output and success")
    func empty() throws {
        let r = try CLI.run(["segment", "--format", "jsonl"], stdin: Data())
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
    }

    @Test("bench text reports the segmenter against bare ICU in the same run")
    func bench() throws {
        let r = try CLI.run(["bench", "text", "--repeats", "1", "seeds/004_6b67f2522088abfa.txt"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("bare ICU sentence iteration"))
        #expect(r.stdout.contains("key normalization"))
    }
}

/// The lexicon compiled from the installed Debian dictionaries, built once per test run into a
/// scratch folder by `kakehashi lexicon build`; nil when that fails.
enum DictionaryLexicon {
    static let path: String? = {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("lexicon.kklex").path
        // Removed when the test process exits: the file is 49 MB.
        atexit { try? FileManager.default.removeItem(at: DictionaryLexicon.folder) }
        guard let r = try? CLI.run(["lexicon", "build", "--lexicon", path]), r.status == 0 else { return nil }
        return path
    }()

    static var folder: URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("kk-lexicon-\(getpid())")
    }
}
