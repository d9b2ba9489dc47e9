import KakehashiText

/// Numbers and dates read from English: spelled-out numbers, month and weekday names, ordinals.
extension NumericAnchors {
    static let months: [String: Int] = [
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
        "september": 9, "october": 10, "november": 11, "december": 12,
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    ]
    static let weekdays: [String: String] = [
        "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu", "friday": "fri", "saturday": "sat", "sunday": "sun",
    ]
    /// Abbreviated weekdays, read only in brackets ("(Tue)"), where "sun" and "wed" are not words.
    static let weekdayAbbreviations: [String: String] = [
        "mon": "mon", "tue": "tue", "tues": "tue", "wed": "wed", "thu": "thu", "thur": "thu", "thurs": "thu",
        "fri": "fri", "sat": "sat", "sun": "sun",
    ]
    /// Words after "the 25th" that leave it a day of the month ("on the 25th that …", "the 23rd of
    /// this month"); any other word makes it an ordinal ("the 21st century").
    static let dayFollowers: Set<String> = [
        "of", "and", "or", "that", "to", "at", "in", "from", "when", "as", "after", "before", "until", "through", "but",
        "with", "for", "by", "morning", "afternoon", "evening", "night",
    ]
    static let units: [String: Double] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
        "eighteen": 18, "nineteen": 19,
    ]
    static let tens: [String: Double] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]
    static let ordinalWords: [String: Double] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
        "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
        "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
        "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    ]
    static let scales: [String: Double] = ["hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12]
    static let durationUnits: [String: String] = [
        "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute",
        "hour": "hour", "hours": "hour", "day": "day", "days": "day", "week": "week", "weeks": "week",
        "month": "month", "months": "month", "year": "year", "years": "year",
    ]
    static let currencyWords: [String: String] = [
        "dollar": "usd", "dollars": "usd", "yen": "jpy", "won": "krw", "euro": "eur", "euros": "eur", "yuan": "cny",
    ]

    /// An English token: a word, a number (digits with , and .), or a single symbol.
    struct Token {
        var text: String
        var range: Range<Int>   // in scalars
        var number: Double?
        var isWord: Bool
        /// A word of `vocabulary`: only these are looked up in the word tables.
        var known = false
    }

    /// Every word of the English tables (months, weekdays, number words, scales, units, currencies).
    static let vocabulary: Set<String> = Set(Array(months.keys) + Array(weekdays.keys) + Array(units.keys) + Array(tens.keys)
                                              + Array(ordinalWords.keys) + Array(scales.keys) + Array(durationUnits.keys)
                                              + Array(currencyWords.keys))

    /// `table[token.text]`, without hashing a word no table has.
    @inline(__always) static func look<Value>(_ table: [String: Value], _ token: Token) -> Value? {
        token.known ? table[token.text] : nil
    }

    static func tokenize(_ s: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            if isDigit(c) {
                var text = ""
                let start = i
                while i < s.count {
                    if isDigit(s[i]) { text.unicodeScalars.append(s[i]) }
                    else if s[i] == ",", i + 1 < s.count, isDigit(s[i + 1]) {}
                    else if s[i] == ".", i + 1 < s.count, isDigit(s[i + 1]), !text.contains(".") { text.append(".") }
                    else { break }
                    i += 1
                }
                tokens.append(Token(text: text, range: start..<i, number: Double(text), isWord: false))
            } else if c.isAlphabeticScalar {
                let start = i
                while i < s.count, s[i].isAlphabeticScalar || s[i] == "'" { i += 1 }
                let text = String(scalars: s[start..<i])
                tokens.append(Token(text: text, range: start..<i, number: nil, isWord: true, known: vocabulary.contains(text)))
            } else if c == " " {
                i += 1
            } else {
                tokens.append(Token(text: String(c), range: i..<(i + 1), number: nil, isWord: false))
                i += 1
            }
        }
        return tokens
    }

    /// A spelled-out cardinal at token `i` ("forty-one", "twenty five", "ten"): value and end.
    static func spelledNumber(_ t: [Token], _ i: Int) -> (value: Double, end: Int)? {
        guard i < t.count else { return nil }
        if let u = look(units, t[i]) { return (u, i + 1) }
        if let ten = look(tens, t[i]) {
            if i + 2 < t.count, t[i + 1].text == "-", let u = look(units, t[i + 2]), u < 10 { return (ten + u, i + 3) }
            if i + 1 < t.count, let u = look(units, t[i + 1]), u < 10, u > 0 { return (ten + u, i + 2) }
            return (ten, i + 1)
        }
        return nil
    }

    /// A spelled-out ordinal ("sixtieth", "forty-first", "21st"): value and end.
    static func ordinal(_ t: [Token], _ i: Int) -> (value: Double, end: Int)? {
        guard i < t.count else { return nil }
        if let v = look(ordinalWords, t[i]) { return (v, i + 1) }
        if let ten = look(tens, t[i]), i + 2 < t.count, t[i + 1].text == "-", let v = look(ordinalWords, t[i + 2]), v < 10 {
            return (ten + v, i + 3)
        }
        if let n = t[i].number, i + 1 < t.count, ["st", "nd", "rd", "th"].contains(t[i + 1].text),
           t[i + 1].range.lowerBound == t[i].range.upperBound {
            return (n, i + 2)
        }
        return nil
    }

    /// The anchors of an English sentence in key form (lower case).
    public static func english(_ key: String) -> [Anchor] {
        let s = Array(key.unicodeScalars)
        let t = tokenize(s)
        var anchors: [Anchor] = []
        func add(_ kind: AnchorKind, _ keys: [String], _ from: Int, _ to: Int) {
            let range = t[from].range.lowerBound..<t[to - 1].range.upperBound
            let text = String(scalars: s[range])
            let position = Double(range.lowerBound) / Double(max(1, s.count))
            for k in keys {
                anchors.append(Anchor(kind: kind, key: k, text: text, position: position, alternatives: NumericAnchors.alternatives(of: k)))
            }
        }
        func word(_ k: Int) -> String? { k < t.count && t[k].isWord ? t[k].text : nil }
        /// A month name at k (an abbreviation may carry its full stop): month and end.
        func month(_ k: Int) -> (Int, Int)? {
            guard let w = word(k), let m = look(months, t[k]) else { return nil }
            let end = k + 1 < t.count && t[k + 1].text == "." && w.count <= 4 ? k + 2 : k + 1
            return (m, end)
        }
        /// A day number at k ("30", "30th"): day and end.
        func dayNumber(_ k: Int) -> (Int, Int)? {
            if let (v, end) = ordinal(t, k), (1...31).contains(v) { return (Int(v), end) }
            if k < t.count, let n = t[k].number, n == n.rounded(), (1...31).contains(n) { return (Int(n), k + 1) }
            return nil
        }
        func year(_ k: Int) -> (Int, Int)? {
            if k < t.count, let n = t[k].number, n == n.rounded(), (1000...2999).contains(n), t[k].text.count == 4 { return (Int(n), k + 1) }
            return nil
        }
        var i = 0
        while i < t.count {
            // Weekdays, and their abbreviations in brackets: "(Tue)".
            if word(i) != nil, let d = look(weekdays, t[i]) {
                add(.date, ["weekday:" + d], i, i + 1)
                i += 1
                continue
            }
            if word(i) != nil, i > 0, t[i - 1].text == "(", i + 1 < t.count, t[i + 1].text == ")" || t[i + 1].text == ".",
               let d = weekdayAbbreviations[t[i].text] {
                add(.date, ["weekday:" + d], i, i + 1)
                i += 1
                continue
            }
            // Month day[, year] / month year.
            if let (m, afterMonth) = month(i) {
                if let (d, afterDay) = dayNumber(afterMonth), !(m == 5 && word(i) == "may" && afterMonth == i + 1 && t[afterMonth].number == nil && ordinal(t, afterMonth) == nil) {
                    var end = afterDay
                    var y: Int?
                    let comma = end < t.count && t[end].text == "," ? end + 1 : end
                    if let (yy, e) = year(comma) { y = yy; end = e }
                    add(.date, date(month: m, day: d, year: y), i, end)
                    i = end
                    continue
                }
                if let (y, end) = year(afterMonth), word(i) != "may" {
                    add(.date, ["year:\(y)", "month:\(m)"], i, end)
                    i = end
                    continue
                }
            }
            // Day [of] month [year].
            if let (d, afterDay) = dayNumber(i) {
                let k = word(afterDay) == "of" ? afterDay + 1 : afterDay
                if let (m, afterMonth) = month(k), word(k) != "may" || t[i].number != nil {
                    var end = afterMonth
                    var y: Int?
                    if let (yy, e) = year(end) { y = yy; end = e }
                    add(.date, date(month: m, day: d, year: y), i, end)
                    i = end
                    continue
                }
            }
            // Anniversaries and ordinals.
            if let (v, end) = ordinal(t, i) {
                if word(end) == "anniversary" {
                    add(.number, ["anniversary:" + format(v)], i, end + 1)
                    i = end + 1
                } else if t[i].number != nil, (1...31).contains(v), i > 0, word(i - 1) == "the",
                          end >= t.count || !t[end].isWord || dayFollowers.contains(t[end].text) {
                    // "on the 25th that …", "the 23rd of this month": a day of the month, as
                    // translations of 25日 write it.
                    add(.date, ["day:" + format(v)], i, end)
                    i = end
                } else {
                    if t[i].number != nil || v > 1 { add(.number, ["ordinal:" + format(v)], i, end) }
                    i = end
                }
                continue
            }
            // Amounts in dollars, yen, won: "$550 billion", "us$5", "1.2 trillion yen", "¥100".
            var currency: String?
            var k = i
            if t[k].text == "$" { currency = "usd"; k += 1 }
            else if t[k].text == "¥" { currency = "jpy"; k += 1 }
            else if t[k].text == "₩" { currency = "krw"; k += 1 }
            else if t[k].text == "€" { currency = "eur"; k += 1 }
            else if word(k) == "us", k + 1 < t.count, t[k + 1].text == "$" { currency = "usd"; k += 2 }
            var value: Double?
            var end = k
            if k < t.count, let n = t[k].number { value = n; end = k + 1 }
            else if let (n, e) = spelledNumber(t, k) { value = n; end = e }
            guard var v = value else { i += 1; continue }
            let spelled = t[k].number == nil
            // Scales: "550 billion", "two million".
            while word(end) != nil, let scale = look(scales, t[end]) { v *= scale; end += 1 }
            if currency == nil, word(end) != nil, let c = look(currencyWords, t[end]) { currency = c; end += 1 }
            if let currency {
                add(.number, ["amount:" + format(v) + ":" + currency], i, end)
                i = end
                continue
            }
            // Times: 6:02 p.m., 6 p.m., 18:30.
            if !spelled, end + 1 < t.count, t[end].text == ":", let minute = t[end + 1].number, t[end + 1].text.count == 2,
               v == v.rounded(), v <= 24 {
                var hour = Int(v)
                var stop = end + 2
                if let (pm, e) = meridiem(t, stop) { if pm && hour < 12 { hour += 12 }; if !pm && hour == 12 { hour = 0 }; stop = e }
                if let key = time(hour: hour, minute: Int(minute)) { add(.date, [key], i, stop) }
                i = stop
                continue
            }
            if let (pm, e) = meridiem(t, end), v == v.rounded(), (1...12).contains(v) {
                var hour = Int(v)
                if pm && hour < 12 { hour += 12 }
                if !pm && hour == 12 { hour = 0 }
                if let key = time(hour: hour, minute: 0) { add(.date, [key], i, e) }
                i = e
                continue
            }
            // Durations: "41-minute", "41 minutes", "two-day".
            let unitIndex = end < t.count && t[end].text == "-" ? end + 1 : end
            if word(unitIndex) != nil, let unit = look(durationUnits, t[unitIndex]) {
                add(.number, ["duration:" + format(v) + ":" + unit], i, unitIndex + 1)
                i = unitIndex + 1
                continue
            }
            // Percentages.
            if end < t.count, t[end].text == "%" || word(end) == "percent" {
                add(.number, ["percent:" + format(v)], i, end + 1)
                i = end + 1
                continue
            }
            if !spelled, let (y, e) = year(i), e == end {
                add(.date, ["year:\(y)"], i, end)
            } else if !(spelled && v == 1) {
                add(.number, ["number:" + format(v)], i, end)
            }
            i = max(end, i + 1)
        }
        return anchors
    }

    /// "a.m." / "p.m." / "am" / "pm" at k: whether p.m., and where it ends.
    static func meridiem(_ t: [Token], _ k: Int) -> (Bool, Int)? {
        guard k < t.count else { return nil }
        let w = t[k].text
        if w == "am" || w == "pm" { return (w == "pm", k + 1) }
        if (w == "a" || w == "p"), k + 2 < t.count, t[k + 1].text == ".", t[k + 2].text == "m" {
            let end = k + 3 < t.count && t[k + 3].text == "." ? k + 4 : k + 3
            return (w == "p", end)
        }
        return nil
    }
}
