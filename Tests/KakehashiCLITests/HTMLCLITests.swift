import Foundation
import KakehashiTestSupport
import Testing

@Suite("kakehashi on HTML pages")
struct HTMLCLITests {
    static let fixtures = "Tests/KakehashiHTMLTests/Fixtures/"

    @Test(
        "extract --format json: one object per file with file, url, title, date, author, lang and text; the title is not in the text"
    )
    func extractJSON() throws {
        let r = try CLI.run([
            "extract", "--format", "json", Self.fixtures + "asahi-style.html", Self.fixtures + "pair/summit-en.html",
        ])
        #expect(r.status == 0)
        let objects = r.lines.compactMap(CLI.json)
        #expect(objects.count == 2)
        #expect(objects.allSatisfy { Set($0.keys) == ["file", "url", "title", "date", "author", "lang", "text"] })
        #expect(objects[0]["title"] as? String == "円相場、一時1ドル＝140円台 約1年ぶりの円高水準")
        #expect(objects[0]["lang"] as? String == "ja")
        #expect((objects[0]["text"] as? String)?.hasPrefix("2日の東京外国為替市場で") == true)
        #expect(objects[1]["url"] as? String == "https://news.example.com/world/2026/08/23/lee-ishiba-summit")
        #expect(objects[1]["author"] as? String == "Jane Doe")
        #expect((objects[1]["text"] as? String)?.contains("agree to meet twice a year") == false)
    }

    @Test("extract reads stdin; text format prints the metadata lines, a blank line and the body")
    func extractStdin() throws {
        let page = try Data(contentsOf: CLI.repository.appendingPathComponent(Self.fixtures + "sankei-style.html"))
        let r = try CLI.run(["extract"], stdin: page)
        #expect(r.status == 0)
        #expect(r.lines.first == "Title: 半導体工場の建設、熊本で本格化")
        #expect(r.stdout.contains("\n\n台湾の半導体大手が"))
        #expect(!r.stdout.contains("続きを読む"))
    }

    @Test(
        "inspect --format jsonl on HTML: blocks with HTML lines and meta, dropped elements with their line and reason")
    func inspectHTML() throws {
        let r = try CLI.run(["inspect", "--format", "jsonl", Self.fixtures + "yahoo-style.html"])
        #expect(r.status == 0)
        let objects = r.lines.compactMap(CLI.json)
        let block = try #require(objects.first { $0["type"] as? String == "block" })
        #expect(block["lines"] as? [Int] == [24, 30])
        #expect(
            (block["meta"] as? [String: Any])?["url"] as? String == "https://news.yahoo.co.jp/articles/0a1b2c3d4e5f")
        let dropped = objects.filter { $0["type"] as? String == "dropped" }
        #expect(dropped.allSatisfy { $0["line"] is Int && $0["reason"] is String && $0["file"] is String })
        #expect(dropped.contains { ($0["text"] as? String)?.contains("アクセスランキング") == true })
        // In line order, as for text files.
        let lines = objects.compactMap { ($0["line"] as? Int) ?? ($0["lines"] as? [Int])?.first }
        #expect(lines == lines.sorted())
    }

    @Test(
        "ingest: an English and a Japanese page about one event give aligned units whose provenance carries each page's URL"
    )
    func ingestPages() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kk-html-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let memory = folder.appendingPathComponent("tm.sqlite").path
        let r = try CLI.run(["ingest", "--memory", memory, Self.fixtures + "pair"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("document pairs 1"))
        let tmx = try CLI.run(["export", "--memory", memory])
        #expect(tmx.status == 0)
        #expect(tmx.stdout.components(separatedBy: "<tu ").count - 1 >= 5)
        #expect(
            tmx.stdout.contains(
                "<prop type=\"x-source-url\">https://news.example.com/world/2026/08/23/lee-ishiba-summit</prop>"))
        #expect(
            tmx.stdout.contains("<prop type=\"x-source-url\">https://www.example.jp/articles/20260823-summit</prop>"))
        #expect(
            tmx.stdout.contains(
                "<seg>The two leaders agreed to hold summit meetings at least twice a year.</seg>\n  </tuv>\n  <tuv xml:lang=\"ja\">\n    <seg>両首脳は少なくとも年2回の首脳会談を開くことで合意した。</seg>"
            ))
        #expect(!tmx.stdout.contains("Related stories") && !tmx.stdout.contains("アクセスランキング"))
    }
}
