public import KakehashiText

/// Decodes the bytes of an HTML page to UTF-8 for the parser: `--encoding` when given (the user's
/// word is final), else a byte-order mark, else the charset the page declares (`<meta charset>` or
/// the http-equiv Content-Type) — trusted only if the bytes decode cleanly in it — else the text
/// detector. Bytes that are well-formed UTF-8 (and not plain ASCII) are UTF-8 whatever the page
/// declares: a legacy charset rarely forms valid UTF-8 by chance, while pages converted to UTF-8
/// that kept their old declaration are common.
///
/// ```swift
/// let decoded = try HTMLCharset.decode(bytes, file: "asahi.html")
/// decoded.encoding   // "Shift_JIS", decoded.evidence == .declared
/// ```
public enum HTMLCharset {
    /// How far into the page a charset declaration is looked for (the HTML standard's prescan reads 1,024
    /// bytes; real pages put long scripts first, so a little more).
    static let prescanLength = 4096

    /// A page's text as UTF-8 bytes and how its charset was decided.
    public struct Decoded: Sendable {
        public let utf8: [UInt8]
        /// The charset the page was in ("UTF-8", "Shift_JIS" …).
        public let encoding: String
        public let evidence: EncodingEvidence
    }

    /// - Throws: `InputError` naming `file`: an unknown forced encoding, or bytes that are not text.
    public static func decode(_ bytes: [UInt8], file: String, forcedEncoding: String? = nil) throws -> Decoded {
        func viaText(_ forced: String?, evidence: EncodingEvidence? = nil) throws -> Decoded {
            let text = try TextDecoder.decode(bytes, file: file, forcedEncoding: forced)
            return Decoded(
                utf8: Array(text.text.utf8), encoding: forced ?? text.encoding, evidence: evidence ?? text.evidence)
        }
        if forcedEncoding != nil { return try viaText(forcedEncoding) }
        let hasBOM =
            (bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            || (bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        if hasBOM { return try viaText(nil) }
        let (invalid, nul) = bytes.withUnsafeBufferPointer { (TextDecoder.firstInvalidUTF8($0), $0.firstIndex(of: 0)) }
        // NUL bytes or, in bytes that are not UTF-8, many control bytes: UTF-16 without a BOM, or
        // binary data (an error naming the place).
        if nul != nil || (invalid != nil && bytes.withUnsafeBufferPointer(TextDecoder.binaryEvidence) != nil) {
            return try viaText(nil)
        }
        let declared = declaredCharset(bytes)
        if invalid == nil {
            return Decoded(utf8: bytes, encoding: "UTF-8", evidence: declared == "UTF-8" ? .declared : .validUTF8)
        }
        if let declared, declared != "UTF-8", let decoded = try? viaText(declared, evidence: .declared) {
            return decoded
        }
        return try viaText(nil)
    }

    /// The charset named by the page's first `<meta charset=…>` or `<meta http-equiv="Content-Type"
    /// content="…; charset=…">`, in the name ICU knows, or nil. A declared UTF-16 in a page whose
    /// bytes are ASCII-compatible (it was read as ASCII to find the declaration) means UTF-8, and
    /// ISO-8859-1 means windows-1252, as the HTML standard says.
    public static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(prescanLength).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        let meta = Array("<meta".utf8), charset = Array("charset".utf8)
        var i = 0
        while let m = ByteSearch.firstIndex(of: meta, in: head[...], from: i) {
            let end = head[m...].firstIndex(of: UInt8(ascii: ">")) ?? head.endIndex
            if let c = ByteSearch.firstIndex(of: charset, in: head[..<end], from: m) {
                var j = c + charset.count
                while j < end, [0x20, 0x09, 0x0A, 0x0D].contains(head[j]) { j += 1 }
                if j < end, head[j] == UInt8(ascii: "=") {
                    j += 1
                    while j < end, [0x20, 0x09, 0x22, 0x27].contains(head[j]) { j += 1 }
                    var value: [UInt8] = []
                    while j < end, !" \t\r\n\"';/>".utf8.contains(head[j]) { value.append(head[j]); j += 1 }
                    if !value.isEmpty { return canonical(String(decoding: value, as: UTF8.self)) }
                }
            }
            i = end
        }
        return nil
    }

    static func canonical(_ name: String) -> String? {
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "utf-16", "utf-16le", "utf-16be", "unicode": return "UTF-8"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932", "ms932":
            return "Shift_JIS"
        case "euc-jp", "x-euc-jp", "eucjp", "cseucpkdfmtjapanese": return "EUC-JP"
        case "iso-2022-jp", "csiso2022jp": return "ISO-2022-JP"
        case "euc-kr", "ks_c_5601-1987", "ksc5601", "cseuckr", "windows-949", "cp949": return "EUC-KR"
        case "iso-8859-1", "latin1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252": return "windows-1252"
        case "gb2312", "gbk", "gb18030", "x-gbk": return "GB18030"
        case "big5", "big5-hkscs": return "Big5"
        default: return nil
        }
    }
}
