import ICUKit

extension SentenceSegmenter {
    // MARK: - The keep/drop decision for one ICU boundary

    func keepBoundary(_ b: Int, sentenceStart: Int, _ u: UnsafeBufferPointer<UInt16>) -> Bool {
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
            CharClass.isJapaneseContinuation(next)
        {
            return false
        }
        let latinTerminator =
            lastTerminator == 0x2E || lastTerminator == 0x21 || lastTerminator == 0x3F || lastTerminator == 0x2026
        if !latinTerminator { return true }

        // Latin punctuation needs a space after it to end a sentence ("U.S.–Japan").
        // An opening bracket or quote may follow without one ("said so.“We", "left.(Later").
        if !hadSpace && !CharClass.isCJK(next) && !CharClass.isStrictOpener(next) { return false }

        // A word starting in lower case continues the sentence (UAX #29 already does this for ".").
        let nextWordStart = skipOpeners(b, u)
        if nextWordStart < u.count && CharClass.isLower(u[nextWordStart]) { return false }

        // Ellipses.
        if let keep = ellipsisDecision(
            terminatorStart, terminatorEnd, closers: closers, b: b, sentenceStart: sentenceStart, u)
        {
            return keep
        }
        if lastTerminator == 0x21 && closers == 0 && terminatorEnd - terminatorStart == 1
            && Self.isExclamationName(endingAt: terminatorStart, sentenceStart: sentenceStart, u)
        {
            return false
        }
        if lastTerminator == 0x21 || lastTerminator == 0x3F {
            return !quoteContinuesWithSpeaker(closers: closers, b, u)
        }
        if closers > 0 && quoteContinuesWithSpeaker(closers: closers, b, u) { return false }
        if closers > 0 { return true }

        // A single period after a token: abbreviations and initials.
        if terminatorEnd - terminatorStart != 1 { return true }
        return keepAfterToken(endingAt: terminatorStart, nextWordStart: nextWordStart, sentenceStart: sentenceStart, u)
    }

    /// Names written with "!" ("Yahoo! News", "oOh! Media", "Jeopardy! host"): the "!" is part of
    /// the name, not the end of a sentence.
    static func isExclamationName(endingAt end: Int, sentenceStart: Int, _ u: UnsafeBufferPointer<UInt16>) -> Bool {
        var start = end
        while start > sentenceStart && CharClass.isLetter(u[start - 1]) { start -= 1 }
        guard end - start >= 3, end - start <= 10, start == sentenceStart || !CharClass.isLetter(u[start - 1]) else {
            return false
        }
        let word = String(decoding: u[start..<end].map { CharClass.isUpper($0) ? $0 + 0x20 : $0 }, as: UTF16.self)
        return exclamationNames.contains(word)
    }

    static let exclamationNames: Set<String> = ["yahoo", "ooh", "jeopardy", "wham", "oklahoma", "mamma"]

    /// The period at `tokenEnd` after a word (letters, periods, ° and apostrophes): whether it
    /// ends the sentence. Known abbreviations by kind (a prefix such as "Mr." never; a number
    /// abbreviation such as "No." not before a digit; an ending such as "etc." before a sentence
    /// starter), "N°.", the pronoun "I" against an initial, dotted abbreviations ("U.S"), and "p. 55".
    func keepAfterToken(
        endingAt tokenEnd: Int, nextWordStart: Int, sentenceStart: Int, _ u: UnsafeBufferPointer<UInt16>
    ) -> Bool {
        var tokenStart = tokenEnd
        while tokenStart > sentenceStart
            && (CharClass.isLetter(u[tokenStart - 1]) || u[tokenStart - 1] == 0x2E
                || u[tokenStart - 1] == 0xB0 || u[tokenStart - 1] == 0x27 || u[tokenStart - 1] == 0x2019)
        {
            tokenStart -= 1
        }
        if tokenStart == tokenEnd { return true }  // "$100.00." or ")." — an ordinary end
        let nextEnd = wordEnd(from: nextWordStart, u)
        let nextIsDigit = nextWordStart < u.count && CharClass.isDigit(u[nextWordStart])
        let nextStartsSentence =
            PackedWord.pack(u, nextWordStart..<nextEnd).map { SentenceStarters.packed.contains($0) } ?? false

        let packedToken = PackedWord.pack(u, tokenStart..<tokenEnd)
        let kind: AbbreviationKind?
        if let packedToken {
            kind = abbreviations.kind(packed: packedToken)
        } else {
            kind = abbreviations.kind(of: String(decoding: u[tokenStart..<tokenEnd], as: UTF16.self))
        }
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
            if x == 0x2E {
                periods += 1
            } else if x == 0xB0 {
                hasDegree = true
            } else if CharClass.isLetter(x) {
                if letterCount == 0 { firstLetter = x }; letterCount += 1
            }
        }
        if hasDegree { return !nextIsDigit && nextStartsSentence }  // "N°. 1026"
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

    func dottedPartsAreShort(_ s: Int, _ e: Int, _ u: UnsafeBufferPointer<UInt16>) -> Bool {
        var run = 0
        for i in s..<e {
            if u[i] == 0x2E { run = 0 } else { run += 1; if run > 2 { return false } }
        }
        return true
    }

    func wordEnd(from p: Int, _ u: UnsafeBufferPointer<UInt16>) -> Int {
        var e = p
        while e < u.count && (CharClass.isLetter(u[e]) || u[e] == 0x27 || u[e] == 0x2019) { e += 1 }
        return e
    }

    /// Handles the boundary when the terminator run contains dots; nil when it is not an ellipsis.
    func ellipsisDecision(
        _ ts: Int, _ te: Int, closers: Int, b: Int, sentenceStart: Int,
        _ u: UnsafeBufferPointer<UInt16>
    ) -> Bool? {
        // Gather the whole dot run, spaced (". . .") or not ("...."), ending at te.
        var dots = 0
        var p = te
        var spaced = false
        while p > sentenceStart {
            let c = u[p - 1]
            if c == 0x2E {
                dots += 1; p -= 1
            } else if c == 0x2026 {
                dots += 3; p -= 1
            } else if c == 0x20 && p - 2 >= sentenceStart && u[p - 2] == 0x2E {
                spaced = true; p -= 1
            } else {
                break
            }
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
        // Between Japanese text on both sides, an ellipsis trails off inside the sentence
        // (サヨナラ負け...大谷は, シースルーに...など): Japanese sentences end at 。！？.
        if nextStart < u.count, CharClass.isCJK(u[nextStart]) {
            var q = p
            while q > sentenceStart && CharClass.isSpace(u[q - 1]) { q -= 1 }
            if q > sentenceStart && CharClass.isCJK(u[q - 1]) && !CharClass.isTerminator(u[q - 1]) { return false }
        }
        if !nextIsCapital {
            return nextStart >= u.count || CharClass.isCJK(u[nextStart]) || u[nextStart] == 0x2E ? nil : false
        }
        if spaced {
            // ". . . ." (four) ends the sentence; ". . ." (three) marks an omission inside it.
            if attached { return dots >= 5 }
            return dots >= 4
        }
        return true
    }

    func isInsideBrackets(_ position: Int) -> Bool {
        // bracketSpans are sorted and disjoint; binary search.
        var lo = 0, hi = bracketSpans.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = bracketSpans[mid]
            if position < r.lowerBound {
                hi = mid - 1
            } else if position >= r.upperBound {
                lo = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    func isOnlyListMarker(_ s: Int, _ e: Int, _ u: UnsafeBufferPointer<UInt16>) -> Bool {
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
            return p == e && (e - start) <= 5
                && (u[e - 1] == 0xFF09 || start == 0 || CharClass.isLineBreak(u[start - 1]))
        }
        return false
    }

    func skipOpeners(_ b: Int, _ u: UnsafeBufferPointer<UInt16>) -> Int {
        var p = b
        while p < u.count && (CharClass.isOpener(u[p]) || CharClass.isSpace(u[p])) { p += 1 }
        return p
    }

    func previousWord(_ tokenStart: Int, _ sentenceStart: Int, _ u: UnsafeBufferPointer<UInt16>) -> String {
        var e = tokenStart
        while e > sentenceStart && !CharClass.isLetter(u[e - 1]) { e -= 1 }
        var s = e
        while s > sentenceStart && CharClass.isLetter(u[s - 1]) { s -= 1 }
        return String(decoding: u[s..<e], as: UTF16.self)
    }

    /// After a closing quote: "… ." Lee said / "…?" asked Kim / "…!" the minister added. The
    /// attribution is short and ends there: "He said Friday that …" begins a sentence of its own.
    func quoteContinuesWithSpeaker(closers: Int, _ b: Int, _ u: UnsafeBufferPointer<UInt16>) -> Bool {
        guard closers > 0 else { return false }
        var p = b
        var capitalizedBefore = 0
        var verbAt: Int? = nil
        for index in 0..<7 {
            while p < u.count && u[p] == 0x20 { p += 1 }
            let e = nameWordEnd(from: p, u)
            if e == p { return false }
            if verbAt == nil {
                if index == 4 { return false }
                if let key = PackedWord.pack(u, p..<e), SpeechVerbs.packed.contains(key) {
                    // Everything before the verb is a name or a pronoun.
                    guard capitalizedBefore == index else { return false }
                    verbAt = index
                } else if CharClass.isUpper(u[p]) {
                    capitalizedBefore += 1
                }
            } else if let key = PackedWord.pack(u, p..<e), AttributionStoppers.packed.contains(key) {
                return false  // "said that …", "said the plan …": a reported clause, not an attribution
            }
            p = e
            if p >= u.count || CharClass.isLineBreak(u[p]) { return verbAt != nil }
            if u[p] != 0x20 {
                // Punctuation ends the attribution: it must have reached its verb by then. A colon,
                // or a comma before a quote, introduces new speech ("She added: "But …").
                if u[p] == 0x3A || u[p] == 0xFF1A { return false }
                if u[p] == 0x2C && p + 2 < u.count && u[p + 1] == 0x20 && CharClass.isOpener(u[p + 2]) { return false }
                return verbAt != nil
            }
            if let v = verbAt, index - v >= 3 { return false }
        }
        return false
    }

    /// The end of a word of a name: letters, apostrophes, and inner hyphens or periods ("Jae-myung", "J.R.").
    func nameWordEnd(from p: Int, _ u: UnsafeBufferPointer<UInt16>) -> Int {
        var e = wordEnd(from: p, u)
        while e > p && e + 1 < u.count && (u[e] == 0x2D || u[e] == 0x2E) && CharClass.isLetter(u[e + 1]) {
            e = wordEnd(from: e + 1, u)
        }
        return e
    }
}
