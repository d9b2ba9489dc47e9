import ICUKit

/// A word of a text (spaces and punctuation are not words).
public struct Word: Sendable, Equatable {
    /// UTF-8 byte range in the segmented text.
    public let range: Range<Int>
    public let kind: Kind

    /// What ICU's rule status says the word is made of.
    public enum Kind: String, Sendable {
        case number, letters, kana, ideographs
    }

    public func text(in source: String) -> Substring {
        let u = source.utf8
        return Substring(
            source[
                u.index(u.startIndex, offsetBy: range.lowerBound)..<u.index(u.startIndex, offsetBy: range.upperBound)])
    }
}

/// Words through ICU's word break iterator: UAX #29 for English, ICU's dictionary for runs of
/// Japanese kana and kanji. Spaces and punctuation are skipped (ICU rule status below 100).
/// Unknown names are split by the dictionary (高市 → 高|市), and so are some verb endings
/// (行|っ|た); CLDR keeps ":" out of numbers, so "6:02" is two number words. The lexicon's longest
/// match and the anchors' number parser work on top of these words.
///
/// ```swift
/// let words = try WordSegmenter(locale: "ja").words(in: "日本の首相と会談した")
/// // ["日本", "の", "首相", "と", "会談", "し", "た"]
/// ```
/// Stateful: one per task.
public final class WordSegmenter {
    private let iterator: BreakIterator
    private var units: [UInt16] = []

    /// - Throws: `ICUError` when ICU fails (a break iterator or normalizer that cannot start).
    public init(locale: String = "ja") throws {
        iterator = try BreakIterator(.word, locale: locale)
    }

    /// - Throws: `ICUError` when ICU fails (a break iterator or normalizer that cannot start).
    public func segment(_ text: String) throws -> [Word] {
        try UTF16Conversion.fill(&units, from: text)
        var result: [Word] = []
        try units.withUnsafeBufferPointer { u in
            try iterator.setText(u)
            var previous = iterator.first()
            var cursor16 = 0
            var cursor8 = 0
            func utf8(_ target: Int) -> Int {
                while cursor16 < target {
                    let x = u[cursor16]
                    cursor8 +=
                        x < 0x80
                        ? 1 : x < 0x800 ? 2 : (0xD800...0xDBFF).contains(x) ? 4 : (0xDC00...0xDFFF).contains(x) ? 0 : 3
                    cursor16 += 1
                }
                return cursor8
            }
            while let b = iterator.next() {
                let status = iterator.ruleStatus
                if status >= BreakIterator.WordStatus.number {
                    let kind: Word.Kind
                    switch status {
                    case ..<BreakIterator.WordStatus.letter: kind = .number
                    case ..<BreakIterator.WordStatus.kana: kind = .letters
                    case ..<BreakIterator.WordStatus.ideograph: kind = .kana
                    default: kind = .ideographs
                    }
                    let start = utf8(previous)
                    result.append(Word(range: start..<utf8(b), kind: kind))
                }
                previous = b
            }
        }
        return result
    }

    /// The words of `text` as strings.
    /// - Throws: `ICUError` when ICU fails (a break iterator or normalizer that cannot start).
    public func words(in text: String) throws -> [String] {
        try segment(text).map { String($0.text(in: text)) }
    }
}
