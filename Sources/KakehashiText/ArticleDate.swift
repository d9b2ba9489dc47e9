public import Foundation

/// The calendar day an article states for itself, read from a date as written in its metadata,
/// byline or dateline: `2025-06-16T17:23:00+05:30`, `2025/06/16`, `2025年6月16日`,
/// `June 16, 2025 17:23 IST`, `Jun. 16, 2025`, `16 June 2025`.
///
/// The result is that day at 00:00 UTC: the time of day and its zone are left out, since pages
/// state them inconsistently and a day is what a translation memory's dates need. A date without
/// a year (a dateline such as "SEOUL, Jan. 13") gives nil.
public enum ArticleDate {
    /// The day `text` states, or nil when it states no full date.
    public static func parse(_ text: String) -> Date? {
        let folded = String(String.UnicodeScalarView(text.unicodeScalars.map(halfWidth)))
        if let day = numeric(folded) ?? named(folded) { return day }
        return nil
    }

    /// Full-width digits and punctuation as ASCII (２０２５年 → 2025年).
    static func halfWidth(_ c: Unicode.Scalar) -> Unicode.Scalar {
        (0xFF01...0xFF5E).contains(c.value) ? Unicode.Scalar(c.value - 0xFEE0)! : c
    }

    /// Year first: `2025-06-16`, `2025/6/16`, `2025.06.16`, `2025年6月16日`.
    static func numeric(_ text: String) -> Date? {
        let pattern = #"(?<![0-9])(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?![0-9])"#
        guard let m = firstMatch(pattern, in: text), m.count == 4,
            let year = Int(m[1]), let month = Int(m[2]), let day = Int(m[3])
        else { return nil }
        return make(year: year, month: month, day: day)
    }

    /// A month named in English: `June 16, 2025`, `Jun. 16 2025`, `16 June 2025`, `16 Jun, 2025`.
    static func named(_ text: String) -> Date? {
        let month =
            #"(january|february|march|april|may|june|july|august|september|october|november|december|"#
            + #"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?"#
        let lower = text.lowercased()
        if let m = firstMatch(#"\b"# + month + #"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?![0-9])"#, in: lower),
            let number = monthNumber(m[1]), let day = Int(m[2]), let year = Int(m[3])
        {
            return make(year: year, month: number, day: day)
        }
        if let m = firstMatch(
            #"(?<![0-9])(\d{1,2})(?:st|nd|rd|th)?\s+"# + month + #",?\s+(\d{4})(?![0-9])"#, in: lower),
            let day = Int(m[1]), let number = monthNumber(m[2]), let year = Int(m[3])
        {
            return make(year: year, month: number, day: day)
        }
        return nil
    }

    static func monthNumber(_ prefix: String) -> Int? {
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        return months.firstIndex(of: String(prefix.prefix(3))).map { $0 + 1 }
    }

    /// The capture groups of the first match of `pattern` (group 0 the whole match).
    static func firstMatch(_ pattern: String, in text: String) -> [String]? {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        let range = NSRange(text.startIndex..., in: text)
        guard let match = regex.firstMatch(in: text, range: range) else { return nil }
        return (0..<match.numberOfRanges).map { k in
            Range(match.range(at: k), in: text).map { String(text[$0]) } ?? ""
        }
    }

    /// That day at 00:00 UTC, when it is a real day of a plausible year.
    static func make(year: Int, month: Int, day: Int) -> Date? {
        guard (1900...2200).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
            calendar.component(.day, from: date) == day, calendar.component(.month, from: date) == month
        else { return nil }
        return date
    }
}
