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

    static func time(hour: Int, minute: Int) -> String? {
        guard (0...24).contains(hour), (0...59).contains(minute) else { return nil }
        return "time:" + (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    // MARK: Japanese

    // Kanji numerals, as switches: they are asked about every character of every sentence.
    static func kanjiDigit(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "〇", "零": 0
        case "一": 1
        case "二": 2
        case "三": 3
        case "四": 4
        case "五": 5
        case "六": 6
        case "七": 7
        case "八": 8
        case "九": 9
        default: nil
        }
    }

    static func kanjiSmallUnit(_ c: Unicode.Scalar) -> Double? {
        switch c {
        case "十": 10
        case "百": 100
        case "千": 1000
        default: nil
        }
    }

    static func kanjiLargeUnit(_ c: Unicode.Scalar) -> Double? {
        switch c {
        case "万": 1e4
        case "億": 1e8
        case "兆": 1e12
        default: nil
        }
    }
    static let eras: [String: Int] = ["令和": 2018, "平成": 1988, "昭和": 1925, "大正": 1911, "明治": 1867]
    static let japaneseWeekdays: [Unicode.Scalar: String] = [
        "日": "sun", "月": "mon", "火": "tue", "水": "wed", "木": "thu", "金": "fri", "土": "sat",
    ]
    /// Duration suffixes and their unit, a longer suffix before its prefix (カ月間 before カ月).
    static let durationSuffixes: [(String, String)] = [
        ("年間", "year"), ("カ月間", "month"), ("か月間", "month"), ("ヶ月間", "month"), ("ケ月間", "month"),
        ("カ月", "month"), ("か月", "month"), ("ヶ月", "month"), ("ケ月", "month"), ("月間", "month"),
        ("週間", "week"), ("日間", "day"), ("時間", "hour"), ("分間", "minute"), ("分", "minute"),
        ("秒間", "second"), ("秒", "second"),
    ]
    static let currencies: [(String, String)] = [
        ("米ドル", "usd"), ("ドル", "usd"), ("円", "jpy"), ("ウォン", "krw"), ("ユーロ", "eur"), ("人民元", "cny"), ("元", "cny"),
    ]

    static func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }

    /// A number at `i`: ASCII digits (with , and .) or kanji numerals, with 万 億 兆 multipliers.
    /// Returns its value, where it ends, and whether it was written (partly) in kanji.
    static func readJapaneseNumber(_ s: [Unicode.Scalar], _ i: Int) -> (value: Double, end: Int, kanji: Bool)? {
        var j = i
        var total = 0.0, section = 0.0, current = 0.0
        var sawAny = false, kanji = false
        while j < s.count {
            let c = s[j]
            if isDigit(c) {
                // An ASCII number, with thousands separators and a decimal part.
                var text = ""
                while j < s.count {
                    if isDigit(s[j]) { text.unicodeScalars.append(s[j]) }
                    else if s[j] == ",", j + 1 < s.count, isDigit(s[j + 1]), !text.isEmpty {}
                    else if s[j] == ".", j + 1 < s.count, isDigit(s[j + 1]), !text.contains(".") { text.append(".") }
                    else { break }
                    j += 1
                }
                current = current * pow10(text.split(separator: ".").first?.count ?? 0) + (Double(text) ?? 0)
                sawAny = true
            } else if let d = kanjiDigit(c) {
                current = current * 10 + Double(d)
                sawAny = true; kanji = true
                j += 1
            } else if let u = kanjiSmallUnit(c) {
                section += (current == 0 ? 1 : current) * u
                current = 0
                sawAny = true; kanji = true
                j += 1
            } else if let u = kanjiLargeUnit(c), sawAny {
                total += (section + current) * u
                section = 0; current = 0
                j += 1
            } else {
                break
            }
        }
        guard sawAny else { return nil }
        return (total + section + current, j, kanji)
    }

    static func pow10(_ n: Int) -> Double {
        var v = 1.0
        for _ in 0..<n { v *= 10 }
        return v
    }

    static func hasPrefix(_ s: [Unicode.Scalar], _ i: Int, _ word: String) -> Bool {
        var k = i
        for c in word.unicodeScalars {
            guard k < s.count, s[k] == c else { return false }
            k += 1
        }
        return true
    }

    /// The anchors of a Japanese sentence in key form.
    public static func japanese(_ key: String) -> [Anchor] {
        let s = Array(key.unicodeScalars)
        var anchors: [Anchor] = []
        func add(_ kind: AnchorKind, _ keys: [String], _ range: Range<Int>) {
            let text = String(scalars: s[range])
            let position = Double(range.lowerBound) / Double(max(1, s.count))
            for k in keys { anchors.append(Anchor(kind: kind, key: k, text: text, position: position)) }
        }
        var i = 0
        while i < s.count {
            // Weekdays: 水曜日, 水曜, (水).
            if let day = japaneseWeekdays[s[i]], i + 1 < s.count, s[i + 1] == "曜" {
                let end = i + 2 < s.count && s[i + 2] == "日" ? i + 3 : i + 2
                add(.date, ["weekday:" + day], i..<end)
                i = end
                continue
            }
            if s[i] == "(", i + 2 < s.count, let day = japaneseWeekdays[s[i + 1]], s[i + 2] == ")", i > 0, s[i - 1] == "日" {
                add(.date, ["weekday:" + day], i..<(i + 3))
                i += 3
                continue
            }
            // 令和元年: the first year of an era.
            if hasPrefix(s, i, "元年"), i >= 2, let base = eras.first(where: { hasPrefix(s, i - 2, $0.key) })?.value {
                add(.date, ["year:\(base + 1)"], (i - 2)..<(i + 2))
                i += 2
                continue
            }
            // Ordinals written 第N.
            let ordinalPrefix = s[i] == "第"
            let start = ordinalPrefix ? i + 1 : i
            guard start < s.count, let number = readJapaneseNumber(s, start) else { i += 1; continue }
            // A lone kanji numeral counts only before a counter or unit (一方, 一緒 are words).
            var j = number.end
            let v = number.value
            func next(_ word: String) -> Bool { hasPrefix(s, j, word) }
            var era: Int?
            for (name, base) in eras where i >= 2 && hasPrefix(s, i - 2, name) { era = base }
            let loneKanji = number.kanji && number.end - start == 1
            if loneKanji && ((next("時") && !next("時間")) || (next("分") && !next("分間"))) {
                // 一時 (for a while), 十分 (enough): words, not times.
                i = j
                continue
            }
            if ordinalPrefix {
                add(.number, ["ordinal:" + format(v)], i..<j)
            } else if next("周年") {
                j += 2
                add(.number, ["anniversary:" + format(v)], i..<j)
            } else if let (suffix, unit) = durationSuffixes.first(where: { next($0.0) }) {
                j += suffix.unicodeScalars.count
                add(.number, ["duration:" + format(v) + ":" + unit], i..<j)
            } else if next("年") {
                let year = era.map { $0 + Int(v) } ?? Int(v)
                j += 1
                // 2026年1月13日
                if let month = readJapaneseNumber(s, j), hasPrefix(s, month.end, "月"),
                   !hasPrefix(s, month.end, "月間") {
                    var k = month.end + 1
                    if let day = readJapaneseNumber(s, k), hasPrefix(s, day.end, "日"), !hasPrefix(s, day.end, "日間") {
                        k = day.end + 1
                        add(.date, date(month: Int(month.value), day: Int(day.value), year: year), i..<k)
                    } else {
                        add(.date, ["year:\(year)", "month:" + format(month.value)], i..<k)
                    }
                    j = k
                } else if (1000...2999).contains(year) || era != nil {
                    add(.date, ["year:\(year)"], i..<j)
                } else {
                    add(.number, ["number:" + format(v)], i..<j)
                }
            } else if next("月") {
                j += 1
                if let day = readJapaneseNumber(s, j), hasPrefix(s, day.end, "日"), !hasPrefix(s, day.end, "日間") {
                    j = day.end + 1
                    add(.date, date(month: Int(v), day: Int(day.value), year: nil), i..<j)
                } else if (1...12).contains(Int(v)) {
                    add(.date, ["month:" + format(v)], i..<j)
                }
            } else if next("日") {
                j += 1
                add(.date, ["day:" + format(v)], i..<j)
            } else if next("時") {
                j += 1
                var hour = Int(v)
                let pm = i >= 2 && hasPrefix(s, i - 2, "午後")
                if pm && hour < 12 { hour += 12 }
                var minute = 0
                if next("半") { minute = 30; j += 1 }
                else if let m = readJapaneseNumber(s, j), hasPrefix(s, m.end, "分"), !hasPrefix(s, m.end, "分間") {
                    minute = Int(m.value); j = m.end + 1
                }
                if let t = time(hour: hour, minute: minute) { add(.date, [t], i..<j) }
            } else if next("%") || next("パーセント") {
                j += next("%") ? 1 : 5
                add(.number, ["percent:" + format(v)], i..<j)
            } else if next("回目") || next("番目") || next("度目") || next("位") {
                j += next("位") ? 1 : 2
                add(.number, ["ordinal:" + format(v)], i..<j)
            } else if let (word, code) = currencies.first(where: { next($0.0) }) {
                j += word.unicodeScalars.count
                add(.number, ["amount:" + format(v) + ":" + code], i..<j)
            } else if loneKanji && !["人", "回", "カ", "か", "ヶ", "つ", "件", "名", "隻", "機", "発", "度", "点", "社", "国", "党"].contains(where: { next($0) }) {
                // A lone kanji numeral in a word: not a number.
            } else {
                add(.number, ["number:" + format(v)], i..<j)
            }
            i = max(j, i + 1)
        }
        return anchors
    }

    // MARK: English

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
            for k in keys { anchors.append(Anchor(kind: kind, key: k, text: text, position: position)) }
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
