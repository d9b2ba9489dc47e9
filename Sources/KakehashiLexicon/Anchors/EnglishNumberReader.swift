import KakehashiText

/// One English sentence's numbers and dates, read left to right in named steps: weekdays, dates
/// that start with the month, dates that start with the day, ordinals, then quantities (amounts,
/// times, durations, percentages, years and plain numbers). Each step either reads what stands at
/// a token and says where reading goes on, or leaves the token to the next step.
struct EnglishNumberReader {
    typealias Token = NumericAnchors.Token
    private let s: [Unicode.Scalar]
    private let t: [Token]
    private var anchors: [Anchor] = []

    init(_ key: String) {
        s = Array(key.unicodeScalars)
        t = NumericAnchors.tokenize(s)
    }

    /// Every anchor of the sentence, in order.
    mutating func read() -> [Anchor] {
        var i = 0
        while i < t.count {
            if let next = weekday(at: i) ?? monthFirstDate(at: i) ?? dayFirstDate(at: i) ?? ordinal(at: i) {
                i = next
            } else {
                i = quantity(at: i)
            }
        }
        return anchors
    }

    // MARK: Tokens

    private mutating func add(_ kind: AnchorKind, _ keys: [String], _ from: Int, _ to: Int) {
        let range = t[from].range.lowerBound..<t[to - 1].range.upperBound
        let text = String(scalars: s[range])
        let position = Double(range.lowerBound) / Double(max(1, s.count))
        for k in keys {
            anchors.append(
                Anchor(
                    kind: kind, key: k, text: text, position: position, alternatives: NumericAnchors.alternatives(of: k)
                ))
        }
    }

    private func word(_ k: Int) -> String? { k < t.count && t[k].isWord ? t[k].text : nil }

    /// A month name at k (an abbreviation may carry its full stop): month and end.
    private func month(_ k: Int) -> (Int, Int)? {
        guard let w = word(k), let m = NumericAnchors.look(NumericAnchors.months, t[k]) else { return nil }
        let end = k + 1 < t.count && t[k + 1].text == "." && w.count <= 4 ? k + 2 : k + 1
        return (m, end)
    }

    /// A day number at k ("30", "30th"): day and end.
    private func dayNumber(_ k: Int) -> (Int, Int)? {
        if let (v, end) = NumericAnchors.ordinal(t, k), (1...31).contains(v) { return (Int(v), end) }
        if k < t.count, let n = t[k].number, n == n.rounded(), (1...31).contains(n) { return (Int(n), k + 1) }
        return nil
    }

    /// A year at k: four digits without a thousands comma ("1,999 wins" is a count).
    private func year(_ k: Int) -> (Int, Int)? {
        if k < t.count, let n = t[k].number, n == n.rounded(), (1000...2999).contains(n), t[k].text.count == 4,
            !s[t[k].range].contains(",")
        {
            return (Int(n), k + 1)
        }
        return nil
    }

    // MARK: Steps

    /// Weekdays, and their abbreviations in brackets: "(Tue)".
    private mutating func weekday(at i: Int) -> Int? {
        if word(i) != nil, let d = NumericAnchors.look(NumericAnchors.weekdays, t[i]) {
            add(.date, ["weekday:" + d], i, i + 1)
            return i + 1
        }
        if word(i) != nil, i > 0, t[i - 1].text == "(", i + 1 < t.count, t[i + 1].text == ")" || t[i + 1].text == ".",
            let d = NumericAnchors.weekdayAbbreviations[t[i].text]
        {
            add(.date, ["weekday:" + d], i, i + 1)
            return i + 1
        }
        return nil
    }

    /// Month day[, year] / month year. "May" alone is a verb as often as a month.
    private mutating func monthFirstDate(at i: Int) -> Int? {
        guard let (m, afterMonth) = month(i) else { return nil }
        if let (d, afterDay) = dayNumber(afterMonth),
            !(m == 5 && word(i) == "may" && afterMonth == i + 1 && t[afterMonth].number == nil
                && NumericAnchors.ordinal(t, afterMonth) == nil)
        {
            var end = afterDay
            var y: Int?
            let comma = end < t.count && t[end].text == "," ? end + 1 : end
            if let (yy, e) = year(comma) { y = yy; end = e }
            add(.date, NumericAnchors.date(month: m, day: d, year: y), i, end)
            return end
        }
        if let (y, end) = year(afterMonth), word(i) != "may" {
            add(.date, ["year:\(y)", "month:\(m)"], i, end)
            return end
        }
        // A month alone, after a word that only dates follow ("last March", "in April").
        if word(i) != "may", i > 0, let before = word(i - 1), Self.monthLeaders.contains(before) {
            add(.date, ["month:\(m)"], i, afterMonth)
            return afterMonth
        }
        return nil
    }

    /// Words before which a month name alone is a month, not a verb or a name.
    private static let monthLeaders: Set<String> = [
        "last", "next", "this", "in", "since", "until", "till", "early", "late", "mid", "from", "through", "before",
        "after", "by", "of",
    ]

    /// Day [of] month [year].
    private mutating func dayFirstDate(at i: Int) -> Int? {
        guard let (d, afterDay) = dayNumber(i) else { return nil }
        let k = word(afterDay) == "of" ? afterDay + 1 : afterDay
        guard let (m, afterMonth) = month(k), word(k) != "may" || t[i].number != nil else { return nil }
        var end = afterMonth
        var y: Int?
        if let (yy, e) = year(end) { y = yy; end = e }
        add(.date, NumericAnchors.date(month: m, day: d, year: y), i, end)
        return end
    }

    /// Anniversaries and ordinals; "the 25th" followed by no word (or a day's word) is a day of
    /// the month, as translations of 25日 write it ("on the 25th that …", "the 23rd of this month").
    private mutating func ordinal(at i: Int) -> Int? {
        guard let (v, end) = NumericAnchors.ordinal(t, i) else { return nil }
        if word(end) == "anniversary" {
            add(.number, ["anniversary:" + NumericAnchors.format(v)], i, end + 1)
            return end + 1
        }
        if t[i].number != nil, (1...31).contains(v), i > 0, word(i - 1) == "the",
            end >= t.count || !t[end].isWord || NumericAnchors.dayFollowers.contains(t[end].text)
        {
            add(.date, ["day:" + NumericAnchors.format(v)], i, end)
            return end
        }
        if t[i].number != nil || v > 1 { add(.number, ["ordinal:" + NumericAnchors.format(v)], i, end) }
        return end
    }

    /// A number with what follows it: an amount ("$550 billion", "us$5", "1.2 trillion yen",
    /// "¥100"), a time, a duration, a percentage, a year or a plain number. Where reading goes on.
    private mutating func quantity(at i: Int) -> Int {
        let (sign, k) = currencySign(at: i)
        var currency = sign
        var value: Double?
        var end = k
        if k < t.count, let n = t[k].number {
            value = n; end = k + 1
        } else if let (n, e) = NumericAnchors.spelledNumber(t, k) {
            value = n; end = e
        }
        guard var v = value else { return i + 1 }
        let spelled = t[k].number == nil
        // Scales: "550 billion", "two million".
        while word(end) != nil, let scale = NumericAnchors.look(NumericAnchors.scales, t[end]) { v *= scale; end += 1 }
        if currency == nil, word(end) != nil, let c = NumericAnchors.look(NumericAnchors.currencyWords, t[end]) {
            currency = c; end += 1
        }
        if let currency {
            add(.number, ["amount:" + NumericAnchors.format(v) + ":" + currency], i, end)
            return end
        }
        if let stop = time(v, spelled: spelled, from: i, end: end) { return stop }
        // Durations: "41-minute", "41 minutes", "two-day".
        let unitIndex = end < t.count && t[end].text == "-" ? end + 1 : end
        if word(unitIndex) != nil, let unit = NumericAnchors.look(NumericAnchors.durationUnits, t[unitIndex]) {
            add(.number, ["duration:" + NumericAnchors.format(v) + ":" + unit], i, unitIndex + 1)
            return unitIndex + 1
        }
        if end < t.count, t[end].text == "%" || word(end) == "percent" {
            add(.number, ["percent:" + NumericAnchors.format(v)], i, end + 1)
            return end + 1
        }
        if !spelled, let (y, e) = year(i), e == end {
            add(.date, ["year:\(y)"], i, end)
        } else if !(spelled && v == 1) {
            add(.number, ["number:" + NumericAnchors.format(v)], i, end)
        }
        return max(end, i + 1)
    }

    /// A currency sign before the number at k ("$", "¥", "₩", "€", "us$"), and where the number starts.
    private func currencySign(at k: Int) -> (String?, Int) {
        switch t[k].text {
        case "$": return ("usd", k + 1)
        case "¥": return ("jpy", k + 1)
        case "₩": return ("krw", k + 1)
        case "€": return ("eur", k + 1)
        default:
            if word(k) == "us", k + 1 < t.count, t[k + 1].text == "$" { return ("usd", k + 2) }
            return (nil, k)
        }
    }

    /// Times of the number `v` (tokens i..<end): 6:02 p.m., 6 p.m., 18:30. Where reading goes on.
    private mutating func time(_ v: Double, spelled: Bool, from i: Int, end: Int) -> Int? {
        if !spelled, end + 1 < t.count, t[end].text == ":", let minute = t[end + 1].number, t[end + 1].text.count == 2,
            v == v.rounded(), v <= 24
        {
            var hour = Int(v)
            var stop = end + 2
            if let (pm, e) = NumericAnchors.meridiem(t, stop) {
                if pm && hour < 12 { hour += 12 }; if !pm && hour == 12 { hour = 0 }; stop = e
            }
            if let key = NumericAnchors.time(hour: hour, minute: Int(minute)) { add(.date, [key], i, stop) }
            return stop
        }
        if let (pm, e) = NumericAnchors.meridiem(t, end), v == v.rounded(), (1...12).contains(v) {
            var hour = Int(v)
            if pm && hour < 12 { hour += 12 }
            if !pm && hour == 12 { hour = 0 }
            if let key = NumericAnchors.time(hour: hour, minute: 0) { add(.date, [key], i, e) }
            return e
        }
        return nil
    }
}
