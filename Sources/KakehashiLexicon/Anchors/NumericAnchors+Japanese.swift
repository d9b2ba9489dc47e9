import KakehashiText

/// Numbers and dates read from Japanese: kanji and Arabic numerals, 万億兆, eras, 日 and 曜日.
extension NumericAnchors {
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
                    if isDigit(s[j]) {
                        text.unicodeScalars.append(s[j])
                    } else if s[j] == ",", j + 1 < s.count, isDigit(s[j + 1]), !text.isEmpty {
                    } else if s[j] == ".", j + 1 < s.count, isDigit(s[j + 1]), !text.contains(".") {
                        text.append(".")
                    } else {
                        break
                    }
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

    /// Where the 年 after a number at `j` ends: right after it (2018年), or after the second number
    /// of a range (2004～05年, whose first number is a year too); nil when no 年 follows.
    static func yearSuffixEnd(_ s: [Unicode.Scalar], _ j: Int) -> Int? {
        if hasPrefix(s, j, "年") { return hasPrefix(s, j, "年間") ? nil : j + 1 }
        guard j < s.count, ["～", "〜", "~", "-", "–"].contains(s[j]), let second = readJapaneseNumber(s, j + 1),
            hasPrefix(s, second.end, "年"), !hasPrefix(s, second.end, "年間")
        else { return nil }
        return j
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
        var reader = JapaneseNumberReader(key)
        return reader.read()
    }
}
