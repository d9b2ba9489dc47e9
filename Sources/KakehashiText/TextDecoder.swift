import ICUKit

/// How the encoding of an input was decided.
public enum EncodingEvidence: Sendable, Equatable, CustomStringConvertible {
    /// `--encoding NAME` was given.
    case forced
    /// A byte-order mark.
    case byteOrderMark
    /// The bytes are well-formed UTF-8 (plain ASCII included).
    case validUTF8
    /// ISO-2022 escape sequences in 7-bit text.
    case escapeSequences
    /// Every other byte is zero: UTF-16 without a BOM.
    case zeroBytePattern
    /// ICU's detector, with its confidence (0–100).
    case detected(confidence: Int)
    /// The document's own declaration (an HTML page's `<meta charset>`), checked against the bytes.
    case declared

    public var description: String {
        switch self {
        case .forced: return "forced"
        case .byteOrderMark: return "byte-order mark"
        case .validUTF8: return "valid UTF-8"
        case .escapeSequences: return "ISO-2022 escapes"
        case .zeroBytePattern: return "UTF-16 byte pattern"
        case .detected(let c): return "detected (confidence \(c))"
        case .declared: return "declared in the page"
        }
    }
}

/// A decoded input text.
public struct DecodedText: Sendable {
    public init(text: String, encoding: String, evidence: EncodingEvidence) {
        self.text = text
        self.encoding = encoding
        self.evidence = evidence
    }

    public let text: String
    /// The charset it was decoded from, as ICU names it ("UTF-8", "Shift_JIS", "EUC-JP" …).
    public let encoding: String
    public let evidence: EncodingEvidence
}

/// Why an input could not be read, with the place (byte offset, line and column, 1-based).
public struct InputError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        case invalidBytes(encoding: String)
        case binary
        case undetectedEncoding
        case unknownEncoding(String)
        case tooLarge
        /// The markup could not be parsed at all (an HTML page the parser gave up on).
        case unparsable(String)
    }

    public var kind: Kind
    /// The file's name as the user gave it, or "<stdin>".
    public var file: String
    public var byteOffset: Int?
    public var line: Int?
    public var column: Int?

    public init(kind: Kind, file: String, byteOffset: Int? = nil, line: Int? = nil, column: Int? = nil) {
        self.kind = kind
        self.file = file
        self.byteOffset = byteOffset
        self.line = line
        self.column = column
    }

    public var description: String {
        var place = file
        if let line, let column { place += ":\(line):\(column)" }
        if let byteOffset { place += " (byte \(byteOffset))" }
        switch kind {
        case .invalidBytes(let encoding):
            return "\(place): bytes that are not valid \(encoding); check the file or pass the right --encoding NAME"
        case .binary:
            return "\(place): this looks like binary data (NUL or control bytes), not text"
        case .undetectedEncoding:
            return
                "\(place): not valid UTF-8 from here on, and too little non-ASCII text to recognize a legacy charset; pass --encoding NAME (e.g. Shift_JIS, EUC-JP, EUC-KR, ISO-2022-JP, UTF-16LE)"
        case .unknownEncoding(let name):
            return
                "\(file): unknown encoding '\(name)' (try UTF-8, Shift_JIS, EUC-JP, EUC-KR, ISO-2022-JP, UTF-16LE, UTF-16BE)"
        case .tooLarge:
            return "\(file): input over 1 GB is not supported"
        case .unparsable(let why):
            return "\(place): cannot parse the page: \(why)"
        }
    }
}

/// Turns raw bytes into text: a byte-order mark first, then a strict UTF-8 check, then ISO-2022
/// escapes and the zero-byte shape of UTF-16, then ICU's charset detector — trusted only with at
/// least 12 non-ASCII characters and a confidence of 60 or more (below that its guesses on short
/// Japanese headlines are wrong about as often as right). Otherwise an error suggests `--encoding`.
///
/// ```swift
/// let decoded = try TextDecoder.decode(bytes, file: "article.txt")
/// decoded.encoding   // "Shift_JIS"
/// ```
public enum TextDecoder {
    /// Legacy charsets we accept from the detector (others are the detector guessing on too little).
    static let trustedDetections: Set<String> = [
        "Shift_JIS", "EUC-JP", "EUC-KR", "ISO-2022-JP", "ISO-2022-KR", "UTF-16LE", "UTF-16BE", "GB18030", "Big5",
        "ISO-8859-1", "windows-1252", "UTF-8",
    ]

    /// - Throws: `InputError` naming `file` and the place: an unknown forced encoding, binary data, or
    ///   bytes invalid in the detected charset.
    public static func decode(_ bytes: [UInt8], file: String, forcedEncoding: String? = nil) throws -> DecodedText {
        guard bytes.count < 1 << 30 else { throw InputError(kind: .tooLarge, file: file) }
        return try bytes.withUnsafeBufferPointer { try decode($0, file: file, forcedEncoding: forcedEncoding) }
    }

    /// - Throws: `InputError`, as `decode(_:file:forcedEncoding:)`.
    public static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, file: String, forcedEncoding: String?
    ) throws -> DecodedText {
        if let forced = forcedEncoding {
            return try decodeForced(bytes, file: file, name: forced)
        }
        // 1. Byte-order marks.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            let body = UnsafeBufferPointer(rebasing: bytes[3...])
            return DecodedText(
                text: try utf8(body, file: file, offsetBase: 3), encoding: "UTF-8", evidence: .byteOrderMark)
        }
        if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
            let name = bytes[0] == 0xFF ? "UTF-16LE" : "UTF-16BE"
            let body = UnsafeBufferPointer(rebasing: bytes[2...])
            return DecodedText(
                text: try convert(body, charset: name, file: file, whole: bytes, offsetBase: 2),
                encoding: name, evidence: .byteOrderMark)
        }
        // 2. UTF-16 without a BOM (only when the bytes are not UTF-8 to begin with).
        if (bytes.contains(0) || firstInvalidUTF8(bytes) != nil), let name = utf16ByZeroPattern(bytes) {
            if let text = try? convert(bytes, charset: name, file: file, whole: bytes, offsetBase: 0) {
                return DecodedText(text: text, encoding: name, evidence: .zeroBytePattern)
            }
        }
        // 3. Binary data: NUL bytes or many control characters.
        if let offset = binaryEvidence(bytes) {
            throw located(InputError(kind: .binary, file: file, byteOffset: offset), in: bytes)
        }
        // 4. ISO-2022 escapes (7-bit, so they would pass as ASCII/UTF-8).
        if let name = iso2022(bytes) {
            let text = try convert(bytes, charset: name, file: file, whole: bytes, offsetBase: 0)
            return DecodedText(text: text, encoding: name, evidence: .escapeSequences)
        }
        // 5. Strict UTF-8.
        if let bad = firstInvalidUTF8(bytes) {
            // 6. ICU's detector, trusted only with enough evidence.
            if let decoded = try detect(bytes, file: file) { return decoded }
            throw located(InputError(kind: .undetectedEncoding, file: file, byteOffset: bad), in: bytes)
        }
        return DecodedText(text: String(decoding: bytes, as: UTF8.self), encoding: "UTF-8", evidence: .validUTF8)
    }

    private static func decodeForced(
        _ bytes: UnsafeBufferPointer<UInt8>, file: String, name: String
    ) throws -> DecodedText {
        let upper = name.uppercased().replacingOccurrences(of: "_", with: "-")
        if upper == "UTF-8" || upper == "UTF8" {
            var body = bytes
            var base = 0
            if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
                body = UnsafeBufferPointer(rebasing: bytes[3...]); base = 3
            }
            return DecodedText(text: try utf8(body, file: file, offsetBase: base), encoding: "UTF-8", evidence: .forced)
        }
        guard CharsetConverter.canonicalName(name) != nil else {
            throw InputError(kind: .unknownEncoding(name), file: file)
        }
        var body = bytes
        var base = 0
        if upper.hasPrefix("UTF-16") && bytes.count >= 2
            && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) && upper != "UTF-16"
        {
            body = UnsafeBufferPointer(rebasing: bytes[2...]); base = 2
        }
        let text = try convert(body, charset: name, file: file, whole: bytes, offsetBase: base)
        if let nul = text.utf8.firstIndex(of: 0) {
            // The place in the decoded text: line and column in characters.
            let before = text.utf8[..<nul]
            let line = before.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            let lineStart = before.lastIndex(of: 0x0A).map { text.utf8.index(after: $0) } ?? text.utf8.startIndex
            let column = text[lineStart..<nul].count + 1
            throw InputError(kind: .binary, file: file, byteOffset: nil, line: line, column: column)
        }
        return DecodedText(text: text, encoding: name, evidence: .forced)
    }

    private static func utf8(_ bytes: UnsafeBufferPointer<UInt8>, file: String, offsetBase: Int) throws -> String {
        if let bad = firstInvalidUTF8(bytes) {
            throw located(
                InputError(kind: .invalidBytes(encoding: "UTF-8"), file: file, byteOffset: bad + offsetBase),
                in: bytes, base: offsetBase)
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw located(
                InputError(kind: .binary, file: file, byteOffset: nul + offsetBase), in: bytes, base: offsetBase)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func convert(
        _ bytes: UnsafeBufferPointer<UInt8>, charset: String, file: String,
        whole: UnsafeBufferPointer<UInt8>, offsetBase: Int
    ) throws -> String {
        do {
            return try CharsetConverter.decode(bytes, charset: charset)
        } catch let e as CharsetConversionError {
            throw located(
                InputError(kind: .invalidBytes(encoding: charset), file: file, byteOffset: e.byteOffset + offsetBase),
                in: whole)
        } catch {
            throw InputError(kind: .unknownEncoding(charset), file: file)
        }
    }

    private static func detect(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws -> DecodedText? {
        let detector = try CharsetDetector()
        // The detector reads at most what it needs; 64 KB is plenty and keeps it fast on huge files.
        let sample = UnsafeBufferPointer(rebasing: bytes[0..<min(bytes.count, 65536)])
        // ICU gives up on some inputs (a few stray high bytes: U_INVALID_CHAR_FOUND): no detection then,
        // and the caller reports the undecodable bytes.
        guard let matches = try? detector.detect(sample) else { return nil }
        for match in matches where match.confidence >= 60 && trustedDetections.contains(match.name) {
            guard let text = try? CharsetConverter.decode(bytes, charset: match.name) else { continue }
            let nonASCII = text.unicodeScalars.lazy.filter { $0.value >= 0x80 }.prefix(12).count
            if nonASCII >= 12 {
                return DecodedText(text: text, encoding: match.name, evidence: .detected(confidence: match.confidence))
            }
        }
        return nil
    }

    /// The offset of the first byte that does not start a well-formed UTF-8 sequence, or nil.
    public static func firstInvalidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            var need = 0
            var min: UInt32 = 0
            var v: UInt32 = 0
            switch c {
            case 0xC2...0xDF: need = 1; v = UInt32(c & 0x1F); min = 0x80
            case 0xE0...0xEF: need = 2; v = UInt32(c & 0x0F); min = 0x800
            case 0xF0...0xF4: need = 3; v = UInt32(c & 0x07); min = 0x10000
            default: return i
            }
            for k in 1...need {
                guard i + k < n else { return i }
                let cc = b[i + k]
                guard cc & 0xC0 == 0x80 else { return i }
                v = v << 6 | UInt32(cc & 0x3F)
            }
            if v < min || v > 0x10FFFF || (0xD800...0xDFFF).contains(v) { return i }
            i += need + 1
        }
        return nil
    }

    /// UTF-16 without a BOM, recognized by shape: read as UTF-16 in one byte order, at least 95 % of
    /// the code units fall in the blocks text is made of (ASCII, Latin, general punctuation, CJK,
    /// kana, Hangul, full-width forms), clearly more than in the other order. Random bytes and
    /// legacy CJK encodings score far lower.
    private static func utf16ByZeroPattern(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        let n = min(b.count, 8192) & ~1
        guard n >= 32, b.count % 2 == 0 else { return nil }  // 16 characters at least: less is a guess
        func plausible(_ u: UInt16) -> Bool {
            switch u {
            case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0xA0...0x24F, 0x2000...0x206F, 0x3000...0x30FF, 0x3400...0x4DBF,
                0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFF00...0xFFEF, 0x1100...0x11FF, 0x3130...0x318F:
                return true
            default:
                return false
            }
        }
        var le = 0, be = 0
        for i in stride(from: 0, to: n, by: 2) {
            if plausible(UInt16(b[i]) | UInt16(b[i + 1]) << 8) { le += 1 }
            if plausible(UInt16(b[i]) << 8 | UInt16(b[i + 1])) { be += 1 }
        }
        let pairs = n / 2
        if le * 20 >= pairs * 19 && le > be + pairs / 10 { return "UTF-16LE" }
        if be * 20 >= pairs * 19 && be > le + pairs / 10 { return "UTF-16BE" }
        return nil
    }

    /// The offset of the first NUL byte, or of a control byte when they make up more than 5 % of a
    /// sample: what text never contains.
    /// The offset of the first sign that the bytes are binary data (a NUL, or many control bytes), or nil.
    public static func binaryEvidence(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        if let nul = b.firstIndex(of: 0) { return nul }
        let n = min(b.count, 65536)
        var controls = 0
        var first = -1
        for i in 0..<n {
            let c = b[i]
            if (c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D && c != 0x0C && c != 0x1B) || c == 0x7F {
                controls += 1
                if first < 0 { first = i }
            }
        }
        return controls * 20 > n && controls > 2 ? first : nil
    }

    private static func iso2022(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        var i = 0
        let n = b.count
        while i + 3 < n {
            if b[i] == 0x1B {
                if b[i + 1] == 0x24 && (b[i + 2] == 0x42 || b[i + 2] == 0x40) { return "ISO-2022-JP" }
                if b[i + 1] == 0x24 && b[i + 2] == 0x29 && b[i + 3] == 0x43 { return "ISO-2022-KR" }
                if b[i + 1] == 0x28 && b[i + 2] == 0x49 { return "ISO-2022-JP" }
            }
            if b[i] >= 0x80 { return nil }
            i += 1
        }
        return nil
    }

    /// Adds line and column (1-based, columns in bytes) to an error that has a byte offset.
    static func located(_ error: InputError, in bytes: UnsafeBufferPointer<UInt8>, base: Int = 0) -> InputError {
        guard let offset = error.byteOffset else { return error }
        var e = error
        var line = 1
        var lineStart = 0
        let local = min(max(offset - base, 0), bytes.count)
        for i in 0..<local where bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
        e.line = line
        e.column = local - lineStart + 1
        return e
    }
}

extension InputError {
    init(kind: Kind, file: String, byteOffset: Int? = nil) {
        self.kind = kind
        self.file = file
        self.byteOffset = byteOffset
    }
}
