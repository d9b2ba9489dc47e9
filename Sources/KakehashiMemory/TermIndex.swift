/// What the memory's one full-text index (`variant_terms`, FTS5 with the `unicode61` tokenizer,
/// contentless) holds for a segment, and how queries are written against it.
///
/// - Column `words`: Latin (and other space-separated) words as `unicode61` cuts them, and for
///   every run of CJK characters its overlapping **bigrams** ("首脳会談" → 首脳 脳会 会談; a run of
///   one character stays a unigram). A substring of three or more CJK characters is then a phrase
///   of consecutive bigrams, and a two-character query is one bigram.
/// - Column `chars`: every CJK character once per occurrence, for one-character queries
///   (which a bigram index cannot answer without a slow prefix scan).
///
/// One index with words and bigrams replaced a trigram index plus a per-character index: half
/// the tokens to write on import, and bigrams are the usual unit of CJK retrieval.
///
/// ```swift
/// TermIndex.columns(ofKey: "g7首脳会談")   // (words: "g7 首脳 脳会 会談 ", chars: "首 脳 会 談 ")
/// ```
enum TermIndex {
    /// A character that belongs to a CJK run: kana, the prolonged sound mark, ideographs, 々〆〇
    /// and Hangul syllables — not CJK punctuation such as ・.
    @inline(__always)
    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x3005 { return false }
        if v <= 0x3007 { return true }
        if (0x3041...0x30FF).contains(v) { return v != 0x30A0 && v != 0x30FB }
        return (0x3400...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0x20000...0x3FFFF).contains(v)
    }

    /// A token of the `words` column, in order.
    struct Token: Equatable {
        var text: String
        /// True for a CJK bigram or a lone CJK character; false for a word.
        var isCJK: Bool
        /// True for a lone CJK character (a CJK run of one).
        var isLoneCJK: Bool { isCJK && text.unicodeScalars.count == 1 }
    }

    /// Tokens of the `words` column for a key: words as `unicode61` makes them (runs of letters
    /// and digits), CJK runs as bigrams.
    static func tokens(ofKey key: String) -> [Token] {
        var tokens: [Token] = []
        var word = String.UnicodeScalarView()
        var run: [Unicode.Scalar] = []
        func flushWord() {
            if !word.isEmpty { tokens.append(Token(text: String(word), isCJK: false)); word = String.UnicodeScalarView() }
        }
        func flushRun() {
            if run.count == 1 {
                tokens.append(Token(text: String(run[0]), isCJK: true))
            } else if run.count > 1 {
                for i in 0..<(run.count - 1) {
                    var pair = String.UnicodeScalarView()
                    pair.append(run[i]); pair.append(run[i + 1])
                    tokens.append(Token(text: String(pair), isCJK: true))
                }
            }
            run.removeAll(keepingCapacity: true)
        }
        for s in key.unicodeScalars {
            if isCJK(s) {
                flushWord()
                run.append(s)
            } else {
                flushRun()
                if s.properties.isAlphabetic || s.properties.numericType != nil { word.append(s) } else { flushWord() }
            }
        }
        flushWord()
        flushRun()
        return tokens
    }

    /// The two column texts to insert for a key. Built as bytes: this runs for every variant of
    /// an import.
    static func columns(ofKey key: String) -> (words: String, chars: String) {
        var words: [UInt8] = []
        var chars: [UInt8] = []
        words.reserveCapacity(key.utf8.count * 2)
        var previous: Unicode.Scalar?   // the last CJK character of the current run
        var runLength = 0
        func append(_ s: Unicode.Scalar, to bytes: inout [UInt8]) {
            bytes.append(contentsOf: s.utf8)
        }
        func endRun() {
            if runLength == 1, let p = previous { append(p, to: &words); words.append(0x20) }
            previous = nil
            runLength = 0
        }
        for s in key.unicodeScalars {
            if isCJK(s) {
                if let p = previous {
                    append(p, to: &words); append(s, to: &words); words.append(0x20)
                } else {
                    words.append(0x20)
                }
                append(s, to: &chars); chars.append(0x20)
                previous = s
                runLength += 1
            } else {
                endRun()
                append(s, to: &words)   // unicode61 cuts words itself
            }
        }
        endRun()
        return (String(decoding: words, as: UTF8.self), String(decoding: chars, as: UTF8.self))
    }

    /// An FTS5 string literal.
    static func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// The MATCH expression that finds segments containing `key` (a superset for CJK; callers
    /// confirm on the key): a phrase of its words and bigrams in column `words`, the last token a
    /// prefix when it is a lone CJK character or a Latin word of four letters or more
    /// ("shuttle diplom" finds "shuttle diplomacy"); a single CJK character in column `chars`.
    /// Nil when the key has no token.
    static func containsExpression(_ key: String) -> String? {
        var tokens = tokens(ofKey: key)
        if tokens.count == 1 && tokens[0].isLoneCJK {
            return "chars : " + quoted(tokens[0].text)
        }
        // A lone CJK character first stands for the end of a longer run in the stored text,
        // whose bigram it cannot name: leave it to the confirmation on the key.
        if tokens.count > 1 && tokens[0].isLoneCJK { tokens.removeFirst() }
        guard let last = tokens.last else { return nil }
        let prefix = last.isLoneCJK || (!last.isCJK && last.text.count >= 4)
        return "words : " + quoted(tokens.map(\.text).joined(separator: " ")) + (prefix ? " *" : "")
    }
}
