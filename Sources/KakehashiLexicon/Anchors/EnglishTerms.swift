/// English words reduced to the keys that dictionary glosses are compared on: lower case, a light
/// suffix strip (plural -s/-es/-ies, -ed/-ied, -ing, a doubled consonant before them), then the
/// first five letters less a final e, so that confirmed, confirming and confirmation meet
/// ("confi"), as do Korea and Korean ("korea"), Japan and Japanese, minister and ministry, eased
/// and ease ("eas"), state and statement ("stat"). Function words are dropped; a gloss of several
/// words becomes the phrase of its stems ("prime minister" → "prim minis"), matched against the
/// same phrase in the sentence.
///
/// ```swift
/// EnglishTerms.stem("confirmation")              // "confi"
/// EnglishTerms.glossKey("to confirm (a fact)")   // "confi"
/// EnglishTerms.phrases(in: "Prime Minister Takaichi confirmed it").map(\.key)  // contains "prim minis", "confi"
/// ```
public enum EnglishTerms {
    /// Longest gloss or phrase compared, in content words.
    public static let maxPhraseWords = 4
    static let stemLength = 5

    static let stopWords: Set<String> = [
        "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "and", "or", "as", "be", "is", "are",
        "was", "were", "been", "being", "it", "its", "this", "that", "these", "those", "from", "into", "onto", "etc",
        "esp", "usu", "one", "ones", "oneself", "something", "someone", "somebody", "do", "does", "did", "have",
        "has", "had", "not", "no", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "your",
        "my", "me", "him", "them", "will", "would", "can", "could", "may", "might", "shall", "should", "must",
        "also", "which", "who", "whom", "what", "when", "where", "how", "there", "here", "than", "then", "so",
        "such", "some", "any", "all", "each", "other", "more", "most", "very", "about", "after", "before",
        "over", "under", "up", "down", "out", "off", "between", "if", "but", "while", "said", "says", "say",
        "e", "g", "ie", "eg", "s", "t", "mr", "ms", "mrs", "dr", "st", "just", "only", "even", "still", "yet",
    ]

    /// `word` without a possessive's 's (straight or curly apostrophe): "Watford's" → "Watford".
    static func withoutPossessive(_ word: String) -> String {
        word.hasSuffix("'s") || word.hasSuffix("\u{2019}s") ? String(word.dropLast(2)) : word
    }

    /// The stem of one word (letters only; anything else is dropped).
    public static func stem<S: StringProtocol>(_ word: S) -> String {
        var w: [UInt8] = []
        w.reserveCapacity(word.utf8.count)
        for b in word.utf8 {
            if b >= 65 && b <= 90 { w.append(b + 32) } else if b >= 97 && b <= 122 || b >= 48 && b <= 57 { w.append(b) }
        }
        return stem(bytes: &w)
    }

    /// `stem` on lower-case ASCII letters, in place.
    static func stem(bytes w: inout [UInt8]) -> String {
        func ends(_ suffix: StaticString) -> Bool {
            let n = suffix.utf8CodeUnitCount
            guard w.count > n else { return false }
            let p = suffix.utf8Start
            for k in 0..<n where w[w.count - n + k] != p[k] { return false }
            return true
        }
        if w.count > 4 {
            if ends("ies") {
                w.removeLast(3); w.append(UInt8(ascii: "y"))
            } else if ends("sses") || ends("ches") || ends("shes") || ends("xes") {
                w.removeLast(2)
            } else if ends("s") && !ends("ss") && !ends("us") && !ends("is") {
                w.removeLast()
            }
        } else if w.count == 4, ends("s"), !ends("ss"), !ends("us") {
            w.removeLast()
        }
        var inflected = false
        if w.count > 5, ends("ing") {
            w.removeLast(3); inflected = true
        } else if w.count > 4, ends("ied") {
            w.removeLast(3); w.append(UInt8(ascii: "y"))
        } else if w.count > 4, ends("ed"), !ends("eed") {
            w.removeLast(2); inflected = true
        }
        // A doubled final consonant of an inflection is one letter of the word (stopped, planning).
        if inflected, w.count >= 4, w[w.count - 1] == w[w.count - 2], "bdgmnprt".utf8.contains(w[w.count - 1]) {
            w.removeLast()
        }
        if w.count > stemLength { w.removeLast(w.count - stemLength) }
        // A final e of the key is dropped, so that a verb meets its inflections (ease, eased and
        // easing give "eas") and a short word its longer kin (state and statement give "stat").
        if w.count > 3, ends("e"), !ends("ee") { w.removeLast() }
        return String(decoding: w, as: UTF8.self)
    }

    /// The content words of `text` as stems, in order, with each one's character range
    /// (Unicode scalars). Letters outside ASCII end a word's stem letters but not the word.
    static func contentStems(_ text: String) -> [(stem: String, offset: Int, end: Int)] {
        var result: [(String, Int, Int)] = []
        var word: [UInt8] = []
        var wordLength = 0, start = 0, index = 0
        func flush() {
            if wordLength > 0, !word.isEmpty {
                let lowered = String(decoding: word, as: UTF8.self)
                if !stopWords.contains(lowered) {
                    let s = stem(bytes: &word)
                    if !s.isEmpty, !stopWords.contains(s) { result.append((s, start, index)) }
                }
            }
            word.removeAll(keepingCapacity: true)
            wordLength = 0
        }
        for c in text.unicodeScalars {
            let v = c.value
            let ascii = v < 0x80
            let isWordScalar =
                ascii
                ? (v >= 65 && v <= 90 || v >= 97 && v <= 122 || v >= 48 && v <= 57)
                : c.properties.isAlphabetic || c.properties.numericType != nil
            if isWordScalar {
                if wordLength == 0 { start = index }
                wordLength += 1
                if ascii { word.append(v >= 65 && v <= 90 ? UInt8(v + 32) : UInt8(v)) }
            } else {
                flush()
            }
            index += 1
        }
        flush()
        return result
    }

    /// The key of one dictionary gloss: its content stems joined by spaces, after dropping
    /// parenthesised notes and a leading "to " (verbs). Nil when it has no content word or more
    /// than `maxPhraseWords`.
    public static func glossKey(_ gloss: String) -> String? {
        var text = ""
        var depth = 0
        for ch in gloss {
            if ch == "(" {
                depth += 1
            } else if ch == ")" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                text.append(ch)
            }
        }
        let stems = contentStems(text).map(\.stem)
        guard !stems.isEmpty, stems.count <= maxPhraseWords else { return nil }
        return stems.joined(separator: " ")
    }

    /// One phrase of consecutive content words of a sentence.
    public struct Phrase: Sendable, Hashable {
        /// The stems joined by spaces ("prime minis").
        public var key: String
        /// The words as written ("Prime Minister").
        public var text: String
        /// Which content words (0-based) it covers.
        public var words: Range<Int>
        /// Where it starts, as a fraction of the sentence.
        public var position: Double
    }

    /// Every phrase of one to `maxPhraseWords` consecutive content words of `text`.
    public static func phrases(in text: String) -> [Phrase] {
        let stems = contentStems(text)
        guard !stems.isEmpty else { return [] }
        // Where each scalar starts in `text`, so that a phrase's words are one slice of it.
        var index = Array(text.unicodeScalars.indices)
        index.append(text.endIndex)
        let length = Double(max(1, index.count - 1))
        var result: [Phrase] = []
        result.reserveCapacity(stems.count * maxPhraseWords)
        for i in stems.indices {
            var key = ""
            for n in 0..<maxPhraseWords where i + n < stems.count {
                key += (n == 0 ? "" : " ") + stems[i + n].stem
                result.append(
                    Phrase(
                        key: key, text: String(text.unicodeScalars[index[stems[i].offset]..<index[stems[i + n].end]]),
                        words: i..<(i + n + 1), position: Double(stems[i].offset) / length))
            }
        }
        return result
    }
}
