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
    public static func normalize(_ text: String, form: NormalizationForm) throws -> String {
        switch form {
        case .nfkc:
            return try Normalizer.nfkc.normalize(text)
        case .display:
            var folder = DisplayTidier()
            return folder.apply(to: try Normalizer.nfc.normalize(text))
        case .key:
            var folder = KeyFolder()
            return folder.apply(to: try Normalizer.nfkcCasefold.normalize(text))
        }
    }

    /// The match key of `text` (shorthand for `normalize(text, form: .key)`).
    public static func key(_ text: String) throws -> String { try normalize(text, form: .key) }

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

@inline(__always) private func isKanaScalar(_ v: UInt32) -> Bool {
    (0x3041...0x309F).contains(v) || (0x30A1...0x30FF).contains(v) || (0x31F0...0x31FF).contains(v)
}

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
        out.reserveCapacity(text.utf8.count)
        append(text.utf8, to: &out)
        finish(&out)
        return String(decoding: out, as: UTF8.self)
    }

    mutating func finish(_ out: inout [UInt8]) { pendingSpace = false }

    @inline(__always)
    private mutating func emit(_ bytes: [UInt8], to out: inout [UInt8]) {
        if pendingSpace && wroteAnything { out.append(0x20) }
        pendingSpace = false
        wroteAnything = true
        out.append(contentsOf: bytes)
    }

    @inline(__always)
    private mutating func emitByte(_ b: UInt8, to out: inout [UInt8]) {
        if pendingSpace && wroteAnything { out.append(0x20) }
        pendingSpace = false
        wroteAnything = true
        out.append(b)
    }

    private static let longVowel: [UInt8] = [0xE3, 0x83, 0xBC]

    mutating func append<C: Collection>(_ bytes: C, to out: inout [UInt8]) where C.Element == UInt8, C.Index == String.UTF8View.Index {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b < 0x80 {
                switch b {
                case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D:
                    pendingSpace = true
                    lastWasKana = false
                case 0x2D:  // '-' after kana is a long-vowel mark typed with the wrong key
                    if lastWasKana { emit(Self.longVowel, to: &out) } else { emitByte(b, to: &out) }
                case 0x60:
                    emitByte(0x27, to: &out); lastWasKana = false
                default:
                    emitByte(b, to: &out); lastWasKana = false
                }
                i = bytes.index(after: i)
                continue
            }
            // Decode one scalar.
            var scalarBytes: [UInt8] = [b]
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            var j = bytes.index(after: i)
            while scalarBytes.count < length && j < bytes.endIndex { scalarBytes.append(bytes[j]); j = bytes.index(after: j) }
            i = j
            var v: UInt32
            switch length {
            case 2: v = UInt32(scalarBytes[0] & 0x1F) << 6 | UInt32(scalarBytes[1] & 0x3F)
            case 3: v = UInt32(scalarBytes[0] & 0x0F) << 12 | UInt32(scalarBytes[1] & 0x3F) << 6 | UInt32(scalarBytes[2] & 0x3F)
            default:
                v = UInt32(scalarBytes[0] & 0x07) << 18 | UInt32(scalarBytes[1] & 0x3F) << 12
                v |= UInt32(scalarBytes[2] & 0x3F) << 6 | UInt32(scalarBytes.count > 3 ? scalarBytes[3] & 0x3F : 0)
            }
            switch v {
            case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
                pendingSpace = true; lastWasKana = false
            case 0x301C, 0xFF5E, 0x223C, 0x2053, 0x3030:
                emitByte(0x7E, to: &out); lastWasKana = false
            case 0x2010...0x2015, 0x2212, 0x2043, 0x2E3A, 0x2E3B, 0xFE58, 0xFE63, 0xFF0D, 0x2500, 0x2501, 0xFF70:
                if lastWasKana { emit(Self.longVowel, to: &out) }
                else if v == 0x2500 || v == 0x2501 { emit(scalarBytes, to: &out) }
                else { emitByte(0x2D, to: &out) }
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032:
                emitByte(0x27, to: &out); lastWasKana = false
            case 0x201C, 0x201D, 0x201E, 0x201F, 0xAB, 0xBB:
                emitByte(0x22, to: &out); lastWasKana = false
            default:
                emit(scalarBytes, to: &out)
                lastWasKana = isKanaScalar(v) && v != 0x30FB  // the middle dot ・ is punctuation
            }
        }
    }
}

/// The display form's whitespace tidying, applied after NFC (see `NormalizationForm.display`).
/// Zero-width joiners and non-joiners stay: they change how emoji and some scripts render.
struct DisplayTidier {
    private var pendingSpace = false
    private var atLineStart = true
    private var lastWasCR = false

    mutating func apply(to text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        append(text.utf8, to: &out)
        finish(&out)
        return String(decoding: out, as: UTF8.self)
    }

    mutating func finish(_ out: inout [UInt8]) { pendingSpace = false }

    mutating func append<C: Collection>(_ bytes: C, to out: inout [UInt8]) where C.Element == UInt8 {
        var it = bytes.makeIterator()
        var pending: UInt8? = nil
        func nextByte() -> UInt8? {
            if let p = pending { pending = nil; return p }
            return it.next()
        }
        while let b = nextByte() {
            if b == 0x0A && lastWasCR { lastWasCR = false; continue }  // CR LF → one LF
            lastWasCR = false
            switch b {
            case 0x20, 0x09:
                if !atLineStart { pendingSpace = true }
                continue
            case 0x0D, 0x0A:
                out.append(0x0A)
                lastWasCR = b == 0x0D
                pendingSpace = false
                atLineStart = true
                continue
            default: break
            }
            var scalarBytes: [UInt8] = [b]
            if b >= 0xC0 {
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                while scalarBytes.count < length, let c = it.next() { scalarBytes.append(c) }
            }
            let isSpace: Bool
            let isInvisible: Bool
            switch scalarBytes {
            case [0xC2, 0xA0], [0xE2, 0x80, 0xAF], [0xE2, 0x81, 0x9F], [0xE1, 0x9A, 0x80]:
                isSpace = true; isInvisible = false
            case _ where scalarBytes.count == 3 && scalarBytes[0] == 0xE2 && scalarBytes[1] == 0x80 && (0x80...0x8A).contains(scalarBytes[2]):
                isSpace = true; isInvisible = false
            case [0xE2, 0x80, 0x8B], [0xE2, 0x81, 0xA0], [0xEF, 0xBB, 0xBF], [0xC2, 0xAD]:
                isSpace = false; isInvisible = true
            default:
                isSpace = false; isInvisible = false
            }
            if isInvisible { continue }
            if isSpace {
                if !atLineStart { pendingSpace = true }
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            atLineStart = false
            out.append(contentsOf: scalarBytes)
        }
    }
}
