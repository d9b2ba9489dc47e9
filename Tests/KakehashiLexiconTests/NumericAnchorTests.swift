import Testing
import KakehashiText
@testable import KakehashiLexicon

@Suite("Numbers and dates")
struct NumericAnchorTests {
    func ja(_ text: String) throws -> Set<String> {
        Set(NumericAnchors.japanese(try TextNormalizer.key(text)).map(\.key))
    }
    func en(_ text: String) throws -> Set<String> {
        Set(NumericAnchors.english(try TextNormalizer.key(text)).map(\.key))
    }

    @Test("dates: 10月30日 = October 30 = Oct. 30 = 30 October; the year when given, the month-day always")
    func dates() throws {
        #expect(try ja("10月30日に会談した") == ["date:--10-30"])
        #expect(try ja("十月三十日") == ["date:--10-30"])
        for text in ["on October 30", "on Oct. 30", "on 30 October", "on the 30th of October", "on October 30th"] {
            #expect(try en(text) == ["date:--10-30"], "\(text)")
        }
        #expect(try ja("２０２６年１月１３日") == ["date:2026-01-13", "date:--01-13", "year:2026"])
        #expect(try en("January 13, 2026") == ["date:2026-01-13", "date:--01-13", "year:2026"])
        #expect(try ja("令和8年") == ["year:2026"])
        #expect(try ja("令和元年") == ["year:2019"])
        #expect(try en("in 2026") == ["year:2026"])
    }

    @Test("a year in two digits is of its century (18年 = 2018, 04～05年 = 2004 and 2005); one digit stays a count")
    func twoDigitYears() throws {
        #expect(try ja("18年の知事選で圧勝した") == ["year:2018"])
        #expect(try ja("０４～０５年の事件") == ["year:2004", "year:2005"])
        #expect(try ja("98年に") == ["year:1998"])
        #expect(try ja("懲役3年") == ["number:3"])
        #expect(try ja("3年間") == ["duration:3:year"])
        // The count stays an alternative: 懲役18年 is eighteen years.
        #expect(NumericAnchors.japanese(try TextNormalizer.key("懲役18年")).first?.alternatives == ["number:18"])
    }

    @Test("a month and day also meets the day alone: July 9 ~ 今月9日")
    func monthDayMeetsDay() throws {
        let july9 = try #require(NumericAnchors.english(try TextNormalizer.key("on July 9")).first)
        #expect(july9.key == "date:--07-09" && july9.alternatives == ["day:9"])
        let japanese = try #require(NumericAnchors.japanese(try TextNormalizer.key("7月9日に")).first)
        #expect(japanese.alternatives == ["day:9"])
        #expect(try ja("今月9日に") == ["day:9"])
    }

    @Test("weekdays and times of day")
    func weekdaysAndTimes() throws {
        #expect(try ja("水曜日に") == ["weekday:wed"])
        #expect(try ja("13日(水)") == ["day:13", "weekday:wed"])
        #expect(try en("on Wednesday") == ["weekday:wed"])
        #expect(try ja("午後6時2分") == ["time:18:02"])
        #expect(try en("at 6:02 p.m.") == ["time:18:02"])
        #expect(try en("at 6 p.m.") == ["time:18:00"])
        #expect(try ja("午前10時半") == ["time:10:30"])
    }

    @Test(
        "a day of the month written as 'the 25th' (as translations of 25日 write it), weekdays abbreviated in brackets")
    func daysOfTheMonth() throws {
        #expect(try ja("25日に発表した") == ["day:25"])
        #expect(try en("announced on the 25th that the body was found") == ["day:25"])
        #expect(try en("on the 23rd of this month") == ["day:23"])
        #expect(try en("from the 7th to the 8th.") == ["day:7", "day:8"])
        #expect(try en("the 28th (Tue)") == ["day:28", "weekday:tue"])
        #expect(try ja("28日（火）") == ["day:28", "weekday:tue"])
        // An ordinal before a noun stays an ordinal; "sun" and "wed" outside brackets are words.
        #expect(try en("in the 21st century") == ["ordinal:21"])
        #expect(try en("the 28th president") == ["ordinal:28"])
        #expect(try en("the sun rose on a wed morning").isEmpty)
    }

    @Test("durations, anniversaries, ordinals, percentages")
    func quantities() throws {
        #expect(try ja("41分間会談") == ["duration:41:minute"])
        #expect(try en("a 41-minute meeting") == ["duration:41:minute"])
        #expect(try en("for forty-one minutes") == ["duration:41:minute"])
        #expect(try ja("国交正常化60周年") == ["anniversary:60"])
        #expect(try en("the 60th anniversary") == ["anniversary:60"])
        #expect(try en("the sixtieth anniversary") == ["anniversary:60"])
        #expect(try ja("第2回") == ["ordinal:2"])
        #expect(try en("the second meeting") == ["ordinal:2"])
        #expect(try ja("3カ月") == ["duration:3:month"])
        #expect(try ja("3.5%") == ["percent:3.5"])
        #expect(try en("3.5 percent") == ["percent:3.5"])
    }

    @Test("amounts with 万 億 兆 equal English millions and billions")
    func amounts() throws {
        #expect(try ja("5500億ドル") == ["amount:550000000000:usd"])
        #expect(try en("$550 billion") == ["amount:550000000000:usd"])
        #expect(try ja("1兆2000億円") == ["amount:1200000000000:jpy"])
        #expect(try en("1.2 trillion yen") == ["amount:1200000000000:jpy"])
        #expect(try ja("３万人") == ["number:30000"])
        #expect(try en("30,000 people") == ["number:30000"])
    }

    @Test("kanji inside words are not numbers: 一緒, 統一, 一方, 一時, 十分")
    func notNumbers() throws {
        #expect(try ja("一緒に統一を目指す一方、一時中断し、十分に議論した").isEmpty)
        #expect(try en("one of the leaders said").isEmpty)
        #expect(try en("may be held in may").isEmpty)
    }

    @Test("counted ordinals (85人目, 5例目, 4代目) are ordinals, and an ordinal also meets the count")
    func countedOrdinals() throws {
        #expect(try ja("県内で85人目です") == ["ordinal:85"])
        #expect(try en("the 85th confirmed case") == ["ordinal:85"])
        #expect(try ja("5例目の感染") == ["ordinal:5"])
        #expect(try ja("4代目の社長") == ["ordinal:4"])
        let ordinal = NumericAnchors.english(try TextNormalizer.key("his 2,000th win")).first
        #expect(ordinal?.alternatives.contains("number:2000") == true)
    }

    @Test("a number with a thousands comma is no year; a month alone after last/in/since is a month, not May the verb")
    func yearsAndMonths() throws {
        #expect(try en("1,999 total wins") == ["number:1999"])
        #expect(try en("in 1999") == ["year:1999"])
        #expect(try en("maybe last March it was necessary") == ["month:3"])
        #expect(try en("since April") == ["month:4"])
        #expect(try en("they march on") == [])
        #expect(try en("it may rain in may") == [])
    }
}

@Suite("Anchor matching")
struct AnchorMatcherTests {
    /// Glossary only: these hold with no Debian dictionary installed.
    let matcher = AnchorMatcher(lexicon: try! Lexicon())

    @Test("a Japanese summary and its English report share dates, durations and acronyms; the rest is one-sided")
    func summit() throws {
        let m = try matcher.match(
            ja: "高市早苗首相は10月30日、ＡＰＥＣの会場で李在明大統領と41分間会談した。",
            en:
                "Prime Minister Sanae Takaichi held 41-minute talks with President Lee Jae-myung at the APEC venue on October 30, 2025."
        )
        let numeric = m.pairs.filter { $0.kind != .term && $0.kind != .name }
        #expect(numeric.map(\.key) == ["date:--10-30", "acronym:apec", "duration:41:minute"])
        #expect(numeric.map(\.kind) == [.date, .acronym, .number])
        #expect(m.enOnly.map(\.key).contains("year:2025"))
        #expect(m.jaOnly.filter { $0.kind != .term }.isEmpty)
        #expect(m.pairs.allSatisfy { $0.weight > 0 && $0.weight <= 1 })
    }

    @Test("an anchor pairs once: two dates on one side, one on the other")
    func once() throws {
        let m = try matcher.match(ja: "10月30日と10月30日", en: "October 30")
        #expect(m.pairs.count == 1)
        #expect(m.jaOnly.map(\.key) == ["date:--10-30"])
    }

    @Test("a full date weighs more than a bare small number")
    func weights() throws {
        let date = try matcher.match(ja: "2026年1月13日", en: "January 13, 2026").pairs.first {
            $0.key.hasPrefix("date:2026")
        }
        let small = try matcher.match(ja: "3人", en: "3 people").pairs.first
        #expect((date?.weight ?? 0) > (small?.weight ?? 1))
    }
}
