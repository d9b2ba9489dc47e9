import Foundation
import Testing
@testable import KakehashiText

@Suite("Decoding input bytes")
struct DecodingTests {
    static let paragraph = "日本の高市早苗首相と韓国の李在明大統領は、10月30日のアジア太平洋経済協力会議(APEC)首脳会議の傍らで初の首脳会談を行い、両国間の協力強化を約束した。\n"

    @Test(
        "Japanese legacy charsets and UTF-16 are recognized and decoded exactly",
        arguments: [
            ("ja-shift_jis.txt", "Shift_JIS"), ("ja-euc-jp.txt", "EUC-JP"), ("ja-iso-2022-jp.txt", "ISO-2022-JP"),
            ("ja-utf16le-bom.txt", "UTF-16LE"), ("ja-utf16le-nobom.txt", "UTF-16LE"),
            ("ja-utf16be-nobom.txt", "UTF-16BE"), ("ja-utf8.txt", "UTF-8"),
        ])
    func japanese(file: String, encoding: String) throws {
        let decoded = try TextDecoder.decode(SeedFiles.fixture(file), file: file)
        #expect(decoded.text == Self.paragraph)
        #expect(decoded.encoding == encoding)
    }

    @Test("EUC-KR Korean is recognized")
    func korean() throws {
        let decoded = try TextDecoder.decode(SeedFiles.fixture("ko-euc-kr.txt"), file: "ko")
        #expect(decoded.encoding == "EUC-KR")
        #expect(decoded.text.hasPrefix("이재명 대통령은"))
    }

    @Test("a UTF-8 byte-order mark is dropped")
    func bom() throws {
        let decoded = try TextDecoder.decode([0xEF, 0xBB, 0xBF] + Array("首脳".utf8), file: "x")
        #expect(decoded.text == "首脳")
        #expect(decoded.evidence == .byteOrderMark)
    }

    @Test("too little evidence is an error that suggests --encoding, naming the place")
    func undetectable() throws {
        #expect {
            try TextDecoder.decode(SeedFiles.fixture("headline-shift_jis.txt"), file: "headline.txt")
        } throws: { error in
            guard let e = error as? InputError, case .undetectedEncoding = e.kind else { return false }
            return e.description.contains("headline.txt:1:1") && e.description.contains("--encoding")
        }
        // Forcing the charset reads it.
        #expect(
            try TextDecoder.decode(SeedFiles.fixture("headline-shift_jis.txt"), file: "h", forcedEncoding: "Shift_JIS")
                .text == "首脳会談")
    }

    @Test(
        "a few stray high bytes that ICU's detector gives up on are an undetected-charset error naming the place (found by fuzzing)"
    )
    func detectorGivesUp() {
        #expect {
            try TextDecoder.decode([0xCA, 0x4A, 0xB0], file: "three.txt")
        } throws: { error in
            guard let e = error as? InputError, case .undetectedEncoding = e.kind else { return false }
            return e.byteOffset == 0 && "\(e)".hasPrefix("three.txt:1:1")
        }
    }

    @Test("invalid UTF-8 under a forced UTF-8 is an error with line and column")
    func invalidForcedUTF8() {
        #expect {
            try TextDecoder.decode(SeedFiles.fixture("invalid-utf8.txt"), file: "bad.txt", forcedEncoding: "UTF-8")
        } throws: { error in
            guard let e = error as? InputError, case .invalidBytes = e.kind else { return false }
            return e.line == 2 && e.column == 8 && e.byteOffset == 23
        }
    }

    @Test("binary data and NUL bytes are refused")
    func binary() {
        #expect(throws: InputError.self) { try TextDecoder.decode(SeedFiles.fixture("binary.bin"), file: "b") }
        #expect(throws: InputError.self) { try TextDecoder.decode(Array("text\u{0}more".utf8), file: "b") }
    }

    @Test("an unknown encoding name is its own error")
    func unknownEncoding() {
        #expect {
            try TextDecoder.decode(Array("abc".utf8), file: "x", forcedEncoding: "Klingon-8")
        } throws: { error in
            guard let e = error as? InputError, case .unknownEncoding = e.kind else { return false }
            return true
        }
    }

    @Test("an empty file is an empty text")
    func empty() throws {
        #expect(try TextDecoder.decode([], file: "empty").text == "")
    }
}

@Suite("Reading articles")
struct ArticleReaderTests {
    let articles = ArticleReader().read(SeedFiles.all)

    func article(_ prefix: String) -> Article { articles.first { $0.file.contains(prefix) }! }

    func reasons(_ a: Article) -> [String: DropReason] {
        Dictionary(a.dropped.map { ($0.text, $0.reason) }, uniquingKeysWith: { first, _ in first })
    }

    @Test("page furniture in the seeds is dropped, each line with a reason")
    func furniture() {
        let r001 = reasons(article("001_"))
        for label in ["City", "Epaper", "Open in App", "Related Stories"] { #expect(r001[label] != nil, "\(label)") }
        #expect(r001.keys.contains { $0.hasPrefix("Disclaimer:") })
        #expect(article("001_").dropped.filter { $0.reason == .relatedList }.count >= 10)
        let r002 = reasons(article("002_"))
        for label in ["関連記事", "AIによって生成された画像", "AIによるレポート", "拒否", "このウェブサイトはCookieを使用します"] {
            #expect(r002[label] != nil, "\(label)")
        }
        let a004 = article("004_")
        #expect(a004.dropped.filter { $0.reason == .pageNumber }.count == 7)
        #expect(a004.dropped.contains { $0.text == "![]() |" && $0.reason == .caption })
    }

    @Test("no sentence of article text is dropped")
    func keepsText() {
        for a in articles {
            // Long sentences are dropped only as what they are: teaser, caption, notice, banner.
            for d in a.dropped where ![.teaser, .caption, .legalNotice, .cookieBanner].contains(d.reason) {
                #expect(
                    !(d.text.hasSuffix(".") && d.text.count > 120),
                    "\(a.file):\(d.line) dropped: \(d.text)")
            }
        }
        #expect(article("004_").blocks.first?.text.contains("During their 41-minute summit") == true)
    }

    @Test("bylines and datelines become metadata")
    func metadata() {
        let a = article("001_")
        #expect(a.metadata.byline == "IANS")
        #expect(a.metadata.date == "June 16, 2025 17:23 IST")
        #expect(a.metadata.dateline == "Seoul, June 16")
        #expect(a.dropped.contains { $0.reason == .byline })
        #expect(a.blocks[0].text.hasPrefix("South Korean Prime Minister nominee Kim Min-seok"))
        #expect(article("003_").blocks[0].metadata.agency == "NationPress")
    }

    @Test("a mixed page is split into monolingual blocks, one per related story")
    func blocks() {
        let a = article("002_")
        #expect(a.blocks.map(\.language) == [.en, .en, .ja, .ja, .ja, .ja, .en, .en])
        #expect(a.blocks[0].title == "South Korean PM and FM discuss bilateral ties with Japan's LDP policy chief")
        #expect(a.blocks[1].title == "South Korean president arrives in Japan for summit with Takaichi")
        #expect(a.blocks[1].lines == 20...24)
        let defence = a.blocks.first { $0.text.contains("小泉進次郎") }!
        #expect(defence.lines == 36...36)
        #expect(!defence.text.contains("APEC"))
        #expect(a.blocks.first { $0.text.contains("APEC") && $0.language == .ja }?.lines == 30...30)
    }

    @Test("titles are recognized and kept out of the text")
    func titles() {
        #expect(article("003_").blocks[0].title == "How Can South Korea and Japan Strengthen Their Ties?")
        #expect(
            article("000_").blocks[0].title
                == "PM Kim urges stronger S.Korea–Japan cooperation in meeting with Japanese lawmakers")
        #expect(article("004_").blocks[0].title == nil)
    }

    @Test("the same features work on another site's page")
    func otherSite() {
        let page = """
            Home
            World
            Business

            Leaders pledge closer ties at Busan meeting

            By Jane Roe | Published: March 3, 2026

            Busan, March 3 (KNA) The two leaders met on Tuesday and agreed to expand exchanges.

            They will meet again in the autumn.

            Photo: Leaders at the venue

            We use cookies to improve your experience. See our privacy policy.
            Accept all

            More stories

            Markets rally as rate cut hopes grow

            Typhoon nears southern coast

            Local team wins cup final
            """
        let a = ArticleReader().read(name: "other.txt", text: page)
        #expect(a.blocks.count == 1)
        #expect(a.blocks[0].title == "Leaders pledge closer ties at Busan meeting")
        #expect(
            a.blocks[0].text
                == "The two leaders met on Tuesday and agreed to expand exchanges.\n\nThey will meet again in the autumn."
        )
        #expect(a.metadata.byline == "Jane Roe")
        #expect(a.metadata.agency == "KNA")
        let byReason = Dictionary(grouping: a.dropped, by: \.reason)
        #expect(byReason[.navigation]?.count == 3)
        #expect(byReason[.relatedList]?.count == 3)
        #expect(byReason[.cookieBanner]?.count == 2)
        #expect(byReason[.caption]?.count == 1)
    }

    @Test("a short line repeated across files is furniture, unless it recurs next to the same sentence")
    func repeatedLines() {
        // Two versions of one story (an update adds a paragraph) and two unrelated stories from
        // the same site: the shared heading and byline are content, the site's tagline furniture.
        let story = [
            "Floods cut the coastal road", "(Kikuchi Shuntaro)",
            "The coastal road was closed on Monday after heavy rain.", "Crews expect to reopen it within a week.",
        ]
        let first = (story + ["Subscribe to our newsletter"]).joined(separator: "\n\n")
        let update = (story + ["Officials later said one lane would open on Friday.", "Subscribe to our newsletter"])
            .joined(separator: "\n\n")
        let other = ["The city council approved the budget on Tuesday.", "Subscribe to our newsletter"].joined(
            separator: "\n\n")
        let another = ["Subscribe to our newsletter", "A new ferry line opens in spring."].joined(separator: "\n\n")
        let read = ArticleReader().read([
            ("first.txt", first), ("update.txt", update), ("other.txt", other), ("another.txt", another),
        ])
        for article in read {
            #expect(article.dropped.map(\.text) == ["Subscribe to our newsletter"], "\(article.file)")
            #expect(article.dropped.first?.reason == .repeated)
        }
        #expect(read[1].blocks.map(\.text).joined().contains("(Kikuchi Shuntaro)"))
    }

    @Test(
        "a caption that opens with an image label, or ends with a note on its photo, is dropped even when it ends as a sentence"
    )
    func labelledCaptions() {
        let page = [
            "(Photo) Rescue crews search the riverbank on Tuesday.",
            "Rescue crews searched the riverbank for a second day.",
            "【写真】捜索を続ける救助隊。", "Photograph courtesy policy changes were announced.",
            "Crews search the riverbank near the bridge on the afternoon of the 22nd (Photo partially altered)",
            "川岸を捜索する救助隊＝22日午後（写真の一部を加工しています）", "He showed reporters the photos (taken in 2019).",
        ].joined(separator: "\n\n")
        let a = ArticleReader().read(name: "captions.txt", text: page)
        #expect(a.dropped.map(\.line) == [1, 5, 9, 11])
        #expect(a.dropped.allSatisfy { $0.reason == .caption })
    }

    @Test(
        "a story's opening headline and captions stay when they share words with its first paragraph; other stories' headlines go"
    )
    func openingLines() {
        let story = [
            "増田神社、例大祭を中止 コレラ対策尽力の殉職巡査祭る 唐津市肥前町高串",
            "コレラ対策に尽くして殉職した増田巡査を祭る増田神社＝唐津市肥前町田野",
            "２０１９年７月、地区をパレードした増田巡査の山車＝唐津市肥前町田野（提供）",
            "唐津市肥前町田野の高串地区にある増田神社は、コレラの対策に尽力し、殉職した増田巡査を祭っている。",
        ].joined(separator: "\n\n")
        let kept = ArticleReader().read(name: "opening.txt", text: story)
        #expect(kept.dropped.isEmpty, "\(kept.dropped.map(\.text))")
        let others = [
            "Markets rally as rate cut hopes grow", "Typhoon nears southern coast", "Local team wins cup final",
            "The coastal road was closed on Monday after heavy rain.",
        ].joined(separator: "\n\n")
        let dropped = ArticleReader().read(name: "others.txt", text: others)
        #expect(dropped.dropped.filter { $0.reason == .relatedList }.count == 3)
    }

    @Test("a line that states only a date (and a time) is the article's date, in either language")
    func dateLines() {
        for (line, day) in [
            ("2025年11月29日", "2025-11-29"), ("2025/11/29 10:00", "2025-11-29"), ("November 29, 2025", "2025-11-29"),
            ("Sat, Nov. 29, 2025 10:00 JST", "2025-11-29"),
        ] {
            let a = ArticleReader().read(name: "dated.txt", text: "首脳会談\n\n\(line)\n\n両首脳は会談した。\n")
            #expect(a.metadata.date == line, "\(line)")
            #expect(a.metadata.date.flatMap(ArticleDate.parse).map { "\($0)".hasPrefix(day) } == true, "\(line)")
        }
        #expect(!ArticleReader.isDateOnly("On November 29, 2025 the leaders met."))
    }

    @Test("a list of facts (a product's specifications) is content, not a list of other stories")
    func factLists() {
        for page in [
            "Lumen Desk Lamp\n\nA warm light for the desk.\n\nSpecifications\n- Color temperature: 2,700 K to 6,500 K\n"
                + "- Brightness: 5 levels\n- Power: 12 W\n- Weight: 1.1 kg\n\nFree shipping on orders over $50.",
            "Lumen デスクライト\n\nデスクにやさしい光。\n\n仕様\n・色温度：2,700K〜6,500K\n・明るさ：5段階\n・消費電力：12W\n"
                + "・重さ：1.1kg\n\n5,000円以上のご注文で送料無料。",
        ] {
            let a = ArticleReader().read(name: "spec.txt", text: page)
            #expect(a.dropped.isEmpty, "\(a.dropped.map(\.text))")
        }
        #expect(ArticleReader.isFactLine("・消費電力：12W"))
        #expect(!ArticleReader.isFactLine("Analysis: Why the markets fell so sharply after the rate decision"))
    }

    @Test("block line ranges point at the right lines of the file")
    func lineNumbers() throws {
        for a in articles {
            let lines = try SeedFiles.text(String(a.file.dropFirst("seeds/".count))).split(
                separator: "\n", omittingEmptySubsequences: false)
            for b in a.blocks {
                let last = String(lines[b.lines.upperBound - 1]).trimmingCharacters(in: " ")
                #expect(b.text.hasSuffix(last) || last.isEmpty, "\(a.file) \(b.lines)")
            }
        }
    }
}

@Suite("Words")
struct WordSegmenterTests {
    @Test("Japanese words through ICU's dictionary, English by UAX #29, punctuation skipped")
    func words() throws {
        let ws = try WordSegmenter(locale: "ja")
        let japanese = try ws.words(in: "両国の首脳会談を行った。")
        // ICU's dictionary cuts the verb ending apart (行|っ|た); the lexicon's longest match rejoins it.
        #expect(japanese == ["両国", "の", "首脳", "会談", "を", "行", "っ", "た"])
        let english = try ws.words(in: "The U.S.–Japan talks, at 6:02 p.m.")
        // CLDR does not count ":" inside numbers, so a clock time is two number words.
        #expect(english == ["The", "U.S", "Japan", "talks", "at", "6", "02", "p.m"])
        let text = "首相 met 41 people"
        let kinds = try ws.segment(text).map(\.kind)
        #expect(kinds == [.ideographs, .letters, .number, .letters])
    }
}
