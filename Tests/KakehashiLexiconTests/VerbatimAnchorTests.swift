import Testing
import KakehashiText
@testable import KakehashiLexicon

@Suite("Tokens written alike in both languages")
struct VerbatimAnchorTests {
    let matcher = AnchorMatcher(lexicon: try! Lexicon())

    func pairs(ja: String, en: String) throws -> [String: String] {
        let m = try matcher.match(ja: ja, en: en)
        return Dictionary(
            m.pairs.filter { $0.kind == .verbatim }.map { ($0.ja, $0.en) }, uniquingKeysWith: { a, _ in a })
    }

    @Test("a Latin word in Japanese text meets the English word: product, plan and tool names, full-width too")
    func latinWords() throws {
        let found = try pairs(
            ja: "ＡｅｒｏＳｏｕｎｄのPremiumプランでXcodeのDerivedDataを消す",
            en: "Delete DerivedData in Xcode on the AeroSound Premium plan.")
        #expect(found["AeroSound"] == "AeroSound")
        #expect(found["Premium"] == "Premium")
        #expect(found["Xcode"] == "Xcode")
        #expect(found["DerivedData"] == "DerivedData")
    }

    @Test("web and email addresses and emoji meet in both directions; punctuation around them is no part")
    func addressesAndEmoji() throws {
        let found = try pairs(
            ja: "詳しくは？mika.tanaka@example.com まで。https://example.com/help をご覧ください👍",
            en: "Write to mika.tanaka@example.com, or see https://example.com/help. 👍")
        #expect(found["mika.tanaka@example.com"] == "mika.tanaka@example.com")
        #expect(found["https://example.com/help"] == "https://example.com/help")
        #expect(found["👍"] == "👍")
    }

    @Test("acronyms, numbers with units and single letters are not read as verbatim words")
    func notWords() throws {
        let anchors = try matcher.anchors(japanese: "USB-Cポートで40mmの2TB、Aランク")
        #expect(!anchors.contains { $0.kind == .verbatim }, "\(anchors.map(\.text))")
        #expect(anchors.contains { $0.kind == .acronym && $0.text == "USB" })
    }

    @Test("English words alone are not verbatim anchors: they are phrases already")
    func englishWords() throws {
        let anchors = try matcher.anchors(english: "The AeroSound plan is Premium.")
        #expect(!anchors.contains { $0.kind == .verbatim })
    }
}
