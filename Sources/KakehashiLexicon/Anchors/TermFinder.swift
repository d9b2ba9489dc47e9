import KakehashiText

/// Dictionary words of Japanese text, as `term` anchors whose keys are the English gloss keys
/// (`EnglishTerms.glossKey`) of their senses, first senses first: 首相 → `term:prim minis`,
/// then `term:premi`, `term:pm`; 大統領 → `term:presi` long before `term:buddy`.
///
/// Segmentation is a greedy longest match over the lexicon (glossary, EDICT, ENAMDICT places)
/// on runs of kanji and katakana (with up to three kana of okurigana after kanji: 新しい, 近く),
/// starting only where ICU's word break iterator puts a word start or where the previous match
/// ended, and never inside a span already read as a person's name. Single kanji count when the
/// glossary lists them (米 → U.S.) or when ICU reads them as a word of their own (駅の…). A verb's
/// stem before its inflection is read by its dictionary form (命じた → 命じる). A katakana word the
/// lexicon does not know is kept by its consonant skeleton (`~trnp`), which English spellings of
/// loanwords and foreign names share.
///
/// Not `Sendable` (holds an ICU break iterator): one per task.
public final class TermFinder {
    public let lexicon: Lexicon
    private let segmenter: WordSegmenter?
    private let kana = KanaRomanizer()
    private let probe: HeadwordProbe
    /// Gloss keys per headword, computed once; nil (remembered too) for a headword without any.
    private var glossCache: [String: (keys: [String], glossary: Bool, place: Bool)?] = [:]

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
        probe = HeadwordProbe(lexicon: lexicon)
        segmenter = try? WordSegmenter(locale: "ja")
    }

    /// Term anchors of a Japanese sentence given in key form (`TextNormalizer.key`), skipping the
    /// scalar offsets that `claimed` marks (names and numbers already found).
    public func anchors(inKey key: String, claimed: [Bool] = []) -> [Anchor] {
        let s = Array(key.unicodeScalars)
        guard !s.isEmpty else { return [] }
        func isClaimed(_ i: Int) -> Bool { i < claimed.count && claimed[i] }
        let edges = wordEdges(key, s)
        let isWordChar = ScriptClass.isKanjiOrKatakana
        let length = Double(s.count)
        var anchors: [Anchor] = []
        var i = 0
        var previousEnd = -1
        while i < s.count {
            guard isWordChar(s[i]), !isClaimed(i) else { i += 1; continue }
            let runStart = i == 0 || !isWordChar(s[i - 1])
            guard runStart || edges.isStart[i] || previousEnd == i || !edges.segmented else { i += 1; continue }
            // A katakana word the dictionaries would cut into fragments is read whole: a name
            // ENAMDICT knows (デーブ Dave, not デー "day"), or a loanword or name in no dictionary
            // (スカイラー, not スカイ + ラー), kept by its consonant skeleton.
            if runStart || !ScriptClass.isKatakana(s[i - 1]) || previousEnd == i, ScriptClass.isKatakana(s[i]),
                let whole = wholeKatakanaWord(s, from: i, isClaimed: isClaimed)
            {
                anchors.append(
                    Anchor(
                        kind: .term, key: whole.key, text: whole.text, position: Double(i) / length,
                        alternatives: whole.alternatives, weight: 0.5))
                previousEnd = i + whole.length
                i += whole.length
                continue
            }
            var matched = 0
            if let (anchor, n) = headwordAnchor(
                s, at: i, longest: candidateLength(s, at: i, isClaimed: isClaimed), edges: edges)
            {
                anchors.append(anchor)
                matched = n
            } else if let (anchor, n) = skeletonAnchor(s, at: i) {
                anchors += anchor.map { [$0] } ?? []
                matched = n
            }
            if matched > 0 { previousEnd = i + matched; i += matched } else { i += 1 }
        }
        return anchors
    }

    /// Where ICU starts and ends words in a key, as scalar offsets (the segmenter gives UTF-8
    /// ranges); `segmented` is false when ICU gave nothing.
    struct WordEdges {
        var isStart: [Bool], isBoundary: [Bool]
        var segmented = false
    }

    private func wordEdges(_ key: String, _ s: [Unicode.Scalar]) -> WordEdges {
        var edges = WordEdges(
            isStart: [Bool](repeating: false, count: s.count + 1),
            isBoundary: [Bool](repeating: false, count: s.count + 1))
        guard let segmenter, let words = try? segmenter.segment(key), !words.isEmpty else { return edges }
        var scalarAt = [Int](repeating: -1, count: key.utf8.count + 1)
        var byte = 0
        for (i, c) in s.enumerated() { scalarAt[byte] = i; byte += UTF8.width(c) }
        scalarAt[byte] = s.count
        for w in words {
            if w.range.lowerBound < scalarAt.count, scalarAt[w.range.lowerBound] >= 0 {
                edges.isStart[scalarAt[w.range.lowerBound]] = true
                edges.segmented = true
            }
            if w.range.upperBound < scalarAt.count, scalarAt[w.range.upperBound] >= 0 {
                edges.isBoundary[scalarAt[w.range.upperBound]] = true
            }
        }
        return edges
    }

    /// How far a headword starting at `i` may reach: kanji and katakana (and の inside), or kanji
    /// then up to three kana of okurigana (新しい, 近く, 柔らか); never into a claimed scalar.
    private func candidateLength(_ s: [Unicode.Scalar], at i: Int, isClaimed: (Int) -> Bool) -> Int {
        let isWordChar = ScriptClass.isKanjiOrKatakana
        var maxLength = 0
        var okurigana = 0
        while i + maxLength < s.count, maxLength < min(lexicon.maxHeadwordLength, 63), !isClaimed(i + maxLength) {
            let c = s[i + maxLength]
            if isWordChar(c) && okurigana == 0 || c == "の" && maxLength > 0 && okurigana == 0 {
                maxLength += 1
            } else if ScriptClass.isHiragana(c), okurigana < 3, maxLength > 0,
                ScriptClass.isHan(s[i + maxLength - 1]) || okurigana > 0
            {
                okurigana += 1
                maxLength += 1
            } else {
                break
            }
        }
        return maxLength
    }

    /// The longest headword (or verb stem) at `i`, no longer than `maxLength`, as a term anchor,
    /// and its length. Two passes: first only matches that end where ICU ends a word (特別|法廷
    /// is not 特別法 + 廷), then any match.
    private func headwordAnchor(
        _ s: [Unicode.Scalar], at i: Int, longest maxLength: Int, edges: WordEdges
    ) -> (Anchor, Int)? {
        let isWordChar = ScriptClass.isKanjiOrKatakana
        let present = probe.prefixes(s[i..<i + maxLength], scope: .allHeadwords)
        for pass in 0..<2 {
            for n in stride(from: maxLength, through: 1, by: -1) {
                let isHeadword = present & (1 << UInt64(n)) != 0
                // Kanji and then okurigana: a verb's stem before its inflection (命じ|た, 疑い|が),
                // read by its dictionary form when it is no headword of its own.
                let stemShaped = n >= 2 && ScriptClass.isHiragana(s[i + n - 1]) && ScriptClass.isHan(s[i + n - 2])
                let conjugated = !isHeadword && stemShaped
                guard isHeadword || conjugated else { continue }
                if pass == 0 && edges.segmented && !edges.isBoundary[i + n] && i + n < s.count && isWordChar(s[i + n]) {
                    continue
                }
                let headword = String(scalars: s[i..<i + n])
                let read =
                    isHeadword
                    ? glossKeys(headword)
                    : TermFinder.dictionaryForms(ofStem: s[i..<i + n]).lazy.compactMap { self.glossKeys($0) }.first
                guard let glosses = read, !glosses.keys.isEmpty else { continue }
                // A single kanji counts when the glossary lists it, or when it stands as a word of its
                // own (駅の近く, 麺は): a kanji inside a longer word is not that word.
                if n == 1 && !glosses.glossary
                    && !(edges.segmented && edges.isStart[i] && edges.isBoundary[i + 1]
                        && (i + 1 == s.count || TermFinder.endsNoun(s[i + 1])))
                {
                    continue
                }
                // A match ending inside okurigana must end where ICU ends a word (近く|に, not 近|くに).
                // A verb's stem may end inside ICU's word (疑わ|れる read as one): its inflection follows.
                if n < maxLength && ScriptClass.isHiragana(s[i + n - 1]) && edges.segmented && !edges.isBoundary[i + n]
                    && !conjugated
                {
                    continue
                }
                let specificity = glosses.glossary ? 1.0 : n >= 3 ? 0.9 : n == 2 ? 0.75 : 0.4
                var parts = n >= 4 && !glosses.glossary ? partKeys(s[i..<i + n]) : []
                // A headword that is also a verb's stem (緩め "looseness", of 緩める "to ease") meets both.
                if isHeadword && stemShaped {
                    for form in TermFinder.dictionaryForms(ofStem: s[i..<i + n]) {
                        parts += glossKeys(form)?.keys.prefix(TermFinder.keysPerPart) ?? []
                    }
                }
                let anchor = Anchor(
                    kind: .term, key: "term:" + glosses.keys[0], text: headword, position: Double(i) / Double(s.count),
                    alternatives: (glosses.keys.dropFirst() + parts).map { "term:" + $0 }, weight: specificity)
                return (anchor, n)
            }
        }
        return nil
    }

    /// An unknown katakana word of three or more at `i`: its consonant skeleton as an anchor (none
    /// when the skeleton is shorter than three), and the word's length; nil for a shorter word.
    private func skeletonAnchor(_ s: [Unicode.Scalar], at i: Int) -> (Anchor?, Int)? {
        var j = i
        while j < s.count, ScriptClass.isKatakana(s[j]), s[j] != "・" { j += 1 }
        guard j - i >= 3 else { return nil }
        let word = String(scalars: s[i..<j])
        let skeleton = Romaji.skeleton(kana.romanize(word))
        guard skeleton.count >= 3 else { return (nil, j - i) }
        return (
            Anchor(kind: .term, key: "~" + skeleton, text: word, position: Double(i) / Double(s.count), weight: 0.5),
            j - i
        )
    }

    /// The katakana word starting at `i` when it must be read whole (see `anchors`): its key, its
    /// alternatives and its length; nil when the dictionaries read it well (a word of their own,
    /// or a compound of long words: ノイズ + キャンセリング).
    func wholeKatakanaWord(
        _ s: [Unicode.Scalar], from i: Int, isClaimed: (Int) -> Bool
    ) -> (key: String, alternatives: [String], text: String, length: Int)? {
        var end = i
        while end < s.count, ScriptClass.isKatakana(s[end]), s[end] != "・", !isClaimed(end) { end += 1 }
        // Followed by kanji, it is part of a compound (ラーメン屋): the dictionary reads it.
        guard end - i >= 3, end - i <= 16, end == s.count || !ScriptClass.isHan(s[end]) else { return nil }
        let word = String(scalars: s[i..<end])
        if let glosses = glossKeys(word), !glosses.keys.isEmpty { return nil }
        let skeleton = Romaji.skeleton(kana.romanize(word))
        if let name = lexicon.names(word).first, let key = EnglishTerms.glossKey(name.romaji) {
            return ("term:" + key, skeleton.count >= 3 ? ["~" + skeleton] : [], word, end - i)
        }
        // Greedy longest match inside the run: a fragment of one or two characters, or a part no
        // dictionary has, means the run is one unknown word.
        var k = i
        while k < end {
            let present = probe.prefixes(s[k..<end], scope: .allHeadwords)
            var piece = 0
            for n in stride(from: end - k, through: 1, by: -1) where present & (1 << UInt64(n)) != 0 {
                if let glosses = glossKeys(String(scalars: s[k..<k + n])), !glosses.keys.isEmpty { piece = n; break }
            }
            if piece <= 2 { return skeleton.count >= 3 ? ("~" + skeleton, [], word, end - i) : nil }
            k += piece
        }
        return nil
    }

    /// Keys of a compound's two parts, when it splits into two words of the lexicon of at least two
    /// characters each (国境警備 → 国境 "border" + 警備 "guard"): a translation that renders one part
    /// meets the compound. The longest first part is tried first; each part gives its first keys.
    func partKeys(_ word: ArraySlice<Unicode.Scalar>) -> [String] {
        guard word.count >= 4 else { return [] }
        let present = probe.prefixes(word, scope: .allHeadwords)
        for split in stride(from: word.count - 2, through: 2, by: -1) where present & (1 << UInt64(split)) != 0 {
            let head = word.prefix(split), tail = word.dropFirst(split)
            guard let first = glossKeys(String(scalars: head)), !first.keys.isEmpty,
                let second = glossKeys(String(scalars: tail)), !second.keys.isEmpty
            else { continue }
            return unique(Array(first.keys.prefix(TermFinder.keysPerPart)) + second.keys.prefix(TermFinder.keysPerPart))
        }
        return []
    }

    /// Keys taken from each part of a compound (its first senses).
    static let keysPerPart = 3

    /// The dictionary forms a verb or adjective stem may stand for, most likely first: the stem
    /// of a one-row verb takes る (命じ → 命じる, 調べ → 調べる), an i-row or a-row ending turns to the
    /// u-row (疑い → 疑う, 疑わ → 疑う, 取り → 取る), and an adverbial く to い (新しく → 新しい).
    static func dictionaryForms(ofStem stem: ArraySlice<Unicode.Scalar>) -> [String] {
        guard let last = stem.last else { return [] }
        let base = String(scalars: stem.dropLast())
        var forms: [String] = []
        if let u = TermFinder.uRow[last] { forms.append(base + u) }
        if TermFinder.oneRowStemEndings.contains(last) { forms.append(String(scalars: stem) + "る") }
        if last == "く" { forms.append(base + "い") }
        return forms
    }

    /// The u-row kana of a five-row verb's stem ending: the i-row (取り|ます) and the a-row before
    /// a passive or negative (疑わ|れる, 取ら|ない).
    static let uRow: [Unicode.Scalar: String] = [
        "い": "う", "き": "く", "ぎ": "ぐ", "し": "す", "ち": "つ", "に": "ぬ", "び": "ぶ", "み": "む", "り": "る",
        "わ": "う", "か": "く", "が": "ぐ", "さ": "す", "た": "つ", "な": "ぬ", "ば": "ぶ", "ま": "む", "ら": "る",
    ]
    /// The last kana a one-row verb's stem may end in (命じ, 調べ): the i- and e-rows.
    static let oneRowStemEndings = Set("いきぎしじちにびみりえけげせぜてでねべめれ".unicodeScalars)

    /// Whether a character after a lone kanji shows it is a noun: a case particle or punctuation
    /// (駅の, 麺は), not okurigana (行って).
    static func endsNoun(_ c: Unicode.Scalar) -> Bool {
        if ScriptClass.isHiragana(c) { return "のはがをにでともへや".unicodeScalars.contains(c) }
        return !ScriptClass.isKanjiOrKatakana(c) && !ScriptClass.isKana(c)
    }

    /// The gloss keys of a headword's senses, glossary first, EDICT's (P) entries before others;
    /// ENAMDICT places (横須賀 → "yokos") when the dictionaries have no word for it.
    func glossKeys(_ headword: String) -> (keys: [String], glossary: Bool, place: Bool)? {
        if let cached = glossCache[headword] { return cached }
        var keys: [String] = []
        // Glossary first, then EDICT's keys (common entries first, computed when the lexicon
        // was built).
        let glossaryEntries = lexicon.glossaryEntries(headword)
        for entry in glossaryEntries {
            for gloss in entry.english { if let k = EnglishTerms.glossKey(gloss) { keys.append(k) } }
        }
        let glossary = !glossaryEntries.isEmpty
        let edictKeys = lexicon.edictGlossKeys(headword)
        keys += edictKeys ?? []
        // The head of a two-word gloss, last: 駅 "railway station" also meets "station".
        for key in keys {
            let words = key.split(separator: " ")
            if words.count == 2, let head = words.last, head.count >= 3 { keys.append(String(head)) }
        }
        var place = false
        if keys.isEmpty {
            for name in lexicon.names(headword) where name.tags.contains("p") {
                if let k = EnglishTerms.glossKey(name.romaji) { keys.append(k); place = true }
            }
        }
        let result: (keys: [String], glossary: Bool, place: Bool)? =
            keys.isEmpty && !glossary && edictKeys == nil ? nil : (unique(keys), glossary, place)
        glossCache.updateValue(result, forKey: headword)
        return result
    }
}
