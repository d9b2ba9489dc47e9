import Testing
import KakehashiAlign
import KakehashiLexicon

@Suite("Counterpart phrases of a lookup (glossary-only lexicon)")
struct PhraseLinkerTests {
    let linker = PhraseLinker(lexicon: try! Lexicon())
    static let japanese = "両首脳は、APEC首脳会議の傍らで初の首脳会談を行い、未来志向の協力を確認した。"

    @Test(
        "an English phrase marks its Japanese counterpart, the longest phrase first (first summit is not just summit)")
    func englishQuery() throws {
        let links = try linker.link(query: "first summit", queryLanguage: "en", target: Self.japanese)
        #expect(links.map(\.target) == ["初の首脳会談"])
        let bytes = Array(Self.japanese.utf8)
        #expect(links.allSatisfy { String(decoding: bytes[$0.range], as: UTF8.self) == $0.target })
        #expect(
            try linker.link(query: "future-oriented", queryLanguage: "en", target: Self.japanese).map(\.target) == [
                "未来志向"
            ])
    }

    @Test("a Japanese phrase marks its English counterpart; unrelated words mark nothing")
    func japaneseQuery() throws {
        let english = "The two leaders agreed on future-oriented cooperation at their first summit."
        let links = try linker.link(query: "未来志向", queryLanguage: "ja", target: english)
        #expect(links.map(\.target) == ["future-oriented"])
        #expect(try linker.link(query: "weather report", queryLanguage: "en", target: Self.japanese).isEmpty)
    }
}
