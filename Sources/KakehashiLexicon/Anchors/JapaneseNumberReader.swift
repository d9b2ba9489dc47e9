import KakehashiText

/// One Japanese sentence's numbers and dates, read left to right in named steps: weekdays
/// (水曜日, (水)), the first year of an era (令和元年), then a number with its counter: ordinals,
/// anniversaries, durations, years and dates, months, days, times, percentages, amounts.
struct JapaneseNumberReader {
    private typealias N = NumericAnchors
    private let s: [Unicode.Scalar]
    private var anchors: [Anchor] = []

    init(_ key: String) { s = Array(key.unicodeScalars) }

    /// Every anchor of the sentence, in order.
    mutating func read() -> [Anchor] {
        var i = 0
        while i < s.count {
            i = weekday(at: i) ?? eraFirstYear(at: i) ?? number(at: i)
        }
        return anchors
    }

    private mutating func add(_ kind: AnchorKind, _ keys: [String], _ range: Range<Int>, alternatives: [String] = []) {
        let text = String(scalars: s[range])
        let position = Double(range.lowerBound) / Double(max(1, s.count))
        for k in keys {
            anchors.append(
                Anchor(
                    kind: kind, key: k, text: text, position: position,
                    alternatives: alternatives + N.alternatives(of: k)))
        }
    }

    /// Whether `word` is written at `j`.
    private func at(_ j: Int, _ word: String) -> Bool { N.hasPrefix(s, j, word) }

    /// Weekdays: 水曜日, 水曜, and (水) after a date.
    private mutating func weekday(at i: Int) -> Int? {
        if let day = N.japaneseWeekdays[s[i]], i + 1 < s.count, s[i + 1] == "曜" {
            let end = i + 2 < s.count && s[i + 2] == "日" ? i + 3 : i + 2
            add(.date, ["weekday:" + day], i..<end)
            return end
        }
        if s[i] == "(", i + 2 < s.count, let day = N.japaneseWeekdays[s[i + 1]], s[i + 2] == ")", i > 0, s[i - 1] == "日"
        {
            add(.date, ["weekday:" + day], i..<(i + 3))
            return i + 3
        }
        return nil
    }

    /// 令和元年: the first year of an era.
    private mutating func eraFirstYear(at i: Int) -> Int? {
        guard at(i, "元年"), i >= 2, let base = N.eras.first(where: { at(i - 2, $0.key) })?.value else { return nil }
        add(.date, ["year:\(base + 1)"], (i - 2)..<(i + 2))
        return i + 2
    }

    /// A number (第N for ordinals) and the counter after it. Where reading goes on.
    private mutating func number(at i: Int) -> Int {
        let ordinalPrefix = s[i] == "第"
        let start = ordinalPrefix ? i + 1 : i
        guard start < s.count, let number = N.readJapaneseNumber(s, start) else { return i + 1 }
        var j = number.end
        let v = number.value
        var era: Int?
        for (name, base) in N.eras where i >= 2 && at(i - 2, name) { era = base }
        // A lone kanji numeral counts only before a counter or unit (一方, 一緒 are words).
        let loneKanji = number.kanji && number.end - start == 1
        if loneKanji && ((at(j, "時") && !at(j, "時間")) || (at(j, "分") && !at(j, "分間"))) {
            // 一時 (for a while), 十分 (enough): words, not times.
            return j
        }
        if ordinalPrefix {
            add(.number, ["ordinal:" + N.format(v)], i..<j)
        } else if at(j, "周年") {
            j += 2
            add(.number, ["anniversary:" + N.format(v)], i..<j)
        } else if let (suffix, unit) = N.durationSuffixes.first(where: { at(j, $0.0) }) {
            j += suffix.unicodeScalars.count
            add(.number, ["duration:" + N.format(v) + ":" + unit], i..<j)
        } else if let yearEnd = N.yearSuffixEnd(s, j) {
            // A year written with two digits (18年, 04～05年) is of this century or, past 50, the last.
            let twoDigits = !number.kanji && number.end - start == 2 && era == nil
            let year = era.map { $0 + Int(v) } ?? (twoDigits ? (v < 50 ? 2000 : 1900) + Int(v) : Int(v))
            j = yearDate(year, v, from: i, yearEnd: yearEnd, twoDigits: twoDigits, era: era)
        } else if at(j, "月") {
            j = monthDate(v, from: i, after: j + 1)
        } else if at(j, "日") {
            j += 1
            add(.date, ["day:" + N.format(v)], i..<j)
        } else if at(j, "時") {
            j = clockTime(v, from: i, after: j + 1)
        } else {
            j = counted(v, from: i, end: j, loneKanji: loneKanji)
        }
        return max(j, i + 1)
    }

    /// A year and what follows it: 2026年1月13日, 2026年1月, or the year alone. Where it ends.
    private mutating func yearDate(
        _ year: Int, _ v: Double, from i: Int, yearEnd: Int, twoDigits: Bool, era: Int?
    ) -> Int {
        var j = yearEnd
        if let month = N.readJapaneseNumber(s, j), at(month.end, "月"), !at(month.end, "月間") {
            var k = month.end + 1
            if let day = N.readJapaneseNumber(s, k), at(day.end, "日"), !at(day.end, "日間") {
                k = day.end + 1
                add(.date, N.date(month: Int(month.value), day: Int(day.value), year: year), i..<k)
            } else {
                add(.date, ["year:\(year)", "month:" + N.format(month.value)], i..<k)
            }
            j = k
        } else if (1000...2999).contains(year) || era != nil {
            add(.date, ["year:\(year)"], i..<j, alternatives: twoDigits ? ["number:" + N.format(v)] : [])
        } else {
            add(.number, ["number:" + N.format(v)], i..<j)
        }
        return j
    }

    /// A month (its 月 ends at `after`), with a day when one follows. Where it ends.
    private mutating func monthDate(_ v: Double, from i: Int, after: Int) -> Int {
        var j = after
        if let day = N.readJapaneseNumber(s, j), at(day.end, "日"), !at(day.end, "日間") {
            j = day.end + 1
            add(.date, N.date(month: Int(v), day: Int(day.value), year: nil), i..<j)
        } else if (1...12).contains(Int(v)) {
            add(.date, ["month:" + N.format(v)], i..<j)
        }
        return j
    }

    /// An hour (its 時 ends at `after`; 午後 before it), with 半 or minutes. Where it ends.
    private mutating func clockTime(_ v: Double, from i: Int, after: Int) -> Int {
        var j = after
        var hour = Int(v)
        let pm = i >= 2 && at(i - 2, "午後")
        if pm && hour < 12 { hour += 12 }
        var minute = 0
        if at(j, "半") {
            minute = 30; j += 1
        } else if let m = N.readJapaneseNumber(s, j), at(m.end, "分"), !at(m.end, "分間") {
            minute = Int(m.value); j = m.end + 1
        }
        if let t = N.time(hour: hour, minute: minute) { add(.date, [t], i..<j) }
        return j
    }

    /// Percentages, counted ordinals (3回目, 2位), amounts, and plain numbers; a lone kanji
    /// numeral is a number only before a counter. Where it ends.
    private mutating func counted(_ v: Double, from i: Int, end: Int, loneKanji: Bool) -> Int {
        var j = end
        if at(j, "%") || at(j, "パーセント") {
            j += at(j, "%") ? 1 : 5
            add(.number, ["percent:" + N.format(v)], i..<j)
        } else if let counter = Self.ordinalCounters.first(where: { at(j, $0) }) {
            j += counter.unicodeScalars.count
            add(.number, ["ordinal:" + N.format(v)], i..<j)
        } else if let (word, code) = N.currencies.first(where: { at(j, $0.0) }) {
            j += word.unicodeScalars.count
            add(.number, ["amount:" + N.format(v) + ":" + code], i..<j)
        } else if loneKanji && !Self.counters.contains(where: { at(j, $0) }) {
            // A lone kanji numeral in a word: not a number.
        } else {
            add(.number, ["number:" + N.format(v)], i..<j)
        }
        return j
    }

    /// Counters that make a number an ordinal: a counter and 目 (3回目, 85人目, 5例目), and
    /// a rank (2位). Longer ones first.
    private static let ordinalCounters = [
        "試合目", "回目", "番目", "度目", "人目", "件目", "例目", "代目", "戦目", "本目", "社目", "校目", "位",
    ]

    /// Counters after which a lone kanji numeral is a number (一人, 三回, 五カ国).
    private static let counters = ["人", "回", "カ", "か", "ヶ", "つ", "件", "名", "隻", "機", "発", "度", "点", "社", "国", "党"]
}
