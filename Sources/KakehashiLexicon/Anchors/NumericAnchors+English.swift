import KakehashiText

/// Numbers and dates read from English: spelled-out numbers, month and weekday names, ordinals.
extension NumericAnchors {
    static let months: [String: Int] = [
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
        "september": 9, "october": 10, "november": 11, "december": 12,
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11,
        "dec": 12,
    ]
    static let weekdays: [String: String] = [
        "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu", "friday": "fri", "saturday": "sat",
        "sunday": "sun",
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
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
        "eighteen": 18, "nineteen": 19,
    ]
    static let tens: [String: Double] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]
    static let ordinalWords: [String: Double] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
        "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
        "sixteenth": 16,
        "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
        "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    ]
    static let scales: [String: Double] = [
        "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    ]
    static let durationUnits: [String: String] = [
        "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute", "min": "minute",
        "mins": "minute",
        "hour": "hour", "hours": "hour", "day": "day", "days": "day", "week": "week", "weeks": "week",
        "month": "month", "months": "month", "year": "year", "years": "year",
    ]
    static let currencyWords: [String: String] = [
        "dollar": "usd", "dollars": "usd", "yen": "jpy", "won": "krw", "euro": "eur", "euros": "eur", "yuan": "cny",
    ]

    /// An English token: a word, a number (digits with , and .), or a single symbol.
    struct Token {
        var text: String
        var range: Range<Int>  // in scalars
        var number: Double?
        var isWord: Bool
        /// A word of `vocabulary`: only these are looked up in the word tables.
        var known = false
    }

    /// Every word of the English tables (months, weekdays, number words, scales, units, currencies).
    static let vocabulary: Set<String> = Set(
        Array(months.keys) + Array(weekdays.keys) + Array(units.keys) + Array(tens.keys)
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
                    if isDigit(s[i]) {
                        text.unicodeScalars.append(s[i])
                    } else if s[i] == ",", i + 1 < s.count, isDigit(s[i + 1]) {
                    } else if s[i] == ".", i + 1 < s.count, isDigit(s[i + 1]), !text.contains(".") {
                        text.append(".")
                    } else {
                        break
                    }
                    i += 1
                }
                tokens.append(Token(text: text, range: start..<i, number: Double(text), isWord: false))
            } else if c.isAlphabeticScalar {
                let start = i
                while i < s.count, s[i].isAlphabeticScalar || s[i] == "'" { i += 1 }
                let text = String(scalars: s[start..<i])
                tokens.append(
                    Token(text: text, range: start..<i, number: nil, isWord: true, known: vocabulary.contains(text)))
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
        if let ten = look(tens, t[i]), i + 2 < t.count, t[i + 1].text == "-", let v = look(ordinalWords, t[i + 2]),
            v < 10
        {
            return (ten + v, i + 3)
        }
        if let n = t[i].number, i + 1 < t.count, ["st", "nd", "rd", "th"].contains(t[i + 1].text),
            t[i + 1].range.lowerBound == t[i].range.upperBound
        {
            return (n, i + 2)
        }
        return nil
    }

    /// The anchors of an English sentence in key form (lower case).
    public static func english(_ key: String) -> [Anchor] {
        var reader = EnglishNumberReader(key)
        return reader.read()
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
