import Foundation
import Testing
import KakehashiText

@Suite("Article dates")
struct ArticleDateTests {
    /// "YYYY-MM-DD" of a parsed date (UTC).
    func day(_ text: String) -> String? {
        guard let date = ArticleDate.parse(text) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    @Test("a date as pages and bylines write it gives its day, whatever the time and zone after it")
    func writtenDates() {
        #expect(day("2025-06-16T17:23:00+05:30") == "2025-06-16")
        #expect(day("2025/6/16") == "2025-06-16")
        #expect(day("２０２６年１月１３日 午後３時") == "2026-01-13")
        #expect(day("June 16, 2025 17:23 IST") == "2025-06-16")
        #expect(day("Updated: Jun. 16, 2025") == "2025-06-16")
        #expect(day("Sept. 3 2025") == "2025-09-03")
        #expect(day("16 June 2025") == "2025-06-16")
        #expect(day("3rd March, 2024") == "2024-03-03")
    }

    @Test("no full date, no day: a dateline without a year, an impossible day, a word that starts like a month")
    func notDates() {
        #expect(day("SEOUL, Jan. 13 (Yonhap)") == nil)
        #expect(day("2025-02-30") == nil)
        #expect(day("marked 5, 2025 units") == nil)
        #expect(day("") == nil)
    }
}
