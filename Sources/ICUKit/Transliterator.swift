import CICU

/// An ICU transliterator such as `Katakana-Latin`, `Hangul-Latin`, `Hiragana-Katakana` or `Latin-ASCII`.
///
/// Stateful ICU object: non-`Sendable`, one per task.
///
/// ```swift
/// try Transliterator("Katakana-Latin").transliterate("トランプ")   // "toranpu"
/// ```
/// Note that ICU has no kanji→romaji: `Any-Latin` turns 高市 into Mandarin pinyin.
public final class Transliterator {
    private let handle: OpaquePointer
    public let id: String

    /// - Throws: `ICUError` carrying ICU's error name.
    public init(_ id: String) throws {
        var status: Int32 = 0
        let h = cicu_trans_open(id, &status)
        if status > 0 || h == nil {
            if let h { cicu_trans_close(h) }
            throw ICUError(code: status > 0 ? status : 1, operation: "opening transliterator \(id)")
        }
        handle = h!
        self.id = id
    }

    deinit { cicu_trans_close(handle) }

    /// - Throws: `ICUError` carrying ICU's error name.
    public func transliterate(_ text: String) throws -> String {
        let source = try UTF16Conversion.utf16(text)
        if source.isEmpty { return "" }
        var capacity = source.count * 4 + 16
        while true {
            var buffer = source + [UInt16](repeating: 0, count: capacity - source.count)
            var length = Int32(source.count)
            var status: Int32 = 0
            let needed = buffer.withUnsafeMutableBufferPointer { b in
                cicu_trans_utf16(handle, b.baseAddress, &length, Int32(b.count), &status)
            }
            if status == Int32(CICU_BUFFER_OVERFLOW) { capacity = Int(needed) + 16; continue }
            try ICUError.check(status, "transliterating with \(id)")
            return try UTF16Conversion.string(fromUTF16: buffer[0..<Int(length)])
        }
    }
}
