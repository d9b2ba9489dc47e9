import Foundation
import Testing
@testable import KakehashiAlign
import KakehashiLexicon
import KakehashiText

@Suite("Document pairer (glossary-only lexicon)")
struct DocumentPairerTests {
    let pairer = DocumentPairer(lexicon: try! Lexicon())

    static let summitEnglish = [
        "Prime Minister Sanae Takaichi met South Korean President Lee Jae-myung in Gyeongju on October 30.",
        "The two leaders held 41-minute talks on the sidelines of the APEC summit.",
        "They agreed to strengthen future-oriented cooperation and to continue shuttle diplomacy.",
    ]
    static let summitJapanese = [
        "高市早苗首相は10月30日、慶州で韓国の李在明大統領と会談した。",
        "両首脳はAPEC首脳会議の傍らで41分間会談した。",
        "両首脳は未来志向の協力を強化し、シャトル外交を続けることで合意した。",
    ]
    static let chinaEnglish = [
        "Chinese President Xi Jinping met President Lee Jae-myung in Beijing on January 6.",
        "They pledged to expand trade and keep the region stable, and talked about North Korea.",
    ]
    static let chinaJapanese = [
        "中国の習近平国家主席と韓国の李在明大統領は1月6日、北京で会談した。",
        "両首脳は貿易の拡大と地域の安定維持を約束した。",
    ]

    func documents(_ pairs: [(Language, [String])]) -> [PairingDocument] {
        pairs.map { PairingDocument(language: $0.0, sentences: $0.1) }
    }

    @Test("work split over the cores covers every document once, in order, for any count (88 documents crashed)")
    func parallelSplit() {
        for count in 0...300 {
            #expect(DocumentPairer.inParallel(count) { [$0] } == Array(0..<count), "count \(count)")
        }
    }

    @Test("each Japanese document pairs with the English one reporting its event, whatever the order")
    func twoEvents() throws {
        let result = try pairer.pair(
            documents([
                (.en, Self.chinaEnglish), (.ja, Self.summitJapanese), (.en, Self.summitEnglish),
                (.ja, Self.chinaJapanese),
            ]))
        #expect(result.pairs.map { [$0.en, $0.ja] } == [[2, 1], [0, 3]])
        #expect(result.pairs.allSatisfy { $0.score >= DocumentPairer.pairThreshold })
        let anchors = result.pairs[0].anchors.map(\.kind)
        #expect(anchors.contains(.name) && anchors.contains(.date))
    }

    @Test(
        "kept documents: an earlier pair stands, yields to a new document that pairs better, and two kept documents are not compared again"
    )
    func keptDocuments() throws {
        func kept(_ language: Language, _ sentences: [String]) -> PairingDocument {
            PairingDocument(language: language, sentences: sentences, kept: true)
        }
        // A wrong earlier pair (the summit story with the Beijing story's Japanese) yields to the
        // summit's Japanese, new now; the Beijing Japanese then meets its own English again.
        let replaced = try pairer.pair(
            [
                kept(.en, Self.summitEnglish), kept(.ja, Self.chinaJapanese),
                PairingDocument(language: .ja, sentences: Self.summitJapanese), kept(.en, Self.chinaEnglish),
            ], earlier: [EarlierPair(en: 0, ja: 1)])
        #expect(replaced.pairs.map { [$0.en, $0.ja] } == [[3, 1], [0, 2]])
        // A right earlier pair stays when a new document has no better partner.
        let standing = try pairer.pair(
            [
                kept(.en, Self.summitEnglish), kept(.ja, Self.summitJapanese),
                PairingDocument(language: .ja, sentences: Self.chinaJapanese),
            ], earlier: [EarlierPair(en: 0, ja: 1)])
        #expect(standing.pairs.map { [$0.en, $0.ja] } == [[0, 1]])
        // A new document as good as the earlier partner (the same story twice) does not take it:
        // it pairs with the other copy, unpaired so far.
        let tied = try pairer.pair(
            [
                kept(.en, Self.summitEnglish), kept(.ja, Self.summitJapanese),
                PairingDocument(language: .ja, sentences: Self.summitJapanese), kept(.en, Self.summitEnglish),
            ], earlier: [EarlierPair(en: 0, ja: 1)])
        #expect(tied.pairs.map { [$0.en, $0.ja] } == [[0, 1], [3, 2]])
        // Two kept documents that no earlier run paired are not compared again.
        let unpaired = try pairer.pair([kept(.en, Self.chinaEnglish), kept(.ja, Self.chinaJapanese)])
        #expect(unpaired.pairs.isEmpty)
    }

    @Test("a window pairs dated documents only within it; an undated document is compared with every one")
    func dateWindow() throws {
        let day: TimeInterval = 86_400
        let start = Date(timeIntervalSince1970: 1_761_782_400)  // 2025-10-30
        func story(_ en: Date?, _ ja: Date?) -> [PairingDocument] {
            [
                PairingDocument(language: .en, sentences: Self.summitEnglish, date: en),
                PairingDocument(language: .ja, sentences: Self.summitJapanese, date: ja),
            ]
        }
        let windowed = DocumentPairer(lexicon: pairer.lexicon, window: 14 * day)
        #expect(try windowed.pair(story(start, start + 3 * day)).pairs.count == 1)
        #expect(try windowed.pair(story(start, start + 30 * day)).pairs.isEmpty)
        #expect(try pairer.pair(story(start, start + 30 * day)).pairs.count == 1)
        let undated = try windowed.pair(story(start, nil))
        #expect(undated.pairs.count == 1 && undated.undatedDocuments == 1)
        // Same-story links keep to the window too.
        let wordings = [
            PairingDocument(language: .en, sentences: Self.summitEnglish, date: start),
            PairingDocument(language: .en, sentences: Self.summitEnglish, date: start + 40 * day),
        ]
        #expect(try windowed.pair(wordings).sameStories.isEmpty)
        #expect(try pairer.pair(wordings).sameStories.count == 1)
    }

    @Test("a Japanese document with no English counterpart stays unpaired; nothing is forced")
    func nothingForced() throws {
        let result = try pairer.pair(documents([(.en, Self.chinaEnglish), (.ja, Self.summitJapanese)]))
        #expect(result.pairs.isEmpty)
    }

    @Test("a story and a shorter part of it, in both languages: each takes the partner of its own length")
    func nestedDocuments() throws {
        let long = Self.summitEnglish + Self.chinaEnglish, longJa = Self.summitJapanese + Self.chinaJapanese
        for order in [[0, 1, 2, 3], [2, 3, 0, 1], [1, 0, 3, 2]] {
            let all: [(Language, [String])] = [
                (.en, long), (.en, Self.summitEnglish), (.ja, longJa), (.ja, Self.summitJapanese),
            ]
            let result = try pairer.pair(documents(order.map { all[$0] }))
            let pairs = Set(result.pairs.map { [order[$0.en], order[$0.ja]] })
            #expect(pairs == [[0, 2], [1, 3]], "order \(order)")
        }
    }

    @Test("two overlapping runs of one story: each pairs with the run whose every sentence it translates")
    func shiftedRuns() throws {
        let english = Self.summitEnglish + Self.chinaEnglish, japanese = Self.summitJapanese + Self.chinaJapanese
        let earlyEnglish = Array(english[0..<4]), lateEnglish = Array(english[1..<5])
        let earlyJapanese = Array(japanese[0..<4]), lateJapanese = Array(japanese[1..<5])
        for order in [[0, 1, 2, 3], [1, 0, 3, 2], [3, 2, 1, 0]] {
            let all: [(Language, [String])] = [
                (.en, earlyEnglish), (.en, lateEnglish), (.ja, earlyJapanese), (.ja, lateJapanese),
            ]
            let result = try pairer.pair(documents(order.map { all[$0] }))
            #expect(Set(result.pairs.map { [order[$0.en], order[$0.ja]] }) == [[0, 2], [1, 3]], "order \(order)")
        }
    }

    @Test(
        "a story among more longer versions of it than are scored: the version of its own length is still a candidate and wins"
    )
    func manyLongerVersions() throws {
        // Each longer version adds a sentence of its own, so it shares everything the Japanese
        // story has; with more of them than `candidatesPerDocument`, the raw overlap ties them
        // all with the true partner, which comes last.
        let longer = (0..<(DocumentPairer.candidatesPerDocument + 20)).map { k in
            (
                Language.en,
                Self.summitEnglish + [
                    "Reporter \(k + 1) filed from Seoul at \(k % 12 + 1) p.m. with \(k + 100) readers online."
                ]
            )
        }
        let all = longer + [(.ja, Self.summitJapanese), (.en, Self.summitEnglish)]
        let result = try pairer.pair(documents(all))
        #expect(result.pairs.map { [$0.en, $0.ja] } == [[all.count - 1, all.count - 2]])
    }

    @Test(
        "the candidates of a Japanese document: the largest overlaps, then the largest for the English document's own weight"
    )
    func candidateOrders() {
        let limit = DocumentPairer.candidatesPerDocument
        // English documents 0..<2·limit share 5 with it and weigh 100; document 9999 shares 4 and weighs 4.
        var overlap: [Int32: Double] = [:]
        for e in 0..<(2 * limit) { overlap[Int32(e)] = 5 }
        overlap[9999] = 4
        var mass = [Double](repeating: 100, count: 10_000)
        mass[9999] = 4
        let chosen = DocumentPairer.candidates(overlap, englishMass: mass)
        #expect(chosen.count == limit)
        #expect(chosen.contains(9999))
        #expect(Array(chosen.prefix(limit / 2)) == Array(0..<(limit / 2)))
        // Fewer than the limit: all of them.
        #expect(DocumentPairer.candidates([3: 1, 1: 2], englishMass: mass) == [1, 3])
    }

    @Test("sentence alignment confirms a pair that shares too few anchors to pass the threshold alone")
    func confirmedByAlignment() throws {
        // The Japanese side gives times, counts and a fare that the English side words loosely.
        let english = [
            "Ferry service to the island resumed on Monday after a three-day halt.",
            "The first boat left early in the morning with over a hundred people and their cars on board.",
            "The operator apologized for the delay and said repairs to the pier were finished.", "Fares stay the same.",
            "Many sailings had been cancelled during the halt.",
        ]
        let japanese = [
            "新潟と佐渡を結ぶフェリーは3日間の運休を経て月曜日に運航を再開した。", "午前6時40分に出た第1便は約120人と車15台を乗せた。",
            "運航会社は遅延を陳謝し、桟橋の補修は終わったと説明した。", "運賃は片道2,960円のまま据え置く。", "運休中の欠航は計18便に上った。",
        ]
        let result = try pairer.pair(documents([(.en, english), (.ja, japanese)]))
        #expect(result.pairs.map { [$0.en, $0.ja] } == [[0, 1]])
        #expect(result.pairs.allSatisfy { $0.score < DocumentPairer.pairThreshold })
    }

    @Test("exchanges raise the total: the greedy choice of the best pair is undone when two pairs do better")
    func exchanges() {
        func pair(_ ja: Int, _ en: Int, _ rank: Double) -> DocumentPair {
            DocumentPair(en: en, ja: ja, score: rank, anchors: [], rank: rank)
        }
        // Greedy takes (ja 0, en 0) at 0.9 and leaves ja 1 with en 1 at 0.1: total 1.0. The
        // exchange gives (0, 1) 0.8 + (1, 0) 0.85 = 1.65.
        let candidates = [pair(0, 0, 0.9), pair(1, 0, 0.85), pair(0, 1, 0.8), pair(1, 1, 0.1)]
        let matched = DocumentPairer.match(candidates)
        #expect(Set(matched.map { [$0.ja, $0.en] }) == [[0, 1], [1, 0]])
    }

    @Test("same story: two English wordings of one event are linked, and each names the other as its other wording")
    func sameStory() throws {
        let rewrite = [
            "South Korean President Lee Jae-myung and Prime Minister Sanae Takaichi met in Gyeongju on October 30.",
            "Their talks on the sidelines of the APEC summit lasted 41 minutes.",
        ]
        let result = try pairer.pair(
            documents([(.en, Self.summitEnglish), (.en, rewrite), (.en, Self.chinaEnglish), (.ja, Self.summitJapanese)])
        )
        #expect(result.sameStories.map { [$0.a, $0.b] } == [[0, 1]])
        #expect(
            result.otherWordings(of: 0) == [1] && result.otherWordings(of: 1) == [0]
                && result.otherWordings(of: 2).isEmpty)
        #expect(result.pairs.count == 1 && [0, 1].contains(result.pairs[0].en) && result.pairs[0].ja == 3)
    }

    @Test("the anchors pairing extracted align a pair exactly as its sentences do (they are not extracted twice)")
    func sharedAnchors() throws {
        let docs = documents([
            (.en, Self.chinaEnglish + Self.summitEnglish), (.ja, Self.summitJapanese), (.en, Self.summitEnglish),
            (.ja, Self.chinaJapanese + Self.summitJapanese),
        ])
        let result = try pairer.pair(docs)
        #expect(result.pairs.count == 2)
        let aligner = SentenceAligner(lexicon: pairer.lexicon)
        for pair in result.pairs {
            let fromText = try aligner.align(english: docs[pair.en].sentences, japanese: docs[pair.ja].sentences)
            let fromPairing = aligner.align(
                english: result.anchors(of: pair.en, language: .en),
                japanese: result.anchors(of: pair.ja, language: .ja))
            #expect(fromPairing == fromText)
            #expect(result.anchors(of: pair.en, language: .en).sentenceCount == docs[pair.en].sentences.count)
        }
    }
}
