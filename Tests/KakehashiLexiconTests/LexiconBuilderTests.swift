import Foundation
import Testing
@testable import KakehashiLexicon
import KakehashiText

@Suite("Lexicon builder and term finder")
struct LexiconBuilderTests {
    @Test(
        "EDICT lines: senses split at their numbers, (P) marks a common word, hiragana-only words and tags are left out"
    )
    func edict() {
        let text = """
            会談 [かいだん] /(n,vs) (1) conversation/conference/(2) talks/(P)/
            緩め [ゆるめ] /(n) looseness/
            ために /(exp) for the sake of/
            シャトル /(n) shuttle/(P)/
            """
        let records = LexiconBuilder.parseEdict(text)
        #expect(records.map(\.key) == ["会談", "緩め", "シャトル"])
        #expect(records[0].value == "P\tconversation;conference|talks")
        #expect(records[1].value == "-\tlooseness")
        #expect(records[2].value == "P\tshuttle")
    }

    @Test("gloss keys per headword rank common entries first, each key once")
    func glossKeys() {
        let records = LexiconBuilder.glossKeyRecords([
            (key: "首相", value: "-\tchancellor"),
            (key: "首相", value: "P\tprime minister;premier|PM"),
        ])
        #expect(records.count == 1)
        let keys = records[0].value.split(separator: "\t").map(String.init)
        #expect(keys.first == EnglishTerms.glossKey("prime minister"))
        #expect(keys.last == EnglishTerms.glossKey("chancellor"))
        #expect(Set(keys).count == keys.count)
    }

    @Test(
        "the term finder reads dictionary words by their English keys, skips claimed spans, keeps unknown katakana by its skeleton"
    )
    func termFinder() throws {
        let finder = TermFinder(lexicon: try Lexicon())
        let key = try TextNormalizer.key("大統領は会談でスカイラーに会った。")
        let anchors = finder.anchors(inKey: key)
        #expect(anchors.contains { $0.text == "大統領" && $0.key == "term:presi" })
        #expect(anchors.contains { $0.text == "会談" })
        #expect(anchors.contains { $0.text == "スカイラー" && $0.key.hasPrefix("~") })
        // The same text with 大統領 claimed (read as part of a name): no term there.
        var claimed = [Bool](repeating: false, count: key.unicodeScalars.count)
        for i in 0..<3 { claimed[i] = true }
        #expect(!finder.anchors(inKey: key, claimed: claimed).contains { $0.text == "大統領" })
    }
}
