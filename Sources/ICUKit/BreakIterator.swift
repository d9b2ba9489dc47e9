import CICU
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An ICU break iterator (sentences or words) over a UTF-16 buffer that the caller owns.
///
/// Break iterators are stateful, so this is a non-`Sendable` class: make one per task or thread.
///
/// ```swift
/// let text = try UTF16Conversion.utf16("Hello there. How are you?")
/// let sentences = try BreakIterator(.sentence, locale: "en")
/// let ends = text.withUnsafeBufferPointer { sentences.boundaries(in: $0) }   // [0, 13, 25]
/// ```
public final class BreakIterator {
    /// The kind of unit the iterator finds.
    public enum Kind: Sendable {
        case character, word, line, sentence
        var code: Int32 {
            switch self {
            case .character: return Int32(CICU_BRK_CHARACTER)
            case .word: return Int32(CICU_BRK_WORD)
            case .line: return Int32(CICU_BRK_LINE)
            case .sentence: return Int32(CICU_BRK_SENTENCE)
            }
        }
    }

    /// Rule-status ranges ICU reports for word boundaries (`UWordBreak`).
    public enum WordStatus {
        /// Spaces and punctuation: below 100.
        public static let none: Int32 = 0
        public static let number: Int32 = 100
        public static let letter: Int32 = 200
        public static let kana: Int32 = 300
        public static let ideograph: Int32 = 400
        public static let limit: Int32 = 500
    }

    private let handle: OpaquePointer
    public let kind: Kind
    public let locale: String

    /// Opens ICU's iterator for `locale` ("en", "ja", "en@ss=standard" for CLDR's abbreviation list).
    /// - Throws: `ICUError` carrying ICU's error name.
    public init(_ kind: Kind, locale: String) throws {
        var status: Int32 = 0
        let h = cicu_brk_open(kind.code, locale, &status)
        if status > 0 || h == nil {
            if let h { cicu_brk_close(h) }
            throw ICUError(code: status > 0 ? status : 1, operation: "opening \(kind) break iterator for \(locale)")
        }
        handle = h!
        self.kind = kind
        self.locale = locale
    }

    /// A sentence iterator that never breaks after the given abbreviations (ICU's
    /// `FilteredBreakIteratorBuilder`), on top of CLDR's list when `locale` carries `@ss=standard`.
    /// Suppressions only matter before a capitalized word: UAX #29 already keeps "Jan. 8" and "p.m. during".
    /// - Throws: `ICUError` carrying ICU's error name.
    public init(sentencesSuppressingBreaksAfter abbreviations: [String], locale: String) throws {
        var status: Int32 = 0
        let cStrings = abbreviations.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        let h: OpaquePointer? = cStrings.withUnsafeBufferPointer { ptrs in
            ptrs.withMemoryRebound(to: UnsafePointer<CChar>?.self) { p in
                cicu_brk_open_filtered(locale, p.baseAddress, Int32(p.count), &status)
            }
        }
        if status > 0 || h == nil {
            if let h { cicu_brk_close(h) }
            throw ICUError(code: status > 0 ? status : 1, operation: "opening filtered sentence iterator for \(locale)")
        }
        handle = h!
        kind = .sentence
        self.locale = locale
    }

    deinit { cicu_brk_close(handle) }

    /// Points the iterator at `text`; the buffer must stay alive and unchanged while iterating.
    /// - Throws: `ICUError` carrying ICU's error name.
    public func setText(_ text: UnsafeBufferPointer<UInt16>) throws {
        var status: Int32 = 0
        cicu_brk_set_utf16(handle, text.baseAddress, Int32(text.count), &status)
        try ICUError.check(status, "setting break iterator text")
    }

    /// The first boundary (always 0).
    @inlinable public func first() -> Int { Int(firstRaw()) }

    /// The next boundary, or nil at the end.
    @inline(__always) public func next() -> Int? {
        let b = cicu_brk_next(handle)
        return b == Int32(CICU_BRK_DONE) ? nil : Int(b)
    }

    /// The first boundary after `offset`, or nil.
    public func following(_ offset: Int) -> Int? {
        let b = cicu_brk_following(handle, Int32(offset))
        return b == Int32(CICU_BRK_DONE) ? nil : Int(b)
    }

    /// The rule status of the boundary last returned (see `WordStatus`).
    @inline(__always) public var ruleStatus: Int32 { cicu_brk_rule_status(handle) }

    @usableFromInline func firstRaw() -> Int32 { cicu_brk_first(handle) }

    /// Every boundary of `text`, including 0 and `text.count`.
    public func boundaries(in text: UnsafeBufferPointer<UInt16>) -> [Int] {
        guard (try? setText(text)) != nil else { return [0, text.count] }
        var result = [first()]
        while let b = next() { result.append(b) }
        return result
    }

    /// Calls `body` with each boundary after the first, in order, without allocating.
    @inline(__always)
    public func forEachBoundary(_ body: (Int) -> Void) {
        _ = cicu_brk_first(handle)
        while true {
            let b = cicu_brk_next(handle)
            if b == Int32(CICU_BRK_DONE) { return }
            body(Int(b))
        }
    }
}
