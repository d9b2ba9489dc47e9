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
                if let l = last, isCJK(l), isCJK(s) {} else { out.append(" ") }
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

    static func isCJK(_ s: Unicode.Scalar) -> Bool { CharClass.isCJK(UInt16(truncatingIfNeeded: s.value)) && s.value < 0x10000 }
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

/// Character classes used by the rule layer, on UTF-16 units.
enum CharClass {
    @inline(__always) static func isSpace(_ u: UInt16) -> Bool {
        u == 0x20 || u == 0x09 || u == 0x0A || u == 0x0D || u == 0x0B || u == 0x0C || u == 0xA0 || u == 0x3000
            || u == 0x2028 || u == 0x2029 || u == 0x85 || (u >= 0x2000 && u <= 0x200B) || u == 0x202F || u == 0x205F
            || u == 0xFEFF
    }
    @inline(__always) static func isLineBreak(_ u: UInt16) -> Bool { u == 0x0A || u == 0x0D || u == 0x2028 || u == 0x85 }
    @inline(__always) static func isUpper(_ u: UInt16) -> Bool { (u >= 0x41 && u <= 0x5A) || (u >= 0xC0 && u <= 0xDE && u != 0xD7) }
    @inline(__always) static func isLower(_ u: UInt16) -> Bool { (u >= 0x61 && u <= 0x7A) || (u >= 0xDF && u <= 0xFF && u != 0xF7) }
    @inline(__always) static func isLetter(_ u: UInt16) -> Bool {
        isUpper(u) || isLower(u) || (u >= 0x100 && u <= 0x24F)
    }
    @inline(__always) static func isDigit(_ u: UInt16) -> Bool { (u >= 0x30 && u <= 0x39) || (u >= 0xFF10 && u <= 0xFF19) }
    @inline(__always) static func isCJK(_ u: UInt16) -> Bool {
        (u >= 0x3040 && u <= 0x30FF) || (u >= 0x3400 && u <= 0x9FFF) || (u >= 0xF900 && u <= 0xFAFF)
            || (u >= 0xFF66 && u <= 0xFF9F) || (u >= 0xAC00 && u <= 0xD7A3) || (u >= 0x3000 && u <= 0x303F)
            || (u >= 0xFF01 && u <= 0xFF0F) || (u >= 0xFF1A && u <= 0xFF20) || (u >= 0xD800 && u <= 0xDBFF)
    }
    /// Sentence-final punctuation of English and Japanese.
    @inline(__always) static func isTerminator(_ u: UInt16) -> Bool {
        u == 0x2E || u == 0x21 || u == 0x3F || u == 0x3002 || u == 0xFF01 || u == 0xFF1F || u == 0xFF0E || u == 0x2026
            || u == 0x203C || u == 0x2047 || u == 0x2048 || u == 0x2049 || u == 0xFF61
    }
    /// Closing quotes and brackets that may follow a terminator.
    @inline(__always) static func isCloser(_ u: UInt16) -> Bool {
        u == 0x22 || u == 0x27 || u == 0x29 || u == 0x5D || u == 0x7D || u == 0x2019 || u == 0x201D || u == 0xBB
            || u == 0x300D || u == 0x300F || u == 0xFF09 || u == 0x3011 || u == 0x3009 || u == 0x300B || u == 0xFF3D
            || u == 0xFF63
    }
    @inline(__always) static func isOpener(_ u: UInt16) -> Bool {
        u == 0x22 || u == 0x27 || u == 0x28 || u == 0x5B || u == 0x7B || u == 0x2018 || u == 0x201C || u == 0xAB
            || u == 0x300C || u == 0x300E || u == 0xFF08 || u == 0x3010 || u == 0x3008 || u == 0x300A
    }
    /// Bullets that start a list item ("• 9. The first item").
    @inline(__always) static func isBullet(_ u: UInt16) -> Bool {
        u == 0x2022 || u == 0x2043 || u == 0x25E6 || u == 0x25AA || u == 0x25CF || u == 0x2023
    }
    /// Hiragana that continue a sentence after a closing bracket (「…。」と言った, 」は, 」が …).
    @inline(__always) static func isJapaneseContinuation(_ u: UInt16) -> Bool {
        switch u {
        case 0x3068 /* と */, 0x306F /* は */, 0x304C /* が */, 0x306E /* の */, 0x3092 /* を */, 0x306B /* に */,
             0x3067 /* で */, 0x3082 /* も */, 0x3084 /* や */, 0x3078 /* へ */, 0x3063 /* っ */, 0x3088 /* よ */,
             0x304B /* か */, 0x307E /* ま */, 0x3001 /* 、 */, 0xFF0C /* ， */:
            return true
        default:
            return false
        }
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
/// - **Japanese brackets**: no break inside 「」『』（）【】, nor after a closing bracket followed by a
///   particle (「…。」と述べた).
/// - **Ellipses**: "…" or "..." before a capital ends a sentence, a spaced ". . ." does not, a four-dot
///   ellipsis does; "[...]" is an omission, never an end.
/// - **Lists**: numbered or lettered markers in sequence ("1.)", "2)", "a.", "• 9.") start items; the
///   period of a marker never ends a sentence.
///
/// Stateful (holds an ICU iterator and buffers): one per task.
public final class SentenceSegmenter {
    private let iterator: BreakIterator
    public let abbreviations: AbbreviationList
    private var units: [UInt16] = []
    private var candidates: [Int] = []
    private var forced: [Int] = []
    private var bracketSpans: [Range<Int>] = []
    private var listMarkers: [ListMarker] = []
    private var markerEndByStart: [Int: Int] = [:]
    private var markerPeriods: Set<Int> = []

    struct ListMarker {
        var start: Int        // first unit of the marker (bullet included)
        var end: Int          // after the marker's final punctuation
        var periodAt: Int     // the "." of "1." / "a.", or -1
        var ordinal: Int
        var lettered: Bool
    }

    public init(abbreviations: AbbreviationList = .standard) throws {
        iterator = try BreakIterator(.sentence, locale: "en")
        self.abbreviations = abbreviations
    }

    /// The sentences of `text`. `language` forces every sentence's language tag; by default each
    /// sentence gets the language of its scripts.
    public func segment(_ text: String, language: Language? = nil) throws -> [Sentence] {
        try UTF16Conversion.fill(&units, from: text)
        return try segmentLoadedUnits(language: language)
    }

    /// The sentence texts of `text` (convenience for tests and small inputs).
    public func sentences(_ text: String, language: Language? = nil) throws -> [String] {
        try segment(text, language: language).map { $0.text(in: text) }
    }

    /// Segments the text loaded into `units`.
    private func segmentLoadedUnits(language: Language?) throws -> [Sentence] {
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
                if c <= lastStart { continue }
                if keepBoundary(c, sentenceStart: lastStart, u) { kept.append(c); lastStart = c }
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

    // MARK: - One pass over the text: line breaks, brackets, list markers, run-together sentences

    private func scanFeatures(softRanges: inout [Range<Int>]) {
        var softFound: [Range<Int>] = []
        var forcedFound: [Int] = []
        var spans: [Range<Int>] = []
        var markers: [ListMarker] = []
        units.withUnsafeMutableBufferPointer { u in
            let n = u.count
            var bracketStack: [(Int, UInt16)] = []
            var lineStart = 0
            // Whether the run of lines joined so far began like a sentence (capital, digit, quote, CJK).
            var runStartsSentence = false
            var runIsLatin = true
            var previousIsSpace = true
            do {
                let j = Self.firstNonBlank(UnsafeBufferPointer(u), 0)
                if j < n {
                    runStartsSentence = CharClass.isUpper(u[j]) || CharClass.isDigit(u[j]) || CharClass.isOpener(u[j]) || CharClass.isCJK(u[j])
                    runIsLatin = !CharClass.isCJK(u[j])
                }
            }
            var i = 0
            while i < n {
                let x = u[i]
                // Fast path: letters and most ASCII punctuation need nothing but a list-marker look.
                if x >= 0x41 && x < 0x80 && x != 0x5B {
                    if previousIsSpace && x >= 0x61 && x <= 0x7A && i + 1 < n && (u[i + 1] == 0x2E || u[i + 1] == 0x29)
                        && !followsBullet(u, i), let marker = listMarker(u, at: i) {
                        markers.append(marker)
                    }
                    previousIsSpace = false
                    i += 1
                    continue
                }
                // Fast path for kana and kanji (everything from U+3040 but the full-width brackets).
                if x >= 0x3040 && x < 0xFF00 && (x < 0xD800 || x >= 0xE000) {
                    previousIsSpace = false
                    i += 1
                    continue
                }
                if x == 0x0A || x == 0x0D || x == 0x2028 || x == 0x2029 || x == 0x85 {
                    // End of a line: decide whether the break after it is a soft wrap.
                    var breakEnd = i + 1
                    if x == 0x0D && i + 1 < n && u[i + 1] == 0x0A { breakEnd = i + 2 }
                    let lineEnd = i
                    let j = Self.firstNonBlank(UnsafeBufferPointer(u), breakEnd)
                    let nextFirst: UInt16 = j < n ? u[j] : 0
                    let nextIsBlank = j >= n || CharClass.isLineBreak(nextFirst) || nextFirst == 0x2029
                    var k = lineEnd
                    while k > lineStart && (u[k - 1] == 0x20 || u[k - 1] == 0x09 || u[k - 1] == 0x3000) { k -= 1 }
                    let thisIsBlank = k == lineStart
                    let trailingSpace = k < lineEnd
                    let leadingSpace = j > breakEnd
                    var soft = false
                    if !thisIsBlank && !nextIsBlank && x != 0x2029 {
                        let last = u[k - 1]
                        let first = nextFirst
                        if CharClass.isTerminator(last) || CharClass.isCloser(last) && k - 2 >= lineStart && CharClass.isTerminator(u[k - 2])
                            || last == 0x3A || last == 0xFF1A {
                            soft = false
                        } else if startsListItem(u, at: j) {
                            soft = false
                        } else if CharClass.isCJK(last) && CharClass.isCJK(first) {
                            soft = !trailingSpace && !leadingSpace && !(0x3000...0x303F).contains(last)
                        } else if CharClass.isCJK(last) || CharClass.isCJK(first) {
                            soft = false
                        } else if CharClass.isLower(first) {
                            soft = runStartsSentence && runIsLatin
                        } else if last == 0x2C && (CharClass.isLetter(first) || CharClass.isDigit(first)) {
                            soft = runStartsSentence
                        }
                    }
                    if soft {
                        for p in lineEnd..<breakEnd { u[p] = 0x20 }
                        softFound.append(lineEnd..<breakEnd)
                    } else {
                        bracketStack.removeAll(keepingCapacity: true)  // brackets never span a paragraph
                        runStartsSentence = j < n && (CharClass.isUpper(nextFirst) || CharClass.isDigit(nextFirst)
                            || CharClass.isOpener(nextFirst) || CharClass.isCJK(nextFirst))
                        runIsLatin = j < n && !CharClass.isCJK(nextFirst)
                    }
                    lineStart = breakEnd
                    previousIsSpace = true
                    i = breakEnd
                    continue
                }
                switch x {
                case 0x20, 0x09:
                    previousIsSpace = true
                    i += 1
                    continue
                case 0x300C, 0x300E, 0xFF08, 0x3010:  // 「 『 （ 【
                    bracketStack.append((i, x))
                case 0x300D, 0x300F, 0xFF09, 0x3011:  // 」 』 ） 】
                    let open: UInt16 = x == 0x300D ? 0x300C : x == 0x300F ? 0x300E : x == 0xFF09 ? 0xFF08 : 0x3010
                    if let idx = bracketStack.lastIndex(where: { $0.1 == open }) {
                        let start = bracketStack[idx].0
                        bracketStack.removeSubrange(idx...)
                        // Only outermost spans are kept; an inner span lies inside its parent.
                        if bracketStack.isEmpty {
                            while let last = spans.last, last.lowerBound > start { spans.removeLast() }
                            spans.append((start + 1)..<i)
                        }
                    }
                case 0x2E:  // "."
                    // "world.Today", "1,000.That": a sentence run together with the next one.
                    if i > 0 && i + 2 < n && (CharClass.isLower(u[i - 1]) || CharClass.isDigit(u[i - 1]))
                        && CharClass.isUpper(u[i + 1]) && CharClass.isLower(u[i + 2])
                        && !tokenIsAddress(u, around: i) && !(i > 1 && u[i - 2] == 0x2E) {
                        let wordStart = wordStartBefore(u, i)
                        let knownAbbreviation = PackedWord.pack(UnsafeBufferPointer(u), wordStart..<i)
                            .map { abbreviations.kind(packed: $0) != nil } ?? false
                        if CharClass.isDigit(u[i - 1]) || (i - wordStart >= 2 && !knownAbbreviation) {
                            forcedFound.append(i + 1)
                        }
                    }
                    if isSpacedEllipsisAfterWord(u, i) { forcedFound.append(i + 2) }
                default:
                    break
                }
                if previousIsSpace && (CharClass.isBullet(x) || (x >= 0x30 && x <= 0x39)) && mayStartListMarker(u, i, x)
                    && !followsBullet(u, i), let marker = listMarker(u, at: i) {
                    markers.append(marker)
                }
                previousIsSpace = CharClass.isSpace(x) || CharClass.isBullet(x)
                i += 1
            }
        }
        softRanges = softFound
        forced = forcedFound
        bracketSpans = spans
        listMarkers = markers
        selectListSequences()
        forced.sort()
    }

    @inline(__always)
    private static func firstNonBlank(_ u: UnsafeBufferPointer<UInt16>, _ from: Int) -> Int {
        var j = from
        while j < u.count && (u[j] == 0x20 || u[j] == 0x09 || u[j] == 0x3000) { j += 1 }
        return j
    }

    /// Cheap look-ahead before `listMarker`: "1." "12)" "a." "b)" or a bullet.
    @inline(__always)
    private func mayStartListMarker(_ u: UnsafeMutableBufferPointer<UInt16>, _ i: Int, _ x: UInt16) -> Bool {
        if CharClass.isBullet(x) { return true }
        let n = u.count
        if x >= 0x61 && x <= 0x7A { return i + 1 < n && (u[i + 1] == 0x2E || u[i + 1] == 0x29) }
        guard x >= 0x30 && x <= 0x39 else { return false }
        var p = i + 1
        while p < n && p - i < 3 && u[p] >= 0x30 && u[p] <= 0x39 { p += 1 }
        return p < n && (u[p] == 0x2E || u[p] == 0x29 || u[p] == 0xFF0E)
    }

    /// Whether the item number at `i` follows a bullet ("• 9."), which then starts the marker.
    private func followsBullet(_ u: UnsafeMutableBufferPointer<UInt16>, _ i: Int) -> Bool {
        var p = i
        while p > 0 && u[p - 1] == 0x20 { p -= 1 }
        return p > 0 && CharClass.isBullet(u[p - 1])
    }

    /// Whether a list item starts at `j` (used by the line-break policy).
    private func startsListItem(_ u: UnsafeMutableBufferPointer<UInt16>, at j: Int) -> Bool {
        guard j < u.count else { return false }
        let x = u[j]
        if CharClass.isBullet(x) || x == 0x2D || x == 0x2A || x == 0x30FB || x == 0x203B || x == 0xFF0A { return true }
        if let m = listMarker(u, at: j), m.end > j { return true }
        return false
    }

    /// A list marker at `i`: optional bullet, then 1–3 digits or one lower-case letter, then ".",
    /// ")", ".)" or "．）" / "）", then a space (or, in Japanese, the item's first character).
    private func listMarker(_ u: UnsafeMutableBufferPointer<UInt16>, at i: Int) -> ListMarker? {
        let n = u.count
        var p = i
        let start = i
        if CharClass.isBullet(u[p]) {
            p += 1
            while p < n && u[p] == 0x20 { p += 1 }
        }
        guard p < n else { return nil }
        var ordinal = 0
        var lettered = false
        let digitsStart = p
        while p < n && p - digitsStart < 3 && u[p] >= 0x30 && u[p] <= 0x39 { ordinal = ordinal * 10 + Int(u[p] - 0x30); p += 1 }
        if p == digitsStart {
            guard CharClass.isLower(u[p]) && u[p] <= 0x7A else { return nil }
            ordinal = Int(u[p] - 0x60)
            lettered = true
            p += 1
        }
        guard p < n else { return nil }
        if p < n && u[p] >= 0x30 && u[p] <= 0x39 { return nil }
        var periodAt = -1
        if u[p] == 0x2E || u[p] == 0xFF0E { periodAt = p; p += 1 }
        if p < n && (u[p] == 0x29 || u[p] == 0xFF09) { p += 1 } else if periodAt < 0 { return nil }
        guard p < n else { return nil }
        // A marker is followed by a space, or directly by Japanese text ("1.）これは").
        guard u[p] == 0x20 || u[p] == 0x3000 || (CharClass.isCJK(u[p]) && u[p - 1] != 0x2E) else { return nil }
        if lettered && periodAt >= 0 && p + 1 < n && !CharClass.isUpper(u[p + 1]) { return nil }
        return ListMarker(start: start, end: p, periodAt: periodAt, ordinal: ordinal, lettered: lettered)
    }

    /// Keeps the markers that form a sequence (n, n+1 …) of the same style, and forces a break
    /// before each marker but the first of a text.
    private func selectListSequences() {
        guard listMarkers.count >= 2 else { listMarkers.removeAll(); return }
        var keep = [Bool](repeating: false, count: listMarkers.count)
        for i in 1..<listMarkers.count {
            let a = listMarkers[i - 1], b = listMarkers[i]
            if a.lettered == b.lettered && b.ordinal == a.ordinal + 1 && (a.periodAt >= 0) == (b.periodAt >= 0) {
                keep[i - 1] = true
                keep[i] = true
            }
        }
        listMarkers = zip(listMarkers, keep).filter { $0.1 }.map { $0.0 }
        for m in listMarkers {
            if m.start > 0 { forced.append(m.start) }
            markerEndByStart[m.start] = m.end
            if m.periodAt >= 0 { markerPeriods.insert(m.periodAt) }
        }
    }

    private func tokenIsAddress(_ u: UnsafeMutableBufferPointer<UInt16>, around i: Int) -> Bool {
        var s = i, e = i
        while s > 0 && !CharClass.isSpace(u[s - 1]) { s -= 1 }
        while e < u.count && !CharClass.isSpace(u[e]) { e += 1 }
        for p in s..<e where u[p] == 0x40 || u[p] == 0x2F || u[p] == 0x5F { return true }  // @ / _
        return false
    }

    private func wordStartBefore(_ u: UnsafeMutableBufferPointer<UInt16>, _ i: Int) -> Int {
        var s = i
        while s > 0 && (CharClass.isLetter(u[s - 1]) || u[s - 1] == 0x2E) { s -= 1 }
        return s
    }

    /// "compounds. . . . The": a word's own period followed by a spaced three-dot ellipsis and a
    /// capital; the sentence ends at the word and the ellipsis opens the next one.
    private func isSpacedEllipsisAfterWord(_ u: UnsafeMutableBufferPointer<UInt16>, _ i: Int) -> Bool {
        guard i > 0, CharClass.isLetter(u[i - 1]), i + 8 < u.count else { return false }
        // ". . . . X": positions i, i+2, i+4, i+6 are dots with spaces between, then a space and a capital.
        for k in stride(from: 1, through: 7, by: 2) where u[i + k] != 0x20 { return false }
        for k in stride(from: 2, through: 6, by: 2) where u[i + k] != 0x2E { return false }
        return CharClass.isUpper(u[i + 8])
    }

    // MARK: - The keep/drop decision for one ICU boundary

    private func keepBoundary(_ b: Int, sentenceStart: Int, _ u: UnsafeBufferPointer<UInt16>) -> Bool {
        // e: just after the last non-space character before the boundary.
        var e = b
        var sawHardBreak = false
        while e > sentenceStart && CharClass.isSpace(u[e - 1]) {
            if CharClass.isLineBreak(u[e - 1]) || u[e - 1] == 0x2029 { sawHardBreak = true }
            e -= 1
        }
        if sawHardBreak { return true }
        if e == sentenceStart { return true }
        let hadSpace = e < b
        let next = u[b]

        // Inside Japanese brackets: never.
        if isInsideBrackets(e - 1) { return false }

        // Peel closing quotes/brackets off the end, then the terminators.
        var t = e
        var closers = 0
        while t > sentenceStart && CharClass.isCloser(u[t - 1]) { t -= 1; closers += 1 }
        let terminatorEnd = t
        while t > sentenceStart && CharClass.isTerminator(u[t - 1]) { t -= 1 }
        let terminatorStart = t
        if terminatorStart == terminatorEnd {
            // No terminator (ICU broke after a closer or a separator): keep ICU's decision unless
            // it is a list-marker piece.
            return !isOnlyListMarker(sentenceStart, e, u)
        }
        let lastTerminator = u[terminatorEnd - 1]

        // A list marker's own period never ends a sentence; nor does the break right after a marker.
        if isOnlyListMarker(sentenceStart, e, u) { return false }
        if !markerPeriods.isEmpty {
            for p in terminatorStart..<terminatorEnd where markerPeriods.contains(p) { return false }
        }

        // Japanese: 「…。」と言った — a closing bracket followed by a particle continues the sentence.
        if closers > 0, let closer = Optional(u[e - 1]), closer == 0x300D || closer == 0x300F || closer == 0xFF09,
           CharClass.isJapaneseContinuation(next) {
            return false
        }
        let latinTerminator = lastTerminator == 0x2E || lastTerminator == 0x21 || lastTerminator == 0x3F || lastTerminator == 0x2026
        if !latinTerminator { return true }

        // Latin punctuation needs a space after it to end a sentence ("U.S.–Japan").
        if !hadSpace && !CharClass.isCJK(next) { return false }

        // A word starting in lower case continues the sentence (UAX #29 already does this for ".").
        let nextWordStart = skipOpeners(b, u)
        if nextWordStart < u.count && CharClass.isLower(u[nextWordStart]) { return false }

        // Ellipses.
        if let keep = ellipsisDecision(terminatorStart, terminatorEnd, closers: closers, b: b, sentenceStart: sentenceStart, u) {
            return keep
        }
        if lastTerminator == 0x21 || lastTerminator == 0x3F {
            return !quoteContinuesWithSpeaker(closers: closers, b, u)
        }
        if closers > 0 && quoteContinuesWithSpeaker(closers: closers, b, u) { return false }
        if closers > 0 { return true }

        // A single period after a token: abbreviations and initials.
        if terminatorEnd - terminatorStart != 1 { return true }
        let tokenEnd = terminatorStart
        var tokenStart = tokenEnd
        while tokenStart > sentenceStart && (CharClass.isLetter(u[tokenStart - 1]) || u[tokenStart - 1] == 0x2E
            || u[tokenStart - 1] == 0xB0 || u[tokenStart - 1] == 0x27 || u[tokenStart - 1] == 0x2019) {
            tokenStart -= 1
        }
        if tokenStart == tokenEnd { return true }  // "$100.00." or ")." — an ordinary end
        let nextEnd = wordEnd(from: nextWordStart, u)
        let nextIsDigit = nextWordStart < u.count && CharClass.isDigit(u[nextWordStart])
        let nextStartsSentence = PackedWord.pack(u, nextWordStart..<nextEnd).map { SentenceStarters.packed.contains($0) } ?? false

        let packedToken = PackedWord.pack(u, tokenStart..<tokenEnd)
        let kind: AbbreviationKind?
        if let packedToken { kind = abbreviations.kind(packed: packedToken) }
        else { kind = abbreviations.kind(of: String(decoding: u[tokenStart..<tokenEnd], as: UTF16.self)) }
        switch kind {
        case .prefix?:
            return false
        case .number?:
            if nextIsDigit { return false }
            return nextStartsSentence
        case .ending?:
            return nextStartsSentence
        case nil:
            break
        }
        var letterCount = 0, periods = 0, hasDegree = false, firstLetter: UInt16 = 0
        for i in tokenStart..<tokenEnd {
            let x = u[i]
            if x == 0x2E { periods += 1 } else if x == 0xB0 { hasDegree = true }
            else if CharClass.isLetter(x) { if letterCount == 0 { firstLetter = x }; letterCount += 1 }
        }
        if hasDegree { return !nextIsDigit && nextStartsSentence }   // "N°. 1026"
        // A single capital: the pronoun "I" after a lower-case word, otherwise an initial.
        if letterCount == 1 && periods == 0 && CharClass.isUpper(firstLetter) {
            if firstLetter == 0x49 {  // "I"
                let before = previousWord(tokenStart, sentenceStart, u)
                if let f = before.utf16.first, CharClass.isLower(f) { return true }
                if before.isEmpty { return true }
            }
            return nextStartsSentence
        }
        // Dotted abbreviations like "U.S", "E.U", "D.C": end a sentence only before a starter.
        if periods > 0 && letterCount <= 5 && u[tokenStart] != 0x2E && dottedPartsAreShort(tokenStart, tokenEnd, u) {
            return nextStartsSentence
        }
        // A lower-case letter or short lower-case abbreviation before a number ("p. 55", "pt. 3").
        if nextIsDigit && letterCount <= 3 && periods == 0 && CharClass.isLower(firstLetter) { return false }
        return true
    }

    private func dottedPartsAreShort(_ s: Int, _ e: Int, _ u: UnsafeBufferPointer<UInt16>) -> Bool {
        var run = 0
        for i in s..<e {
            if u[i] == 0x2E { run = 0 } else { run += 1; if run > 2 { return false } }
        }
        return true
    }

    private func wordEnd(from p: Int, _ u: UnsafeBufferPointer<UInt16>) -> Int {
        var e = p
        while e < u.count && (CharClass.isLetter(u[e]) || u[e] == 0x27 || u[e] == 0x2019) { e += 1 }
        return e
    }

    /// Handles the boundary when the terminator run contains dots; nil when it is not an ellipsis.
    private func ellipsisDecision(_ ts: Int, _ te: Int, closers: Int, b: Int, sentenceStart: Int,
                                  _ u: UnsafeBufferPointer<UInt16>) -> Bool? {
        // Gather the whole dot run, spaced (". . .") or not ("...."), ending at te.
        var dots = 0
        var p = te
        var spaced = false
        while p > sentenceStart {
            let c = u[p - 1]
            if c == 0x2E { dots += 1; p -= 1 }
            else if c == 0x2026 { dots += 3; p -= 1 }
            else if c == 0x20 && p - 2 >= sentenceStart && u[p - 2] == 0x2E { spaced = true; p -= 1 }
            else { break }
        }
        if dots < 2 {
            // An omission in brackets ("[...]") is never an end: checked by the caller's closers.
            return nil
        }
        // "[...]": the dots sit in square brackets.
        if p > sentenceStart && u[p - 1] == 0x5B { return false }
        let attached = p > sentenceStart && !CharClass.isSpace(u[p - 1])
        let nextStart = skipOpeners(b, u)
        let nextIsCapital = nextStart < u.count && CharClass.isUpper(u[nextStart])
        if !nextIsCapital { return nextStart >= u.count || CharClass.isCJK(u[nextStart]) || u[nextStart] == 0x2E ? nil : false }
        if spaced {
            // ". . . ." (four) ends the sentence; ". . ." (three) marks an omission inside it.
            if attached { return dots >= 5 }
            return dots >= 4
        }
        return true
    }

    private func isInsideBrackets(_ position: Int) -> Bool {
        // bracketSpans are sorted and disjoint; binary search.
        var lo = 0, hi = bracketSpans.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = bracketSpans[mid]
            if position < r.lowerBound { hi = mid - 1 } else if position >= r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }

    private func isOnlyListMarker(_ s: Int, _ e: Int, _ u: UnsafeBufferPointer<UInt16>) -> Bool {
        var start = s
        while start < e && CharClass.isSpace(u[start]) { start += 1 }
        guard e - start <= 7 else { return false }
        if let mEnd = markerEndByStart[start] {
            var end = mEnd
            while end > start && CharClass.isSpace(u[end - 1]) { end -= 1 }
            return end >= e
        }
        // A Japanese-style "1.）" at a line start need not be part of a sequence.
        var p = start
        while p < e && CharClass.isDigit(u[p]) { p += 1 }
        if p > start && p < e && (u[p] == 0x2E || u[p] == 0xFF0E) {
            p += 1
            if p < e && (u[p] == 0xFF09 || u[p] == 0x29) { p += 1 }
            return p == e && (e - start) <= 5 && (u[e - 1] == 0xFF09 || start == 0 || CharClass.isLineBreak(u[start - 1]))
        }
        return false
    }

    private func skipOpeners(_ b: Int, _ u: UnsafeBufferPointer<UInt16>) -> Int {
        var p = b
        while p < u.count && (CharClass.isOpener(u[p]) || CharClass.isSpace(u[p])) { p += 1 }
        return p
    }

    private func previousWord(_ tokenStart: Int, _ sentenceStart: Int, _ u: UnsafeBufferPointer<UInt16>) -> String {
        var e = tokenStart
        while e > sentenceStart && !CharClass.isLetter(u[e - 1]) { e -= 1 }
        var s = e
        while s > sentenceStart && CharClass.isLetter(u[s - 1]) { s -= 1 }
        return String(decoding: u[s..<e], as: UTF16.self)
    }

    /// After a closing quote: "… ." Lee said / "…?" asked Kim / "…!" the minister added.
    private func quoteContinuesWithSpeaker(closers: Int, _ b: Int, _ u: UnsafeBufferPointer<UInt16>) -> Bool {
        guard closers > 0 else { return false }
        var p = b
        var capitalizedBefore = 0
        for index in 0..<4 {
            while p < u.count && u[p] == 0x20 { p += 1 }
            let e = wordEnd(from: p, u)
            if e == p { return false }
            if let key = PackedWord.pack(u, p..<e), SpeechVerbs.packed.contains(key) {
                // Everything before the verb is a name or a pronoun.
                return capitalizedBefore == index
            }
            if CharClass.isUpper(u[p]) { capitalizedBefore += 1 }
            p = e
            if p < u.count && u[p] != 0x20 { return false }  // punctuation ends the attribution
        }
        return false
    }
}
