import CICU

/// One guess of ICU's charset detector.
public struct CharsetMatch: Sendable, Equatable {
    /// ICU's charset name, such as "Shift_JIS", "EUC-JP", "UTF-8".
    public let name: String
    /// The language ICU associates with the guess ("ja", "ko"), or "".
    public let language: String
    /// 0–100.
    public let confidence: Int
}

/// ICU's statistical charset detector (`ucsdet`). Stateful: one per task.
///
/// ```swift
/// let guesses = try CharsetDetector().detect(bytes)   // best first: [CharsetMatch(name: "Shift_JIS", …)]
/// ```
public final class CharsetDetector {
    private let handle: OpaquePointer

    /// - Throws: `ICUError` carrying ICU's error name.
    public init() throws {
        var status: Int32 = 0
        guard let h = cicu_csdet_open(&status), status <= 0 else {
            throw ICUError(code: max(status, 1), operation: "opening charset detector")
        }
        handle = h
    }

    deinit { cicu_csdet_close(handle) }

    /// All plausible charsets for `bytes`, best first.
    /// - Throws: `ICUError` carrying ICU's error name.
    public func detect(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int = 8) throws -> [CharsetMatch] {
        var out = [cicu_charset_match](repeating: cicu_charset_match(), count: limit)
        var status: Int32 = 0
        let n = bytes.withMemoryRebound(to: CChar.self) { src in
            out.withUnsafeMutableBufferPointer { o in
                cicu_csdet_detect_all(handle, src.baseAddress, Int32(src.count), o.baseAddress, Int32(limit), &status)
            }
        }
        try ICUError.check(status, "detecting charset")
        return out[0..<Int(n)].map { m in
            var m = m
            let name = withUnsafeBytes(of: &m.name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            let lang = withUnsafeBytes(of: &m.language) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            return CharsetMatch(name: name, language: lang, confidence: Int(m.confidence))
        }
    }
}

/// A byte sequence that is not valid in the charset it was decoded with.
public struct CharsetConversionError: Error, Sendable, Equatable {
    public let charset: String
    /// Offset of the first bad byte in the input.
    public let byteOffset: Int
    public let icuName: String
}

/// Strict decoding of legacy charsets to Swift strings through ICU converters (`ucnv`).
///
/// ```swift
/// let text = try CharsetConverter.decode(sjisBytes, charset: "Shift_JIS")
/// ```
public enum CharsetConverter {
    /// ICU's canonical name for a charset alias ("sjis" → "ibm-943_P15A-2003"), or nil if unknown.
    public static func canonicalName(_ alias: String) -> String? {
        var status: Int32 = 0
        guard let p = cicu_charset_canonical_name(alias, &status), status <= 0 else { return nil }
        return String(cString: p)
    }

    /// Decodes `bytes` in `charset`, stopping at the first invalid sequence.
    /// - Throws: `CharsetConversionError` with the byte offset of the first byte invalid in `charset`;
    ///   `ICUError` for an unknown charset or input over 1 GB.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, charset: String) throws -> String {
        if bytes.isEmpty { return "" }
        guard bytes.count < Int(Int32.max) / 2 else { throw ICUError(code: 1, operation: "decoding (input over 1 GB)") }
        var units = [UInt16](repeating: 0, count: bytes.count + 16)
        var status: Int32 = 0
        var errorOffset: Int32 = -1
        let n = bytes.withMemoryRebound(to: CChar.self) { src in
            units.withUnsafeMutableBufferPointer { dst in
                cicu_convert_to_utf16(
                    charset, src.baseAddress, Int32(src.count), dst.baseAddress, Int32(dst.count),
                    &errorOffset, &status)
            }
        }
        if errorOffset >= 0 || status == Int32(CICU_ILLEGAL_CHAR_FOUND) || status == Int32(CICU_INVALID_CHAR_FOUND) {
            throw CharsetConversionError(
                charset: charset, byteOffset: Int(max(errorOffset, 0)),
                icuName: String(cString: cicu_error_name(status)))
        }
        try ICUError.check(status, "decoding \(charset)")
        return try UTF16Conversion.string(fromUTF16: units[0..<Int(n)])
    }
}
