import KakehashiText

/// Dictionary words of Japanese text, as `term` anchors whose keys are the English gloss keys
/// (`EnglishTerms.glossKey`) of their senses, first senses first: 首相 → `term:prime minis`,
/// then `term:premi`, `term:pm`; 大統領 → `term:presi` long before `term:buddy`.
///
/// Segmentation is a greedy longest match over the lexicon (glossary, EDICT, ENAMDICT places)
/// on runs of kanji and katakana, starting only where ICU's word break iterator puts a word
/// start or where the previous match ended, and never inside a span already read as a person's
/// name. Single kanji count only when the glossary lists them (米 → U.S.). A katakana word the
/// lexicon does not know is kept by its consonant skeleton (`~trnp`), which English spellings of
/// loanwords and foreign names share.
///
/// Not `Sendable` (holds an ICU break iterator): one per task.
public final class TermFinder {
    public let lexicon: Lexicon
    private let segmenter: WordSegmenter?
    private let kana = KanaRomanizer()
    /// Gloss keys per headword, computed once.
    private var glossCache: [String: (keys: [String], glossary: Bool, place: Bool)] = [:]

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
        segmenter = try? WordSegmenter(locale: "ja")
    }

    /// Term anchors of a Japanese sentence given in key form (`TextNormalizer.key`), skipping the
    /// scalar offsets in `claimed` (names already found).
    public func anchors(inKey key: String, claimed: Set<Int> = []) -> [Anchor] {
        let s = Array(key.unicodeScalars)
        guard !s.isEmpty else { return [] }
        var starts = Set<Int>()
        var boundaries = Set<Int>()
        if let segmenter, let words = try? segmenter.segment(key) {
            // Word starts as scalar offsets (the segmenter gives UTF-8 ranges).
            var utf8ToScalar: [Int: Int] = [:]
            var byte = 0
            for (i, c) in s.enumerated() { utf8ToScalar[byte] = i; byte += UTF8.width(c) }
            utf8ToScalar[byte] = s.count
            for w in words {
                if let i = utf8ToScalar[w.range.lowerBound] { starts.insert(i) }
                if let e = utf8ToScalar[w.range.upperBound] { boundaries.insert(e) }
            }
        }
        let length = Double(s.count)
        var anchors: [Anchor] = []
        var bytes: [UInt8] = [], ends: [Int] = []
        var i = 0
        var previousEnd = -1
        while i < s.count {
            let c = s[i]
            guard JapaneseScript.isHan(c) || JapaneseScript.isKatakana(c), !claimed.contains(i) else { i += 1; continue }
            let runStart = i == 0 || !(JapaneseScript.isHan(s[i - 1]) || JapaneseScript.isKatakana(s[i - 1]))
            guard runStart || starts.contains(i) || previousEnd == i || starts.isEmpty else { i += 1; continue }
            var matched = 0
            var maxLength = 0
            while i + maxLength < s.count, maxLength < lexicon.maxHeadwordLength, !claimed.contains(i + maxLength),
                  JapaneseScript.isHan(s[i + maxLength]) || JapaneseScript.isKatakana(s[i + maxLength]) || s[i + maxLength] == "の" && maxLength > 0 {
                maxLength += 1
            }
            // UTF-8 of the longest candidate; shorter candidates are its prefixes.
            JapaneseScript.utf8Prefixes(s[i..<i + maxLength], bytes: &bytes, ends: &ends)
            // Two passes: first only matches that end where ICU ends a word (特別|法廷 is not
            // 特別法 + 廷), then any match.
            passes: for pass in 0..<2 {
            for n in stride(from: maxLength, through: 1, by: -1) {
                if pass == 0 && !boundaries.isEmpty && !boundaries.contains(i + n) && i + n < s.count
                    && (JapaneseScript.isHan(s[i + n]) || JapaneseScript.isKatakana(s[i + n])) { continue }
                let present = bytes.withUnsafeBufferPointer { lexicon.mayHaveEntries(UnsafeBufferPointer(rebasing: $0[0..<ends[n]])) }
                guard present else { continue }
                let headword = String(String.UnicodeScalarView(s[i..<i + n]))
                guard let glosses = glossKeys(headword), !glosses.keys.isEmpty else { continue }
                if n == 1 && !glosses.glossary { continue }
                let specificity = glosses.glossary ? 1.0 : n >= 3 ? 0.9 : n == 2 ? 0.75 : 0.4
                anchors.append(Anchor(kind: .term, key: "term:" + glosses.keys[0], text: headword, position: Double(i) / length,
                                      alternatives: glosses.keys.dropFirst().map { "term:" + $0 }, weight: specificity))
                matched = n
                break passes
            }
            }
            if matched == 0 {
                // An unknown katakana word: its consonant skeleton.
                var j = i
                while j < s.count, JapaneseScript.isKatakana(s[j]), s[j] != "・" { j += 1 }
                if j - i >= 3 {
                    let word = String(String.UnicodeScalarView(s[i..<j]))
                    let skeleton = Romaji.skeleton(kana.romanize(word))
                    if skeleton.count >= 3 {
                        anchors.append(Anchor(kind: .term, key: "~" + skeleton, text: word, position: Double(i) / length, weight: 0.5))
                    }
                    matched = j - i
                }
            }
            if matched > 0 { previousEnd = i + matched; i += matched } else { i += 1 }
        }
        return anchors
    }

    /// The gloss keys of a headword's senses, glossary first, EDICT's (P) entries before others;
    /// ENAMDICT places (横須賀 → "yokos") when the dictionaries have no word for it.
    func glossKeys(_ headword: String) -> (keys: [String], glossary: Bool, place: Bool)? {
        if let cached = glossCache[headword] { return cached }
        var keys: [String] = []
        var glossary = false
        // Glossary first, then EDICT's common (P) entries, then the rest, each in dictionary order.
        func rank(_ t: LexiconTerm) -> Int { t.origin == .glossary ? 0 : t.common ? 1 : 2 }
        let terms = lexicon.terms(headword).enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
        for term in terms {
            if term.origin == .glossary { glossary = true }
            for sense in term.senses { for gloss in sense { if let k = EnglishTerms.glossKey(gloss) { keys.append(k) } } }
        }
        var place = false
        if keys.isEmpty {
            for name in lexicon.names(headword) where name.tags.contains("p") {
                if let k = EnglishTerms.glossKey(name.romaji) { keys.append(k); place = true }
            }
        }
        let result: (keys: [String], glossary: Bool, place: Bool)? = keys.isEmpty && terms.isEmpty ? nil : (unique(keys), glossary, place)
        glossCache[headword] = result
        return result
    }
}
