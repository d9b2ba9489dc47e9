import Foundation
import KakehashiTestSupport
import Testing
@testable import KakehashiMemory
@testable import KakehashiSQLite

@Suite("Reviewing units")
struct ReviewTests {
    let t: TemporaryMemory
    let at = Date(timeIntervalSince1970: 1_800_000_000)

    init() async throws {
        t = try TemporaryMemory()
        try await t.memory.add([
            unit("The ferry service resumed on Monday.", "フェリーの運航は月曜日に再開した。"),
            unit("Prices rose by 3 percent in October.", "10月の物価は3％上昇した。"),
        ])
    }

    /// The id of the unit whose English side is `english`.
    func id(_ english: String) async throws -> Int64 {
        try #require(try await t.memory.lookup(english, options: LookupOptions(mode: .exact)).first?.unitID)
    }

    @Test("approving makes a new version; the history names the user, the date and the unit before and after")
    func approve() async throws {
        let ferry = try await id("The ferry service resumed on Monday.")
        #expect(try await t.memory.version(ofUnit: ferry) == 1)
        let version = try await t.memory.change(unit: ferry, at: 1, .approve, by: "aiko", at: at)
        #expect(version == 2)
        #expect(try await t.memory.unit(id: ferry)?.status == .approved)
        #expect(try await t.memory.unit(id: ferry)?.changeID == "aiko")
        let history = try await t.memory.history(ofUnit: ferry)
        #expect(history.count == 1)
        #expect(history[0].user == "aiko" && history[0].date == at && history[0].change == "approve")
        #expect(history[0].before.status == .aligned && history[0].after.status == .approved)
        #expect(history[0].version == 2)
    }

    @Test("a change made on an older version is refused and changes nothing")
    func staleVersion() async throws {
        let ferry = try await id("The ferry service resumed on Monday.")
        _ = try await t.memory.change(unit: ferry, at: 1, .relabel(.partial), by: "aiko", at: at)
        await #expect(throws: ReviewError.staleVersion(expected: 1, current: 2)) {
            try await t.memory.change(unit: ferry, at: 1, .reject, by: "ben", at: at)
        }
        #expect(try await t.memory.unit(id: ferry)?.status == .aligned)
        #expect(try await t.memory.history(ofUnit: ferry).count == 1)
        await #expect(throws: ReviewError.noSuchUnit(999)) {
            try await t.memory.change(unit: 999, at: 1, .approve, by: "aiko", at: at)
        }
    }

    @Test("a rejected pair leaves lookups and exports, and adding it again does not bring it back")
    func reject() async throws {
        let ferry = try await id("The ferry service resumed on Monday.")
        _ = try await t.memory.change(unit: ferry, at: 1, .reject, by: "aiko", at: at)
        #expect(try await t.memory.lookup("The ferry service resumed on Monday.").isEmpty)
        #expect(try await t.memory.lookup("ferry service", options: LookupOptions(mode: .concordance)).isEmpty)
        let exported = Collector<String>()
        _ = try await t.memory.forEachUnit(ExportFilter()) { exported.append($0.variants[0].text) }
        #expect(exported.items == ["Prices rose by 3 percent in October."])
        var everything = ExportFilter()
        everything.includesRejected = true
        #expect(try await t.memory.forEachUnit(everything) { _ in } == 2)
        let again = try await t.memory.add([unit("The ferry service resumed on Monday.", "フェリーの運航は月曜日に再開した。")])
        #expect(again.added == 0 && again.alreadyPresent == 1)
        #expect(try await t.memory.unit(id: ferry)?.status == .rejected)
    }

    @Test("relabelling and notes show in the unit; a note over 10,000 characters is refused")
    func relabelAndNote() async throws {
        let prices = try await id("Prices rose by 3 percent in October.")
        var version = try await t.memory.change(unit: prices, at: 1, .relabel(.related), by: "ben", at: at)
        version = try await t.memory.change(unit: prices, at: version, .note("Check the month."), by: "ben", at: at)
        let stored = try #require(try await t.memory.unit(id: prices))
        #expect(stored.relation == .related && stored.notes.map(\.value) == ["Check the month."])
        #expect(version == 3)
        await #expect(throws: ReviewError.tooLong(characters: 10_001, maximum: 10_000)) {
            try await t.memory.change(
                unit: prices, at: 3, .note(String(repeating: "x", count: 10_001)), by: "ben", at: at)
        }
    }

    @Test("undo restores the unit before its latest change; undoing again undoes the change before that")
    func undo() async throws {
        let ferry = try await id("The ferry service resumed on Monday.")
        var version = try await t.memory.change(unit: ferry, at: 1, .approve, by: "aiko", at: at)
        version = try await t.memory.change(unit: ferry, at: version, .relabel(.partial), by: "ben", at: at)
        version = try await t.memory.undo(unit: ferry, at: version, by: "ben", at: at)
        var stored = try #require(try await t.memory.unit(id: ferry))
        #expect(stored.status == .approved && stored.relation == .translation)
        version = try await t.memory.undo(unit: ferry, at: version, by: "aiko", at: at)
        stored = try #require(try await t.memory.unit(id: ferry))
        #expect(stored.status == .aligned && stored.relation == .translation)
        #expect(version == 5)
        await #expect(throws: ReviewError.nothingToUndo(ferry)) {
            try await t.memory.undo(unit: ferry, at: 5, by: "aiko", at: at)
        }
        let history = try await t.memory.history(ofUnit: ferry)
        #expect(history.map(\.change) == ["undo", "undo", "relabel", "approve"])
        #expect(history[2].undoneBy == history[1].sequence && history[3].undoneBy == history[0].sequence)
    }

    @Test(
        "an edited side is found by its new text (exact, fuzzy, concordance) and no longer by its old one; undo brings it back"
    )
    func edit() async throws {
        let ferry = try await id("The ferry service resumed on Monday.")
        let version = try await t.memory.change(
            unit: ferry, at: 1, .edit(language: "en", text: "The ferry service restarted on Tuesday."), by: "aiko",
            at: at)
        let exact = try await t.memory.lookup(
            "The ferry service restarted on Tuesday.", options: LookupOptions(mode: .exact))
        #expect(exact.first?.unitID == ferry && exact.first?.target == "フェリーの運航は月曜日に再開した。")
        #expect(
            try await t.memory.lookup("The ferry service resumed on Monday.", options: LookupOptions(mode: .exact))
                .isEmpty)
        let fuzzy = try await t.memory.lookup(
            "The ferry service restarted on Wednesday.", options: LookupOptions(mode: .fuzzy))
        #expect(fuzzy.first?.unitID == ferry)
        let concordance = try await t.memory.lookup("restarted on", options: LookupOptions(mode: .concordance))
        #expect(concordance.first?.unitID == ferry)
        #expect(try await t.memory.lookup("resumed on", options: LookupOptions(mode: .concordance)).isEmpty)
        // The Japanese side, looked up the other way.
        let edited = try await t.memory.change(
            unit: ferry, at: version, .edit(language: "ja", text: "フェリーは火曜日に運航を再開した。"), by: "aiko", at: at)
        #expect(try await t.memory.lookup("フェリーは火曜日に運航を再開した。").first?.unitID == ferry)
        _ = try await t.memory.undo(unit: ferry, at: edited, by: "aiko", at: at)
        _ = try await t.memory.undo(unit: ferry, at: edited + 1, by: "aiko", at: at)
        let back = try await t.memory.lookup(
            "The ferry service resumed on Monday.", options: LookupOptions(mode: .exact))
        #expect(back.first?.unitID == ferry && back.first?.target == "フェリーの運航は月曜日に再開した。")
        #expect(try await t.memory.integrityCheck() == ["ok"])
    }

    @Test("an edit that would duplicate another unit, empty a side or name no side is refused, and changes nothing")
    func badEdits() async throws {
        let ferry = try await id("The ferry service resumed on Monday.")
        let prices = try await id("Prices rose by 3 percent in October.")
        await #expect(throws: ReviewError.duplicate(of: prices)) {
            _ = try await t.memory.change(
                unit: ferry, at: 1,
                .several([
                    .edit(language: "en", text: "Prices rose by 3 percent in October."),
                    .edit(language: "ja", text: "10月の物価は3％上昇した。"),
                ]), by: "aiko", at: at)
        }
        await #expect(throws: ReviewError.emptyText) {
            _ = try await t.memory.change(unit: ferry, at: 1, .edit(language: "en", text: "  "), by: "aiko", at: at)
        }
        await #expect(throws: ReviewError.noSuchSide("fr")) {
            _ = try await t.memory.change(
                unit: ferry, at: 1, .edit(language: "fr", text: "Le ferry."), by: "aiko", at: at)
        }
        #expect(try await t.memory.version(ofUnit: ferry) == 1)
        #expect(
            try await t.memory.lookup("The ferry service resumed on Monday.", options: LookupOptions(mode: .exact))
                .count == 1)
    }

    @Test("an approved unit ranks first at an equal match; export --status filters; the changes follow in order")
    func approvedFirstAndChanges() async throws {
        try await t.memory.add([unit("The ferry service resumed on Monday.", "フェリーは月曜日に再開した。")])
        let both = try await t.memory.lookup(
            "The ferry service resumed on Monday.", options: LookupOptions(mode: .exact))
        #expect(both.count == 2)
        let second = try #require(both.last?.unitID)
        _ = try await t.memory.change(unit: second, at: 1, .approve, by: "aiko", at: at)
        let ranked = try await t.memory.lookup(
            "The ferry service resumed on Monday.", options: LookupOptions(mode: .exact))
        #expect(ranked.first?.unitID == second && ranked.first?.status == .approved)
        var approved = ExportFilter()
        approved.statuses = [.approved]
        let exported = Collector<Int64>()
        _ = try await t.memory.forEachUnit(approved) { _ in exported.append(1) }
        #expect(exported.items.count == 1)
        _ = try await t.memory.change(unit: second, at: 2, .note("Checked."), by: "ben", at: at)
        let (all, latest) = try await t.memory.changes(after: 0, limit: 10)
        #expect(all.map(\.change) == ["approve", "note"] && all.map(\.user) == ["aiko", "ben"])
        #expect(latest == all.last?.sequence)
        #expect(try await t.memory.changes(after: latest, limit: 10).changes.isEmpty)
        #expect(try await t.memory.changes(after: 0, limit: 1).changes.map(\.change) == ["approve"])
    }

    @Test(
        "a deleted unit leaves lookups and exports, refuses other changes, stays deleted when added again; undo restores it"
    )
    func delete() async throws {
        let ferry = try await id("The ferry service resumed on Monday.")
        let version = try await t.memory.change(unit: ferry, at: 1, .delete, by: "admin", at: at)
        #expect(try await t.memory.unit(id: ferry)?.status == .deleted)
        #expect(try await t.memory.lookup("The ferry service resumed on Monday.").isEmpty)
        #expect(try await t.memory.lookup("ferry", options: LookupOptions(mode: .concordance)).isEmpty)
        #expect(try await t.memory.forEachUnit(ExportFilter()) { _ in } == 1)
        await #expect(throws: ReviewError.unitDeleted) {
            try await t.memory.change(unit: ferry, at: version, .approve, by: "aiko", at: at)
        }
        let again = try await t.memory.add([unit("The ferry service resumed on Monday.", "フェリーの運航は月曜日に再開した。")])
        #expect(again.added == 0)
        #expect(try await t.memory.unit(id: ferry)?.status == .deleted)
        _ = try await t.memory.undo(unit: ferry, at: version, by: "admin", at: at)
        #expect(try await t.memory.lookup("The ferry service resumed on Monday.").first?.unitID == ferry)
    }

    @Test("a bulk change previews, then changes every unit its filter takes in one go; its undo restores them all")
    func bulk() async throws {
        try await t.memory.add([
            unit("The bridge opened in May.", "橋は5月に開通した。", confidence: 0.55, file: "seeds/b.txt", relation: .related),
            unit("The bridge closed in June.", "橋は6月に閉鎖された。", confidence: 0.95, file: "seeds/b.txt"),
        ])
        let selection = UnitSelection(sourceFile: "b.txt", maximumConfidence: 0.6)
        let preview = try await t.memory.bulkChange(selection, .reject, dryRun: true, by: "aiko", at: at)
        #expect(preview.id == nil && preview.count == 1)
        #expect(preview.sample.first?.before.texts["en"] == "The bridge opened in May.")
        #expect(try await t.memory.changes(after: 0, limit: 10).changes.isEmpty)
        let replaced = try await t.memory.bulkChange(
            UnitSelection(sourceFile: "b.txt"),
            .replace(language: "en", pattern: #"The bridge (\w+)"#, replacement: "The new bridge $1"),
            dryRun: false, by: "aiko", at: at)
        #expect(replaced.count == 2)
        #expect(
            try await t.memory.lookup("The new bridge closed in June.", options: LookupOptions(mode: .exact)).count == 1
        )
        let rejected = try await t.memory.bulkChange(
            UnitSelection(relations: [.related]), .reject, dryRun: false, by: "ben", at: at)
        #expect(rejected.count == 1)
        // Undo the replacement: the rejected unit changed since keeps its rejection and its text.
        let undone = try await t.memory.undoBulkChange(try #require(replaced.id), by: "aiko", at: at)
        #expect(undone.count == 1 && undone.skipped.count == 1)
        #expect(
            try await t.memory.lookup("The bridge closed in June.", options: LookupOptions(mode: .exact)).count == 1)
        await #expect(throws: BulkError.alreadyUndone(try #require(replaced.id))) {
            try await t.memory.undoBulkChange(try #require(replaced.id), by: "aiko", at: at)
        }
        _ = try await t.memory.undoBulkChange(try #require(rejected.id), by: "ben", at: at)
        await #expect(throws: BulkError.noSuchBulkChange(999)) {
            try await t.memory.undoBulkChange(999, by: "ben", at: at)
        }
    }

    @Test("repeated edits and undos keep fuzzy postings sound: every version is found by its own text")
    func repeatedEdits() async throws {
        let ferry = try await id("The ferry service resumed on Monday.")
        // A later unit sharing words: the edited unit's new postings come after it in the index.
        try await t.memory.add([unit("The ferry service was suspended on Sunday.", "フェリーは日曜日に運休した。")])
        var version = 1
        for round in 0..<6 {
            let text =
                round.isMultiple(of: 2)
                ? "The ferry service restarted on Tuesday." : "The ferry service resumed on Monday."
            version = try await t.memory.change(
                unit: ferry, at: version, .edit(language: "en", text: text), by: "aiko", at: at)
            let found = try await t.memory.lookup(
                text.replacingOccurrences(of: "The", with: "A"), options: LookupOptions(mode: .fuzzy))
            #expect(found.first?.unitID == ferry && found.first?.source == text)
            version = try await t.memory.undo(unit: ferry, at: version, by: "aiko", at: at)
        }
        #expect(try await t.memory.integrityCheck() == ["ok"])
    }

    @Test("penalties are configurable per status and relation; the defaults keep imported units whole")
    func penalties() async throws {
        try await t.memory.add([
            unit("The museum reopened on Friday.", "博物館は金曜日に再開した。", status: .imported, confidence: nil)
        ])
        var options = LookupOptions(mode: .fuzzy)
        let standard = try await t.memory.lookup("The museum reopened on Saturday.", options: options)
        let base = try #require(standard.first?.score)
        options.penalties = try MatchPenalties(parsing: "imported=7")
        #expect(
            try await t.memory.lookup("The museum reopened on Saturday.", options: options).first?.score == base - 7)
        let aligned = try await t.memory.lookup(
            "The ferry service resumed on Tuesday.", options: LookupOptions(mode: .fuzzy))
        options.penalties = try MatchPenalties(parsing: "aligned=0,confidence=0")
        let unpenalized = try await t.memory.lookup("The ferry service resumed on Tuesday.", options: options)
        // 3 points for an aligned unit and 10 · (1 − 0.9) for its confidence.
        #expect(try #require(unpenalized.first?.score) - (try #require(aligned.first?.score)) == 4)
        #expect(throws: MatchPenalties.ParseError.self) { try MatchPenalties(parsing: "aligned=-1") }
        #expect(throws: MatchPenalties.ParseError.self) { try MatchPenalties(parsing: "bogus=3") }
    }
}
