import Testing
@testable import KakehashiAlign
import KakehashiLexicon

@Suite("Relation linker (glossary-only lexicon)")
struct RelationLinkerTests {
    let linker = RelationLinker(lexicon: try! Lexicon())

    static let english =
        SentenceAlignerTests.english + [
            "Lee said the two countries must work together more closely than ever before.",
            "The summit was the first between the two leaders since Takaichi took office on October 21.",
        ]

    @Test("a translated document: its in-order pairs are translations, with confidences in [0, 1]")
    func translated() throws {
        let japanese = SentenceAlignerTests.japanese
        let links = try linker.links(english: SentenceAlignerTests.english, japanese: japanese)
        let stored = links.filter { $0.confidence >= 0.5 }
        #expect(stored.map(\.ja) == [[0], [1], [2]])
        #expect(stored.map(\.en) == [[0], [1], [3]])
        #expect(stored.allSatisfy { $0.relation == .translation })
        #expect(links.allSatisfy { (0...1).contains($0.confidence) })
    }

    @Test(
        "a comparable report that leads with later news: its first sentence links to a later English one (a crossing link)"
    )
    func crossing() throws {
        // Written anew in Japanese: the agreement first, then the meeting, then background.
        let japanese = [
            "両首脳は未来志向の協力を強化し、シャトル外交を続けることで合意した。",
            "高市早苗首相は10月30日、慶州で韓国の李在明大統領と会談した。",
            "慶州は新羅の古都として知られ、多くの観光客が訪れる。",
        ]
        let links = try linker.links(english: Self.english, japanese: japanese)
        let first = try #require(links.first { $0.ja == [0] })
        let second = try #require(links.first { $0.ja == [1] })
        #expect(first.en.contains(3))
        #expect(second.en.contains(0))
        // The later link's smallest English index is below the earlier one's largest: crossing.
        #expect(second.en.min()! < first.en.max()!)
    }

    @Test("a sentence drawn from two English ones: what the single link leaves unmatched, the other sentence has")
    func residualElsewhere() throws {
        // One Japanese sentence tells the meeting (English 0) and its agreement (English 3).
        let japanese = [
            "高市早苗首相は10月30日、慶州で韓国の李在明大統領と会談し、シャトル外交を続けることで合意した。",
            "慶州は新羅の古都として知られ、多くの観光客が訪れる。",
        ]
        let candidates = try linker.candidates(english: Self.english, japanese: japanese)
        #expect(!candidates.translated)
        let all = candidates.groups.flatMap { $0 }
        let elsewhere = RelationEvidence.names.firstIndex(of: "shorter_residual_elsewhere")!
        let single = try #require(all.first { $0.en == [0] && $0.ja == [0] })
        let pair = try #require(all.first { $0.en == [0, 3] && $0.ja == [0] })
        #expect(single.features[elsewhere] > 0.1, "\(single.features[elsewhere])")
        #expect(pair.features[elsewhere] < single.features[elsewhere])
    }

    @Test("the model's probabilities are a distribution, and a link states its most likely relation")
    func model() {
        let features = [Double](repeating: 0.5, count: RelationEvidence.names.count)
        for model in [RelationModel.translated, RelationModel.comparable] {
            let p = model.probabilities(features)
            #expect(abs(p.reduce(0, +) - 1) < 1e-9)
            let link = model.link(en: [0], ja: [0], features: features)
            #expect(link.confidence == p[0..<3].max())
            #expect(link.relation == Relation.allCases[p[0..<3].firstIndex(of: p[0..<3].max()!)!])
        }
    }

    @Test("a link's evidence: a pair sharing everything covers both ways, unrelated sentences cover nothing")
    func evidence() throws {
        let candidates = try linker.candidates(english: Self.english, japanese: SentenceAlignerTests.japanese)
        let all = candidates.groups.flatMap { $0 }
        let names = RelationEvidence.names
        let jaCoverage = names.firstIndex(of: "ja_coverage")!, enCoverage = names.firstIndex(of: "en_coverage")!
        let meeting = try #require(all.first { $0.en == [0] && $0.ja == [0] })
        #expect(meeting.features[jaCoverage] > 0.5)
        #expect(meeting.features[enCoverage] > 0.3)
        #expect(all.allSatisfy { $0.features.count == names.count })
    }
}
