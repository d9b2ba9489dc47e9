import ICUKit

extension SentenceSegmenter {
    // MARK: - One pass over the text: line breaks, brackets, list markers, run-together sentences

    func scanFeatures(softRanges: inout [Range<Int>]) {
        var softFound: [Range<Int>] = []
        var forcedFound: [Int] = []
        var spans: [Range<Int>] = []
        var markers: [ListMarker] = []
        units.withUnsafeMutableBufferPointer { u in
            let n = u.count
            var bracketStack: [(Int, UInt16)] = []
            // Where an English double quote opened ("…" or “…”), if it is still open.
            var quoteStart: Int? = nil
            var lineStart = 0
            // Whether the run of lines joined so far began like a sentence (capital, digit, quote, CJK).
            var runStartsSentence = false
            var runIsLatin = true
            var previousIsSpace = true
            let wrapWidth = Self.wrapWidth(UnsafeBufferPointer(u))
            do {
                let j = Self.firstNonBlank(UnsafeBufferPointer(u), 0)
                if j < n { (runStartsSentence, runIsLatin) = Self.runStart(u[j]) }
            }
            var i = 0
            while i < n {
                let x = u[i]
                // Fast path: letters and most ASCII punctuation need nothing but a list-marker look.
                if x >= 0x41 && x < 0x80 && x != 0x5B {
                    if previousIsSpace && x >= 0x61 && x <= 0x7A && i + 1 < n && (u[i + 1] == 0x2E || u[i + 1] == 0x29)
                        && !followsBullet(u, i), let marker = listMarker(u, at: i)
                    {
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
                    let soft =
                        x != 0x2029
                        && isSoftBreak(
                            u, line: lineStart..<lineEnd, breakEnd: breakEnd, next: j,
                            runStartsSentence: runStartsSentence, runIsLatin: runIsLatin, wrapWidth: wrapWidth)
                    if soft {
                        for p in lineEnd..<breakEnd { u[p] = 0x20 }
                        softFound.append(lineEnd..<breakEnd)
                    } else {
                        bracketStack.removeAll(keepingCapacity: true)  // brackets never span a paragraph
                        quoteStart = nil
                        (runStartsSentence, runIsLatin) = j < n ? Self.runStart(u[j]) : (false, false)
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
                    Self.closeBracket(x, at: i, stack: &bracketStack, spans: &spans)
                case 0x201C:  // “ (a second one while one is open: the first was never closed)
                    if bracketStack.isEmpty { quoteStart = i }
                case 0x201D:  // ”
                    Self.closeQuote(&quoteStart, at: i, spans: &spans)
                case 0x22:  // " closes after a non-space, opens before one
                    if quoteStart != nil, i > 0, !CharClass.isSpace(u[i - 1]) {
                        Self.closeQuote(&quoteStart, at: i, spans: &spans)
                    } else if bracketStack.isEmpty, i + 1 < n, !CharClass.isSpace(u[i + 1]),
                        i == 0 || !(CharClass.isLetter(u[i - 1]) || CharClass.isDigit(u[i - 1]))
                    {
                        // An opening quote while one is open: the first was never closed (a quote
                        // running over several paragraphs closes only in its last).
                        quoteStart = i
                    }
                case 0x2E:  // "."
                    if runsTogether(u, at: i) { forcedFound.append(i + 1) }
                    if isSpacedEllipsisAfterWord(u, i) { forcedFound.append(i + 2) }
                default:
                    break
                }
                if previousIsSpace && (CharClass.isBullet(x) || (x >= 0x30 && x <= 0x39)) && mayStartListMarker(u, i, x)
                    && !followsBullet(u, i), let marker = listMarker(u, at: i)
                {
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

    /// Whether a run of lines that starts with `c` began like a sentence (a capital, a digit, an
    /// opening quote or bracket, CJK), and whether it is Latin text.
    @inline(__always)
    static func runStart(_ c: UInt16) -> (startsSentence: Bool, isLatin: Bool) {
        (
            CharClass.isUpper(c) || CharClass.isDigit(c) || CharClass.isOpener(c) || CharClass.isCJK(c),
            !CharClass.isCJK(c)
        )
    }

    /// Whether the line break after `line` is a soft wrap inside a sentence: the next line starts
    /// at `next`; the break's own characters end at `breakEnd`. Never after a blank line or before
    /// one, a terminator or a colon, or before a list item; between two CJK characters when no
    /// space surrounds it; before a lower-case letter in a Latin run that began like a sentence,
    /// or after a comma.
    func isSoftBreak(
        _ u: UnsafeMutableBufferPointer<UInt16>, line: Range<Int>, breakEnd: Int, next j: Int,
        runStartsSentence: Bool, runIsLatin: Bool, wrapWidth: Int? = nil
    ) -> Bool {
        let n = u.count
        let first: UInt16 = j < n ? u[j] : 0
        let nextIsBlank = j >= n || CharClass.isLineBreak(first) || first == 0x2029
        var k = line.upperBound
        while k > line.lowerBound && (u[k - 1] == 0x20 || u[k - 1] == 0x09 || u[k - 1] == 0x3000) { k -= 1 }
        guard k != line.lowerBound, !nextIsBlank else { return false }
        let trailingSpace = k < line.upperBound
        let leadingSpace = j > breakEnd
        let last = u[k - 1]
        if CharClass.isTerminator(last)
            || CharClass.isCloser(last) && k - 2 >= line.lowerBound && CharClass.isTerminator(u[k - 2])
            || last == 0x3A || last == 0xFF1A
        {
            return false
        }
        if startsListItem(u, at: j) { return false }
        if CharClass.isCJK(last) && CharClass.isCJK(first) {
            guard !trailingSpace && !leadingSpace && !(0x3000...0x303F).contains(last) else { return false }
            // Hard-wrapped text (lines of one width) wraps wherever the width ends.
            if let wrapWidth, k - line.lowerBound >= wrapWidth - 2 { return true }
            // Otherwise a line that ends without final punctuation on anything but hiragana (a
            // particle or an inflection: 父の / 家) is a line of its own: a headline, a byline, a
            // price line.
            return (0x3041...0x309F).contains(last)
        }
        if CharClass.isCJK(last) || CharClass.isCJK(first) { return false }
        if CharClass.isLower(first) { return runStartsSentence && runIsLatin }
        if last == 0x2C && (CharClass.isLetter(first) || CharClass.isDigit(first)) { return runStartsSentence }
        return false
    }

    /// The width of hard-wrapped Japanese text (older text files): the length shared by most of
    /// its lines of twelve units or more that end in a CJK character, when at least three lines
    /// and half of them share it (within one); nil for text laid out by paragraphs.
    static func wrapWidth(_ u: UnsafeBufferPointer<UInt16>) -> Int? {
        var counts: [Int: Int] = [:]
        var total = 0
        var start = 0
        for i in 0...u.count {
            guard i == u.count || u[i] == 0x0A else { continue }
            var end = i
            while end > start && (u[end - 1] == 0x20 || u[end - 1] == 0x0D || u[end - 1] == 0x3000) { end -= 1 }
            if end - start >= 12, CharClass.isCJK(u[end - 1]) {
                counts[end - start, default: 0] += 1
                total += 1
            }
            start = i + 1
        }
        guard let (width, _) = counts.max(by: { $0.value < $1.value || $0.value == $1.value && $0.key > $1.key })
        else { return nil }
        let near = (width - 1...width + 1).reduce(0) { $0 + (counts[$1] ?? 0) }
        return near >= 3 && near * 2 >= total ? width : nil
    }

    /// The longest English quotation (UTF-16 units) kept whole: a quote mark paired wrongly must
    /// not swallow a paragraph. (On WMT21 news any cap from 600 units up gives the same boundaries.)
    static let longestQuote = 1000

    /// A closing quote at `i`: the quotation open since `start` (if any) is kept whole unless it
    /// is longer than `longestQuote`, and no quotation is open any more.
    @inline(__always)
    static func closeQuote(_ start: inout Int?, at i: Int, spans: inout [Range<Int>]) {
        if let s = start, i - s <= longestQuote { addSpan(s, i, spans: &spans) }
        start = nil
    }

    /// The span inside a quote or bracket opened at `start` and closed at `end`; only outermost
    /// spans are kept.
    @inline(__always)
    static func addSpan(_ start: Int, _ end: Int, spans: inout [Range<Int>]) {
        while let last = spans.last, last.lowerBound > start { spans.removeLast() }
        if let last = spans.last, last.upperBound > start { return }
        spans.append((start + 1)..<end)
    }

    /// A closing bracket (」 』 ） 】) at `i`: ends the span of its opening one; only outermost
    /// spans are kept (an inner span lies inside its parent).
    @inline(__always)
    static func closeBracket(_ x: UInt16, at i: Int, stack: inout [(Int, UInt16)], spans: inout [Range<Int>]) {
        let open: UInt16 = x == 0x300D ? 0x300C : x == 0x300F ? 0x300E : x == 0xFF09 ? 0xFF08 : 0x3010
        guard let idx = stack.lastIndex(where: { $0.1 == open }) else { return }
        let start = stack[idx].0
        stack.removeSubrange(idx...)
        // Recorded even inside an opener still open: that one may never close (a stray 「 earlier
        // in the paragraph); if it does, its span replaces this one.
        addSpan(start, i, spans: &spans)
    }

    /// "world.Today", "1,000.That": a sentence run together with the next one at the full stop
    /// at `i` (not in an address, an initialism or a known abbreviation).
    func runsTogether(_ u: UnsafeMutableBufferPointer<UInt16>, at i: Int) -> Bool {
        let n = u.count
        guard
            i > 0 && i + 2 < n && (CharClass.isLower(u[i - 1]) || CharClass.isDigit(u[i - 1]))
                && CharClass.isUpper(u[i + 1]) && CharClass.isLower(u[i + 2])
                && !tokenIsAddress(u, around: i) && !(i > 1 && u[i - 2] == 0x2E)
        else { return false }
        let wordStart = wordStartBefore(u, i)
        let knownAbbreviation =
            PackedWord.pack(UnsafeBufferPointer(u), wordStart..<i)
            .map { abbreviations.kind(packed: $0) != nil } ?? false
        return CharClass.isDigit(u[i - 1]) || (i - wordStart >= 2 && !knownAbbreviation)
    }

    @inline(__always)
    static func firstNonBlank(_ u: UnsafeBufferPointer<UInt16>, _ from: Int) -> Int {
        var j = from
        while j < u.count && (u[j] == 0x20 || u[j] == 0x09 || u[j] == 0x3000) { j += 1 }
        return j
    }

    /// Cheap look-ahead before `listMarker`: "1." "12)" "a." "b)" or a bullet.
    @inline(__always)
    func mayStartListMarker(_ u: UnsafeMutableBufferPointer<UInt16>, _ i: Int, _ x: UInt16) -> Bool {
        if CharClass.isBullet(x) { return true }
        let n = u.count
        if x >= 0x61 && x <= 0x7A { return i + 1 < n && (u[i + 1] == 0x2E || u[i + 1] == 0x29) }
        guard x >= 0x30 && x <= 0x39 else { return false }
        var p = i + 1
        while p < n && p - i < 3 && u[p] >= 0x30 && u[p] <= 0x39 { p += 1 }
        return p < n && (u[p] == 0x2E || u[p] == 0x29 || u[p] == 0xFF0E)
    }

    /// Whether the item number at `i` follows a bullet ("• 9."), which then starts the marker.
    func followsBullet(_ u: UnsafeMutableBufferPointer<UInt16>, _ i: Int) -> Bool {
        var p = i
        while p > 0 && u[p - 1] == 0x20 { p -= 1 }
        return p > 0 && CharClass.isBullet(u[p - 1])
    }

    /// Whether a list item starts at `j` (used by the line-break policy).
    func startsListItem(_ u: UnsafeMutableBufferPointer<UInt16>, at j: Int) -> Bool {
        guard j < u.count else { return false }
        let x = u[j]
        if CharClass.isBullet(x) || x == 0x2D || x == 0x2A || x == 0x30FB || x == 0x203B || x == 0xFF0A { return true }
        if let m = listMarker(u, at: j), m.end > j { return true }
        return false
    }

    /// A list marker at `i`: optional bullet, then 1–3 digits or one lower-case letter, then ".",
    /// ")", ".)" or "．）" / "）", then a space (or, in Japanese, the item's first character).
    func listMarker(_ u: UnsafeMutableBufferPointer<UInt16>, at i: Int) -> ListMarker? {
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
        while p < n && p - digitsStart < 3 && u[p] >= 0x30 && u[p] <= 0x39 {
            ordinal = ordinal * 10 + Int(u[p] - 0x30); p += 1
        }
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
    func selectListSequences() {
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

    func tokenIsAddress(_ u: UnsafeMutableBufferPointer<UInt16>, around i: Int) -> Bool {
        var s = i, e = i
        while s > 0 && !CharClass.isSpace(u[s - 1]) { s -= 1 }
        while e < u.count && !CharClass.isSpace(u[e]) { e += 1 }
        for p in s..<e where u[p] == 0x40 || u[p] == 0x2F || u[p] == 0x5F { return true }  // @ / _
        return false
    }

    func wordStartBefore(_ u: UnsafeMutableBufferPointer<UInt16>, _ i: Int) -> Int {
        var s = i
        while s > 0 && (CharClass.isLetter(u[s - 1]) || u[s - 1] == 0x2E) { s -= 1 }
        return s
    }

    /// "compounds. . . . The": a word's own period followed by a spaced three-dot ellipsis and a
    /// capital; the sentence ends at the word and the ellipsis opens the next one.
    func isSpacedEllipsisAfterWord(_ u: UnsafeMutableBufferPointer<UInt16>, _ i: Int) -> Bool {
        guard i > 0, CharClass.isLetter(u[i - 1]), i + 8 < u.count else { return false }
        // ". . . . X": positions i, i+2, i+4, i+6 are dots with spaces between, then a space and a capital.
        for k in stride(from: 1, through: 7, by: 2) where u[i + k] != 0x20 { return false }
        for k in stride(from: 2, through: 6, by: 2) where u[i + k] != 0x2E { return false }
        return CharClass.isUpper(u[i + 8])
    }
}
