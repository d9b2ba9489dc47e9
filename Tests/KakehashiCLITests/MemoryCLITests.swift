import Foundation
import KakehashiTestSupport
import Testing

/// A temporary folder for one test's memory files.
final class Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kakehashi-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

enum MemoryFixtures {
    static let sample = CLI.repository.appendingPathComponent("Tests/KakehashiMemoryTests/Fixtures/sample.tmx").path

    /// A TMX of `count` distinct units, for import tests.
    static func big(_ count: Int, at path: String) {
        var s =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>\n"
        for i in 0..<count {
            s +=
                "<tu><tuv xml:lang=\"en\"><seg>Unit number \(i) of the import test, about the summit.</seg></tuv><tuv xml:lang=\"ja\"><seg>取り込み試験の\(i)番目の単位。</seg></tuv></tu>\n"
        }
        s += "</body></tmx>\n"
        _ = FileManager.default.createFile(atPath: path, contents: Data(s.utf8))
    }
}

@Suite("memory commands")
struct MemoryCLITests {
    @Test("import says how many units are new and how many were already present")
    func importTwice() throws {
        let dir = try Scratch()
        let memory = dir.path("m.sqlite")
        let first = try CLI.run(["import", MemoryFixtures.sample, "--memory", memory])
        #expect(first.status == 0)
        #expect(first.stderr.contains("4 new, 0 already present"))
        let second = try CLI.run(["import", MemoryFixtures.sample, "--memory", memory])
        #expect(second.stderr.contains("0 new, 4 already present"))
        let stats = try CLI.run(["stats", "--memory", memory])
        #expect(stats.stdout.contains("units: 4"))
    }

    @Test("import names the line of each unit it skips, and why")
    func importSkipped() throws {
        let dir = try Scratch()
        let tmx = dir.path("one.tmx")
        try
            "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" datatype=\"plaintext\" creationtool=\"t\" creationtoolversion=\"1\"/><body>\n<tu><tuv xml:lang=\"en\"><seg>Alone.</seg></tuv></tu>\n</body></tmx>\n"
            .write(toFile: tmx, atomically: true, encoding: .utf8)
        let r = try CLI.run(["import", tmx, "--memory", dir.path("m.sqlite")])
        #expect(r.status == 0)
        #expect(r.stderr.contains("one.tmx:3: skipped: fewer than two languages with text"))
    }

    @Test("lookup --format json has the documented keys, in both directions")
    func lookupJSON() throws {
        let dir = try Scratch()
        let memory = dir.path("m.sqlite")
        _ = try CLI.run(["import", MemoryFixtures.sample, "--memory", memory])
        let r = try CLI.run([
            "lookup", "The two leaders held their first summit.", "--memory", memory, "--format", "json",
        ])
        #expect(r.status == 0)
        let object = CLI.json(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(object?["query"] as? String == "The two leaders held their first summit.")
        let matches = object?["matches"] as? [[String: Any]] ?? []
        #expect(!matches.isEmpty)
        for m in matches {
            #expect(
                Set(m.keys).isSuperset(of: [
                    "score", "kind", "source", "target", "source_lang", "target_lang", "confidence", "provenance",
                ]))
        }
        #expect(matches.first?["kind"] as? String == "exact")
        #expect(matches.first?["target"] as? String == "両首脳は初の首脳会談を行った。")
        let ja = try CLI.run([
            "lookup", "首脳会談", "--memory", memory, "--format", "json", "--from", "ja", "--mode", "concordance",
        ])
        let jm =
            (CLI.json(ja.stdout.trimmingCharacters(in: .whitespacesAndNewlines))?["matches"] as? [[String: Any]]) ?? []
        #expect(jm.first?["target_lang"] as? String == "en-US")
    }

    @Test("lookup text output shows fuzzy bands and the differing words")
    func lookupText() throws {
        let dir = try Scratch()
        let memory = dir.path("m.sqlite")
        _ = try CLI.run(["import", MemoryFixtures.sample, "--memory", memory])
        let r = try CLI.run([
            "lookup", "The two leaders held their second summit.", "--memory", memory, "--mode", "fuzzy",
        ])
        #expect(r.stdout.contains("fuzzy 85% [85–94]"))
        #expect(r.stdout.contains("[-second-]{+first+}"))
    }

    @Test("export writes TMX to stdout or to -o, with filters")
    func export() throws {
        let dir = try Scratch()
        let memory = dir.path("m.sqlite")
        _ = try CLI.run(["import", MemoryFixtures.sample, "--memory", memory])
        let out = try CLI.run(["export", "--memory", memory])
        #expect(out.status == 0)
        #expect(out.stdout.hasPrefix("<?xml"))
        #expect(out.stdout.components(separatedBy: "<tu ").count - 1 == 4)
        let file = dir.path("out.tmx")
        let toFile = try CLI.run(["export", "--memory", memory, "-o", file, "--langs", "en,ko"])
        #expect(toFile.status == 0)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.components(separatedBy: "<tu ").count - 1 == 1)
        #expect(!FileManager.default.fileExists(atPath: file + ".partial"))
    }

    @Test("a malformed TMX exits 65 naming file, line and column, and nothing is imported")
    func malformed() throws {
        let dir = try Scratch()
        let memory = dir.path("m.sqlite")
        let bad = dir.path("bad.tmx")
        _ = FileManager.default.createFile(
            atPath: bad,
            contents: Data(
                "<tmx version=\"1.4\"><header/><body>\n<tu><tuv xml:lang=\"en\"><seg>x</tuv></tu></body></tmx>".utf8))
        let r = try CLI.run(["import", MemoryFixtures.sample, bad, "--memory", memory])
        #expect(r.status == 65)
        #expect(r.stderr.contains("bad.tmx:2:"))
        #expect(r.stderr.contains("nothing from this file was imported"))
        // The good file before it was imported in its own transaction.
        #expect(try CLI.run(["stats", "--memory", memory]).stdout.contains("units: 4"))
    }

    @Test("missing files and memories exit 66")
    func missing() throws {
        let dir = try Scratch()
        #expect(try CLI.run(["import", "no-such.tmx", "--memory", dir.path("m.sqlite")]).status == 66)
        #expect(try CLI.run(["lookup", "x", "--memory", dir.path("none.sqlite")]).status == 66)
        #expect(try CLI.run(["stats", "--memory", dir.path("none.sqlite")]).status == 66)
    }

    @Test("a memory in a place that cannot be written is reported, not crashed on")
    func unwritable() throws {
        let r = try CLI.run(["import", MemoryFixtures.sample, "--memory", "/proc/kakehashi/m.sqlite"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("/proc/kakehashi/m.sqlite"))
    }

    @Test("kill -9 during an import leaves a sound file holding all or none of it; lookups answer meanwhile")
    func killDuringImport() throws {
        let dir = try Scratch()
        let memory = dir.path("m.sqlite")
        _ = try CLI.run(["import", MemoryFixtures.sample, "--memory", memory])
        let big = dir.path("big.tmx")
        MemoryFixtures.big(60_000, at: big)
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["import", big, "--memory", memory]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.0)
        // While the import's transaction is open, a lookup still answers from the last commit.
        let during = try CLI.run([
            "lookup", "The two leaders held their first summit.", "--memory", memory, "--mode", "exact",
        ])
        #expect(during.status == 0)
        #expect(during.stdout.contains("[両首脳]は[初の首脳会談]を行った。"))  // counterparts of the query's phrases marked
        kill(process.processIdentifier, SIGKILL)
        #expect(CLI.waitForExit(process))
        let stats = try CLI.run(["stats", "--check", "--memory", memory])
        #expect(stats.status == 0)
        #expect(stats.stdout.contains("integrity: ok"))
        #expect(stats.stdout.contains("units: 4") || stats.stdout.contains("units: 60004"))
        let check = try CLI.run([
            "lookup", "Unit number 5 of the import test, about the summit.", "--memory", memory, "--mode", "exact",
        ])
        #expect(check.status == 0)
    }
}

@Suite("resuming an ingest")
struct ResumeCLITests {
    /// Articles cut from the WMT21 documents: runs of 3 to 6 sentence pairs, each language its own
    /// file; `dated`, each begins with a dateline, 20 runs a day, the Japanese 0–2 days later.
    static func writeArticles(in folder: String, dated: Bool = false) throws -> Int {
        var count = 0
        let months = ["January", "February", "March", "April", "May", "June", "July", "August"]
        for name in ["newstest2021.en-ja.docs.jsonl", "newstest2021.ja-en.docs.jsonl"] {
            let path = CLI.repository.appendingPathComponent("Evaluation/wmt21/" + name).path
            for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
                guard let object = CLI.json(String(line)), let en = object["en"] as? [String],
                    let ja = object["ja"] as? [String]
                else { continue }
                var start = 0
                while start + 3 <= en.count {
                    let end = min(en.count, start + 3 + count % 4)
                    let day = count / 20, month = day / 28 + 1
                    let english = dated ? "Published: \(months[month - 1]) \(day % 28 + 1), 2025\n\n" : ""
                    let japanese = dated ? "2025年\(month)月\(day % 28 + 1 + count % 3)日\n\n" : ""
                    try (english + en[start..<end].joined(separator: "\n\n") + "\n").write(
                        toFile: "\(folder)/\(count).en.txt", atomically: false, encoding: .utf8)
                    try (japanese + ja[start..<end].joined(separator: "\n\n") + "\n").write(
                        toFile: "\(folder)/\(count).ja.txt", atomically: false, encoding: .utf8)
                    count += 1
                    start = end
                }
            }
        }
        return count
    }

    /// The units of an export, each with its lines sorted, in sorted order (an ingest resumed
    /// stores its units in another order, and a unit met twice lists its sources in another order).
    static func units(_ tmx: String) -> [String] {
        tmx.components(separatedBy: "<tu ").dropFirst().map { tu in
            tu.replacingOccurrences(of: #"(creation|change)date="[0-9TZ]+""#, with: "", options: .regularExpression)
                .split(separator: "\n").map(String.init).sorted().joined(separator: "\n")
        }.sorted()
    }

    @Test(
        "kill -9 at five random points, then the same command again: the memory holds exactly the units of one uninterrupted ingest",
        arguments: [false, true])
    func killAndResume(inSlices: Bool) throws {
        let dir = try Scratch()
        let articles = dir.path("articles")
        try FileManager.default.createDirectory(atPath: articles, withIntermediateDirectories: true)
        #expect(try Self.writeArticles(in: articles, dated: inSlices) > 300)
        // Undated articles, paired in one go; or dated ones, paired in date slices of about 100
        // documents, each onto the slices before it.
        let command =
            ["ingest", articles, "--lexicon", "none"] + (inSlices ? ["--slice", "100"] : ["--window", "all"])
            + ["--memory"]
        let whole = try CLI.run(command + [dir.path("whole.sqlite")])
        #expect(whole.status == 0, Comment(rawValue: whole.stderr))
        #expect(whole.stdout.contains("date slices") == inSlices, Comment(rawValue: whole.stdout))
        var random = SystemRandomNumberGenerator()
        var killed = 0
        for _ in 0..<5 {
            let process = try CLI.start(
                command + [dir.path("resumed.sqlite")], log: dir.url.appendingPathComponent("run.log"))
            Thread.sleep(forTimeInterval: Double.random(in: 0.3...6, using: &random))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            _ = CLI.waitForExit(process)
        }
        let last = try CLI.run(command + [dir.path("resumed.sqlite")])
        #expect(last.status == 0, Comment(rawValue: last.stderr))
        let a = try CLI.run(["export", "--memory", dir.path("whole.sqlite")]),
            b = try CLI.run(["export", "--memory", dir.path("resumed.sqlite")])
        #expect(a.status == 0 && b.status == 0)
        let expected = Self.units(a.stdout), found = Self.units(b.stdout)
        #expect(expected.count > 100 && found.count == expected.count, "killed \(killed) times")
        #expect(found == expected)
        let stats = try CLI.run(["stats", "--check", "--memory", dir.path("resumed.sqlite")])
        #expect(stats.stdout.contains("integrity: ok"))
    }
}
