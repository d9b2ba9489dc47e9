import Testing
@testable import ICUKit

@Suite("ICU wrapper")
struct ICUKitTests {
    @Test("a failure carries ICU's own error name")
    func errorsNameTheICUError() {
        do {
            _ = try Transliterator("No-Such-Transliterator")
            Issue.record("expected an error")
        } catch let error as ICUError {
            #expect(error.name.hasPrefix("U_"))
            #expect(error.description.contains("No-Such-Transliterator"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("the library is ICU 72")
    func version() { #expect(icuVersion.hasPrefix("72")) }

    @Test("UTF-16 boundaries cover a supplementary character (surrogate pair) as one unit")
    func surrogates() throws {
        let text = "𠮷野家に行った。次へ。"  // U+20BB7 needs a surrogate pair
        let units = try UTF16Conversion.utf16(text)
        #expect(units.count == text.utf16.count)
        let breaks = units.withUnsafeBufferPointer { try! BreakIterator(.sentence, locale: "ja").boundaries(in: $0) }
        #expect(breaks == [0, 9, 12])
        #expect(try UTF16Conversion.string(fromUTF16: units[...]) == text)
    }

    @Test("a custom suppression keeps 'Dr. Park' together where CLDR's list does not")
    func filteredBreakIterator() throws {
        let text = try UTF16Conversion.utf16("I met Dr. Park today. He was well.")
        let plain = try BreakIterator(.sentence, locale: "en@ss=standard")
        let filtered = try BreakIterator(sentencesSuppressingBreaksAfter: ["Dr."], locale: "en@ss=standard")
        let plainBreaks = text.withUnsafeBufferPointer { plain.boundaries(in: $0) }
        let filteredBreaks = text.withUnsafeBufferPointer { filtered.boundaries(in: $0) }
        #expect(plainBreaks.count == 4)  // "I met Dr." | "Park today." | "He was well."
        #expect(filteredBreaks == [0, 22, 34])
    }

    @Test("Japanese words come from ICU's dictionary, with rule statuses")
    func words() throws {
        let text = try UTF16Conversion.utf16("首相は会談した")
        let it = try BreakIterator(.word, locale: "ja")
        var statuses: [Int32] = []
        text.withUnsafeBufferPointer { b in
            try! it.setText(b)
            _ = it.first()
            while it.next() != nil { statuses.append(it.ruleStatus) }
        }
        #expect(statuses.count >= 3)
        #expect(statuses.allSatisfy { $0 >= BreakIterator.WordStatus.kana })
    }

    @Test("NFKC folds width and compatibility forms; NFKC_Casefold also case")
    func normalizers() throws {
        #expect(try Normalizer.nfkc.normalize("ＡＰＥＣ ｶﾀｶﾅ ①") == "APEC カタカナ 1")
        #expect(try Normalizer.nfkcCasefold.normalize("Straße") == "strasse")
        #expect(try Normalizer.nfc.normalize("ｶﾞ") == "ｶﾞ")
        #expect(try Normalizer.nfc.normalize("e\u{301}") == "é")
        let already = "plain ascii"
        #expect(try Normalizer.nfkc.isNormalized(already))
    }

    @Test("transliterators: Katakana-Latin, Hangul-Latin, Hiragana-Katakana")
    func transliterators() throws {
        #expect(try Transliterator("Katakana-Latin").transliterate("トランプ") == "toranpu")
        #expect(try Transliterator("Hangul-Latin").transliterate("이재명") == "ijaemyeong")
        #expect(try Transliterator("Hiragana-Katakana").transliterate("かたかな") == "カタカナ")
        #expect(try Transliterator("Latin-ASCII").transliterate("“quoted”") == "\"quoted\"")
    }

    @Test("scripts of code points")
    func scripts() {
        #expect(UnicodeScript.of("日") == .han)
        #expect(UnicodeScript.of("の") == .hiragana)
        #expect(UnicodeScript.of("ア") == .katakana)
        #expect(UnicodeScript.of("A") == .latin)
        #expect(UnicodeScript.of("이") == .hangul)
        #expect(UnicodeScript.of("1") == .common)
        #expect(UnicodeScript.han.description == "Hani")
    }

    @Test("charset conversion is strict and reports the offset of a bad byte")
    func conversion() throws {
        let sjis: [UInt8] = [0x8E, 0xF1, 0x91, 0x8A]  // 首相
        #expect(try sjis.withUnsafeBufferPointer { try CharsetConverter.decode($0, charset: "Shift_JIS") } == "首相")
        let bad: [UInt8] = [0x41, 0x42, 0xFF, 0xFF, 0x43]
        do {
            _ = try bad.withUnsafeBufferPointer { try CharsetConverter.decode($0, charset: "EUC-JP") }
            Issue.record("expected an error")
        } catch let e as CharsetConversionError {
            #expect(e.byteOffset == 2)
        }
        #expect(CharsetConverter.canonicalName("sjis") != nil)
        #expect(CharsetConverter.canonicalName("no-such-charset") == nil)
    }

    @Test("the detector recognizes a Japanese paragraph in Shift_JIS")
    func detection() throws {
        // The same sentence in Shift_JIS (bytes from iconv).
        let text = "日本の首相と韓国の大統領は初の首脳会談を行った。"
        let sjis: [UInt8] = [
            0x93, 0xFA, 0x96, 0x7B, 0x82, 0xCC, 0x8E, 0xF1, 0x91, 0x8A, 0x82, 0xC6, 0x8A, 0xD8, 0x8D, 0x91, 0x82, 0xCC,
            0x91, 0xE5, 0x93, 0x9D, 0x97, 0xCC, 0x82, 0xCD, 0x8F, 0x89, 0x82, 0xCC, 0x8E, 0xF1, 0x94, 0x5D, 0x89, 0xEF,
            0x92, 0x6B, 0x82, 0xF0, 0x8D, 0x73, 0x82, 0xC1, 0x82, 0xBD, 0x81, 0x42,
        ]
        #expect(try sjis.withUnsafeBufferPointer { try CharsetConverter.decode($0, charset: "Shift_JIS") } == text)
        let matches = try sjis.withUnsafeBufferPointer { try CharsetDetector().detect($0) }
        #expect(matches.first?.name == "Shift_JIS")
        #expect((matches.first?.confidence ?? 0) >= 60)
    }
}

@Suite("ICU regex")
struct ICURegexTests {
    @Test("ICU's script properties and Japanese date patterns")
    func scriptsAndDates() throws {
        #expect(try ICURegex(#"\p{Script=Han}+"#).matchedStrings(in: "日本の首脳会談はAPECで") == ["日本", "首脳会談"])
        let dates = try ICURegex(#"(\d{1,2})月(\d{1,2})日|\d{1,2}:\d{2}\s?[ap]\.m\."#)
        #expect(try dates.matchedStrings(in: "10月30日の午後、6:02 p.m.に始まった") == ["10月30日", "6:02 p.m."])
        let units = try UTF16Conversion.utf16("会談は10月30日")
        let m = try units.withUnsafeBufferPointer { try dates.matches(in: $0) }
        #expect(m.first?.range == 3..<9)
        #expect(m.first?.groups.first! == 3..<5)
    }

    @Test("a bad pattern is an ICU error naming the pattern")
    func badPattern() {
        #expect { try ICURegex("(unclosed") } throws: { error in
            (error as? ICUError)?.description.contains("(unclosed") == true
        }
    }

    @Test("case-insensitive matching")
    func caseInsensitive() throws {
        #expect(
            try ICURegex("apec", caseInsensitive: true).matchedStrings(in: "APEC summit, Apec venue") == [
                "APEC", "Apec",
            ])
    }
}
