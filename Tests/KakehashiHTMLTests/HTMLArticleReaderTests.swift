import Foundation
import KakehashiText
import Testing
@testable import KakehashiHTML

/// The fixture pages: small HTML files built like Japanese news sites (menus, ranking widgets,
/// share bars, paywall prompts, JSON-LD), each with the body a reader expects.
enum Pages {
    static func bytes(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil),
            let data = FileManager.default.contents(atPath: url.path)
        else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name])
        }
        return [UInt8](data)
    }

    static func expected(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func read(_ name: String) throws -> HTMLPage {
        try HTMLArticleReader().read(name: name, bytes: bytes(name))
    }

    static func html(_ body: String, head: String = "") -> [UInt8] {
        Array("<!DOCTYPE html><html><head><meta charset=\"utf-8\">\(head)</head><body>\(body)</body></html>".utf8)
    }
}

@Suite("Reading HTML news pages")
struct HTMLArticleReaderTests {
    @Test(
        "each Japanese site-style page gives exactly its article body, paragraph by paragraph",
        arguments: ["yahoo-style", "asahi-style", "yomiuri-style", "sankei-style", "mainichi-style", "nikkei-style"])
    func japaneseBodies(_ site: String) throws {
        let page = try Pages.read(site + ".html")
        #expect(page.content.text == (try Pages.expected(site + ".expected.txt")))
        #expect(page.language == "ja")
        #expect(page.article.blocks.count == 1)
        #expect(page.article.blocks.first?.language == .ja)
    }

    @Test("metadata: JSON-LD first, then OpenGraph and meta; the site name is cut from the title")
    func metadata() throws {
        let yahoo = try Pages.read("yahoo-style.html").metadata
        #expect(yahoo.title == "日韓首脳、年2回の相互訪問で合意 東京で会談")
        #expect(yahoo.date == "2026-08-23T18:05:00+09:00")
        #expect(yahoo.author == "共同通信")
        #expect(yahoo.url == "https://news.yahoo.co.jp/articles/0a1b2c3d4e5f")
        let asahi = try Pages.read("asahi-style.html").metadata
        #expect(asahi.title == "円相場、一時1ドル＝140円台 約1年ぶりの円高水準")  // "：朝日新聞デジタル" removed
        #expect(asahi.url == "https://www.asahi.com/articles/ASX9Z1234.html")
        #expect(asahi.author == "鈴木一郎")
        let sankei = try Pages.read("sankei-style.html").metadata  // JSON-LD inside @graph
        #expect(sankei.title == "半導体工場の建設、熊本で本格化")
        #expect(sankei.author == "山田花子")
        #expect(sankei.date == "2026-07-10T11:00:00+09:00")
        #expect(sankei.url == "https://www.sankei.com/article/20260710-ABCDEF/")
        #expect(try Pages.read("mainichi-style.html").metadata.title == "高校野球 決勝は２５日に 雨で順延")
        #expect(try Pages.read("nikkei-style.html").metadata.title == "トヨタ、電池の新工場を米国に建設へ")
    }

    @Test("the block carries the page's URL, date and author, and the title in its own language")
    func blockMetadata() throws {
        let block = try #require(try Pages.read("asahi-style.html").article.blocks.first)
        #expect(block.metadata.url == "https://www.asahi.com/articles/ASX9Z1234.html")
        #expect(block.metadata.byline == "鈴木一郎")
        #expect(block.metadata.date == "2026-09-02T09:30:00+09:00")
        #expect(block.title == "円相場、一時1ドル＝140円台 約1年ぶりの円高水準")
    }

    @Test("Yahoo! Japan's one <p> with blank lines becomes paragraphs, each with its own source line")
    func blankLinesInOneParagraph() throws {
        let page = try Pages.read("yahoo-style.html")
        #expect(page.content.paragraphs.map(\.line) == [24, 26, 28, 30])
        let block = try #require(page.article.blocks.first)
        #expect(block.lines == 24...30)
        let offset = try #require(block.text.utf8.firstRange(of: "石破氏".utf8)).lowerBound
        #expect(
            block.fileLine(forTextOffset: block.text.utf8.distance(from: block.text.utf8.startIndex, to: offset)) == 30)
    }

    @Test(
        "page furniture is dropped with a reason: navigation, share bar, ranking, paywall, cookie banner, hidden text")
    func droppedReasons() throws {
        let yahoo = try Pages.read("yahoo-style.html").content.dropped
        #expect(yahoo.contains { $0.reason == .pageRegion && $0.text.contains("アクセスランキング") })
        #expect(yahoo.contains { $0.reason == .furnitureContainer && $0.text.contains("ポスト") })
        let asahi = try Pages.read("asahi-style.html").content.dropped
        #expect(asahi.contains { $0.reason == .paywall && $0.text.contains("有料会員") })
        let sankei = try Pages.read("sankei-style.html").content.dropped
        #expect(sankei.contains { $0.reason == .cookieBanner && $0.text.contains("クッキー") })
        #expect(
            sankei.contains { $0.reason == .paywall && $0.text == "続きを読む" } || sankei.contains { $0.text == "続きを読む" })
        let nikkei = try Pages.read("nikkei-style.html").content.dropped
        #expect(nikkei.contains { $0.reason == .hidden && $0.text.contains("音声") })
        let mainichi = try Pages.read("mainichi-style.html").content.dropped
        #expect(mainichi.contains { $0.reason == .caption && $0.text.contains("甲子園") })
    }

    @Test("the charset: Shift_JIS from http-equiv, EUC-JP from <meta charset>, a false declaration is not trusted")
    func charsets() throws {
        #expect(try Pages.read("asahi-style.html").article.encoding == "Shift_JIS")
        #expect(try Pages.read("yomiuri-style.html").article.encoding == "EUC-JP")
        // Declares Shift_JIS, is UTF-8: read as UTF-8.
        let mislabelled = Pages.html(
            "<p>東京で首脳会談が開かれた。</p>", head: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">")
        let page = try HTMLArticleReader().read(name: "m.html", bytes: mislabelled)
        #expect(page.article.encoding == "UTF-8")
        #expect(page.content.text == "東京で首脳会談が開かれた。")
        // Declares UTF-8, is EUC-JP: the declaration fails on the bytes and the detector reads it.
        let detected = try Pages.read("declared-utf8-is-euc-jp.html")
        #expect(detected.article.encoding == "EUC-JP")
        #expect(detected.content.text.hasPrefix("気象庁によると"))
        // --encoding is final.
        let forced = try HTMLArticleReader().read(
            name: "a.html", bytes: Pages.bytes("asahi-style.html"), forcedEncoding: "Shift_JIS")
        #expect(forced.content.paragraphs.count == 3)
    }

    @Test("a page in two languages splits into monolingual blocks")
    func mixedLanguages() throws {
        let blocks = try Pages.read("mixed-language.html").article.blocks
        #expect(blocks.map(\.language) == [.en, .ja])
        #expect(blocks[0].text.hasPrefix("Typhoon warning\n\nA strong typhoon"))
        #expect(blocks[1].text.hasSuffix("呼びかけられている。"))
    }

    @Test("a line break between two Japanese characters is not a space; between English words it is")
    func lineBreaksInSource() throws {
        let page = try HTMLArticleReader().read(name: "b.html", bytes: Pages.html("<p>東京で\n会談した。This is\na test.</p>"))
        #expect(page.content.text == "東京で会談した。This is a test.")
    }

    @Test("<br><br> separates paragraphs, one <br> breaks the line; ruby readings are not text")
    func breaksAndRuby() throws {
        let page = try HTMLArticleReader().read(
            name: "r.html",
            bytes: Pages.html(
                "<div class=\"article-body\">第一段落の文です。<br>同じ段落の二行目です。<br><br>第二段落は<ruby>漢字<rt>かんじ</rt></ruby>を含みます。</div>"
            ))
        #expect(page.content.paragraphs.map(\.text) == ["第一段落の文です。\n同じ段落の二行目です。", "第二段落は漢字を含みます。"])
    }

    @Test(
        "a list of related links inside the article is dropped; a list whose items have sentences of their own is kept")
    func linkLists() throws {
        let links = (1...5).map { "<li><a href=\"/\($0)\">Another story number \($0)</a></li>" }.joined()
        let items = (1...3).map {
            "<li><a href=\"/\($0)\">Headline \($0)</a>. The company said on Monday that sales rose by \($0)0 percent in the quarter.</li>"
        }.joined()
        let body =
            "<article><p>The first paragraph of the story is long enough to count as article text, with commas, clauses, and a full stop.</p>"
            + "<ul>\(links)</ul><ol>\(items)</ol><p>The last paragraph ends the story, as stories end.</p></article>"
        let page = try HTMLArticleReader().read(name: "l.html", bytes: Pages.html(body))
        #expect(!page.content.text.contains("Another story"))
        #expect(page.content.text.contains("sales rose by 30 percent"))
        #expect(page.content.dropped.contains { $0.reason == .linkDense })
    }

    @Test("HTML is recognized by its extension or its markup; the seeds' text dumps are not HTML")
    func recognizingHTML() {
        #expect(HTMLArticleReader.isHTML(name: "a.htm", bytes: Array("plain".utf8)))
        #expect(HTMLArticleReader.isHTML(name: "page", bytes: Array("\u{FEFF}\n  <!DOCTYPE html><html>".utf8)))
        #expect(HTMLArticleReader.isHTML(name: "page.txt", bytes: Array("<html lang=ja><body>".utf8)))
        #expect(
            !HTMLArticleReader.isHTML(
                name: "seed.txt", bytes: Array("# Title\n\n![img](x.png) <img src=x>\nText.".utf8)))
    }
}

@Suite("Hostile and huge HTML")
struct HostileHTMLTests {
    @Test("100,000 nested elements read without a stack overflow")
    func deepNesting() throws {
        let depth = 100_000
        let html =
            String(repeating: "<div>", count: depth)
            + "<p>Deep inside, the article finally says something worth reading, with commas.</p>"
            + String(repeating: "</div>", count: depth)
        let page = try HTMLArticleReader().read(name: "deep.html", bytes: Array(html.utf8))
        #expect(page.content.text.contains("Deep inside"))
    }

    @Test("malformed markup still gives the text: unclosed tags, stray ends, broken attributes, junk")
    func malformed() throws {
        let html =
            "<html><body><div class=article-body id=x><p>First paragraph of the story, with commas, clauses and more.<p>Second paragraph</b></i></span> goes on, and on.<td>stray cell<<<>>> &bogus; &amp; end.<p <p>Last words</div></div></div></body"
        let page = try HTMLArticleReader().read(name: "bad.html", bytes: Array(html.utf8))
        #expect(page.content.text.contains("Second paragraph goes on, and on."))
        #expect(page.content.text.contains("&bogus; & end."))
    }

    @Test("binary junk is an error naming the file and the byte, not a crash")
    func binary() throws {
        var bytes = Array("<html><body><p>text</p>".utf8)
        bytes += [0, 0, 0xFF, 0xFE, 0, 1, 2, 3]
        #expect {
            try HTMLArticleReader().read(name: "junk.html", bytes: bytes)
        } throws: { error in
            (error as? InputError)?.kind == .binary && "\(error)".contains("junk.html")
        }
    }

    @Test("an empty page and a page of markup only give no blocks")
    func empty() throws {
        #expect(try HTMLArticleReader().read(name: "e.html", bytes: []).article.blocks.isEmpty)
        #expect(
            try HTMLArticleReader().read(
                name: "s.html", bytes: Pages.html("<script>var a = '<p>not text</p>';</script><style>p{}</style>")
            ).article.blocks.isEmpty)
    }

    @Test("an element's attributes past the 256th are dropped before parsing; the text and the first attributes stay")
    func manyAttributes() throws {
        let attributes = (0..<200_000).map { " a\($0)=\"v\($0)\"" }.joined()
        let html =
            "<html><body><article><p class=lead\(attributes) data-x='q > r'>The story of many attributes begins here, with commas.</p>"
            + "<script>var s = '<p \(String(repeating: "b ", count: 300))>';</script>"
            + "<p>A second paragraph follows the first one, as stories do.</p></article></body></html>"
        let tree = try HTMLTree(parsing: html)
        let paragraph = try #require(tree.nodes.first { $0.name == "p" })
        #expect(paragraph.attribute("class") == "lead")
        let capped = String(decoding: try #require(AttributeCap.capped(Array(html.utf8))), as: UTF8.self)
        #expect(capped.contains(#" a254="v254""#) && !capped.contains("a255") && !capped.contains("data-x"))
        #expect(capped.contains(String(repeating: "b ", count: 300)))  // script text is not markup
        let page = try HTMLArticleReader().read(name: "attributes.html", bytes: Array(html.utf8))
        #expect(page.content.text.contains("The story of many attributes begins here"))
        #expect(page.content.text.contains("A second paragraph follows"))
        // Pages below the cap are passed on untouched, script text included.
        let plain =
            "<p a=1 b='2' c=\"3\" d>x</p><script>if (a < b) { x = '<p " + String(repeating: "z ", count: 300)
            + ">' }</script>"
        #expect(AttributeCap.capped(Array(plain.utf8)) == nil)
    }

    @Test("a 20 MB page is read whole, its memory linear in its size")
    func hugePage() throws {
        let paragraph =
            "<p>"
            + String(
                repeating: "This sentence is part of a very long article about nothing in particular, really. ",
                count: 10) + "</p>\n"
        let count = 20_000_000 / paragraph.utf8.count
        let html = "<html><body><article>" + String(repeating: paragraph, count: count) + "</article></body></html>"
        let page = try HTMLArticleReader().read(name: "huge.html", bytes: Array(html.utf8))
        #expect(page.content.paragraphs.count == count)
        #expect(page.content.paragraphs.last?.line == count)
    }
}

@Suite("Page titles")
struct PageTitleTests {
    @Test(
        "the site name is cut from the title, after or before a separator, and a headline with a colon keeps it",
        arguments: [
            ("円安進む：朝日新聞デジタル", nil, "円安進む"),
            ("台風10号、九州に接近 - Yahoo!ニュース", nil, "台風10号、九州に接近"),
            ("首相が会見 | 毎日新聞", "毎日新聞", "首相が会見"),
            ("NHK NEWS WEB | 首相が会見", "NHK NEWS WEB", "首相が会見"),
            (
                "Lee and Ishiba agree to meet twice a year | Example World News", nil,
                "Lee and Ishiba agree to meet twice a year"
            ),
            ("Fed holds rates steady - The Japan Times", nil, "Fed holds rates steady"),
            ("Trade: the long road back", nil, "Trade: the long road back"),
            ("石破首相「新たな段階」 日韓会談", nil, "石破首相「新たな段階」 日韓会談"),
        ] as [(String, String?, String)])
    func siteNameCut(_ title: String, _ site: String?, _ expected: String) {
        #expect(PageMetadata.withoutSiteName(title, siteName: site) == expected)
    }
}

@Suite("Paragraphs that are furniture by their text")
struct FurnitureParagraphTests {
    @Test(
        "a line that only dates the article is a dateline; a bare number or a sentence with a date is not",
        arguments: [
            ("2026/08/24 05:00", true), ("2026年8月23日 20:10（最終更新 8/23 20:30）", true), ("最終更新:8/23(土) 18:30", true),
            ("Updated: Nov. 19, 2019 3:05 p.m. ET", true), ("Published 9:41 AM EST, Tue November 19, 2019", true),
            ("5040", false), ("The vote is on November 19, 2019.", false), ("2019-20 season", false), ("3-1", false),
            ("決勝は２５日午前１０時に開始する。", false),
        ] as [(String, Bool)])
    func dateLines(_ text: String, _ isDate: Bool) {
        #expect(PageAnalysis.isDateLine(text) == isDate)
    }

    @Test("paywall and promotion prompts are recognized in English and Japanese; article sentences are not")
    func paywallPrompts() {
        #expect(PageAnalysis.paywallReason("この記事は有料記事です。残り812文字") == .paywall)
        #expect(PageAnalysis.paywallReason("Subscribe to continue reading this story.") == .paywall)
        #expect(PageAnalysis.paywallReason("The company said it would raise prices next year.") == nil)
    }
}

@Suite("Scripts and styles")
struct ScriptTests {
    @Test(
        "script and style bodies are skipped before parsing, without moving lines or losing JSON-LD; '<script' in an attribute or a comment is not a script"
    )
    func scriptsSkipped() throws {
        let html = """
            <html><head>
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"JSON-LD headline","author":{"name":"A. Writer"}}</script>
            <script>
            var s = "</div><p>not article text</p>";
            document.write('<p>nor this</p>');
            </script>
            <style>
            p { color: red }
            </style>
            </head><body>
            <!-- <script> in a comment opens nothing -->
            <div data-template="<script>" class="article-body">
            <p>The first paragraph, on line 13, says what happened, where, and when it happened.</p>
            <p>The second paragraph, on line 14, adds who said so, and why it matters now.</p>
            </div>
            </body></html>
            """
        let page = try HTMLArticleReader().read(name: "s.html", bytes: Array(html.utf8))
        #expect(page.metadata.title == "JSON-LD headline")
        #expect(page.metadata.author == "A. Writer")
        #expect(page.content.paragraphs.map(\.line) == [13, 14])
        #expect(!page.content.text.contains("not article text") && !page.content.text.contains("nor this"))
        #expect(page.content.text.hasPrefix("The first paragraph"))
    }
}
