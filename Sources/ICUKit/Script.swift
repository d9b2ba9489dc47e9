import CICU

/// The Unicode script of a code point, as ICU reports it (`uscript_getScript`).
///
/// ```swift
/// UnicodeScript.of("日") == .han; UnicodeScript.of("の") == .hiragana; UnicodeScript.of("1") == .common
/// ```
public struct UnicodeScript: Hashable, Sendable, CustomStringConvertible {
    /// ICU's `UScriptCode`.
    public let code: Int32

    public init(code: Int32) { self.code = code }

    public static let common = UnicodeScript(code: 0)
    public static let inherited = UnicodeScript(code: 1)
    public static let han = UnicodeScript(code: 17)
    public static let hangul = UnicodeScript(code: 18)
    public static let hiragana = UnicodeScript(code: 20)
    public static let katakana = UnicodeScript(code: 22)
    public static let latin = UnicodeScript(code: 25)

    /// The script of `scalar`.
    public static func of(_ scalar: Unicode.Scalar) -> UnicodeScript {
        var status: Int32 = 0
        let code = cicu_script_of(scalar.value, &status)
        return status > 0 ? .common : UnicodeScript(code: code)
    }

    /// ISO 15924 short name, such as "Hani", "Hira", "Latn".
    public var description: String {
        guard let p = cicu_script_short_name(code) else { return "Zzzz" }
        return String(cString: p)
    }
}
