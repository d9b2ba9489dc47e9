import KakehashiText
import Foundation

/// What the memory's one full-text index (`variant_terms`, contentless FTS5) holds for a
/// segment, and how queries are written against it. Tokens are cut here, in Swift, and stored
/// separated by spaces; FTS5's `ascii` tokenizer only splits them again.
///
/// - Column `words`: words (runs of letters and digits), and for
///   every run of CJK characters its overlapping **trigrams** ("首脳会談" → 首脳会 脳会談); a run
///   of one or two characters stays whole. A CJK substring of three or more characters is a
///   phrase of consecutive trigrams, and a trigram is selective enough to pick fuzzy candidates.
/// - Column `chars`: every CJK character once per occurrence, in order, for one- and
///   two-character queries (a phrase of one or two characters), which trigrams cannot answer.
///
/// One index with words and trigrams replaced a trigram index plus a per-character index over
/// every segment: fewer tokens to write on import, one index to merge.
///
/// ```swift
/// TermIndex.columns(ofKey: "g7首脳会談")   // (words: "g7 首脳会 脳会談", chars: "首 脳 会 談")
/// ```
package enum TermIndex {
    /// A token of the `words` column, in order.
    package struct Token: Equatable {
        package var text: String
        /// True for a CJK trigram or a whole CJK run of one or two characters; false for a word.
        package var isCJK: Bool
        /// True for a whole CJK run shorter than three characters.
        var isShortRun: Bool { isCJK && text.unicodeScalars.count < 3 }
    }

    /// Tokens of the `words` column for a key, in order: words (runs of letters and digits), CJK
    /// runs as trigrams. The query side of `columns(ofKey:)`.
    package static func tokens(ofKey key: String) -> [Token] {
        var tokens: [Token] = []
        var word = String.UnicodeScalarView()
        var run: [Unicode.Scalar] = []
        func flushWord() {
            if !word.isEmpty {
                tokens.append(Token(text: String(word), isCJK: false)); word = String.UnicodeScalarView()
            }
        }
        func flushRun() {
            if run.isEmpty { return }
            if run.count < 3 {
                tokens.append(Token(text: String(scalars: run), isCJK: true))
            } else {
                for i in 0...(run.count - 3) {
                    tokens.append(Token(text: String(scalars: run[i..<(i + 3)]), isCJK: true))
                }
            }
            run.removeAll(keepingCapacity: true)
        }
        for s in key.unicodeScalars {
            if ScriptClass.isIndexedCJK(s) {
                flushWord()
                run.append(s)
            } else {
                flushRun()
                if isWordCharacter(s) { word.append(s) } else { flushWord() }
            }
        }
        flushWord()
        flushRun()
        return tokens
    }

    /// A character of a word: a letter or a digit (what `unicode61` keeps), ASCII first.
    @inline(__always)
    static func isWordCharacter(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return (0x61...0x7A).contains(v) || (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }

    /// The two column texts to insert for a key, tokens already cut and separated by single
    /// spaces (the index uses FTS5's `ascii` tokenizer, which then only splits on the spaces:
    /// no Unicode lookups on the writer's thread). Built as bytes: this runs for every variant
    /// of an import.
    package static func columns(ofKey key: String) -> (words: String, chars: String) {
        var words: [UInt8] = []
        var chars: [UInt8] = []
        words.reserveCapacity(key.utf8.count * 3)
        var run: (Unicode.Scalar?, Unicode.Scalar?) = (nil, nil)  // the run's last two characters
        var runLength = 0
        var inWord = false
        func endRun() {
            if runLength == 1 || runLength == 2 {
                words.append(0x20)
                if let a = run.0 { words.append(contentsOf: a.utf8) }
                if let b = run.1 { words.append(contentsOf: b.utf8) }
            }
            run = (nil, nil)
            runLength = 0
        }
        for s in key.unicodeScalars {
            if ScriptClass.isIndexedCJK(s) {
                inWord = false
                runLength += 1
                if runLength >= 3, let a = run.0, let b = run.1 {
                    words.append(0x20)
                    words.append(contentsOf: a.utf8); words.append(contentsOf: b.utf8); words.append(contentsOf: s.utf8)
                }
                run = runLength == 1 ? (s, nil) : runLength == 2 ? (run.0, s) : (run.1, s)
                if !chars.isEmpty { chars.append(0x20) }
                chars.append(contentsOf: s.utf8)
            } else {
                if runLength > 0 { endRun() }
                if isWordCharacter(s) {
                    if !inWord { words.append(0x20); inWord = true }
                    words.append(contentsOf: s.utf8)
                } else {
                    inWord = false
                }
            }
        }
        endRun()
        if words.first == 0x20 { words.removeFirst() }
        return (String(decoding: words, as: UTF8.self), String(decoding: chars, as: UTF8.self))
    }

    /// An FTS5 string literal.
    package static func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// A phrase of index tokens: consecutive tokens of one column, the last one perhaps a prefix.
    /// SQLite asks FTS5 for it; PostgreSQL matches it with LIKE on the column's tokens joined by
    /// spaces (see `spaced`). Both mean the same.
    package struct Phrase: Sendable, Equatable {
        package enum Column: String, Sendable { case words, chars }
        package var column: Column
        package var tokens: [String]
        package var isPrefix: Bool
        /// The characters of a short CJK run that opened the query and is not among `tokens` (see
        /// `containsPhrase`): a segment must hold them side by side in column `chars` as well, so
        /// that "会談 the" reads the rows holding both, not every row holding "the".
        package var leadingCharacters: [String] = []
    }

    /// The phrase that finds segments containing `key` (a superset for CJK; callers confirm on
    /// the key), or nil when the key has no token:
    /// - one or two CJK characters alone: a phrase in column `chars`;
    /// - otherwise a phrase of words and trigrams in column `words`, whose last token is a prefix
    ///   when it is a short CJK run ("g7首" finds "g7首脳") or a Latin word of four letters or
    ///   more ("shuttle diplom" finds "shuttle diplomacy"). A short CJK run first in the query
    ///   may be the end of a longer stored run, whose trigrams it cannot name: it becomes the
    ///   phrase's `leadingCharacters`, and the confirmation checks the rest.
    package static func containsPhrase(_ key: String) -> Phrase? {
        var tokens = tokens(ofKey: key)
        if tokens.count == 1 && tokens[0].isShortRun {
            return Phrase(column: .chars, tokens: tokens[0].text.unicodeScalars.map { String($0) }, isPrefix: false)
        }
        var leading: [String] = []
        if tokens.count > 1 && tokens[0].isShortRun {
            leading = tokens.removeFirst().text.unicodeScalars.map { String($0) }
        }
        guard let last = tokens.last else { return nil }
        let prefix = last.isShortRun || (!last.isCJK && last.text.count >= 4)
        return Phrase(column: .words, tokens: tokens.map(\.text), isPrefix: prefix, leadingCharacters: leading)
    }

    /// Every CJK character of a key once, as its code point: what PostgreSQL indexes for
    /// one-character queries (integers, which its GIN index compares far faster than text).
    package static func characterCodes(ofKey key: String) -> [Int32] {
        var codes: [Int32] = []
        for s in key.unicodeScalars where ScriptClass.isIndexedCJK(s) { codes.append(Int32(s.value)) }
        codes.sortAndRemoveDuplicates()
        return codes
    }

    /// Every pair of adjacent CJK characters of a key once, as one integer (`pairCode`): what
    /// PostgreSQL indexes for two-character queries (a key that holds the pair side by side).
    package static func pairCodes(ofKey key: String) -> [Int64] {
        var codes: [Int64] = []
        var previous: Unicode.Scalar?
        for s in key.unicodeScalars {
            guard ScriptClass.isIndexedCJK(s) else { previous = nil; continue }
            if let p = previous { codes.append(pairCode(p, s)) }
            previous = s
        }
        codes.sortAndRemoveDuplicates()
        return codes
    }

    /// Two characters as one integer, without collisions (a code point fits in 21 bits).
    package static func pairCode(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Int64 {
        Int64(first.value) << 21 | Int64(second.value)
    }

    /// A column's tokens between single spaces, with a space at each end, so that a phrase is a
    /// LIKE pattern: `% a b %`, or `% a b%` for a prefix.
    package static func spaced(_ column: String) -> String { " " + column + " " }
}

extension Array where Element: Comparable {
    /// Sorts the elements and keeps one of each value, in place.
    mutating func sortAndRemoveDuplicates() {
        sort()
        var kept = 0
        for v in self where kept == 0 || self[kept - 1] != v {
            self[kept] = v
            kept += 1
        }
        removeSubrange(kept...)
    }
}
