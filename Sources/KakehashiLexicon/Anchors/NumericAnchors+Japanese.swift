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

    /// Where the 年 after a number at `j` ends: right after it (2018年), or after the second number
    /// of a range (2004～05年, whose first number is a year too); nil when no 年 follows.
    static func yearSuffixEnd(_ s: [Unicode.Scalar], _ j: Int) -> Int? {
        if hasPrefix(s, j, "年") { return hasPrefix(s, j, "年間") ? nil : j + 1 }
        guard j < s.count, ["～", "〜", "~", "-", "–"].contains(s[j]), let second = readJapaneseNumber(s, j + 1),
              hasPrefix(s, second.end, "年"), !hasPrefix(s, second.end, "年間") else { return nil }
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
        let s = Array(key.unicodeScalars)
        var anchors: [Anchor] = []
        func add(_ kind: AnchorKind, _ keys: [String], _ range: Range<Int>, alternatives: [String] = []) {
            let text = String(scalars: s[range])
            let position = Double(range.lowerBound) / Double(max(1, s.count))
            for k in keys {
                anchors.append(Anchor(kind: kind, key: k, text: text, position: position,
                                      alternatives: alternatives + NumericAnchors.alternatives(of: k)))
            }
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
            } else if let yearEnd = yearSuffixEnd(s, j) {
                // A year written with two digits (18年, 04～05年) is of this century or, past 50, the last.
                let twoDigits = !number.kanji && number.end - start == 2 && era == nil
                let year = era.map { $0 + Int(v) } ?? (twoDigits ? (v < 50 ? 2000 : 1900) + Int(v) : Int(v))
                j = yearEnd
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
                    add(.date, ["year:\(year)"], i..<j, alternatives: twoDigits ? ["number:" + format(v)] : [])
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
}
