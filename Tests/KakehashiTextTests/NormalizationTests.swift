import Testing
@testable import KakehashiText

@Suite("Normalization")
struct NormalizationTests {
    @Test("display form: NFC, spaces tidied, invisible characters removed, nothing else changed")
    func display() throws {
        #expect(
            try TextNormalizer.normalize("Lee\u{A0}and  Takaichi\u{200B} met ", form: .display)
                == "Lee and Takaichi met")
        #expect(try TextNormalizer.normalize("Cafe\u{301}\r\nＡＰＥＣ“summit”", form: .display) == "Café\nＡＰＥＣ“summit”")
        #expect(try TextNormalizer.normalize("※1　これは", form: .display) == "※1　これは")  // ideographic space is kept
        #expect(try TextNormalizer.normalize("👨\u{200D}👩\u{200D}👧", form: .display) == "👨\u{200D}👩\u{200D}👧")
    }

    @Test("nfkc form is plain NFKC")
    func nfkc() throws {
        #expect(try TextNormalizer.normalize("ＡＰＥＣ首脳会議 ｶﾀｶﾅ ㈱", form: .nfkc) == "APEC首脳会議 カタカナ (株)")
    }

    @Test("key form folds width and case")
    func keyWidthCase() throws {
        #expect(try TextNormalizer.key("ＡＰＥＣ首脳会議") == "apec首脳会議")
        #expect(try TextNormalizer.key("Lee Jae-Myung") == "lee jae-myung")
    }

    @Test("key form folds every tilde and wave dash, so 1995〜2001年 meets 1995～2001年")
    func keyTildes() throws {
        for tilde in ["〜", "～", "~", "∼", "〰"] {
            #expect(try TextNormalizer.key("1995\(tilde)2001年") == "1995~2001年")
        }
    }

    @Test("key form folds dashes and minus signs to '-'")
    func keyDashes() throws {
        for dash in ["-", "‐", "‑", "‒", "–", "—", "―", "−", "－"] {
            #expect(try TextNormalizer.key("Korea\(dash)Japan") == "korea-japan")
        }
    }

    @Test("key form turns dash look-alikes after kana into the long-vowel mark, and only there")
    func keyLongVowel() throws {
        #expect(try TextNormalizer.key("コンピュ－タ") == "コンピュータ")
        #expect(try TextNormalizer.key("スーパ-") == "スーパー")
        #expect(try TextNormalizer.key("ｽｰﾊﾟｰ") == "スーパー")
        #expect(try TextNormalizer.key("a—b") == "a-b")
    }

    @Test(
        "a run of ASCII hyphens after kana (one byte each, three as ー) is folded without overrunning the buffer (found by fuzzing)"
    )
    func keyLongVowelRun() throws {
        let hyphens = String(repeating: "-", count: 20)
        #expect(try TextNormalizer.key("データ\(hyphens)です") == "データ" + String(repeating: "ー", count: 20) + "です")
        #expect(try TextNormalizer.key("この記事は\(hyphens)") == "この記事は" + String(repeating: "ー", count: 20))
    }

    @Test("key form straightens curly quotes")
    func keyQuotes() throws {
        #expect(try TextNormalizer.key("“future-oriented” ‘ties’ «x»") == "\"future-oriented\" 'ties' \"x\"")
    }

    @Test("key form collapses whitespace, ideographic space and line breaks included")
    func keyWhitespace() throws {
        #expect(try TextNormalizer.key("  首脳\u{3000}会談\n\n and  talks \t") == "首脳 会談 and talks")
    }

    @Test("key form composes a combining mark with the ASCII letter before it")
    func keyCombining() throws {
        #expect(try TextNormalizer.key("Cafe\u{301} Ｃａｆｅ\u{301}") == "café café")
    }

    @Test("the fast key equals the plain route (ICU on the whole text, then folds) on the seeds")
    func fastKeyMatchesReference() throws {
        for (_, text) in SeedFiles.all {
            #expect(try TextNormalizer.fastKey(text) == TextNormalizer.referenceKey(text))
        }
        let tricky = "A\u{301}Ｂ-ｶﾞー〜 x\u{0308}y ﬁ Ⅻ ㍻ 한국 ｰ- " + String(repeating: "ÀÉ", count: 50)
        #expect(try TextNormalizer.fastKey(tricky) == TextNormalizer.referenceKey(tricky))
    }

    @Test("every form maps a normalized range back to the original UTF-8 bytes")
    func offsets() throws {
        let original = "Ｌｅｅ　said “hi”"
        let key = try TextNormalizer.normalizeTracking(original, form: .key)
        #expect(key.text == "lee said \"hi\"")
        #expect(key.originalRange(ofNormalized: 0..<3) == 0..<9)  // "Ｌｅｅ": three characters of three bytes
        let quoted = key.originalRange(ofNormalized: 9..<13)  // "\"hi\""
        #expect(String(decoding: Array(original.utf8)[quoted], as: UTF8.self) == "“hi”")

        let display = try TextNormalizer.normalizeTracking("a\u{A0}\u{A0}b e\u{301}", form: .display)
        #expect(display.text == "a b é")
        let e = display.originalRange(ofNormalized: 4..<6)
        #expect(String(decoding: Array("a\u{A0}\u{A0}b e\u{301}".utf8)[e], as: UTF8.self) == "e\u{301}")
    }

    @Test("the tracked forms equal the fast forms on the seeds")
    func trackedEqualsFast() throws {
        for (_, text) in SeedFiles.all {
            for form in NormalizationForm.allCases {
                #expect(
                    try TextNormalizer.normalizeTracking(text, form: form).text
                        == TextNormalizer.normalize(text, form: form))
            }
        }
    }
}

@Suite("Korean romanization and name keys")
struct KoreanNameTests {
    @Test("Hangul to Revised Romanization by syllable arithmetic")
    func romanization() {
        #expect(HangulRomanizer.romanizeSyllable("명") == "myeong")
        #expect(HangulRomanizer.romanizeSyllable("석") == "seok")
        #expect(HangulRomanizer.romanize("한국어") == "hangugeo")
        #expect(HangulRomanizer.romanize("대통령") == "daetongnyeong")
        #expect(HangulRomanizer.romanize("신라") == "silla")
        #expect(HangulRomanizer.romanize("중앙") == "jung-ang")
        #expect(HangulRomanizer.romanizeName("이재명") == "I Jae-myeong")
        #expect(HangulRomanizer.romanizeName("남궁민수") == "Namgung Min-su")
    }

    @Test("one key for every spelling of Lee Jae-myung, Hangul included")
    func leeJaeMyung() {
        let spellings = [
            "Lee Jae-myung", "Lee Jae Myung", "LEE Jae-Myung", "Jae-myung Lee", "Lee Jaemyung", "이재명", "Rhee Jae-myung",
        ]
        let keys = Set(spellings.map { KoreanNameKey.key(for: $0) })
        #expect(keys.count == 1)
        #expect(keys.first! == "lee jamyong")
    }

    @Test("press and Revised Romanization spellings of other names meet")
    func otherNames() {
        #expect(KoreanNameKey.key(for: "Kim Min-seok") == KoreanNameKey.key(for: "김민석"))
        #expect(KoreanNameKey.key(for: "Kim Min-suk") == KoreanNameKey.key(for: "Kim Min-seok"))
        #expect(KoreanNameKey.key(for: "Cho Hyun") == KoreanNameKey.key(for: "조현"))
        #expect(KoreanNameKey.key(for: "Yoon Suk Yeol") == KoreanNameKey.key(for: "윤석열"))
        #expect(KoreanNameKey.key(for: "Wi Sung-lac") == KoreanNameKey.key(for: "위성락"))
        #expect(KoreanNameKey.key(for: "Park Chung-hee") == KoreanNameKey.key(for: "박정희"))
        #expect(KoreanNameKey.key(for: "Kim Min-seok") != KoreanNameKey.key(for: "Lee Jae-myung"))
    }

    @Test("text that is not a name gives no key")
    func notNames() {
        #expect(KoreanNameKey.key(for: "Seoul") == nil)
        #expect(KoreanNameKey.key(for: "") == nil)
    }
}
