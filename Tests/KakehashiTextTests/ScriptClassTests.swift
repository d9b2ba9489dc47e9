import Testing
@testable import KakehashiText
import Foundation

@Suite("Script classes: one definition, and the UTF-16 fast paths agree with it")
struct ScriptClassTests {
    /// Every code point of the Basic Multilingual Plane outside the surrogates.
    static let bmp: [Unicode.Scalar] = (0...0xFFFF).compactMap { Unicode.Scalar(UInt32($0)) }

    @Test("ScriptCounts counts a character as kana, han, Hangul or Latin exactly when ScriptClass says so")
    func scriptCounts() {
        var disagreements: [String] = []
        for s in Self.bmp {
            var counts = ScriptCounts()
            counts.add(UInt16(s.value))
            let kana = ScriptClass.isKanaLetter(s)
            let expected = (
                kana ? 1 : 0, ScriptClass.isHan(s) && !kana ? 1 : 0, ScriptClass.isHangul(s) ? 1 : 0,
                ScriptClass.isLatinLetter(s) ? 1 : 0
            )
            if (counts.kana, counts.han, counts.hangul, counts.latin) != expected {
                disagreements.append(String(format: "U+%04X", s.value))
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
    }

    @Test("the segmenter's UTF-16 test for wide characters is ScriptClass.isWideForBreaks")
    func wideForBreaks() {
        let disagreements = Self.bmp.filter { CharClass.isCJK(UInt16($0.value)) != ScriptClass.isWideForBreaks($0) }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20).map { String(format: "U+%04X", $0.value) })")
    }

    @Test(
        "the named variants differ where their purposes do: ・ and ー are kana, not kana letters; CJK punctuation is never indexed"
    )
    func variants() {
        let middleDot: Unicode.Scalar = "・", longVowel: Unicode.Scalar = "ー", ideographicFullStop: Unicode.Scalar = "。"
        #expect(ScriptClass.isKana(middleDot) && !ScriptClass.isKanaLetter(middleDot))
        #expect(
            ScriptClass.isKana(longVowel) && !ScriptClass.isKanaLetter(longVowel) && ScriptClass.isIndexedCJK(longVowel)
        )
        #expect(!ScriptClass.isIndexedCJK(middleDot) && !ScriptClass.isIndexedCJK(ideographicFullStop))
        #expect(ScriptClass.isCJKPunctuation(ideographicFullStop) && ScriptClass.isWideForBreaks(ideographicFullStop))
        for c in ["々", "〆", "〇", "ヶ", "李", "𠮷"] { #expect(ScriptClass.isHan(c.unicodeScalars.first!), "\(c)") }
        #expect(ScriptClass.isHangul("이") && !ScriptClass.isHan("이"))
        #expect(!ScriptClass.isLatinLetter("×") && ScriptClass.isLatinLetter("é") && ScriptClass.isLatinLetter("Ａ"))
    }

    @Test("a list bulleted with ・ stays English")
    func bulletedEnglish() {
        #expect(LanguageIdentifier.identify("・Lee met Takaichi in Gyeongju.") == .en)
        #expect(LanguageIdentifier.identify("・李在明大統領が訪日") == .ja)
    }
}
