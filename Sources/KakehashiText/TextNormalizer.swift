import ICUKit

/// The three normalized forms of a text.
public enum NormalizationForm: String, Sendable, CaseIterable, Codable {
    /// What a translator sees: NFC, with whitespace tidied (NBSP and other spaces → " ", zero-width
    /// characters and soft hyphens removed, runs of spaces → one, lines trimmed, CR LF → LF).
    case display
    /// Plain Unicode NFKC (ICU), nothing else.
    case nfkc
    /// The aggressive match key: NFKC_Casefold plus the folds NFKC misses (see `KeyFolder`), with
    /// all whitespace runs collapsed to one space. Used for matching and de-duplication only.
    case key
}

/// A normalized text that remembers where each piece came from in the original.
///
/// ```swift
/// let n = try TextNormalizer.normalizeTracking("Ｌｅｅ　said “hi”", form: .key)
/// n.text                                   // "lee said \"hi\""
/// n.originalRange(ofNormalized: 0..<3)     // 0..<9: the UTF-8 bytes of "Ｌｅｅ" in the original
/// ```
public struct NormalizedText: Sendable {
    public let original: String
    public let text: String
    public let form: NormalizationForm
    /// Anchor pairs (offset in `text`, offset in `original`), both UTF-8, ascending; each anchor
    /// starts a piece normalized on its own (a normalization segment), so between two anchors the
    /// normalized bytes come wholly from the original bytes between the same anchors.
    let anchors: [(normalized: Int, original: Int)]

    /// The UTF-8 range of the original text that produced `range` of the normalized text.
    public func originalRange(ofNormalized range: Range<Int>) -> Range<Int> {
        let start = originalOffset(forNormalized: range.lowerBound, roundingUp: false)
        let end = range.isEmpty ? start : originalOffset(forNormalized: range.upperBound, roundingUp: true)
        return start..<max(start, end)
    }

    private func originalOffset(forNormalized offset: Int, roundingUp: Bool) -> Int {
        // Last anchor whose normalized offset is ≤ offset (or < offset when rounding an end up).
        var lo = 0, hi = anchors.count - 1, found = 0
        while lo <= hi {
            let mid = (lo + hi) / 2
            let a = anchors[mid].normalized
            if a < offset || (!roundingUp && a == offset) { found = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        if roundingUp {
            // The end of the piece that holds the byte just before `offset`.
            var next = found + 1
            while next < anchors.count && anchors[next].normalized < offset { next += 1 }
            return next < anchors.count ? anchors[next].original : original.utf8.count
        }
        return anchors[found].original
    }
}

/// Display, NFKC and key normalization over ICU.
///
/// `normalize` is the fast path (whole text through ICU's UTF-8 normalizer, then one byte pass of
/// folds); `normalizeTracking` gives the same text plus a map back to the original, by normalizing
/// piece by piece between ICU's normalization boundaries.
///
/// ```swift
/// try TextNormalizer.normalize("ＡＰＥＣ首脳会議〜", form: .key)   // "apec首脳会議~"
/// ```
public enum TextNormalizer {
    /// - Throws: `ICUError` when ICU fails (a break iterator or normalizer that cannot start).
    public static func normalize(_ text: String, form: NormalizationForm) throws -> String {
        switch form {
        case .nfkc:
            return try Normalizer.nfkc.normalize(text)
        case .display:
            var folder = DisplayTidier()
            return folder.apply(to: try Normalizer.nfc.normalize(text))
        case .key:
            return try fastKey(text)
        }
    }

    /// The key form in one pass: ASCII runs are lower-cased and folded inline (NFKC_Casefold of
    /// ASCII is lower-casing), and only non-ASCII runs go through ICU's NFKC_Casefold — together
    /// with the character before them when they do not start at a normalization boundary, so that
    /// "e" + U+0301 still composes. Same result as `KeyFolder` after ICU on the whole text (tested).
    static func fastKey(_ text: String) throws -> String {
        var text = text
        var folder = KeyFolder()
        var out: [UInt8] = []
        let normalizer = Normalizer.nfkcCasefold
        try text.withUTF8 { b in
            out.reserveCapacity(b.count + 16)
            var scratch: [UInt8] = []
            let n = b.count
            var i = 0
            while i < n {
                // An ASCII run up to the next non-ASCII byte, lower-cased as it is folded.
                var j = i
                while j < n && b[j] < 0x80 { j += 1 }
                var runEnd = j
                if j < n && j > i {
                    // Keep the last ASCII character with the non-ASCII run if that run might combine with it.
                    if !normalizer.hasBoundary(before: decodeScalar(b, j)) { runEnd = j - 1 }
                }
                if runEnd > i {
                    folder.append(bytes: UnsafeBufferPointer(rebasing: b[i..<runEnd]), to: &out, lowercasingASCII: true)
                }
                i = runEnd
                if i >= n { break }
                // A non-ASCII run (with the ASCII character it may start with), through ICU unless
                // it is already normalized.
                var k = i
                if b[k] < 0x80 { k += 1 }
                while k < n && b[k] >= 0x80 { k += 1 }
                let run = UnsafeBufferPointer(rebasing: b[i..<k])
                if try normalizer.isNormalized(utf8: run) {
                    folder.append(bytes: run, to: &out)
                } else {
                    try normalizer.normalize(utf8: run, into: &scratch)
                    scratch.withUnsafeBufferPointer { folder.append(bytes: $0, to: &out) }
                }
                i = k
            }
        }
        folder.finish(&out)
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    static func decodeScalar(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Unicode.Scalar {
        let c = b[i]
        let n = b.count
        var v: UInt32 = 0xFFFD
        if c >= 0xF0 && i + 3 < n {
            v =
                UInt32(c & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6
                | UInt32(b[i + 3] & 0x3F)
        } else if c >= 0xE0 && i + 2 < n {
            v = UInt32(c & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
        } else if c >= 0xC0 && i + 1 < n {
            v = UInt32(c & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F)
        }
        return Unicode.Scalar(v) ?? "\u{FFFD}"
    }

    /// The key form by the plain route (ICU on the whole text, then the folds); the reference
    /// that `fastKey` is tested against.
    static func referenceKey(_ text: String) throws -> String {
        var folder = KeyFolder()
        return folder.apply(to: try Normalizer.nfkcCasefold.normalize(text))
    }

    /// The match key of `text` (shorthand for `normalize(text, form: .key)`).
    /// - Throws: `ICUError` when ICU fails (a break iterator or normalizer that cannot start).
    public static func key(_ text: String) throws -> String { try normalize(text, form: .key) }

    /// - Throws: `ICUError` when ICU fails (a break iterator or normalizer that cannot start).
    public static func normalizeTracking(_ text: String, form: NormalizationForm) throws -> NormalizedText {
        let normalizer: Normalizer
        switch form {
        case .nfkc: normalizer = .nfkc
        case .display: normalizer = .nfc
        case .key: normalizer = .nfkcCasefold
        }
        var display = DisplayTidier()
        var keyFolder = KeyFolder()
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        var anchors: [(normalized: Int, original: Int)] = []
        let scalars = text.unicodeScalars
        var pieceStart = scalars.startIndex
        var idx = scalars.startIndex
        var utf8Offset = 0
        var pieceUTF8Start = 0

        func flush(_ end: String.UnicodeScalarView.Index, endOffset: Int) throws {
            guard pieceStart < end else { return }
            let piece = String(scalars[pieceStart..<end])
            let normalized = try normalizer.normalize(piece)
            anchors.append((out.count, pieceUTF8Start))
            switch form {
            case .nfkc: out.append(contentsOf: normalized.utf8)
            case .display: display.append(normalized.utf8, to: &out)
            case .key: keyFolder.append(normalized.utf8, to: &out)
            }
            pieceStart = end
            pieceUTF8Start = endOffset
        }

        while idx < scalars.endIndex {
            let scalar = scalars[idx]
            if idx != pieceStart && normalizer.hasBoundary(before: scalar) {
                try flush(idx, endOffset: utf8Offset)
            }
            utf8Offset += scalar.utf8.count
            idx = scalars.index(after: idx)
        }
        try flush(scalars.endIndex, endOffset: utf8Offset)
        switch form {
        case .nfkc: break
        case .display: display.finish(&out)
        case .key: keyFolder.finish(&out)
        }
        if anchors.isEmpty { anchors.append((0, 0)) }
        return NormalizedText(original: text, text: String(decoding: out, as: UTF8.self), form: form, anchors: anchors)
    }
}

// MARK: - Folds

/// The folds the key form applies after NFKC_Casefold, each for a reason NFKC does not cover:
///
/// - Tildes and wave dashes → `~`: Shift_JIS 0x8160 decodes to U+301C WAVE DASH (JIS mapping) or
///   U+FF5E FULLWIDTH TILDE (Microsoft's), so the same "1995〜2001年" arrives either way; NFKC maps
///   only U+FF5E. Also U+223C TILDE OPERATOR, U+2053 SWUNG DASH, U+3030 WAVY DASH.
/// - Dashes and minus signs → `-`: U+2010–U+2015 (hyphen … horizontal bar), U+2212 MINUS SIGN,
///   U+2043 HYPHEN BULLET, U+2E3A/U+2E3B two- and three-em dashes; NFKC leaves them (it maps only
///   the fullwidth and small forms). "Korea–Japan" and "Korea-Japan" must meet.
/// - Long-vowel mark variants → `ー` (U+30FC) after kana: the same dashes, ASCII `-`, U+2500/U+2501
///   box-drawing lines and halfwidth ｰ are typed for the long vowel ("コンピュ－タ"). Outside kana
///   they stay dashes, so Latin text is never touched by this rule.
/// - Curly and other quotes → ASCII: ‘ ’ ‚ ‛ ′ and the backtick → `'`; “ ” „ ‟ « » → `"`. Word
///   processors curl quotes; translators' queries usually do not.
/// - Whitespace: ideographic space is a space after NFKC; every run of whitespace (including line
///   breaks) becomes one space, and the ends are trimmed.
struct KeyFolder {
    private var lastWasKana = false
    private var pendingSpace = false
    private var wroteAnything = false

    mutating func apply(to text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        append(text.utf8, to: &out)
        finish(&out)
        return String(decoding: out, as: UTF8.self)
    }

    mutating func finish(_ out: inout [UInt8]) { pendingSpace = false }

    mutating func append(_ bytes: String.UTF8View, to out: inout [UInt8]) {
        var copy = String(bytes)
        copy.withUTF8 { append(bytes: $0, to: &out) }
    }

    /// Folds UTF-8 bytes (already NFKC_Casefold) onto `out`. The output is never longer than
    /// three times the input plus a pending space (the widest fold is an ASCII `-` after kana,
    /// one byte, becoming `ー`, three), so it is written in place into space reserved up front.
    mutating func append(bytes b: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], lowercasingASCII: Bool = false) {
        let n = b.count
        if n == 0 { return }
        let base = out.count
        out.append(contentsOf: repeatElement(0, count: n * 3 + 1))
        var state = FoldState(
            position: base, pendingSpace: pendingSpace, wroteAnything: wroteAnything, lastWasKana: lastWasKana)
        out.withUnsafeMutableBufferPointer { o in
            state = Self.fold(b, into: o.baseAddress!, state, lower: lowercasingASCII ? 0x20 : 0)
        }
        out.removeSubrange(state.position...)
        lastWasKana = state.lastWasKana
        pendingSpace = state.pendingSpace
        wroteAnything = state.wroteAnything
    }

    /// The fold loop. Its state lives in locals (not in captured variables, which a write through
    /// a byte pointer could alias), so the ASCII copy runs at memory speed.
    static func fold(
        _ b: UnsafeBufferPointer<UInt8>, into p: UnsafeMutablePointer<UInt8>, _ start: FoldState, lower: UInt8
    ) -> FoldState {
        let n = b.count
        var w = start.position
        var pendingSpace = start.pendingSpace
        var wroteAnything = start.wroteAnything
        var lastWasKana = start.lastWasKana
        var i = 0
        while i < n {
            let c = b[i]
            if c < 0x80 {
                if c > 0x20 && c != 0x2D && c != 0x60 {
                    // The common case: a run of plain ASCII, lower-cased when asked.
                    if pendingSpace && wroteAnything { p[w] = 0x20; w += 1 }
                    pendingSpace = false
                    wroteAnything = true
                    var j = i
                    while j < n {
                        let x = b[j]
                        if x <= 0x20 || x >= 0x80 || x == 0x2D || x == 0x60 { break }
                        p[w] = (x &- 0x41) < 26 ? x | lower : x
                        w &+= 1
                        j &+= 1
                    }
                    i = j
                    lastWasKana = false
                    continue
                }
                switch c {
                case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D:
                    pendingSpace = true
                    lastWasKana = false
                default:
                    if pendingSpace && wroteAnything { p[w] = 0x20; w += 1 }
                    pendingSpace = false
                    wroteAnything = true
                    if c == 0x2D && lastWasKana {  // "-" after kana: a long-vowel mark
                        p[w] = 0xE3; p[w + 1] = 0x83; p[w + 2] = 0xBC; w += 3
                    } else {
                        p[w] = c == 0x60 ? 0x27 : c; w += 1
                        lastWasKana = false
                    }
                }
                i += 1
                continue
            }
            let (v, take) = decode(b, at: i)
            let (replacement, isSpace, isLongVowel) = foldClass(of: v, afterKana: lastWasKana)
            if isSpace {
                pendingSpace = true
                lastWasKana = false
            } else {
                if pendingSpace && wroteAnything { p[w] = 0x20; w += 1 }
                pendingSpace = false
                wroteAnything = true
                if isLongVowel {
                    p[w] = 0xE3; p[w + 1] = 0x83; p[w + 2] = 0xBC; w += 3
                } else if replacement != 0 {
                    p[w] = replacement; w += 1
                    lastWasKana = false
                } else {
                    for k in 0..<take { p[w + k] = b[i + k] }
                    w += take
                    lastWasKana = Unicode.Scalar(v).map { ScriptClass.isKanaLetter($0) } ?? false || v == 0x30FC  // kana letters and ー; the middle dot ・ is punctuation
                }
            }
            i += take
        }
        return FoldState(
            position: w, pendingSpace: pendingSpace, wroteAnything: wroteAnything, lastWasKana: lastWasKana)
    }
}

extension KeyFolder {
    /// The scalar whose UTF-8 starts at `i` (a lead byte of 0x80 or more), and how many bytes it
    /// takes; a sequence cut short by the end counts its lead byte's value and the bytes left.
    @inline(__always)
    static func decode(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (scalar: UInt32, length: Int) {
        let c = b[i]
        let n = b.count
        let length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
        var v: UInt32 = UInt32(c)
        if i + length <= n {
            switch length {
            case 2: v = UInt32(c & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F)
            case 3: v = UInt32(c & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
            default:
                v =
                    UInt32(c & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6
                    | UInt32(b[i + 3] & 0x3F)
            }
        }
        return (v, min(length, n - i))
    }

    /// How the fold writes a non-ASCII scalar: as a space, as one ASCII byte (`replacement`:
    /// wave dashes to "~", dashes to "-", curly quotes to straight ones; 0 for none), or, for a
    /// dash after kana, as the long-vowel mark ー.
    @inline(__always)
    static func foldClass(of v: UInt32, afterKana: Bool) -> (replacement: UInt8, isSpace: Bool, isLongVowel: Bool) {
        switch v {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return (0, true, false)
        case 0x301C, 0xFF5E, 0x223C, 0x2053, 0x3030:
            return (0x7E, false, false)
        case 0x2010...0x2015, 0x2212, 0x2043, 0x2E3A, 0x2E3B, 0xFE58, 0xFE63, 0xFF0D, 0x2500, 0x2501, 0xFF70:
            if afterKana { return (0, false, true) }
            return (v != 0x2500 && v != 0x2501 ? 0x2D : 0, false, false)
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032:
            return (0x27, false, false)
        case 0x201C, 0x201D, 0x201E, 0x201F, 0xAB, 0xBB:
            return (0x22, false, false)
        default:
            return (0, false, false)
        }
    }
}

/// Where `KeyFolder` writes next, and the state that spans calls.
struct FoldState {
    var position: Int
    var pendingSpace: Bool
    var wroteAnything: Bool
    var lastWasKana: Bool
}

/// The display form's whitespace tidying, applied after NFC (see `NormalizationForm.display`).
/// Zero-width joiners and non-joiners stay: they change how emoji and some scripts render.
struct DisplayTidier {
    private var pendingSpace = false
    private var atLineStart = true
    private var lastWasCR = false

    mutating func apply(to text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        append(text.utf8, to: &out)
        finish(&out)
        return String(decoding: out, as: UTF8.self)
    }

    mutating func finish(_ out: inout [UInt8]) { pendingSpace = false }

    mutating func append(_ bytes: String.UTF8View, to out: inout [UInt8]) {
        var copy = String(bytes)
        copy.withUTF8 { append(bytes: $0, to: &out) }
    }

    /// The output is never longer than the input, so it is written in place.
    mutating func append(bytes b: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let n = b.count
        let base = out.count
        out.append(contentsOf: repeatElement(0, count: n + 1))
        var w = base
        var pendingSpace = self.pendingSpace, atLineStart = self.atLineStart, lastWasCR = self.lastWasCR
        out.withUnsafeMutableBufferPointer { o in
            var i = 0
            while i < n {
                let c = b[i]
                if c == 0x0A && lastWasCR { lastWasCR = false; i += 1; continue }  // CR LF → one LF
                lastWasCR = false
                if c < 0x80 {
                    switch c {
                    case 0x20, 0x09:
                        if !atLineStart { pendingSpace = true }
                    case 0x0D, 0x0A:
                        o[w] = 0x0A; w += 1
                        lastWasCR = c == 0x0D
                        pendingSpace = false
                        atLineStart = true
                    default:
                        if pendingSpace { o[w] = 0x20; w += 1; pendingSpace = false }
                        atLineStart = false
                        o[w] = c; w += 1
                    }
                    i += 1
                    continue
                }
                let length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
                guard i + length <= n else { o[w] = c; w += 1; i += 1; continue }
                let b1 = b[i + 1]
                let b2: UInt8 = length > 2 ? b[i + 2] : 0
                let isSpace =
                    (c == 0xC2 && b1 == 0xA0) || (c == 0xE2 && b1 == 0x80 && (b2 <= 0x8A || b2 == 0xAF))
                    || (c == 0xE2 && b1 == 0x81 && b2 == 0x9F) || (c == 0xE1 && b1 == 0x9A && b2 == 0x80)
                let isInvisible =
                    (c == 0xE2 && b1 == 0x80 && b2 == 0x8B) || (c == 0xE2 && b1 == 0x81 && b2 == 0xA0)
                    || (c == 0xEF && b1 == 0xBB && b2 == 0xBF) || (c == 0xC2 && b1 == 0xAD)
                if isInvisible {
                } else if isSpace {
                    if !atLineStart { pendingSpace = true }
                } else {
                    if pendingSpace { o[w] = 0x20; w += 1; pendingSpace = false }
                    atLineStart = false
                    for k in 0..<length { o[w] = b[i + k]; w += 1 }
                }
                i += length
            }
        }
        out.removeSubrange(w...)
        self.pendingSpace = pendingSpace
        self.atLineStart = atLineStart
        self.lastWasCR = lastWasCR
    }
}
