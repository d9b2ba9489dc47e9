import KakehashiText

/// Numbers, dates, times, durations, amounts and anniversaries, read from Japanese and English
/// sentences into the same canonical keys (see `Anchor`).
///
/// Input is the match-key form of a sentence (`TextNormalizer.key`): NFKC has already made
/// full-width digits ASCII, and English is lower-cased.
///
/// ```swift
/// NumericAnchors.japanese("2026年1月13日、41分間会談した").map(\.key)
/// // ["date:2026-01-13", "date:--01-13", "year:2026", "duration:41:minute"]
/// NumericAnchors.english("they held 41-minute talks on january 13, 2026").map(\.key)
/// // ["duration:41:minute", "date:2026-01-13", "date:--01-13", "year:2026"]
/// ```
public enum NumericAnchors {
    // MARK: Values

    /// A value as a key: integers without a decimal point, others in Swift's shortest form.
    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e18 { return String(Int64(v)) }
        return String(v)
    }

    static func date(month: Int, day: Int, year: Int?) -> [String] {
        guard (1...12).contains(month), (1...31).contains(day) else { return [] }
        let md = (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
        var keys: [String] = []
        if let year { keys.append("date:\(year)-\(md)") }
        // The month-day key always: Japanese often omits the year that English gives, and back.
        keys.append("date:--\(md)")
        if let year { keys.append("year:\(year)") }
        return keys
    }

    /// Other keys a numeric key may meet: a month and day also meets the day alone (July 9 ~ 今月9日,
    /// "the 9th"), and an ordinal meets the same number as a count.
    static func alternatives(of key: String) -> [String] {
        // An ordinal meets the same number written as a count (2,000th win = 2000勝).
        if key.hasPrefix("ordinal:") { return ["number:" + key.dropFirst("ordinal:".count)] }
        guard key.hasPrefix("date:--"), let day = Int(key.suffix(2)) else { return [] }
        return ["day:" + format(Double(day))]
    }

    static func time(hour: Int, minute: Int) -> String? {
        guard (0...24).contains(hour), (0...59).contains(minute) else { return nil }
        return "time:" + (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }
}
