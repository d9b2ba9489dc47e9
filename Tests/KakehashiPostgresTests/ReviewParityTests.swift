#if PostgreSQL
    import Foundation
    import KakehashiMemory
    import KakehashiPipeline
    import KakehashiSQLite
    @testable import KakehashiPostgres
    import PostgresNIO
    import Testing
    import KakehashiTestSupport

    /// The same reviewers' changes on SQLite and on PostgreSQL leave the same units, the same
    /// histories and the same lookups.
    @Suite("Reviewing on SQLite and PostgreSQL")
    struct ReviewParityTests {
        static let at = Date(timeIntervalSince1970: 1_800_000_000)

        static let units = [
            unit("The ferry service resumed on Monday.", "フェリーの運航は月曜日に再開した。"),
            unit("Prices rose by 3 percent in October.", "10月の物価は3％上昇した。"),
            unit("The summit lasted 41 minutes.", "会談は41分間続いた。"),
        ]

        /// One reviewer session: approvals, a rejection, relabels, notes, undos, a stale change
        /// and a change to a unit that is not there. What each step answered, as text.
        static func session(_ memory: some BulkReviewableMemory) async throws -> [String] {
            var log: [String] = []
            var ids: [Int64] = []
            for u in units {
                ids.append(
                    try #require(
                        try await memory.lookup(u.variants[0].text, options: LookupOptions(mode: .exact)).first?
                            .unitID))
            }
            func step(_ name: String, _ body: () async throws -> Int) async {
                do { log.append("\(name): version \(try await body())") } catch { log.append("\(name): \(error)") }
            }
            await step("approve ferry") { try await memory.change(unit: ids[0], at: 1, .approve, by: "aiko", at: at) }
            await step("reject prices") { try await memory.change(unit: ids[1], at: 1, .reject, by: "ben", at: at) }
            await step("stale relabel") {
                try await memory.change(unit: ids[1], at: 1, .relabel(.partial), by: "aiko", at: at)
            }
            await step("relabel summit") {
                try await memory.change(unit: ids[2], at: 1, .relabel(.related), by: "aiko", at: at)
            }
            await step("note summit") {
                try await memory.change(unit: ids[2], at: 2, .note("41 or 40?"), by: "ben", at: at)
            }
            await step("undo summit") { try await memory.undo(unit: ids[2], at: 3, by: "ben", at: at) }
            await step("undo summit again") { try await memory.undo(unit: ids[2], at: 4, by: "ben", at: at) }
            await step("undo summit once more") { try await memory.undo(unit: ids[2], at: 5, by: "ben", at: at) }
            await step("edit ferry") {
                try await memory.change(
                    unit: ids[0], at: 2, .edit(language: "en", text: "The ferry service restarted on Tuesday."),
                    by: "aiko",
                    at: at)
            }
            await step("edit ferry to a duplicate") {
                try await memory.change(
                    unit: ids[0], at: 3,
                    .several([
                        .edit(language: "en", text: "The summit lasted 41 minutes."),
                        .edit(language: "ja", text: "会談は41分間続いた。"),
                    ]), by: "aiko", at: at)
            }
            await step("no such unit") { try await memory.change(unit: 99_999, at: 1, .approve, by: "ben", at: at) }
            // Bulk changes, a deletion and its undo, and penalties.
            func bulk(_ name: String, _ body: () async throws -> BulkResult) async -> Int64? {
                do {
                    let r = try await body()
                    log.append(
                        "\(name): \(r.count) \(r.sample.map { "\($0.unitID): \($0.after.json)" }) skipped \(r.skipped)")
                    return r.id
                } catch {
                    log.append("\(name): \(error)")
                    return nil
                }
            }
            _ = await bulk("preview approve") {
                try await memory.bulkChange(
                    UnitSelection(statuses: [.aligned]), .approve, dryRun: true, by: "ben", at: at)
            }
            let replaced = await bulk("replace in ja") {
                try await memory.bulkChange(
                    UnitSelection(sourceFile: "a.txt"),
                    .replace(language: "ja", pattern: "(\\d+)分", replacement: "約$1分"),
                    dryRun: false, by: "ben", at: at)
            }
            _ = await bulk("bad pattern") {
                try await memory.bulkChange(
                    UnitSelection(), .replace(language: "en", pattern: "(", replacement: ""), dryRun: false, by: "ben",
                    at: at)
            }
            await step("delete summit") {
                try await memory.change(
                    unit: ids[2], at: try await memory.version(ofUnit: ids[2]) ?? 0, .delete, by: "root", at: at)
            }
            _ = await bulk("undo replace") { try await memory.undoBulkChange(replaced ?? 0, by: "ben", at: at) }
            await step("undo delete") {
                try await memory.undo(
                    unit: ids[2], at: try await memory.version(ofUnit: ids[2]) ?? 0, by: "root", at: at)
            }
            _ = await bulk("undo replace again") { try await memory.undoBulkChange(replaced ?? 0, by: "ben", at: at) }
            var penalized = LookupOptions(mode: .all, limit: 3)
            penalized.penalties = try MatchPenalties(parsing: "aligned=9,confidence=0,approved=2")
            for query in ["The summit lasted 40 minutes.", "The ferry service restarted on Monday."] {
                let found = try await memory.lookup(query, options: penalized)
                log.append("penalized \(query): \(found.map { "\($0.kind) \($0.score)" })")
            }
            for id in ids {
                let u = try #require(try await memory.unit(id: id))
                log.append(
                    "unit \(u.variants[0].text): \(u.status) \(u.relation) notes \(u.notes.map(\.value)) by \(u.changeID ?? "-")"
                )
                for h in try await memory.history(ofUnit: id) {
                    log.append(
                        "  v\(h.version) \(h.change) by \(h.user): \(h.before.json) -> \(h.after.json) undone \(h.undoneBy != nil)"
                    )
                }
            }
            let (changes, latest) = try await memory.changes(after: 0, limit: 100)
            log.append(
                "changes: \(changes.map { "\($0.change) v\($0.version) by \($0.user)" }), latest is the last: \(latest == changes.last?.sequence)"
            )
            for query in ["The ferry service restarted on Tuesday.", "restarted on", "ferry service resumed"] {
                let found = try await memory.lookup(query, options: LookupOptions(mode: .all, limit: 3))
                log.append("lookup \(query): \(found.map { "\($0.kind) \($0.score) \($0.source)" })")
            }
            for u in units {
                let found = try await memory.lookup(u.variants[0].text, options: LookupOptions(mode: .all, limit: 3))
                log.append("lookup \(u.variants[0].text): \(found.map { "\($0.kind) \($0.score) \($0.relation)" })")
            }
            return log
        }

        @Test("the same changes give the same units, histories, lookups and errors in both backends")
        func parity() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kk-review-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let sqlite = try TranslationMemory(path: folder.appendingPathComponent("m.sqlite").path)
            try await sqlite.add(Self.units)
            let (postgres, _) = try await freshPostgresMemory()
            defer { postgres.close() }
            try await postgres.add(Self.units)
            let fromSQLite = try await Self.session(sqlite)
            let fromPostgres = try await Self.session(postgres)
            #expect(fromSQLite == fromPostgres)
            #expect(
                fromSQLite.contains(
                    "stale relabel: the unit changed meanwhile: the change was made on version 1, the unit is at version 2"
                ))
            #expect(
                fromSQLite.contains(
                    "undo summit once more: unit \(try #require(try await sqlite.lookup("The summit lasted 41 minutes.").first?.unitID)) has no change to undo"
                ))
            #expect(fromSQLite.contains { $0.hasPrefix("lookup Prices rose by 3 percent in October.: []") })
            #expect(fromSQLite.contains { $0.hasPrefix("replace in ja: 1 ") && $0.contains("約41分") })

            // memory copy carries the history, the rejections, the deletion's undo and the
            // versions: SQLite → PostgreSQL → SQLite, each change under its unit's id there.
            let (copy, _) = try await freshPostgresMemory()
            defer { copy.close() }
            let there = try await MemoryCopy.copy(from: sqlite, to: copy)
            #expect(
                there.isComplete && there.historyEntries > 0 && there.historyEntriesCopied == there.historyEntries,
                "\(there)")
            let back = try TranslationMemory(path: folder.appendingPathComponent("back.sqlite").path)
            let home = try await MemoryCopy.copy(from: copy, to: back)
            #expect(home.historyEntriesCopied == there.historyEntries)
            // Every changed unit, by its current texts (ids differ between the copies).
            func histories(_ memory: some ReviewableMemory) async throws -> [String] {
                var groups: [String: [String]] = [:]
                for id in Set(try await memory.changes(after: 0, limit: 1000).changes.map(\.unitID)) {
                    let unit = try #require(try await memory.unit(id: id))
                    let key = unit.variants.map(\.text).joined(separator: " | ")
                    var lines = [
                        "v\(try await memory.version(ofUnit: id) ?? 0) \(unit.status.rawValue) \(unit.relation.rawValue)"
                    ]
                    for h in try await memory.history(ofUnit: id) {
                        lines.append(
                            "v\(h.version) \(h.change) by \(h.user) at \(h.date.timeIntervalSince1970) undone \(h.undoneBy != nil): \(h.before.json) -> \(h.after.json)"
                        )
                    }
                    groups[key] = lines
                }
                return groups.keys.sorted().flatMap { [$0] + groups[$0]! }
            }
            let original = try await histories(sqlite)
            #expect(original.count >= 15 && original.contains { $0.hasPrefix("v2 rejected") }, "\(original)")
            #expect(try await histories(copy) == original)
            #expect(try await histories(back) == original)
            // Copying again adds no second history.
            #expect(try await MemoryCopy.copy(from: sqlite, to: copy).historyEntriesCopied == 0)
            #expect(fromSQLite.contains { $0.hasPrefix("undo replace: 0 ") && $0.contains("skipped [") })
            #expect(
                fromSQLite.contains { $0.hasPrefix("undo replace again: bulk change") && $0.contains("already undone") }
            )
        }

        @Test("kill -9 during a bulk change on PostgreSQL leaves every unit of it changed or none")
        func killDuringBulk() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kk-bulk-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = try await TemporaryCluster.shared.get().createDatabase()
            let tmx = folder.appendingPathComponent("reports.tmx").path
            try writeTMX(tmx, units: 0..<10_000)
            let log = folder.appendingPathComponent("bulk.log")
            let imported = try BuiltBinary.start(["import", tmx, "--memory", url], log: log)
            #expect(BuiltBinary.waitForExit(imported) && imported.terminationStatus == 0)
            let bulk = try BuiltBinary.start(
                ["bulk", "replace", "en", "the council", "the city council", "--memory", url], log: log)
            try await Task.sleep(for: .seconds(2))
            kill(bulk.processIdentifier, SIGKILL)
            #expect(BuiltBinary.waitForExit(bulk))
            let memory = try await PostgresMemory.started(url: url)
            defer { memory.close() }
            let counts: (changed: Int64, unchanged: Int64) = try await memory.reading { c in
                try await c.rows(
                    """
                    SELECT count(*) FILTER (WHERE text LIKE '%the city council%'),
                           count(*) FILTER (WHERE text LIKE '%: the council%') FROM variant WHERE lang_base = 'en'
                    """, memory.logger
                )[0].decode((Int64, Int64).self)
            }
            #expect(
                (counts.changed == 0 && counts.unchanged == 10_000)
                    || (counts.changed == 10_000 && counts.unchanged == 0),
                "\(counts)")
            let history = try await memory.changes(after: 0, limit: 1).latest
            #expect((history == 0) == (counts.changed == 0))
        }
    }
#endif
