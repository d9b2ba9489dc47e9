import ICUKit

/// One sentence of a text: where it is (UTF-8 byte offsets and UTF-16 offsets into the text that
/// was segmented, whitespace trimmed) and its language.
public struct Sentence: Sendable, Equatable {
    /// UTF-8 byte range in the segmented text.
    public let range: Range<Int>
    /// The same range in UTF-16 units.
    public let utf16Range: Range<Int>
    public let language: Language
    /// Whether a line break inside the sentence was joined (a soft wrap); `text(in:)` then
    /// replaces it with a space, or removes it between two Japanese characters.
    public let hasSoftBreak: Bool

    /// The sentence as a translator reads it: the original characters, with soft line breaks
    /// (and the spaces around them) joined.
    public func text(in source: String) -> String {
        let utf8 = source.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let end = utf8.index(utf8.startIndex, offsetBy: range.upperBound)
        let raw = Substring(source[start..<end])
        return hasSoftBreak ? SoftBreaks.join(raw) : String(raw)
    }
}

enum SoftBreaks {
    /// Joins the line breaks of a sentence: between two CJK characters the break and its spaces
    /// vanish ("父の\n家" → "父の家"); elsewhere the whole whitespace run becomes one space.
    static func join(_ text: Substring) -> String {
        var out = String.UnicodeScalarView()
        var pendingBreak = false
        var pendingSpaces = String.UnicodeScalarView()
        var last: Unicode.Scalar? = nil
        for s in text.unicodeScalars {
            if s == "\n" || s == "\r" || s == "\u{2028}" || s == "\u{85}" {
                pendingBreak = true
                continue
            }
            if s == " " || s == "\t" {
                pendingSpaces.append(s)
                continue
            }
            if pendingBreak {
                if let l = last, ScriptClass.isWideForBreaks(l), ScriptClass.isWideForBreaks(s) {
                } else {
                    out.append(" ")
                }
            } else {
                out.append(contentsOf: pendingSpaces)
            }
            pendingBreak = false
            pendingSpaces = String.UnicodeScalarView()
            out.append(s)
            last = s
        }
        return String(out)
    }
}

/// Walks UTF-16 units forward, keeping the matching UTF-8 offset (and, on request, script counts).
struct OffsetCursor {
    var utf16 = 0
    var utf8 = 0

    @inline(__always) static func utf8Length(_ x: UInt16) -> Int {
        x < 0x80 ? 1 : x < 0x800 ? 2 : (x >= 0xD800 && x <= 0xDBFF) ? 4 : (x >= 0xDC00 && x <= 0xDFFF) ? 0 : 3
    }

    @inline(__always) mutating func advance(to target: Int, _ u: UnsafeBufferPointer<UInt16>) {
        var i = utf16, o = utf8
        while i < target { o += Self.utf8Length(u[i]); i += 1 }
        utf16 = i; utf8 = o
    }

    @inline(__always) mutating func advanceCounting(to target: Int, _ u: UnsafeBufferPointer<UInt16>) -> ScriptCounts {
        var counts = ScriptCounts()
        var i = utf16, o = utf8
        while i < target {
            let x = u[i]
            if x < 0x80 {
                o += 1
                if (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A { counts.latin &+= 1 }
            } else {
                o += Self.utf8Length(x)
                counts.add(x)
            }
            i += 1
        }
        utf16 = i; utf8 = o
        return counts
    }
}

/// English and Japanese sentence segmentation: ICU's sentence break iterator proposes the
/// boundaries, and a rule layer on top of it keeps, drops or adds them.
///
/// ```swift
/// let segmenter = try SentenceSegmenter()
/// let text = "During their 41-minute summit, which began at 6:02 p.m., the two leaders met. 両首脳は会談した。"
/// for s in try segmenter.segment(text) { print(s.language, s.text(in: text)) }
/// // en During their 41-minute summit, which began at 6:02 p.m., the two leaders met.
/// // ja 両首脳は会談した。
/// ```
///
/// The rules, each against a failure of plain UAX #29 on news text:
/// - **Line breaks.** ICU breaks at every line break (UAX #29 SB4). Here a blank line always ends a
///   sentence; a single line break is a soft wrap, joined, when it sits inside a sentence: between a
///   line that began a sentence and a line starting in lower case, after a comma, or between two
///   Japanese characters with no space around it. After sentence punctuation, before a list
///   marker, or between languages it is a break.
/// - **Abbreviations** (`AbbreviationList`): prefixes never end a sentence ("Dr. Park", "Ma. Theresa"),
///   number abbreviations do not before digits ("p. 55", "Jan. 8"), others ("U.S.", "Inc.", initials,
///   "a.m.") end one only before a word that usually starts a sentence ("U.S. How" vs "U.S. Government").
///   A capital "I." after a lower-case word is the pronoun and ends the sentence.
/// - **No break without a space** after Latin punctuation ("U.S.–Japan"), except the run-together
///   "world.Today" typo, which is split (not inside e-mail addresses and URLs).
/// - **"!" and "?" before a lower-case word** do not end a sentence ("Yahoo! in", "'Why?' she asked").
/// - **Quotes and speakers**: a closing quote followed by "Lee said" or "said Lee" stays one sentence.
/// - **English quotations**: no break inside a passage in double quotes ("…" or “…”) closed in the
///   same paragraph, as inside Japanese brackets, so that `He said: "A. B."` is one sentence like
///   its translation 「A。B。」と述べた (up to 1,000 units; an opening quote while one is open
///   restarts it, since a quote over several paragraphs closes only in the last).
/// - **Names with "!"** ("Yahoo! News", "oOh! Media") do not end a sentence.
/// - **Japanese brackets**: no break inside 「」『』（）【】, nor after a closing bracket followed by a
///   particle (「…。」と述べた).
/// - **Ellipses**: "…" or "..." before a capital ends a sentence, a spaced ". . ." does not, a four-dot
///   ellipsis does; "[...]" is an omission, never an end.
/// - **Lists**: numbered or lettered markers in sequence ("1.)", "2)", "a.", "• 9.") start items; the
///   period of a marker never ends a sentence.
///
/// Stateful (holds an ICU iterator and buffers): one per task.
public final class SentenceSegmenter {
    let iterator: BreakIterator
    public let abbreviations: AbbreviationList
    var units: [UInt16] = []
    var candidates: [Int] = []
    var forced: [Int] = []
    var bracketSpans: [Range<Int>] = []
    var listMarkers: [ListMarker] = []
    var markerEndByStart: [Int: Int] = [:]
    var markerPeriods: Set<Int> = []

    struct ListMarker {
        var start: Int  // first unit of the marker (bullet included)
        var end: Int  // after the marker's final punctuation
        var periodAt: Int  // the "." of "1." / "a.", or -1
        var ordinal: Int
        var lettered: Bool
    }

    /// - Throws: `ICUError` when ICU fails (a break iterator or normalizer that cannot start).
    public init(abbreviations: AbbreviationList = .standard) throws {
        iterator = try BreakIterator(.sentence, locale: "en")
        self.abbreviations = abbreviations
    }

    /// The sentences of `text`. `language` forces every sentence's language tag; by default each
    /// sentence gets the language of its scripts.
    /// - Throws: `ICUError` when ICU fails (a break iterator or normalizer that cannot start).
    public func segment(_ text: String, language: Language? = nil) throws -> [Sentence] {
        try UTF16Conversion.fill(&units, from: text)
        return try segmentLoadedUnits(language: language)
    }

    /// The sentence texts of `text` (convenience for tests and small inputs).
    /// - Throws: `ICUError` when ICU fails (a break iterator or normalizer that cannot start).
    public func sentences(_ text: String, language: Language? = nil) throws -> [String] {
        try segment(text, language: language).map { $0.text(in: text) }
    }

    /// Segments the text loaded into `units`.
    func segmentLoadedUnits(language: Language?) throws -> [Sentence] {
        let n = units.count
        if n == 0 { return [] }
        candidates.removeAll(keepingCapacity: true)
        forced.removeAll(keepingCapacity: true)
        bracketSpans.removeAll(keepingCapacity: true)
        listMarkers.removeAll(keepingCapacity: true)
        markerEndByStart.removeAll(keepingCapacity: true)
        markerPeriods.removeAll(keepingCapacity: true)

        var softRanges: [Range<Int>] = []
        scanFeatures(softRanges: &softRanges)

        // ICU proposes; the units with soft line breaks blanked out are what it sees.
        try units.withUnsafeBufferPointer { buf in
            try iterator.setText(buf)
            iterator.forEachBoundary { b in candidates.append(b) }
        }

        var kept: [Int] = []
        kept.reserveCapacity(candidates.count + forced.count)
        units.withUnsafeBufferPointer { u in
            var ci = 0, fi = 0
            var lastStart = 0
            while ci < candidates.count || fi < forced.count {
                let c = ci < candidates.count ? candidates[ci] : Int.max
                let f = fi < forced.count ? forced[fi] : Int.max
                if f <= c {
                    if f > lastStart && f < n { kept.append(f); lastStart = f }
                    fi += 1
                    if f == c { ci += 1 }
                    continue
                }
                ci += 1
                if c >= n { continue }
                // An opening bracket or quote that ICU left at the end belongs to the next sentence.
                var b = c
                while b > lastStart + 1 && CharClass.isStrictOpener(u[b - 1]) { b -= 1 }
                if b <= lastStart { continue }
                if keepBoundary(b, sentenceStart: lastStart, u) { kept.append(b); lastStart = b }
            }
        }
        kept.append(n)

        // Sentences: trim whitespace, drop empty pieces, tag the language, map to UTF-8.
        var result: [Sentence] = []
        result.reserveCapacity(kept.count)
        units.withUnsafeBufferPointer { u in
            // One pass: UTF-8 offsets and script counts together.
            var cursor = OffsetCursor()
            var start = 0
            var softIndex = 0
            for end in kept {
                var s = start, e = end
                while s < e && CharClass.isSpace(u[s]) { s += 1 }
                while e > s && CharClass.isSpace(u[e - 1]) { e -= 1 }
                start = end
                if s == e { continue }
                cursor.advance(to: s, u)
                let b8 = cursor.utf8
                let counts = cursor.advanceCounting(to: e, u)
                let lang = language ?? counts.language
                var soft = false
                while softIndex < softRanges.count && softRanges[softIndex].lowerBound < s { softIndex += 1 }
                if softIndex < softRanges.count && softRanges[softIndex].lowerBound < e { soft = true }
                result.append(Sentence(range: b8..<cursor.utf8, utf16Range: s..<e, language: lang, hasSoftBreak: soft))
            }
        }
        return result
    }
}
