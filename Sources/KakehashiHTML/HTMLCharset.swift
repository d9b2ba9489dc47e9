import KakehashiText

/// Decodes the bytes of an HTML page: `--encoding` when given (the user's word is final), else a
/// byte-order mark, else the charset the page declares (`<meta charset>` or the http-equiv
/// Content-Type) — trusted only if the bytes decode cleanly in it — else the text detector.
///
/// ```swift
/// let decoded = try HTMLCharset.decode(bytes, file: "asahi.html")
/// decoded.encoding   // "Shift_JIS", decoded.evidence == .declared
/// ```
public enum HTMLCharset {
    /// How far into the page a charset declaration is looked for (the HTML standard's prescan reads 1,024
    /// bytes; real pages put long scripts first, so a little more).
    static let prescanLength = 4096

    public static func decode(_ bytes: [UInt8], file: String, forcedEncoding: String? = nil) throws -> DecodedText {
        if forcedEncoding != nil { return try TextDecoder.decode(bytes, file: file, forcedEncoding: forcedEncoding) }
        let hasBOM = (bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            || (bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        if !hasBOM, let declared = declaredCharset(bytes),
           let decoded = try? TextDecoder.decode(bytes, file: file, forcedEncoding: declared) {
            return DecodedText(text: decoded.text, encoding: declared, evidence: .declared)
        }
        return try TextDecoder.decode(bytes, file: file)
    }

    /// The charset named by the page's first `<meta charset=…>` or `<meta http-equiv="Content-Type"
    /// content="…; charset=…">`, in the name ICU knows, or nil. A declared UTF-16 in a page whose
    /// bytes are ASCII-compatible (it was read as ASCII to find the declaration) means UTF-8, and
    /// ISO-8859-1 means windows-1252, as the HTML standard says.
    public static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(prescanLength).map { $0 < 0x80 ? Character(Unicode.Scalar($0)) : " " }
        let lower = String(head).lowercased()
        var search = lower[...]
        while let meta = search.range(of: "<meta") {
            let rest = search[meta.upperBound...]
            let end = rest.firstIndex(of: ">") ?? rest.endIndex
            let tag = rest[..<end]
            if let name = charsetValue(in: tag) { return canonical(name) }
            search = rest[end...]
        }
        return nil
    }

    /// The value after `charset=` in a meta tag's text (the attribute or inside `content`).
    static func charsetValue(in tag: Substring) -> String? {
        guard let r = tag.range(of: "charset") else { return nil }
        var rest = tag[r.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard rest.first == "=" else { return charsetValue(in: tag[r.upperBound...]) }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" }
        let value = rest.prefix { !" \t\r\n\"';/>".contains($0) }
        return value.isEmpty ? nil : String(value)
    }

    static func canonical(_ name: String) -> String? {
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "utf-16", "utf-16le", "utf-16be", "unicode": return "UTF-8"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932", "ms932": return "Shift_JIS"
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
