import Foundation
import Testing
@testable import KakehashiLexicon
import KakehashiText

/// A scratch folder for one test.
func scratchFolder(_ name: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "kakehashi-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

@Suite("Lexicon with the built-in glossary only (no dictionary installed)")
struct GlossaryLexiconTests {
    let lexicon = try! Lexicon()

    @Test("the glossary gives news senses first: 大統領 president, 会談 talks, 首脳会談 summit")
    func newsSenses() {
        #expect(lexicon.terms("大統領").first?.senses.first?.first == "president")
        #expect(lexicon.terms("会談").first?.senses.first?.contains("talks") == true)
        #expect(lexicon.terms("首脳会談").first?.senses.first?.first == "summit")
        #expect(lexicon.glossaryEntries("慶州").first?.kind == .place)
        #expect(!lexicon.hasDictionaries)
    }

    @Test("every built-in glossary entry has a kind and a source")
    func glossarySources() throws {
        let entries = try Lexicon.parseGlossary(NewsGlossary.tsv, file: "built-in")
        #expect(entries.count >= 300)
        #expect(entries.allSatisfy { ["seeds", "wmt21", "edict", "enamdict", "editor"].contains($0.source) })
    }

    @Test("a user glossary adds terms and outranks the built-in one; a bad line names file and line")
    func userGlossary() throws {
        let folder = try scratchFolder("glossary")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let good = folder + "/mine.tsv"
        try "# my terms\n大統領\tpresident-elect\tterm\tme\n新語\tneologism\n".write(
            toFile: good, atomically: true, encoding: .utf8)
        let mine = try Lexicon(userGlossaries: [good])
        #expect(mine.terms("大統領").first?.senses.first == ["president-elect"])
        #expect(mine.terms("新語").first?.kind == .term)
        let bad = folder + "/bad.tsv"
        try "大統領\tpresident\n\n壊れた\n".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(throws: GlossaryError.self) { try Lexicon(userGlossaries: [bad]) }
        do { _ = try Lexicon(userGlossaries: [bad]) } catch let error as GlossaryError {
            #expect(error.line == 3)
            #expect(error.description.hasPrefix(bad + ":3:"))
        }
    }

    @Test("with no dictionary installed, loadOrBuild gives the glossary and names the apt packages")
    func missingDictionaries() throws {
        let folder = try scratchFolder("missing")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sources = [DictionarySource(role: .edict, path: folder + "/no-edict", package: "edict")]
        let (loaded, report) = try Lexicon.loadOrBuild(at: folder + "/lexicon.kklex", sources: sources)
        #expect(!loaded.hasDictionaries)
        #expect(report?.missing.first?.missingMessage.contains("apt-get install edict") == true)
        #expect(loaded.terms("首相").first?.senses.first?.first == "prime minister")
    }

    @Test("names across scripts with the glossary alone: 李在明 = 이재명 = Lee Jae-myung = Lee Jae Myung")
    func names() {
        let finder = NameFinder(lexicon: lexicon)
        let ja = finder.names(inJapanese: "韓国の李在明大統領と日本の高市早苗首相")
        #expect(ja.map(\.text) == ["李在明", "高市早苗"])
        let hangul = finder.names(inJapanese: "이재명 대통령")
        let en = finder.names(inEnglish: "President Lee Jae-myung and Lee Jae Myung met Prime Minister Sanae Takaichi.")
        #expect(en.map(\.text) == ["Lee Jae-myung", "Lee Jae Myung", "Sanae Takaichi"])
        #expect(Set([ja[0].key, hangul.first?.key, en[0].key, en[1].key]) == ["lee jamyong"])
        #expect(ja[1].key == en[2].key)
    }

    @Test("a summary sentence and its report pair names, titles and terms, not only numbers")
    func summitPair() throws {
        let m = try AnchorMatcher(lexicon: lexicon).match(
            ja: "高市早苗首相は10月30日、韓国の李在明大統領と41分間会談し、未来志向の協力を確認した。",
            en:
                "Prime Minister Sanae Takaichi held 41-minute talks with South Korean President Lee Jae-myung on October 30 and confirmed future-oriented cooperation."
        )
        let byJapanese = Dictionary(m.pairs.map { ($0.ja, $0.en) }, uniquingKeysWith: { a, _ in a })
        #expect(byJapanese["高市早苗"] == "Sanae Takaichi")
        #expect(byJapanese["李在明"] == "Lee Jae-myung")
        #expect(byJapanese["首相"] == "Prime Minister")
        #expect(byJapanese["大統領"] == "President")
        #expect(byJapanese["会談"] == "talks")
        #expect(byJapanese["未来志向"] == "future-oriented")
        #expect(byJapanese["確認"] == "confirmed")
        #expect(byJapanese["10月30日"] != nil)
        // 日 of 30日 is part of the date, not the word "Japan"; 分間 is part of the duration.
        #expect(!m.pairs.contains { $0.ja == "日" || $0.ja == "分間" })
        #expect(m.jaOnly.isEmpty)
    }

    @Test("unrelated sentences share no name or term")
    func unrelated() throws {
        let m = try AnchorMatcher(lexicon: lexicon).match(
            ja: "中国の習近平国家主席は北京で演説した。", en: "Prime Minister Sanae Takaichi met Lee Jae-myung in Gyeongju.")
        #expect(m.pairs.isEmpty)
    }

    @Test("a match on a later sense or an alternative weighs less than on the first sense")
    func senseRank() {
        let ja = [Anchor(kind: .term, key: "term:presi", text: "大統領", alternatives: ["term:boss"], weight: 1)]
        let first = AnchorMatcher.match(ja: ja, en: [Anchor(kind: .term, key: "term:presi", text: "president")])
        let later = AnchorMatcher.match(ja: ja, en: [Anchor(kind: .term, key: "term:boss", text: "boss")])
        #expect(first.pairs.first!.weight > later.pairs.first!.weight)
    }
}

@Suite("Romanization, stems and skeletons")
struct SpellingTests {
    @Test("romaji folding joins long-vowel spellings: Shinjirou = Shinjiro, Ōno = Ohno = Ono, Kouno = Kono")
    func fold() {
        #expect(Romaji.fold("Shinjirou") == Romaji.fold("Shinjiro"))
        #expect(Romaji.fold("Ōno") == "ono")
        #expect(Romaji.fold("Ohno") == "ono")
        #expect(Romaji.fold("Kouno") == Romaji.fold("Kono"))
        #expect(Romaji.fold("Shun'ichi") == "shunichi")
        #expect(Romaji.fold("Takaichi") != Romaji.fold("Takechi"))
    }

    @Test("katakana names and English spellings share a consonant skeleton")
    func skeleton() {
        let kana = KanaRomanizer()
        for (katakana, english) in [
            ("トランプ", "Trump"), ("プーチン", "Putin"), ("バイデン", "Biden"), ("ゼレンスキー", "Zelensky"),
            ("ネタニヤフ", "Netanyahu"), ("シャトル", "shuttle"), ("ヘグセス", "Hegseth"),
        ] {
            #expect(Romaji.skeleton(kana.romanize(katakana)) == Romaji.skeleton(english), "\(katakana) ~ \(english)")
        }
        // English r after a vowel and before a consonant is silent, and katakana leaves it out;
        // German r is written (Merkel). An English spelling offers both skeletons.
        for (katakana, english) in [
            ("ワトフォード", "Watford"), ("カーター", "Carter"), ("フォード", "Ford"), ("ワールド", "world"),
            ("メルケル", "Merkel"), ("ベルリン", "Berlin"),
        ] {
            #expect(
                Romaji.skeletons(english).contains(Romaji.skeleton(kana.romanize(katakana))), "\(katakana) ~ \(english)"
            )
        }
        #expect(Romaji.skeleton("Trump") != Romaji.skeleton("Biden"))
    }

    @Test("English stems meet across derivations: confirmed ~ confirmation, Korea ~ Korean, talks ~ talk")
    func stems() {
        #expect(EnglishTerms.stem("confirmed") == EnglishTerms.stem("confirmation"))
        #expect(EnglishTerms.stem("Korea") == EnglishTerms.stem("Korean"))
        #expect(EnglishTerms.stem("talks") == EnglishTerms.stem("talk"))
        #expect(EnglishTerms.stem("ministries") == EnglishTerms.stem("minister"))
        #expect(EnglishTerms.glossKey("president (of a nation)") == "presi")
        #expect(EnglishTerms.glossKey("to confirm") == "confi")
        #expect(EnglishTerms.glossKey("the") == nil)
        #expect(EnglishTerms.phrases(in: "Prime Minister Takaichi").map(\.key).contains("prim minis"))
    }

    @Test("English inflections meet their word: eased ~ ease, stopped ~ stop, carried ~ carry, statement ~ state")
    func inflections() {
        #expect(EnglishTerms.stem("eased") == EnglishTerms.stem("ease"))
        #expect(EnglishTerms.stem("easing") == EnglishTerms.glossKey("to ease"))
        #expect(EnglishTerms.stem("stopped") == EnglishTerms.stem("stop"))
        #expect(EnglishTerms.stem("planning") == EnglishTerms.stem("plan"))
        #expect(EnglishTerms.stem("carried") == EnglishTerms.stem("carry"))
        #expect(EnglishTerms.stem("statement") == EnglishTerms.stem("states"))
        #expect(EnglishTerms.stem("closed") != EnglishTerms.stem("clothes"))
    }

    @Test("a Japanese verb is read by its dictionary form (命じた → 命じる), a compound also by its parts (国境警備 → border)")
    func verbsAndCompounds() throws {
        let folder = try scratchFolder("verbs")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/x.kklex"
        let terms = [
            ("命じる", "P\tto order;to command"), ("疑う", "P\tto doubt;to suspect"), ("国境", "P\tborder;frontier"),
            ("警備", "P\tdefense;guard"), ("国境警備", "-\tfrontier defence"),
        ]
        try LexiconFile.write(
            [("term", terms), ("glosskey", LexiconBuilder.glossKeyRecords(terms)), ("name", [])], to: path)
        let finder = TermFinder(lexicon: try Lexicon(path: path))
        func keys(_ a: Anchor) -> [String] { [a.key] + a.alternatives }
        let ordered = finder.anchors(inKey: "委員長は調査を命じた。")
        #expect(ordered.contains { $0.text == "命じ" && keys($0).contains("term:" + EnglishTerms.stem("ordered")) })
        let suspected = finder.anchors(inKey: "感染が疑われる")
        #expect(suspected.contains { keys($0).contains("term:" + EnglishTerms.stem("suspected")) })
        let border = finder.anchors(inKey: "国境警備に当たる部隊")
        #expect(border.contains { $0.text == "国境警備" && keys($0).contains("term:" + EnglishTerms.stem("border")) })
        // A word of its own is not split: 国境 alone keeps its own keys only.
        #expect(finder.anchors(inKey: "国境に").allSatisfy { !keys($0).contains("term:guard") })
    }
}

@Suite("Lexicon file")
struct LexiconFileTests {
    @Test("tables round-trip, several values of one key keep their order, absent keys give nothing")
    func roundTrip() throws {
        let folder = try scratchFolder("file")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/x.kklex"
        try LexiconFile.write(
            [
                ("term", [("首相", "P\tprime minister"), ("会談", "P\ttalks"), ("首相", "-\tpremier")]),
                ("name", []),
            ], to: path)
        let file = try LexiconFile(path: path)
        #expect(file.table("term").values("首相") == ["P\tprime minister", "-\tpremier"])
        #expect(file.table("term").values("会談") == ["P\ttalks"])
        #expect(file.table("term").values("首").isEmpty)
        #expect(file.table("term").values("首相官邸").isEmpty)
        #expect(file.table("name").values("首相").isEmpty)
        #expect(file.table("absent").values("首相").isEmpty)
    }

    @Test("prefix search: every length at which a run of characters is a headword, as one lookup per length would say")
    func headwordPrefixes() throws {
        let folder = try scratchFolder("prefixes")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/x.kklex"
        let terms = ["首", "首相", "首相官邸", "首脳", "首脳会談", "会談", "会", "大統領", "大統領府", "官邸"]
        let names = ["首藤", "大", "大野", "大野田", "会田", "統"]
        try LexiconFile.write(
            [("term", terms.map { ($0, "P\tx") }), ("name", names.map { ($0, "s\tx\tx") })], to: path)
        let lexicon = try Lexicon(path: path)
        let probe = HeadwordProbe(lexicon: lexicon)
        let alphabet = Array("首相官邸脳会談大統領府藤野田の".unicodeScalars)
        // The built-in glossary counts too (首相 and 大統領 are in it); compare with one
        // lookup per length, on random runs, reusing one probe so its memory is exercised.
        var seed: UInt64 = 0x9E3779B97F4A7C15
        for _ in 0..<400 {
            var run: [Unicode.Scalar] = []
            for _ in 0..<(1 + Int(seed % 6)) {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                run.append(alphabet[Int(seed >> 33) % alphabet.count])
            }
            var expectedAll: UInt64 = 0, expectedNames: UInt64 = 0
            for n in 1...run.count {
                let headword = String(scalars: run[0..<n])
                let isName = !lexicon.names(headword).isEmpty || !lexicon.glossaryEntries(headword).isEmpty
                if isName { expectedNames |= 1 << UInt64(n) }
                if isName || !lexicon.terms(headword).isEmpty { expectedAll |= 1 << UInt64(n) }
            }
            #expect(probe.prefixes(run[...], scope: .allHeadwords) == expectedAll, "\(String(scalars: run))")
            #expect(probe.prefixes(run[...], scope: .names) == expectedNames, "\(String(scalars: run))")
        }
        #expect(probe.prefixes(Array("首相官邸前".unicodeScalars)[...], scope: .allHeadwords) == 1 << 1 | 1 << 2 | 1 << 4)
    }

    @Test("a file that is not a lexicon, or is truncated, is an error naming it, and needsBuild says rebuild")
    func corrupt() throws {
        let folder = try scratchFolder("corrupt")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let junk = folder + "/junk.kklex"
        try Data("not a lexicon at all".utf8).write(to: URL(fileURLWithPath: junk))
        #expect(throws: DictionaryReadError.self) { try LexiconFile(path: junk) }
        let path = folder + "/x.kklex"
        try LexiconFile.write([("term", [("首相", "P\tprime minister")])], to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(30).write(to: URL(fileURLWithPath: path))
        #expect(throws: DictionaryReadError.self) { try LexiconFile(path: path) }
        #expect(Lexicon.needsBuild(at: path, sources: []))
        #expect(Lexicon.needsBuild(at: folder + "/absent.kklex", sources: []))
    }

    @Test("a lexicon older than a source is rebuilt")
    func staleness() throws {
        let folder = try scratchFolder("stale")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = folder + "/edict"
        let path = folder + "/x.kklex"
        try LexiconFile.write([("term", [])], to: path)
        try Data("x".utf8).write(to: URL(fileURLWithPath: source))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: path)
        let sources = [DictionarySource(role: .edict, path: source, package: "edict")]
        #expect(Lexicon.needsBuild(at: path, sources: sources))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(3600)], ofItemAtPath: path)
        #expect(!Lexicon.needsBuild(at: path, sources: sources))
    }
}

/// The lexicon compiled from the installed Debian dictionaries, built once per test run into a
/// scratch folder; nil (and the tests skip) when the packages are not installed.
enum InstalledDictionaries {
    static let lexicon: Lexicon? = {
        guard DictionarySource.debian.allSatisfy(\.exists), let folder = try? scratchFolder("dictionaries") else {
            return nil
        }
        // The file is mapped: removing it leaves the mapping, and nothing 49 MB in the temporary folder.
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try? Lexicon.loadOrBuild(at: folder + "/lexicon.kklex").lexicon
    }()
    static var installed: Bool { DictionarySource.debian.allSatisfy(\.exists) }
}

@Suite(
    "Lexicon with the Debian dictionaries",
    .enabled(if: InstalledDictionaries.installed, "edict, enamdict, kanjidic-xml and unicode-data are not installed"))
struct DictionaryLexiconTests {
    var lexicon: Lexicon { get throws { try #require(InstalledDictionaries.lexicon) } }

    @Test("the compiled file holds EDICT, ENAMDICT and Korean readings, through variants too")
    func tables() throws {
        let lexicon = try lexicon
        #expect(lexicon.hasDictionaries)
        #expect(lexicon.terms("環境").contains { $0.origin == .edict && $0.senses.first?.first == "environment" })
        #expect(lexicon.names("高市早苗").contains { $0.tags == ["h"] && $0.romaji == "Takaichi Sanae" })
        #expect(Set(lexicon.hangulReadings("李")).isSuperset(of: ["이", "리"]))
        #expect(lexicon.hangulReadings("悦").contains("열"))  // only through its variant 悅
        #expect(lexicon.romajiNameTags("takaichi").contains("s"))
        let stats = lexicon.statistics.tables
        #expect(stats.first { $0.0 == "term" }!.1 > 200_000)
        #expect(stats.first { $0.0 == "name" }!.1 > 300_000)
    }

    @Test(
        "Korean names the glossary does not have: hanja → Hangul → press spelling, with the initial-sound law",
        arguments: [
            ("韓国の李洛淵首相", "Prime Minister Lee Nak-yon"), ("韓国の潘基文氏", "Ban Ki-moon"),
            ("韓国の朴槿恵大統領", "President Park Geun-hye"),
        ])
    func koreanNames(ja: String, en: String) throws {
        let finder = NameFinder(lexicon: try lexicon)
        let jaName = try #require(finder.names(inJapanese: ja).first)
        let enName = try #require(finder.names(inEnglish: en).first)
        #expect(jaName.origin == .korean)
        #expect(jaName.key == enName.key)
    }

    @Test(
        "one person, one key in all four scripts, katakana as Japanese newspapers write it",
        arguments: [
            ["韓国の李在明大統領", "李在明（イ・ジェミョン）大統領", "이재명 대통령", "President Lee Jae-myung"],
            ["韓国の安圭伯国防相", "アン・ギュベク国防相は韓国の", "안규백 장관은", "Defense Minister Ahn Gyu-back"],
            ["康京和（カン・ギョンファ）元外相", "カン・ギョンファ氏は韓国の", "강경화 장관", "Kang Kyung-wha"],
            ["韓国の金民錫首相", "キム・ミンソク首相", "김민석 총리", "Prime Minister Kim Min-seok"],
            ["韓国の尹錫悦前大統領", "ユン・ソンニョル前大統領", "윤석열 전 대통령", "Yoon Suk Yeol"],
            ["韓国の趙顯外相", "チョ・ヒョン外相", "조현 장관", "Foreign Minister Cho Hyun"],
            ["위성락 실장", "韓国のウィ・ソンラク氏", "위성락 실장은", "Wi Sung-lac"],
        ])
    func koreanNameInFourScripts(mentions: [String]) throws {
        let finder = NameFinder(lexicon: try lexicon)
        var keys: [String] = []
        for (index, mention) in mentions.enumerated() {
            let names = index == 3 ? finder.names(inEnglish: mention) : finder.names(inJapanese: mention)
            let name = try #require(names.first, "no name in \(mention)")
            #expect(name.origin == .korean, "\(mention): \(name)")
            keys.append(name.key)
        }
        #expect(Set(keys).count == 1, "\(mentions): \(keys)")
    }

    @Test("a document about Korea reads a hanja name as Korean even where its own sentence says nothing of Korea")
    func koreanDocument() throws {
        let finder = NameFinder(lexicon: try lexicon)
        let document = "韓国外交部が会見した。\n康京和外相は述べた。"
        #expect(NameFinder.isAboutKorea(document))
        #expect(finder.names(inJapanese: "康京和外相は述べた。").first?.key != "kang gyonghwa")
        finder.koreanDocument = true
        let name = try #require(finder.names(inJapanese: "康京和外相は述べた。").first)
        #expect(name.key == "kang gyonghwa" && name.origin == .korean)
        #expect(name.key == finder.names(inEnglish: "Foreign Minister Kang Kyung-wha said.").first?.key)
    }

    @Test("only names are names: a title after a name, a particle, 元 before a title are not")
    func onlyNames() throws {
        let finder = NameFinder(lexicon: try lexicon)
        #expect(finder.names(inJapanese: "안규백 장관은 말했다. 정부는 이번 조사를 발표했다.").map(\.text) == ["안규백"])
        #expect(finder.names(inJapanese: "이재명은 김구 대통령을 언급했다.").map(\.text) == ["이재명", "김구"])
        #expect(finder.names(inJapanese: "康京和（カン・ギョンファ）元外相が会見した。").map(\.text) == ["康京和", "カン・ギョンファ"])
        #expect(finder.names(inJapanese: "ドナルド・トランプ米大統領").first?.text == "ドナルド・トランプ")
        // A common word before a title qualifies it: a non-ruling-party governor, not a person 与党 or 党.
        #expect(finder.names(inJapanese: "ロシアで数少ない非与党知事だった。").isEmpty)
        #expect(finder.names(inJapanese: "与党議員が反対した。").isEmpty)
    }

    @Test("everyday words pair too: adjectives and nouns with okurigana, a kanji standing as a word of its own")
    func everydayWords() throws {
        let matcher = AnchorMatcher(lexicon: try lexicon)
        let station = try matcher.match(
            ja: "駅の近くにできた新しいラーメン屋に行ってみた。", en: "I tried the new ramen shop near the station.")
        #expect(Set(station.pairs.map(\.ja)).isSuperset(of: ["駅", "近く", "新しい"]), "\(station.pairs)")
        let noodles = try matcher.match(ja: "麺は少し柔らかめだった。", en: "The noodles were a little soft.")
        #expect(Set(noodles.pairs.map(\.ja)).isSuperset(of: ["麺", "少し"]), "\(noodles.pairs)")
        // A kanji inside a longer word is not that word: 行 of 行って is not "line".
        let went = try matcher.anchors(japanese: "行ってみた。")
        #expect(!went.contains { $0.text == "行" })
    }

    @Test("katakana words are read whole, not cut into dictionary fragments: デーブ is Dave, not デー 'day'")
    func wholeKatakanaWords() throws {
        let matcher = AnchorMatcher(lexicon: try lexicon)
        let called = try matcher.match(ja: "デーブはスカイラーに電話した。", en: "Dave called Skyler.")
        #expect(Set(called.pairs.map(\.ja)).isSuperset(of: ["デーブ", "スカイラー"]), "\(called.pairs)")
        #expect(!called.jaOnly.contains { $0.text == "デー" || $0.text == "スカイ" })
        // Compounds of long dictionary words still split: ノイズ + キャンセリング stay words.
        let anchors = try matcher.anchors(japanese: "ラーメン屋に行った。")
        #expect(anchors.contains { $0.text.hasPrefix("ラーメン") })
    }

    @Test(
        "Japanese names the glossary does not have, long vowels folded, either order",
        arguments: [
            ("加藤勝信官房長官", "Chief Cabinet Secretary Katsunobu Kato"), ("河野太郎外相", "Foreign Minister Taro Kono"),
            ("河野太郎外相", "Foreign Minister Kono Taro"),
        ])
    func japaneseNames(ja: String, en: String) throws {
        let m = try AnchorMatcher(lexicon: try lexicon).match(ja: ja, en: en)
        #expect(m.pairs.first?.kind == .name)
        #expect(m.pairs.first?.weight == 1.0)
    }

    @Test("an unknown Korean name is not cut into dictionary words: 李在明 is a name, not 李 plum + 在明")
    func notCut() throws {
        let anchors = try AnchorMatcher(lexicon: try lexicon).anchors(japanese: "韓国の李在明大統領と会談した")
        #expect(anchors.map(\.text) == ["韓国", "李在明", "大統領", "会談"])
        #expect(anchors[1].kind == .name)
    }

    @Test("EDICT words, ENAMDICT places and katakana names pair with English; first senses count most")
    func terms() throws {
        let m = try AnchorMatcher(lexicon: try lexicon).match(
            ja: "メルケル首相は鎌倉で環境問題を議論した",
            en: "Chancellor Merkel discussed environmental issues in Kamakura")
        let pairs = Dictionary(m.pairs.map { ($0.ja, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(pairs["メルケル"]?.en == "Merkel")
        #expect(pairs["鎌倉"]?.en == "Kamakura")
        #expect(pairs["環境問題"]?.en == "environmental issues")
        #expect(pairs["議論"]?.en == "discussed")
        // 首相 is "chancellor" only in EDICT's second gloss: it pairs, but weighs less than a first sense.
        #expect(pairs["首相"].map { $0.weight < pairs["議論"]!.weight } == true)
    }
}

@Suite("Japanese name scan, pass by pass (glossary alone)")
struct JapaneseNameScanTests {
    let finder = NameFinder(lexicon: try! Lexicon())

    @Test("a Hangul name with its particle dropped, and a Hangul name before a title")
    func hangul() {
        let names = finder.names(inJapanese: "이재명은 말했다. 김민석 총리도 참석했다.")
        #expect(names.map(\.text) == ["이재명", "김민석"])
        #expect(names.allSatisfy { $0.origin == .korean && $0.script == .hangul })
        #expect(names.first?.key == "lee jamyong")
    }

    @Test("a hanja name glossed in katakana: both are one person with one key, and the name is claimed once")
    func glossed() {
        let names = finder.names(inJapanese: "李在明(イ・ジェミョン)大統領が来日した。")
        #expect(names.map(\.text) == ["李在明", "イ・ジェミョン"])
        #expect(Set(names.map(\.key)) == ["lee jamyong"])
        #expect(names[1].offset > names[0].offset)
    }

    @Test("a katakana name with no title reads as Korean in a text about Korea, and not otherwise")
    func katakanaWithoutTitle() {
        let korean = finder.names(inJapanese: "韓国の与党ではキム・ミンソクが演説した。")
        #expect(korean.map(\.text) == ["キム・ミンソク"])
        #expect(korean.first?.origin == .korean)
        let other = finder.names(inJapanese: "会場ではジョン・スミスが演説した。")
        #expect(other.isEmpty)
    }
}
