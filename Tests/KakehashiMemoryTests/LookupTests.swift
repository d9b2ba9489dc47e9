import Foundation
import GRDB
import Testing
@testable import KakehashiMemory
@testable import KakehashiSQLite

@Suite("Lookup")
struct LookupTests {
    let t: TemporaryMemory

    init() async throws {
        t = try TemporaryMemory()
        try await t.memory.add([
            unit(
                "The two leaders held their first summit in Gyeongju.", "両首脳は慶州で初の首脳会談を行った。", status: .approved,
                confidence: 1),
            unit("Both sides agreed to continue shuttle diplomacy.", "双方はシャトル外交を続けることで合意した。", confidence: 0.95),
            unit("Trade between the two countries reached 1,000 billion yen.", "両国間の貿易額は1000億円に達した。", confidence: 0.9),
            unit("The summit lasted 41 minutes.", "会談は41分間続いた。", confidence: 0.4),
            unit("Yes.", "はい。", confidence: 1, context: "Will the talks continue?"),
        ])
    }

    @Test("exact match, English to Japanese and Japanese to English")
    func exact() async throws {
        let en = try await t.memory.lookup("The summit lasted 41 minutes.", options: LookupOptions(mode: .exact))
        #expect(en.first?.kind == .exact && en.first?.score == 100 && en.first?.target == "会談は41分間続いた。")
        let ja = try await t.memory.lookup("会談は41分間続いた。", options: LookupOptions(mode: .exact))
        #expect(ja.first?.target == "The summit lasted 41 minutes.")
        #expect(ja.first?.sourceLanguage == "ja")
    }

    @Test("the query is normalized like the stored text: width, case, quotes, spaces")
    func normalizedQuery() async throws {
        let m = try await t.memory.lookup("ＴＨＥ　summit lasted ４１ minutes.", options: LookupOptions(mode: .exact))
        #expect(m.first?.target == "会談は41分間続いた。")
    }

    @Test("in-context exact match scores 101 when the neighbouring segment matches")
    func inContext() async throws {
        let with = try await t.memory.lookup(
            "Yes.", options: LookupOptions(mode: .exact, context: "Will the talks continue?"))
        #expect(with.first?.kind == .inContext && with.first?.score == 101)
        let without = try await t.memory.lookup(
            "Yes.", options: LookupOptions(mode: .exact, context: "Something else."))
        #expect(without.first?.kind == .exact && without.first?.score == 100)
    }

    @Test("fuzzy English: word-level score, with the differing words")
    func fuzzyEnglish() async throws {
        let m = try await t.memory.lookup(
            "The two leaders held their second summit in Gyeongju.", options: LookupOptions(mode: .fuzzy))
        #expect(m.count == 1)
        #expect(m[0].score == 88)  // 9 words, one differs: 100·8/9 = 88; approved, no penalty
        #expect(m[0].differences == [FuzzyScore.Difference(query: "second", match: "first")])
        #expect(m[0].target == "両首脳は慶州で初の首脳会談を行った。")
    }

    @Test("fuzzy Japanese: character-level score")
    func fuzzyJapanese() async throws {
        let m = try await t.memory.lookup("両首脳は慶州で初の首脳会談を開いた。", options: LookupOptions(mode: .fuzzy))
        #expect(m.first?.target == "The two leaders held their first summit in Gyeongju.")
        #expect((m.first?.score ?? 0) >= 85)
    }

    @Test("numbers count by value: 1,000 and 1000 are the same word")
    func numbersByValue() async throws {
        let m = try await t.memory.lookup(
            "Trade between the two countries reached 1000 billion yen.", options: LookupOptions(mode: .fuzzy))
        #expect(m.first?.differences.isEmpty == true)
        #expect(m.first?.score == 96)  // identical words; aligned at confidence 0.9: 100 − 3 − 1
    }

    @Test("unapproved, low-confidence units score lower")
    func penalties() async throws {
        let m = try await t.memory.lookup(
            "The summit lasted 41 minutes.", options: LookupOptions(mode: .fuzzy, minimumScore: 50))
        #expect(m.first?.score == 100 - 3 - 6)  // aligned, confidence 0.4
    }

    @Test("minimum score and limit")
    func thresholds() async throws {
        #expect(
            try await t.memory.lookup("The two leaders met somewhere else today.", options: LookupOptions(mode: .fuzzy))
                .isEmpty)
        let loose = try await t.memory.lookup(
            "The two leaders met somewhere else today.",
            options: LookupOptions(mode: .fuzzy, minimumScore: 20, limit: 1))
        #expect(loose.count == 1)
    }

    @Test("concordance finds a phrase on either side and shows the counterpart, highlighted")
    func concordance() async throws {
        let m = try await t.memory.lookup("shuttle diplomacy", options: LookupOptions(mode: .concordance))
        #expect(m.count == 1)
        let source = Array(m[0].source.utf8)
        #expect(String(decoding: source[m[0].highlight!], as: UTF8.self) == "shuttle diplomacy")
        #expect(m[0].target == "双方はシャトル外交を続けることで合意した。")
        let ja = try await t.memory.lookup("シャトル外交", options: LookupOptions(mode: .concordance))
        #expect(ja.first?.target == "Both sides agreed to continue shuttle diplomacy.")
    }

    @Test("past its deadline a lookup answers what it has, marked truncated; SQLite stops a statement still running")
    func deadline() async throws {
        var options = LookupOptions()
        options.deadline = .now
        let cut = try await t.memory.matches(for: "The summit lasted 41 minutes.", options: options)
        #expect(cut.truncated)
        // The fuzzy and concordance stages never started (the exact one ran, unless a loaded
        // machine stalled it past the deadline too).
        #expect(cut.matches.allSatisfy { $0.kind == .exact })
        let whole = try await t.memory.matches(for: "The summit lasted 41 minutes.", options: LookupOptions())
        #expect(!whole.truncated)
        let stopped = try await t.memory.read { db -> Bool in
            do {
                try StatementDeadline.run(on: db, until: .now) {
                    _ = try Int.fetchOne(
                        db,
                        sql:
                            "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000000000) SELECT count(*) FROM c"
                    )
                }
                return false
            } catch { return StatementDeadline.isInterruption(error) }
        }
        #expect(stopped)
    }

    @Test("Japanese concordance is substring search: any start, any end, mixed with Latin")
    func japaneseSubstrings() async throws {
        try await t.memory.add([unit("The G7 summit opened.", "G7首脳会議が開幕した。", confidence: 1)])
        func targets(_ q: String) async throws -> Set<String> {
            Set(try await t.memory.lookup(q, options: LookupOptions(mode: .concordance, limit: 10)).map(\.target))
        }
        let g7 = "The G7 summit opened."
        #expect(try await targets("脳会議") == [g7])  // starts inside a run
        #expect(try await targets("G7首") == [g7])  // ends one character into a run
        #expect(try await targets("議が開") == [g7])
        #expect(try await targets("首脳会") == [g7, "The two leaders held their first summit in Gyeongju."])
        #expect(try await targets("脳会談を") == ["The two leaders held their first summit in Gyeongju."])
        #expect(try await targets("議G7").isEmpty)  // the index alone would say yes (g7 occurs)
        // A short run before a word: found through both (the run ends a longer stored one).
        try await t.memory.add([unit("The APEC summit opened.", "首脳会談 APEC が開幕した。", confidence: 1)])
        #expect(try await targets("会談 APEC") == ["The APEC summit opened."])
        #expect(try await targets("会議 APEC").isEmpty)
    }

    @Test("one- and two-character Japanese queries work (a trigram index could not answer them)")
    func shortJapanese() async throws {
        let two = try await t.memory.lookup("会談", options: LookupOptions(mode: .concordance, limit: 10))
        #expect(
            Set(two.map(\.target)) == [
                "The two leaders held their first summit in Gyeongju.", "The summit lasted 41 minutes.",
            ])
        let one = try await t.memory.lookup("州", options: LookupOptions(mode: .concordance))
        #expect(one.map(\.target) == ["The two leaders held their first summit in Gyeongju."])
    }

    @Test("mode all returns each unit once, best kind first")
    func all() async throws {
        let m = try await t.memory.lookup("The summit lasted 41 minutes.")
        #expect(m.first?.kind == .exact)
        #expect(Set(m.map(\.unitID)).count == m.count)
    }

    @Test("score bands")
    func bands() {
        #expect(ScoreBand(score: 100) == .exact)
        #expect(ScoreBand(score: 97) == .high)
        #expect(ScoreBand(score: 85) == .good)
        #expect(ScoreBand(score: 80) == .fair)
        #expect(ScoreBand(score: 60) == .low)
    }

    @Test("lookups keep answering while another connection writes")
    func concurrentReads() async throws {
        let writer = try TranslationMemory(path: t.path)
        // The write transaction stays open (on GRDB's writer thread) until the reads are done.
        let inTransaction = DispatchSemaphore(value: 0), proceed = DispatchSemaphore(value: 0)
        let write = Task {
            try await writer.batch { inserter in
                try inserter.add(unit("During the import.", "取り込み中。"))
                inTransaction.signal()
                proceed.wait()
            }
        }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                inTransaction.wait(); done.resume()
            }
        }
        // A second connection reads a consistent snapshot while the write transaction is open.
        let reader = try TranslationMemory(path: t.path, readOnly: true)
        #expect(
            try await reader.lookup("The summit lasted 41 minutes.", options: LookupOptions(mode: .exact)).count == 1)
        #expect(try await reader.lookup("During the import.", options: LookupOptions(mode: .exact)).isEmpty)
        proceed.signal()
        #expect(try await write.value.added == 1)
    }
}

@Suite("Term index")
struct TermIndexTests {
    @Test(
        "a short CJK run opening a mixed query stays in the phrase as characters, so a common word does not choose the rows"
    )
    func mixedScriptPhrase() {
        let phrase = TermIndex.containsPhrase("会談 the")
        #expect(phrase?.tokens == ["the"])
        #expect(phrase?.leadingCharacters == ["会", "談"])
        #expect(TermIndex.containsPhrase("首脳会談 the")?.leadingCharacters == [])
        #expect(TermIndex.containsPhrase("会談")?.column == .chars)
    }

    @Test("CJK runs become trigrams (short runs stay whole), characters go to their own column, words stay words")
    func columns() {
        #expect(TermIndex.columns(ofKey: "g7首脳会談").words == "g7 首脳会 脳会談")
        #expect(TermIndex.columns(ofKey: "g7首脳会談").chars == "首 脳 会 談")
        #expect(TermIndex.columns(ofKey: "首脳会談g7").words == "首脳会 脳会談 g7")
        #expect(TermIndex.columns(ofKey: "李氏・安氏").words == "李氏 安氏")
        #expect(TermIndex.columns(ofKey: "«the talks», 1,000 élan—done.").words == "the talks 1 000 élan done")
        #expect(TermIndex.columns(ofKey: "the talks.").chars == "")
        // The index-side columns and the query-side tokens agree.
        for key in ["g7首脳会談", "首脳会談g7で合意", "a首b", "シャトル外交を続ける", "«the talks», 1,000 élan—done.", "李氏・安氏"] {
            let fromColumns = TermIndex.columns(ofKey: key).words.split(separator: " ").map(String.init)
            #expect(fromColumns == TermIndex.tokens(ofKey: key).map(\.text), "\(key)")
        }
    }
}
