import Foundation
import GRDB
import Testing
import KakehashiTestSupport
@testable import KakehashiMemory
@testable import KakehashiSQLite

/// A fresh memory in a temporary folder, removed when the test ends.
final class TemporaryMemory {
    let folder: URL
    let path: String
    let memory: TranslationMemory

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kakehashi-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("memory.sqlite").path
        memory = try TranslationMemory(path: path)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Makes the file what an older release wrote: runs `statements` (undoing what the migration
    /// whose identifier begins with `migration` did) and forgets that migration, so that the next
    /// opening runs it again.
    func rewind(migration: String, _ statements: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: statements)
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE ?", arguments: [migration + "%"])
        }
        try queue.close()
    }

    func file(_ name: String, _ contents: String) -> String {
        let p = folder.appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: p, contents: Data(contents.utf8))
        return p
    }
}

enum Fixtures {
    static let folder: URL = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        return url.appendingPathComponent("Fixtures")
    }()
    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The TMX 1.4 DTD kept with the evaluation data (`Evaluation/tmx`).
    static let dtd: String = {
        var url = folder
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Fixtures → Tests/KakehashiMemoryTests → Tests → repo
        return url.appendingPathComponent("Evaluation/tmx/tmx14.dtd").path
    }()
    static var canValidate: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint") && FileManager.default.fileExists(atPath: dtd)
    }
}

func unit(
    _ en: String, _ ja: String, status: UnitStatus = .aligned, confidence: Double? = 0.9, context: String? = nil,
    file: String = "seeds/a.txt", relation: UnitRelation = .translation
) -> TranslationUnit {
    TranslationUnit(
        variants: [Variant(language: "en", text: en), Variant(language: "ja", text: ja)], status: status,
        confidence: confidence, relation: relation, method: "test", context: context,
        provenance: [Provenance(sourceFile: file, document: "lines 1-2")])
}

func exportString(_ memory: TranslationMemory, _ filter: ExportFilter = ExportFilter()) async throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
        "kakehashi-export-\(UUID().uuidString).tmx"
    ).path
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let handle = FileHandle(forWritingAtPath: path)!
    try await memory.exportTMX(to: handle, filter: filter)
    try handle.close()
    return try String(contentsOfFile: path, encoding: .utf8)
}

@Suite("Translation memory store")
struct StoreTests {
    @Test("adding the same unit twice adds it once and says so; its new provenance is kept")
    func deduplication() async throws {
        let t = try TemporaryMemory()
        let first = try await t.memory.add([unit("The leaders met.", "両首脳は会談した。")])
        #expect(first == AddResult(added: 1, alreadyPresent: 0))
        let again = try await t.memory.add([unit("The  leaders met.", "両首脳は会談した。", file: "seeds/b.txt")])
        #expect(again == AddResult(added: 0, alreadyPresent: 1))
        #expect(again.summary == "0 new, 1 already present")
        let stats = try await t.memory.statistics()
        #expect(stats.units == 1)
        #expect(stats.sources == 2)
    }

    @Test("context is part of the identity of a unit")
    func contextDistinguishes() async throws {
        let t = try TemporaryMemory()
        try await t.memory.add([
            unit("Yes.", "はい。", context: "Will you come?"), unit("Yes.", "はい。", context: "Is it true?"),
        ])
        #expect(try await t.memory.statistics().units == 2)
    }

    @Test("a unit needs two variants")
    func skipsSingleVariant() async throws {
        let t = try TemporaryMemory()
        let r = try await t.memory.add([TranslationUnit(variants: [Variant(language: "en", text: "Alone.")])])
        #expect(r.added == 0 && r.alreadyPresent == 0 && r.skipped == 1)
        #expect(r.skippedUnits == [SkippedUnit(line: nil, reason: "fewer than two languages with text")])
    }

    @Test("a memory written by a newer Kakehashi is refused with a clear message")
    func newerSchema() throws {
        let t = try TemporaryMemory()
        let queue = try DatabaseQueue(path: t.path)
        try queue.write {
            try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }
        try queue.close()
        #expect {
            try TranslationMemory(path: t.path)
        } throws: { error in
            guard let e = error as? MemoryError, e.kind == .newerSchema else { return false }
            return e.description.contains("newer Kakehashi")
        }
    }

    @Test("a memory of an older schema is upgraded in place and its units stay findable")
    func upgrade() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kakehashi-upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try MemorySchema.migrator.migrate(queue, upTo: "v3: trigrams for CJK segments only")
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO unit (id, status, dedup) VALUES (1, 'approved', 1)")
            try db.execute(
                sql: """
                    INSERT INTO variant (id, unit_id, position, lang, lang_base, text, key, key_length) VALUES
                      (1, 1, 0, 'en', 'en', 'Shuttle diplomacy resumed.', 'shuttle diplomacy resumed.', 26),
                      (2, 1, 1, 'ja', 'ja', 'シャトル外交が再開した。', 'シャトル外交が再開した。', 12)
                    """)
        }
        try queue.close()
        let memory = try TranslationMemory(path: path)
        let found = try await memory.lookup("外", options: LookupOptions(mode: .concordance))
        #expect(found.map(\.target) == ["Shuttle diplomacy resumed."])
        #expect(
            try await memory.lookup("shuttle diplomacy", options: LookupOptions(mode: .concordance)).map(\.target) == [
                "シャトル外交が再開した。"
            ])
    }

    @Test("a file that is not a memory is refused")
    func notAMemory() throws {
        let t = try TemporaryMemory()
        let junk = t.file("junk.sqlite", String(repeating: "not sqlite ", count: 100))
        #expect(throws: MemoryError.self) { try TranslationMemory(path: junk) }
    }

    @Test("a full disk is reported as an error and leaves the memory as it was")
    func diskFull() async throws {
        let t = try TemporaryMemory()
        try await t.memory.add([unit("Before.", "前。")])
        let pages = try await t.memory.database.read { try Int.fetchOne($0, sql: "PRAGMA page_count") ?? 0 }
        // SQLite answers SQLITE_FULL once the file would outgrow max_page_count: a full disk in miniature.
        try await t.memory.database.writeWithoutTransaction {
            try $0.execute(sql: "PRAGMA max_page_count = \(pages + 2)")
        }
        let many = (0..<2000).map { unit("Unit \($0) that does not fit on the disk.", "入らない単位\($0)。") }
        await #expect {
            try await t.memory.add(many)
        } throws: { error in
            guard let e = error as? MemoryError, e.kind == .writeFailed else { return false }
            return e.description.contains("nothing was changed")
        }
        #expect(try await t.memory.statistics().units == 1)
        #expect(try await t.memory.integrityCheck() == ["ok"])
    }

    @Test("a memory opened read-only answers lookups and refuses writes")
    func readOnly() async throws {
        let t = try TemporaryMemory()
        try await t.memory.add([unit("The leaders met.", "両首脳は会談した。")])
        let ro = try TranslationMemory(path: t.path, readOnly: true)
        #expect(try await ro.lookup("The leaders met.").first?.target == "両首脳は会談した。")
        await #expect(throws: MemoryError.self) { try await ro.add([unit("a b.", "あ。")]) }
    }
}

@Suite("TMX import and export")
struct TMXTests {
    @Test("languages come from xml:lang (or lang), never from position; a three-language unit stays whole")
    func languages() async throws {
        let t = try TemporaryMemory()
        let r = try await t.memory.importTMX(path: Fixtures.path("sample.tmx"))
        #expect(r == AddResult(added: 4, alreadyPresent: 0))
        let collected = Collector<TranslationUnit>()
        _ = try await t.memory.forEachUnit { collected.append($0) }
        let units = collected.items
        #expect(units[0].variant(in: "en")?.text == "The two leaders held their first summit.")
        #expect(units[0].variant(in: "ja")?.language == "ja-JP")
        #expect(units[2].variants.map(\.baseLanguage) == ["en", "ja", "ko"])
        #expect(units[3].variant(in: "en")?.text == "Future-oriented cooperation & trust.")
    }

    @Test("importing the same TMX twice adds nothing the second time")
    func idempotent() async throws {
        let t = try TemporaryMemory()
        _ = try await t.memory.importTMX(path: Fixtures.path("sample.tmx"))
        #expect(
            try await t.memory.importTMX(path: Fixtures.path("sample.tmx")) == AddResult(added: 0, alreadyPresent: 4))
    }

    @Test("a round trip keeps inline codes, props, notes, attributes and provenance")
    func roundTrip() async throws {
        let a = try TemporaryMemory()
        _ = try await a.memory.importTMX(path: Fixtures.path("sample.tmx"))
        try await a.memory.add([unit("Lee said so.", "李氏はそう述べた。", confidence: 0.8, context: "prev | next")])
        let exported = try await exportString(a.memory)
        #expect(exported.contains("<bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>Gyeongju<ept i=\"1\">&lt;/b&gt;</ept>"))
        #expect(exported.contains("<prop type=\"domain\">politics</prop>"))
        #expect(exported.contains("usagecount=\"3\""))
        #expect(exported.contains("<prop type=\"x-alignment-score\">0.800</prop>"))
        #expect(exported.contains("<prop type=\"x-source-file\">seeds/a.txt</prop>"))
        let b = try TemporaryMemory()
        let path = b.file("export.tmx", exported)
        #expect(try await b.memory.importTMX(path: path).added == 5)
        let collectedBefore = Collector<TranslationUnit>(), collectedAfter = Collector<TranslationUnit>()
        _ = try await a.memory.forEachUnit { collectedBefore.append($0) }
        _ = try await b.memory.forEachUnit { collectedAfter.append($0) }
        let before = collectedBefore.items, after = collectedAfter.items
        // Export writes the source language first; the variants are otherwise the same.
        #expect(
            before.map { $0.variants.sorted { $0.language < $1.language } }
                == after.map { $0.variants.sorted { $0.language < $1.language } })
        #expect(before.map(\.props) == after.map(\.props))
        #expect(before.map(\.notes) == after.map(\.notes))
        #expect(before.map(\.provenance) == after.map(\.provenance))
        #expect(before.map(\.confidence) == after.map(\.confidence))
        #expect(before.map(\.context) == after.map(\.context))
        #expect(before.map(\.status) == after.map(\.status))
        #expect(
            try await exportString(b.memory).replacingOccurrences(
                of: #"creationdate="\d{8}T\d{6}Z"/>"#, with: "", options: .regularExpression)
                == exported.replacingOccurrences(
                    of: #"creationdate="\d{8}T\d{6}Z"/>"#, with: "", options: .regularExpression))
    }

    @Test("export filters: minimum confidence, languages, changed since")
    func filters() async throws {
        let t = try TemporaryMemory()
        try await t.memory.add([unit("High.", "高い。", confidence: 0.95), unit("Low.", "低い。", confidence: 0.2)])
        _ = try await t.memory.importTMX(path: Fixtures.path("sample.tmx"))
        #expect(try await t.memory.forEachUnit(ExportFilter(minimumConfidence: 0.5)) { _ in } == 5)
        let langs = Collector<[String]>()
        _ = try await t.memory.forEachUnit(ExportFilter(languages: ["en", "ko"])) {
            langs.append($0.variants.map(\.baseLanguage))
        }
        #expect(langs.items == [["en", "ko"]])
        #expect(try await t.memory.forEachUnit(ExportFilter(since: Date().addingTimeInterval(3600))) { _ in } == 0)
    }

    @Test(
        "an element with 40,000 attributes (430 KB) is refused, naming the element; duplicates are still found")
    func manyAttributes() async throws {
        let t = try TemporaryMemory()
        let attributes = (0..<40_000).map { " a\($0)=\"x\"" }.joined()
        let hostile = t.file("attributes.tmx", "<tmx version=\"1.4\"><header\(attributes)/><body></body></tmx>")
        await #expect {
            try await t.memory.importTMX(path: hostile)
        } throws: { error in
            guard let e = error as? XMLInputError else { return false }
            return e.message.contains("more than 256 attributes on <header>")
        }
        let twice = t.file("twice.tmx", "<tmx version=\"1.4\"><header a=\"1\" b=\"2\" a=\"3\"/><body></body></tmx>")
        await #expect {
            try await t.memory.importTMX(path: twice)
        } throws: { ($0 as? XMLInputError)?.message.contains("duplicate attribute a") == true }
        #expect(try await t.memory.statistics().units == 0)
    }

    @Test("malformed XML: an error with line and column, and nothing from the file is kept")
    func malformed() async throws {
        let t = try TemporaryMemory()
        let good = "<tu><tuv xml:lang=\"en\"><seg>One.</seg></tuv><tuv xml:lang=\"ja\"><seg>一。</seg></tuv></tu>\n"
        let bad = t.file(
            "bad.tmx",
            "<tmx version=\"1.4\"><header/><body>\n" + good + good.replacingOccurrences(of: "One", with: "Two")
                + "<tu><tuv xml:lang=\"en\"><seg>Broken</tuv></tu>\n</body></tmx>")
        await #expect {
            try await t.memory.importTMX(path: bad)
        } throws: { error in
            guard let e = error as? XMLInputError else { return false }
            return e.line == 4 && e.description.contains("bad.tmx:4:")
        }
        #expect(try await t.memory.statistics().units == 0)
    }

    @Test("external entities and DTD-declared entities are refused, never resolved")
    func hostile() async throws {
        let t = try TemporaryMemory()
        let xxe = t.file(
            "xxe.tmx",
            """
            <?xml version="1.0"?>
            <!DOCTYPE tmx [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
            <tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&secret;</seg></tuv><tuv xml:lang="ja"><seg>x</seg></tuv></tu></body></tmx>
            """)
        await #expect { try await t.memory.importTMX(path: xxe) } throws: {
            ($0 as? XMLInputError)?.message.contains("internal subset") == true
        }
        let laughs = t.file(
            "laughs.tmx",
            """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>
            <tmx version="1.4"><header/><body></body></tmx>
            """)
        await #expect(throws: XMLInputError.self) { try await t.memory.importTMX(path: laughs) }
        let undeclared = t.file(
            "undeclared.tmx",
            "<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>&nbsp;</seg></tuv></tu></body></tmx>")
        await #expect { try await t.memory.importTMX(path: undeclared) } throws: {
            ($0 as? XMLInputError)?.message.contains("never resolved") == true
        }
        #expect(try await t.memory.statistics().units == 0)
    }

    @Test("TMX dates: the basic form, separators tolerated, anything else ignored (never a crash)")
    func dates() throws {
        #expect(TMXDate.parse("20260113T080000Z").map(TMXDate.format) == "20260113T080000Z")
        #expect(TMXDate.parse("2026-01-13T08:00:00Z").map(TMXDate.format) == "20260113T080000Z")
        #expect(TMXDate.parse("20\u{662}60113T080000Z") == nil)  // found by the fuzzer: a non-ASCII digit
        #expect(TMXDate.parse("yesterday") == nil)
        #expect(TMXDate.parse("20261399T000000Z") == nil)
    }

    @Test("inputs the fuzzer found read, write and read back unchanged (attribute line ends included)")
    func fuzzFindings() throws {
        let folder = Fixtures.folder.appendingPathComponent("fuzz")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmx") }
        #expect(!files.isEmpty)
        for name in files {
            var first: [TranslationUnit] = []
            _ = try TMXReader.read(path: folder.appendingPathComponent(name).path) { first.append($0) }
            let t = try TemporaryMemory()
            let path = t.folder.appendingPathComponent("out.tmx").path
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            let handle = FileHandle(forWritingAtPath: path)!
            let writer = TMXWriter(output: handle)
            try writer.begin(date: Date(timeIntervalSince1970: 0))
            for u in first { try writer.write(u) }
            try writer.finish()
            try handle.close()
            var second: [TranslationUnit] = []
            _ = try TMXReader.read(path: path) { second.append($0) }
            func byLanguage(_ u: TranslationUnit) -> [String] {
                u.variants.map { $0.language + "|" + $0.text }.sorted()
            }
            #expect(first.map(byLanguage) == second.map(byLanguage), "\(name)")
        }
    }

    @Test("a tuv with two segs is refused (found by the fuzzer)")
    func twoSegs() async throws {
        let t = try TemporaryMemory()
        let f = t.file(
            "two.tmx",
            "<tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>a</seg><seg>b</seg></tuv><tuv xml:lang=\"ja\"><seg>c</seg></tuv></tu></body></tmx>"
        )
        await #expect { try await t.memory.importTMX(path: f) } throws: {
            ($0 as? XMLInputError)?.message.contains("exactly one <seg>") == true
        }
    }

    @Test("a tuv without a language is an error, not a guess")
    func missingLanguage() async throws {
        let t = try TemporaryMemory()
        let f = t.file(
            "nolang.tmx",
            "<tmx version=\"1.4\"><header/><body><tu><tuv><seg>x</seg></tuv><tuv xml:lang=\"ja\"><seg>y</seg></tuv></tu></body></tmx>"
        )
        await #expect(throws: XMLInputError.self) { try await t.memory.importTMX(path: f) }
    }

    @Test("UTF-16 TMX files are read")
    func utf16() async throws {
        let t = try TemporaryMemory()
        let xml =
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?><tmx version=\"1.4\"><header/><body><tu><tuv xml:lang=\"en\"><seg>Seoul</seg></tuv><tuv xml:lang=\"ja\"><seg>ソウル</seg></tuv></tu></body></tmx>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for u in xml.utf16 { bytes.append(UInt8(u & 0xFF)); bytes.append(UInt8(u >> 8)) }
        let p = t.folder.appendingPathComponent("u16.tmx").path
        _ = FileManager.default.createFile(atPath: p, contents: Data(bytes))
        #expect(try await t.memory.importTMX(path: p).added == 1)
    }

    @Test(
        "the export is valid TMX 1.4 (xmllint against tmx14.dtd, and the extra checks)",
        .enabled(if: Fixtures.canValidate))
    func validity() async throws {
        let t = try TemporaryMemory()
        _ = try await t.memory.importTMX(path: Fixtures.path("sample.tmx"))
        try await t.memory.add([unit("Lee & Takaichi <met>.", "李氏と高市氏が会談した。")])
        let path = t.file("export.tmx", try await exportString(t.memory))
        #expect(try run("/usr/bin/xmllint", ["--noout", "--dtdvalid", Fixtures.dtd, path]).status == 0)
        for xpath in [
            "count(//tuv[not(@xml:lang)])",
            "count(//seg//bpt[not(@i=ancestor::seg[1]//ept/@i)])+count(//seg//ept[not(@i=ancestor::seg[1]//bpt/@i)])",
            "count(//@creationdate[string-length(.)!=16 or substring(.,9,1)!=\"T\" or substring(.,16,1)!=\"Z\"])",
            "count(//@changedate[string-length(.)!=16 or substring(.,9,1)!=\"T\" or substring(.,16,1)!=\"Z\"])",
        ] {
            #expect(
                try run("/usr/bin/xmllint", ["--xpath", xpath, path]).output.trimmingCharacters(
                    in: .whitespacesAndNewlines) == "0")
        }
    }
}

func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: tool)
    p.arguments = arguments
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}
