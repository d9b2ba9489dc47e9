import Testing
@testable import KakehashiText

@Suite("Sentence segmentation")
struct SentenceSegmenterTests {
    /// Each test gets its own suite value, so its own (stateful) segmenter.
    let segmenter = try! SentenceSegmenter()

    func split(_ text: String, _ language: Language? = nil) -> [String] {
        try! segmenter.sentences(text, language: language)
    }
    // MARK: Abbreviations and initials

    @Test("titles before names never end a sentence")
    func titles() {
        #expect(
            split("Talks with Dr. Han ended. Gov. Kim Dong-yeon then spoke.")
                == ["Talks with Dr. Han ended.", "Gov. Kim Dong-yeon then spoke."])
        #expect(split("Foreign Affairs Secretary Ma. Theresa Lazaro received the minister in Manila.").count == 1)
    }

    @Test("number abbreviations and months stay with their number")
    func numbers() {
        #expect(
            split("The text is on pp. 12 to 14 of the report. It was dated Feb. 3 in Tokyo.")
                == ["The text is on pp. 12 to 14 of the report.", "It was dated Feb. 3 in Tokyo."])
        #expect(split("See item No. 7 below.").count == 1)
    }

    @Test("initials of a name do not end a sentence; the pronoun I does")
    func initials() {
        #expect(split("The envoy met Robert W. Kim in Busan.").count == 1)
        #expect(split("Nobody else came but I. Then it rained.") == ["Nobody else came but I.", "Then it rained."])
    }

    @Test("U.S. ends a sentence only before a word that starts one")
    func dottedAbbreviations() {
        #expect(split("He was found in Yard St. The man was taken to hospital.").count == 2)
        #expect(split("They met in St. Louis on Monday.").count == 1)
        #expect(split("Tariffs were raised by the U.S. Treasury last week.").count == 1)
        #expect(
            split("Talks resumed in the U.S. They ended on Friday.")
                == ["Talks resumed in the U.S.", "They ended on Friday."])
        #expect(split("Trilateral Korea–U.S.–Japan cooperation is essential.").count == 1)
    }

    @Test("a.m. and p.m. inside a sentence, as in the seeds' 41-minute summit")
    func times() {
        let text =
            "During their 41-minute summit, which began at 6:02 p.m., the two leaders discussed shuttle diplomacy."
        #expect(split(text) == [text])
        #expect(split("It opened at 9 a.m. Tokyo time and closed late.").count == 1)
    }

    @Test("company abbreviations may end a sentence")
    func companies() {
        #expect(
            split("The deal went to Hanwha Co. It closed on Monday.") == [
                "The deal went to Hanwha Co.", "It closed on Monday.",
            ])
        #expect(split("Shares of Hanwha Co. rose.").count == 1)
    }

    @Test("users extend the abbreviation list from a file")
    func userAbbreviations() throws {
        var list = AbbreviationList.standard
        #expect(try! SentenceSegmenter(abbreviations: list).sentences("He met Amb. Park in Seoul.").count == 1)
        #expect(try! SentenceSegmenter(abbreviations: list).sentences("The minister met Supt. Choi there.").count == 1)
        let added = try list.load(contentsOf: "# press titles\nChmn.\tprefix\nDept.\n", source: "extra.tsv")
        #expect(added == 2)
        #expect(try SentenceSegmenter(abbreviations: list).sentences("He met Chmn. Lee there.").count == 1)
        #expect(throws: AbbreviationFileError.self) { try list.load(contentsOf: "Chmn.\tweird\n", source: "bad.tsv") }
    }

    // MARK: Punctuation

    @Test("! and ? before a lower-case word do not end a sentence")
    func exclamationInName() {
        #expect(split("He joined Jeopardy! as a writer in 2019.").count == 1)
        #expect(split("\"Why now?\" she asked. Nobody answered.") == ["\"Why now?\" she asked.", "Nobody answered."])
    }

    @Test("a passage in double quotes is one sentence, as 「」 is; a quote left open is not")
    func englishQuotations() {
        #expect(
            split("He said: \"There's a check coming. That is part of the package.\" Then he left.")
                == ["He said: \"There's a check coming. That is part of the package.\"", "Then he left."])
        #expect(
            split("“Amid this environment, cooperation is growing. This year marks an anniversary.” He smiled.")
                == ["“Amid this environment, cooperation is growing. This year marks an anniversary.”", "He smiled."])
        // A quote running over paragraphs opens each one and closes only in the last: an opening
        // quote while one is open starts again, so the first paragraph's sentences still split.
        #expect(
            split("\"It was a fine piece of engineering. We were proud. \"We had planned celebrations,\" she said.")
                == [
                    "\"It was a fine piece of engineering.", "We were proud.",
                    "\"We had planned celebrations,\" she said.",
                ])
        // Inches are no quote.
        #expect(split("He is 5' 10\" tall. He plays guard.").count == 2)
    }

    @Test("names written with \"!\" do not end a sentence before the rest of the name")
    func exclamationNames() {
        #expect(split("The story ran on Yahoo! News on Monday. It was read widely.").count == 2)
        #expect(split("Billboards belong to oOh! Media, the company said.").count == 1)
    }

    @Test("a quote followed by its speaker stays one sentence")
    func quoteWithSpeaker() {
        #expect(
            split("“We will keep talking.” Lee said. The meeting ended.")
                == ["“We will keep talking.” Lee said.", "The meeting ended."])
        #expect(
            split("“We will keep talking.” said Takaichi. Then she left.")
                == ["“We will keep talking.” said Takaichi.", "Then she left."])
        #expect(split("“It went well.” The minister smiled.") == ["“It went well.”", "The minister smiled."])
        #expect(
            split("“It is over.” Lee Jae-myung said. Then he left.")
                == ["“It is over.” Lee Jae-myung said.", "Then he left."])
    }

    @Test("a speech verb that opens a reported clause starts a sentence of its own")
    func reportedClauseAfterQuote() {
        #expect(
            split("\"The agency is scrambling to exploit it.\" He said Friday that the plan had failed.")
                == ["\"The agency is scrambling to exploit it.\"", "He said Friday that the plan had failed."])
        #expect(split("\"We will win.\" Kim told Reuters in an interview on Friday.").count == 2)
        #expect(split("\"Go!\" the minister told reporters, adding more.").count == 1)
        #expect(split("\"It was hard.\" She added: \"But today I feel fine.\"").count == 2)
        #expect(split("\"It was hard.\" She added, \"But today I feel fine.\"").count == 2)
    }

    @Test("an opening bracket or quote starts the next sentence, in both languages")
    func openingBracketStartsSentence() {
        #expect(
            split("彼は警察を脅迫した。「抗議行動が続く」と述べた。【速報】地震があった。『本』が出た。")
                == ["彼は警察を脅迫した。", "「抗議行動が続く」と述べた。", "【速報】地震があった。", "『本』が出た。"])
        #expect(
            split("The ministry said so.\"“We will act,\" he added. He left.(Later he returned.)")
                == ["The ministry said so.\"", "“We will act,\" he added.", "He left.", "(Later he returned.)"])
        #expect(split("首相は「協力を続ける。（中略）未来志向で進む。」と述べた。").count == 1)
    }

    @Test("Latin punctuation with no space after it is not a break, except a run-together sentence")
    func missingSpace() {
        #expect(
            split("Prices rose sharply.Analysts were surprised.") == [
                "Prices rose sharply.", "Analysts were surprised.",
            ])
        // Inside an e-mail address or a URL nothing is split.
        #expect(split("Write to press.office@example.org.Staff will reply.").count == 1)
        #expect(split("Visit www.example.com today.").count == 1)
    }

    @Test("ellipses: three spaced dots continue, four end, an omission in brackets never ends")
    func ellipses() {
        #expect(split("He paused . . . Then he went on talking.").count == 1)
        #expect(split("He paused . . . . Then the hall emptied.") == ["He paused . . . .", "Then the hall emptied."])
        #expect(split("They waited.... Nothing came.") == ["They waited....", "Nothing came."])
        #expect(split("\"The talks [...] were useful,\" he said.").count == 1)
    }

    // MARK: Lists

    @Test("numbered and lettered list items become sentences, their markers stay with them")
    func lists() {
        #expect(
            split("1) Cut tariffs 2) Ease visas 3) Meet again") == ["1) Cut tariffs", "2) Ease visas", "3) Meet again"])
        #expect(split("1. Cut tariffs. 2. Ease visas.") == ["1. Cut tariffs.", "2. Ease visas."])
        #expect(split("a. Trade b. Security c. Culture") == ["a. Trade", "b. Security", "c. Culture"])
        #expect(split("• 4. Trade • 5. Security") == ["• 4. Trade", "• 5. Security"])
        // A lone number is no list: "in 2. Quarter"-style text is left alone.
        #expect(split("Growth was 2 percent in the second quarter.").count == 1)
    }

    // MARK: Line breaks

    @Test("a lone line break inside an English sentence is joined; a blank line ends it")
    func newlines() {
        #expect(
            split("The two leaders agreed\nto meet again in Seoul.") == [
                "The two leaders agreed to meet again in Seoul."
            ])
        #expect(split("The two leaders agreed\n\nto meet again") == ["The two leaders agreed", "to meet again"])
        #expect(
            split("Headline without a period\nBody text starts here.") == [
                "Headline without a period", "Body text starts here.",
            ])
        #expect(split("menu\nabout us\ncontact") == ["menu", "about us", "contact"])
        #expect(split("Seoul, Tokyo,\nand Washington agreed.") == ["Seoul, Tokyo, and Washington agreed."])
    }

    @Test("a Japanese line wrapped between two characters is joined; with a space before the break it is not")
    func japaneseNewlines() {
        #expect(split("両国の\n協力を確認した。") == ["両国の協力を確認した。"])
        #expect(split("第一報 \n第二報 \n") == ["第一報", "第二報"])
    }

    @Test(
        "a Japanese line that ends without final punctuation on a kanji, katakana or digit is a line of its own, unless the text is hard-wrapped"
    )
    func japaneseLinesOfTheirOwn() {
        // A headline, a byline, a price line: laid out as articles are.
        #expect(
            split("日韓首脳会談、慶州で開催\n両首脳は未来志向の協力を確認した。") == [
                "日韓首脳会談、慶州で開催", "両首脳は未来志向の協力を確認した。",
            ])
        #expect(split("税込価格１２，８００円\n送料は無料です。") == ["税込価格１２，８００円", "送料は無料です。"])
        // A line that ends in a particle or an inflection goes on.
        #expect(split("首脳会談は慶州で開かれ、両首脳は\n協力を確認した。") == ["首脳会談は慶州で開かれ、両首脳は協力を確認した。"])
        // An older text file wrapped at one width: every wrap is joined, wherever it falls.
        let wrapped = """
            日本の高市早苗首相と韓国の李在明大統領は三十日、慶州で初めての首脳会
            談を行い、両国関係を未来志向で発展させていくことで一致した。両首脳は
            経済や安全保障の分野での協力を強化することも確認し、シャトル外交を続
            けることで合意した。
            """
        #expect(split(wrapped).count == 2)
    }

    // MARK: Japanese

    @Test("no break inside 「」, and none before a particle after the closing bracket")
    func japaneseQuotes() {
        #expect(
            split("首相は「協力を続ける。未来志向で進む。」と述べた。会談は終わった。")
                == ["首相は「協力を続ける。未来志向で進む。」と述べた。", "会談は終わった。"])
        #expect(split("記者は「本当か？」と尋ねた。") == ["記者は「本当か？」と尋ねた。"])
        // A stray opening bracket earlier in the paragraph does not lift the rule for later ones.
        #expect(
            split("【速報 地震があった。彼は「君を傷つけた。許してくれ。」と語った。")
                == ["【速報 地震があった。", "彼は「君を傷つけた。許してくれ。」と語った。"])
        #expect(
            split("両首脳は会談した（午後６時２分から。約４１分間）。成果は大きい。")
                == ["両首脳は会談した（午後６時２分から。約４１分間）。", "成果は大きい。"])
    }

    @Test("an ellipsis between Japanese words trails off inside the sentence; 。 after it still ends one")
    func japaneseEllipsis() {
        #expect(split("エンゼルス、開幕戦はサヨナラ負け...大谷は5の1だった。").count == 1)
        #expect(split("軽く分けるとシースルーに…など、アレンジできる。").count == 1)
        #expect(split("暑い日々が続く…。もう想像もできない。").count == 2)
    }

    @Test("Japanese 。！？ end sentences; full-width decimal points do not")
    func japanesePunctuation() {
        #expect(split("成長率は２．５％だった。素晴らしい！本当に？") == ["成長率は２．５％だった。", "素晴らしい！", "本当に？"])
    }

    @Test("a mixed paragraph is cut where the language changes at sentence ends, each tagged")
    func mixed() throws {
        let text = "両首脳はAPECの会場で会談した。The leaders met at the APEC venue. 이재명 대통령이 참석했다."
        let sentences = try segmenter.segment(text)
        #expect(sentences.map(\.language) == [.ja, .en, .ko])
        #expect(sentences.map { $0.text(in: text) }.first == "両首脳はAPECの会場で会談した。")
    }

    @Test("offsets are UTF-8 byte offsets into the input, whitespace trimmed")
    func offsets() throws {
        let text = "  首脳会談。 Next one.\n"
        let sentences = try segmenter.segment(text)
        #expect(sentences.count == 2)
        let bytes = Array(text.utf8)
        for s in sentences {
            let slice = String(decoding: bytes[s.range], as: UTF8.self)
            #expect(slice == s.text(in: text))
        }
        #expect(sentences[0].range == 2..<17)  // five characters of three bytes after two spaces
    }

    @Test("forcing the language tags every sentence with it")
    func forcedLanguage() throws {
        let text = "APEC 2025. Gyeongju."
        #expect(try segmenter.segment(text, language: .ja).allSatisfy { $0.language == .ja })
    }

    // MARK: Bad input

    @Test("empty, blank and punctuation-free inputs give empty or single results")
    func degenerate() throws {
        #expect(try segmenter.segment("").isEmpty)
        #expect(try segmenter.segment(String(repeating: "\n", count: 10_000)).isEmpty)
        let long = String(repeating: "word ", count: 400_000)  // 2 MB, no punctuation
        let one = try segmenter.segment(long)
        #expect(one.count == 1)
        #expect(one[0].range.upperBound == long.utf8.count - 1)
        #expect(try segmenter.segment("\u{0}\u{1}.\u{0}").count >= 1)
    }

    // MARK: Seeds

    @Test("the seed articles segment as a translator expects")
    func seeds() throws {
        let seed004 = try SeedFiles.text("004_6b67f2522088abfa.txt")
        let sentences = try segmenter.sentences(seed004)
        #expect(
            sentences.contains(
                "During their 41-minute summit, which began at 6:02 p.m., the two leaders discussed ways to continue shuttle diplomacy and expand cooperation in economic, security, and social fields."
            ))
        #expect(
            sentences.contains { $0.hasPrefix("“Prime Minister, I was deeply impressed") && $0.hasSuffix("Lee said.") })
        let seed002 = try SeedFiles.text("002_4ac07b7d8ecd11f7.txt")
        #expect(
            try segmenter.sentences(seed002).contains { $0.contains("Foreign Affairs Secretary Ma. Theresa Lazaro.") })
        #expect(try segmenter.sentences(seed002).contains("両首脳は、急速に変化する国際情勢の中で日韓米の三カ国協力の重要性を強調した。"))
    }
}
