/// The languages Kakehashi tells apart, as BCP 47 tags.
public enum Language: String, Sendable, Codable, CaseIterable {
    case en, ja, ko
    /// No letters at all (numbers, punctuation) or a script we do not handle.
    case und
}

/// Counts of the scripts that decide a text's language.
public struct ScriptCounts: Sendable, Equatable {
    public var kana = 0
    public var han = 0
    public var hangul = 0
    public var latin = 0

    public init() {}

    /// Adds one UTF-16 unit (surrogate halves of supplementary Han count as Han): the fast path of
    /// `ScriptClass.isKanaLetter` (kana), `isHan` (han, unless a kana letter: ヶ), `isHangul` and
    /// `isLatinLetter`.
    @inline(__always)
    public mutating func add(_ u: UInt16) {
        // The common cases first: CJK ideographs and kana.
        if u >= 0x4E00 && u <= 0x9FFF { han &+= 1; return }
        if u >= 0x3041 && u <= 0x30FF {
            if u <= 0x309F || (u >= 0x30A1 && u <= 0x30FA) || u >= 0x30FD { kana &+= 1 }
            return
        }
        switch u {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x24F, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
            latin &+= 1
        case 0x3041...0x309F, 0x30A1...0x30FA, 0x30FD...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9D: kana &+= 1
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x3005...0x3007: han &+= 1
        case 0xD840...0xD87F: han &+= 1  // high surrogates of CJK Extension B–F
        case 0xAC00...0xD7A3, 0x1100...0x11FF, 0x3131...0x318E: hangul &+= 1
        default: break
        }
    }

    /// The language these counts point to. Kana decides Japanese outright, so a Japanese sentence
    /// holding "APEC" is still `ja`; Hangul beats Han for Korean (mixed-script Korean keeps some
    /// hanja); Han alone is Japanese in this domain; one CJK character weighs about three Latin letters.
    public var language: Language {
        if kana > 0 { return .ja }
        if hangul > 0 && hangul >= han { return hangul * 3 >= latin ? .ko : .en }
        if han > 0 && han * 3 >= latin { return .ja }
        if latin > 0 { return .en }
        if han > 0 { return .ja }
        return .und
    }
}

/// Tells a text's language from its scripts (no statistics needed for EN / JA / KO).
///
/// ```swift
/// LanguageIdentifier.identify("日本はAPECに参加した。")   // .ja
/// LanguageIdentifier.identify("Lee met Takaichi.")       // .en
/// ```
public enum LanguageIdentifier {
    public static func identify(_ text: Substring) -> Language {
        var counts = ScriptCounts()
        for u in text.utf16 { counts.add(u) }
        return counts.language
    }

    public static func identify(_ text: String) -> Language { identify(text[...]) }

    public static func identify(_ units: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> Language {
        var counts = ScriptCounts()
        for i in range { counts.add(units[i]) }
        return counts.language
    }
}
