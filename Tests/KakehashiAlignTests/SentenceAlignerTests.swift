import Testing
@testable import KakehashiAlign
import KakehashiLexicon

@Suite("Sentence aligner (glossary-only lexicon)")
struct SentenceAlignerTests {
    let aligner = SentenceAligner(lexicon: try! Lexicon())

    static let english = [
        "Prime Minister Sanae Takaichi met South Korean President Lee Jae-myung in Gyeongju on October 30.",
        "The two leaders held 41-minute talks on the sidelines of the APEC summit.",
        "The weather in the city was mild, and thousands of visitors filled the streets.",
        "They agreed to strengthen future-oriented cooperation and to continue shuttle diplomacy.",
    ]
    static let japanese = [
        "高市早苗首相は10月30日、慶州で韓国の李在明大統領と会談した。",
        "両首脳はAPEC首脳会議の傍らで41分間会談した。",
        "両首脳は未来志向の協力を強化し、シャトル外交を続けることで合意した。",
    ]

    /// Every sentence of both sides in exactly one bead, in order.
    func checkCoverage(_ beads: [Bead], en: Int, ja: Int) {
        #expect(beads.flatMap(\.en) == Array(0..<en))
        #expect(beads.flatMap(\.ja) == Array(0..<ja))
        #expect(beads.allSatisfy { (0...1).contains($0.score) })
    }

    @Test("a Japanese summary that drops an English sentence: the others pair 1-1, the dropped one stays out")
    func summary() throws {
        let beads = try aligner.align(english: Self.english, japanese: Self.japanese)
        checkCoverage(beads, en: 4, ja: 3)
        let pairs = beads.filter { !$0.en.isEmpty && !$0.ja.isEmpty }.map { ($0.en, $0.ja) }
        #expect(pairs.map(\.0) == [[0], [1], [3]])
        #expect(pairs.map(\.1) == [[0], [1], [2]])
        #expect(beads.contains { $0.en == [2] && $0.ja.isEmpty })
    }

    @Test("a sentence-by-sentence translation with anchorless short lines and a stray anchor stays on the diagonal")
    func diagonalPrior() throws {
        // A conversation: most lines share no anchor, and "delivery" in line 3 matches 配達 of line 4.
        let english = [
            "You know something.", "I waited all day yesterday.", "The delivery never came.",
            "Then the driver left a re-delivery notice at 9 p.m.", "I was home the whole time!", "That is so annoying.",
        ]
        let japanese = [
            "まあ聞いてくれよ。", "昨日は一日中待っていたんだ。", "結局、荷物は来なかった。",
            "そしたら午後9時に配達員が再配達の通知を置いていった。", "ずっと家にいたのに！", "本当に腹が立つ。",
        ]
        let beads = try aligner.align(english: english, japanese: japanese)
        #expect(beads.map(\.en) == (0..<6).map { [$0] })
        #expect(beads.map(\.ja) == (0..<6).map { [$0] })
        // Unequal counts: no prior, a dropped sentence still stays out.
        let summary = try aligner.align(english: Self.english, japanese: Self.japanese)
        #expect(summary.contains { $0.en == [2] && $0.ja.isEmpty })
    }

    @Test("one sentence on each side between two aligned pairs pairs up, though it shares no anchor")
    func singleGap() throws {
        let english = [
            "Prime Minister Sanae Takaichi met President Lee Jae-myung in Gyeongju on October 30.",
            "\"So we have to act,\" he said.",
            "The two leaders agreed to continue shuttle diplomacy.",
            "The weather was mild.",
        ]
        let japanese = [
            "高市早苗首相は10月30日、慶州で李在明大統領と会談した。",
            "「そのため我々は行動しなければならない」と述べた。",
            "両首脳はシャトル外交を続けることで合意した。",
        ]
        let beads = try aligner.align(english: english, japanese: japanese)
        #expect(beads.contains { $0.en == [1] && $0.ja == [1] })
        #expect(beads.contains { $0.en == [3] && $0.ja.isEmpty })
    }

    @Test("two English sentences merged in one Japanese sentence make a 2-1 bead")
    func merge() throws {
        let merged = [Self.japanese[0] + Self.japanese[1], Self.japanese[2]]
        let beads = try aligner.align(english: [Self.english[0], Self.english[1], Self.english[3]], japanese: merged)
        checkCoverage(beads, en: 3, ja: 2)
        #expect(beads.first?.en == [0, 1] && beads.first?.ja == [0])
    }

    @Test(
        "bad input: an empty side, a side of numbers only, 2,000 sentences against 3 — all sentences placed, no crash")
    func badInput() throws {
        checkCoverage(try aligner.align(english: [], japanese: Self.japanese), en: 0, ja: 3)
        checkCoverage(try aligner.align(english: Self.english, japanese: []), en: 4, ja: 0)
        checkCoverage(try aligner.align(english: ["1", "2", "3"], japanese: ["4", "5"]), en: 3, ja: 2)
        let many = (0..<2000).map { "Sentence number \($0) says nothing in particular about anything." }
        let beads = try aligner.align(english: many, japanese: Self.japanese)
        checkCoverage(beads, en: 2000, ja: 3)
    }

    @Test("a long document (banded programme): dated sentences pair with their translations, dropped ones stay out")
    func longDocument() throws {
        // 1,100 English sentences, each with its own date; the Japanese side drops every tenth.
        var english: [String] = [], japanese: [String] = [], expected: [[Int]: [Int]] = [:]
        for k in 0..<1100 {
            let year = 1900 + k / 12, month = k % 12 + 1, day = k % 28 + 1
            english.append(
                "The council met on \(Self.months[month - 1]) \(day), \(year), and adopted resolution \(k + 101).")
            guard k % 10 != 9 else { continue }
            expected[[k]] = [japanese.count]
            japanese.append("\(year)年\(month)月\(day)日、評議会が開かれ、決議\(k + 101)号が採択された。")
        }
        let beads = try aligner.align(english: english, japanese: japanese)
        checkCoverage(beads, en: english.count, ja: japanese.count)
        let pairs = beads.filter { !$0.en.isEmpty && !$0.ja.isEmpty }
        let correct = pairs.filter { expected[$0.en] == $0.ja }.count
        #expect(correct >= japanese.count * 98 / 100)
        #expect(beads.filter { $0.ja.isEmpty }.allSatisfy { $0.en.count == 1 && $0.en[0] % 10 == 9 })
    }

    @Test(
        "a document repeated word for word: the confident chain covers every repeat, and the band gives the full table's beads"
    )
    func repeatedDocument() throws {
        // 12 repeats of a 100-sentence document; the Japanese side drops every seventh sentence.
        var english: [String] = [], japanese: [String] = []
        for _ in 0..<12 {
            for k in 0..<100 {
                let month = k % 12 + 1, day = k % 28 + 1
                english.append(
                    "The council met on \(Self.months[month - 1]) \(day), \(2000 + k), and adopted resolution \(k + 101)."
                )
                if k % 7 != 6 { japanese.append("\(2000 + k)年\(month)月\(day)日、評議会が開かれ、決議\(k + 101)号が採択された。") }
            }
        }
        let profiles = try SentenceProfiles(english: english, japanese: japanese, lexicon: aligner.lexicon)
        let chain = aligner.confidentChain(profiles)
        // Equal candidates are proposed nearest the diagonal first, so the last repeat has
        // chain points too (it used to have none, which widened the band over a whole repeat).
        #expect((chain.last?.i ?? 0) >= english.count - 100)
        let banded = aligner.alignCountingCells(profiles)
        let full = aligner.alignCountingCells(profiles, fullTable: true)
        #expect(banded.cells < full.cells / 10)
        #expect(banded.beads == full.beads)
        checkCoverage(banded.beads, en: english.count, ja: japanese.count)
    }

    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    @Test("the chain of confident pairs is the longest run increasing on both sides")
    func chain() {
        let points = [(i: 0, j: 0), (i: 5, j: 1), (i: 1, j: 1), (i: 2, j: 2), (i: 1, j: 3), (i: 3, j: 3), (i: 9, j: 4)]
        let chain = SentenceAligner.longestIncreasingChain(points)
        #expect(chain.map(\.i) == [0, 1, 2, 3, 9])
        #expect(chain.map(\.j) == [0, 1, 2, 3, 4])
    }

    @Test("an English document whose lines are bulleted with ・ is English (・ and ー are not kana letters)")
    func bulletedEnglish() {
        let english = Self.english.map { "・" + $0 }
        #expect(SentenceAligner.languageProblem(english: english, japanese: Self.japanese) == nil)
        #expect(SentenceAligner.languageProblem(english: Self.japanese, japanese: Self.english) != nil)
    }
}
