import Foundation
import GRDB
import KakehashiText
import Testing
@testable import KakehashiMemory
@testable import KakehashiSQLite

/// Fuzzy candidates come from `TermPostings` and from a bound on how many query words a match may
/// lack; these tests hold both to a full scan of the memory.
@Suite("Fuzzy candidates")
struct FuzzyCandidateTests {
    /// A made-up word per number ("kamoru", "tesiba", …): no dictionary, no stemming surprises.
    static func word(_ n: Int) -> String {
        let consonants = Array("kstnhmrgbdpz"), vowels = Array("aeiou")
        var n = n, letters = ""
        repeat {
            letters.append(consonants[n % consonants.count])
            n /= consonants.count
            letters.append(vowels[n % vowels.count])
            n /= vowels.count
        } while n > 0
        return letters + "ru"
    }

    /// A deterministic generator (SplitMix64).
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    /// Sentences of `length` words from a vocabulary whose first words are far more frequent.
    static func sentences(
        _ count: Int, vocabulary: Int, length: ClosedRange<Int>, always: [String] = [], seed: UInt64
    ) -> [[String]] {
        var random = Random(state: seed)
        return (0..<count).map { _ in
            let n = length.lowerBound + random.next(length.count)
            return always + (0..<n).map { _ in word(min(random.next(vocabulary), random.next(vocabulary))) }
        }
    }

    static func units(_ sentences: [[String]]) -> [TranslationUnit] {
        sentences.enumerated().map { i, words in
            unit(words.joined(separator: " ") + ".", "文\(i)。", status: .approved, confidence: 1)
        }
    }

    /// Every term's posting list, through the reader fuzzy lookup uses.
    static func postings(_ memory: TranslationMemory, _ terms: Set<String>) async throws -> [String: [Int64]] {
        try await memory.read { db in
            let segments = try TermPostings.segments(db)
            var lists: [String: [Int64]] = [:]
            for term in terms {
                var hits: [Int64] = []
                _ = try TermPostings.appendPostings(
                    of: TermHashing.hash(term), tag: 0, segments: segments, cap: .max, to: &hits, in: db)
                lists[term] = hits.map { $0 >> 6 }
            }
            return lists
        }
    }

    static func segmentSizes(_ memory: TranslationMemory) async throws -> [Int] {
        try await memory.read { db in try Int.fetchAll(db, sql: "SELECT postings FROM term_segment ORDER BY id") }
    }

    @Test("postings written by 300 small transactions equal those of one import, in a few segments")
    func segments() async throws {
        let texts = Self.sentences(300, vocabulary: 400, length: 4...12, seed: 1)
        let one = try TemporaryMemory(), many = try TemporaryMemory()
        try await one.memory.add(Self.units(texts))
        for u in Self.units(texts) { try await many.memory.add([u]) }
        let terms = Set(texts.joined()).union(["ru", "absent"])
        let expected = try await Self.postings(one.memory, terms)
        #expect(try await Self.postings(many.memory, terms) == expected)
        #expect(expected[Self.word(0)]?.isEmpty == false)
        #expect(expected["absent"] == [])
        // Merged as a binary counter: each segment smaller than the one before it.
        let sizes = try await Self.segmentSizes(many.memory)
        #expect(zip(sizes, sizes.dropFirst()).allSatisfy { $0 > $1 })
        #expect(sizes.count <= 12)
        #expect(sizes.reduce(0, +) == (try await Self.segmentSizes(one.memory)).reduce(0, +))
    }

    @Test("a transaction that writes many segments ends with one, holding every posting in order")
    func oneSegmentPerTransaction() async throws {
        let texts = Self.sentences(500, vocabulary: 300, length: 4...12, seed: 6)
        func write(_ memory: TranslationMemory, flushThreshold: Int) async throws {
            try await memory.database.write { db in
                let writer = TermPostings.Writer(db, flushThreshold: flushThreshold)
                for (k, words) in texts.enumerated() {
                    try writer.add(variantID: Int64(k + 1), words: words.joined(separator: " "))
                }
                try writer.finish()
            }
        }
        let small = try TemporaryMemory(), whole = try TemporaryMemory()
        try await write(small.memory, flushThreshold: 37)
        try await write(whole.memory, flushThreshold: .max)
        let terms = Set(texts.joined())
        #expect(try await Self.postings(small.memory, terms) == Self.postings(whole.memory, terms))
        #expect(try await Self.segmentSizes(small.memory) == Self.segmentSizes(whole.memory))
        #expect(try await Self.segmentSizes(small.memory).count == 1)
    }

    @Test("a memory written before the postings existed (schema v5) gets them on opening")
    func upgrade() async throws {
        let t = try TemporaryMemory()
        let texts = Self.sentences(120, vocabulary: 200, length: 4...10, seed: 2)
        try await t.memory.add(Self.units(texts))
        let terms = Set(texts.joined())
        let expected = try await Self.postings(t.memory, terms)
        try t.rewind(migration: "v6:", "DROP TABLE term_posting; DROP TABLE term_segment")
        let reopened = try TranslationMemory(path: t.path)
        #expect(try await Self.postings(reopened, terms) == expected)
        let query = texts[7].joined(separator: " ") + "."
        #expect(try await reopened.lookup(query, options: LookupOptions(mode: .fuzzy)).first?.score == 100)
    }

    /// Units a full scan scores at `minimum` or more (approved units: no penalty).
    static func scan(_ query: String, _ texts: [[String]], minimum: Int) throws -> Set<String> {
        let key = try TextNormalizer.key(query)
        var found = Set<String>()
        for words in texts {
            let text = words.joined(separator: " ") + "."
            if FuzzyScore.score(query: key, candidate: try TextNormalizer.key(text), japanese: false).score >= minimum {
                found.insert(text)
            }
        }
        return found
    }

    /// Stored sentences with one or two words changed (to another word or to an unknown one).
    static func queries(from texts: [[String]], count: Int, vocabulary: Int, seed: UInt64) -> [String] {
        var random = Random(state: seed)
        return (0..<count).map { _ in
            var words = texts[random.next(texts.count)]
            for _ in 0...random.next(2) {
                words[random.next(words.count)] =
                    random.next(3) == 0 ? "zzq\(random.next(1000))" : word(random.next(vocabulary))
            }
            return words.joined(separator: " ") + "."
        }
    }

    @Test("fuzzy lookup finds every unit that a full scan scores at the minimum, at 50, 70 and 85")
    func sameAsFullScan() async throws {
        let t = try TemporaryMemory()
        let texts = Self.sentences(500, vocabulary: 300, length: 5...16, seed: 3)
        try await t.memory.add(Self.units(texts))
        for minimum in [50, 70, 85] {
            for query in Self.queries(from: texts, count: 60, vocabulary: 300, seed: UInt64(minimum)) {
                let expected = try Self.scan(query, texts, minimum: minimum)
                let found = try await t.memory.lookup(
                    query, options: LookupOptions(from: "en", mode: .fuzzy, minimumScore: minimum, limit: 500))
                #expect(Set(found.map(\.source)) == expected, "\(query) at \(minimum)")
            }
        }
    }

    @Test("a word in more segments than a posting list is read for (a common word) still counts for the candidates")
    func commonWord() async throws {
        let t = try TemporaryMemory()
        // "alpha" is in every one of 4,200 units: more than `longestPostingList`.
        let texts = Self.sentences(4_200, vocabulary: 3_000, length: 4...6, always: ["alpha"], seed: 4)
        #expect(texts.count > SQLiteLookupReader.longestPostingList)
        try await t.memory.add(Self.units(texts))
        for query in Self.queries(from: texts, count: 25, vocabulary: 3_000, seed: 5) {
            let expected = try Self.scan(query, texts, minimum: 70)
            let found = try await t.memory.lookup(
                query, options: LookupOptions(from: "en", mode: .fuzzy, minimumScore: 70, limit: 500))
            #expect(Set(found.map(\.source)) == expected, "\(query)")
        }
    }

    @Test("how many of the chosen words a match must hold follows from the minimum score")
    func requiredWords() {
        // 9 words at 70 %: a match lacks at most 9 − ⌈6.3⌉ = 2 of them.
        let key = "toperimi that golexexsun changed by mentquaram riliionram from ouspocor"
        let n = FuzzyScore.tokens(key).count
        let six = ["toperimi", "golexexsun", "mentquaram", "riliionram", "ouspocor", "by"]
        #expect(
            LookupEngine.requiredTerms(of: six, queryWords: n, absentWords: 0, minimumScore: 70, japanese: false) == 4)
        // "changed" is in no segment: every candidate already lacks one.
        #expect(
            LookupEngine.requiredTerms(of: six, queryWords: n, absentWords: 1, minimumScore: 70, japanese: false) == 5)
        // Numbers and CJK are not counted; a low minimum asks nothing; Japanese is scored in characters.
        #expect(
            LookupEngine.requiredTerms(
                of: ["2024", "toperimi"], queryWords: n, absentWords: 0, minimumScore: 70, japanese: false) == 0)
        #expect(
            LookupEngine.requiredTerms(of: six, queryWords: n, absentWords: 0, minimumScore: 10, japanese: false) == 0)
        #expect(
            LookupEngine.requiredTerms(of: six, queryWords: n, absentWords: 0, minimumScore: 70, japanese: true) == 0)
        // At 100 % a query with a word no segment holds has no match.
        #expect(
            LookupEngine.requiredTerms(of: six, queryWords: n, absentWords: 1, minimumScore: 100, japanese: false)
                == nil)
    }
}
