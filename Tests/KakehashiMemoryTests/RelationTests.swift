import Foundation
import Testing
import KakehashiTestSupport
@testable import KakehashiMemory
@testable import KakehashiSQLite

/// Relations in the memory: stored, filtered, exported and read back, and memories written before
/// relations upgraded.
@Suite("Unit relations")
struct RelationMemoryTests {
    static let units = [
        unit("The ferry service resumed on Monday after the storm.", "嵐の後、フェリーの運航は月曜日に再開した。"),
        unit(
            "The two leaders held their first summit in Gyeongju on Thursday.", "両首脳は木曜日に慶州で初の首脳会談を行った。",
            relation: .partial),
        unit(
            "The talks ended with a joint statement on trade and security.", "両国は貿易をめぐる協議を続けることで一致した。",
            relation: .related),
    ]
    static let imported = unit("Prices rose.", "物価が上がった。", status: .imported, confidence: nil)

    @Test("exact and fuzzy matches offer translations unless asked; concordance shows every relation")
    func lookupFilters() async throws {
        let t = try TemporaryMemory()
        try await t.memory.add(Self.units)
        #expect(
            try await t.memory.lookup(
                "The ferry service resumed on Monday after the storm.", options: LookupOptions(mode: .exact)
            ).count == 1)
        #expect(
            try await t.memory.lookup(
                "The talks ended with a joint statement on trade and security.", options: LookupOptions(mode: .exact)
            ).isEmpty)
        #expect(
            try await t.memory.lookup(
                "The talks ended with a joint statement on trade and safety.", options: LookupOptions(mode: .fuzzy)
            ).isEmpty)
        let widened = try await t.memory.lookup(
            "The talks ended with a joint statement on trade and security.",
            options: LookupOptions(mode: .exact, relations: [.related]))
        #expect(widened.first?.relation == .related)
        #expect(widened.first.map { $0.score < 100 } == true)
        let fuzzy = try await t.memory.lookup(
            "The two leaders held their first summit in Gyeongju on Friday.",
            options: LookupOptions(mode: .fuzzy, minimumScore: 50, relations: [.partial, .translation]))
        #expect(fuzzy.first?.relation == .partial)
        let concordance = try await t.memory.lookup("the", options: LookupOptions(mode: .concordance, limit: 10))
        #expect(Set(concordance.map(\.relation)) == Set(UnitRelation.allCases))
        let stats = try await t.memory.statistics()
        #expect(stats.byRelation == ["translation": 1, "partial": 1, "related": 1])
    }

    @Test("TMX export writes x-relation, filters by relation, and import reads it back")
    func tmxRoundTrip() async throws {
        let t = try TemporaryMemory()
        try await t.memory.add(Self.units + [Self.imported])
        let text = try await exportString(t.memory)
        #expect(text.components(separatedBy: "<tu ").count - 1 == 4)
        let path = t.file("out.tmx", text)
        #expect(text.contains("<prop type=\"x-relation\">partial</prop>"))
        #expect(try await t.memory.forEachUnit(ExportFilter(relations: [.translation])) { _ in } == 2)
        let copy = try TemporaryMemory()
        _ = try await copy.memory.importTMX(path: path)
        let collected = Collector<(String, UnitRelation)>()
        _ = try await copy.memory.forEachUnit(ExportFilter()) { collected.append(($0.variants[0].text, $0.relation)) }
        let relations = Dictionary(collected.items, uniquingKeysWith: { a, _ in a })
        #expect(relations["The talks ended with a joint statement on trade and security."] == .related)
        #expect(relations["The two leaders held their first summit in Gyeongju on Thursday."] == .partial)
        #expect(relations["Prices rose."] == .translation)
        // A TMX without the prop (another tool's memory) holds translations.
        let plain = t.file(
            "plain.tmx",
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="en" datatype="plaintext"/>
            <body><tu><tuv xml:lang="en"><seg>Hello there.</seg></tuv><tuv xml:lang="ja"><seg>こんにちは。</seg></tuv></tu></body></tmx>
            """)
        let other = try TemporaryMemory()
        _ = try await other.memory.importTMX(path: plain)
        _ = try await other.memory.forEachUnit(ExportFilter()) { #expect($0.relation == .translation) }
    }

    @Test("a memory written before relations: imported units become translations, aligned ones wait to be scored again")
    func upgrade() async throws {
        let t = try TemporaryMemory()
        try await t.memory.add([Self.units[0], Self.imported])
        // Make the file what the release before relations wrote: no relation column, no v7.
        try t.rewind(migration: "v7", "ALTER TABLE unit DROP COLUMN relation")
        let reopened = try TranslationMemory(path: t.path)
        #expect(try await reopened.statistics().byRelation == ["translation": 1, "unscored": 1])
        // Not offered for reuse until scored.
        #expect(
            try await reopened.lookup(
                "The ferry service resumed on Monday after the storm.", options: LookupOptions(mode: .exact)
            ).isEmpty)
        let pending = try await reopened.unitsWithoutRelation(after: 0, limit: 10)
        #expect(pending.map(\.english) == ["The ferry service resumed on Monday after the storm."])
        #expect(pending.map(\.japanese) == ["嵐の後、フェリーの運航は月曜日に再開した。"])
        try await reopened.setRelations([(pending[0].id, .translation, 0.93)])
        #expect(try await reopened.unitsWithoutRelation(after: 0, limit: 10).isEmpty)
        let found = try await reopened.lookup(
            "The ferry service resumed on Monday after the storm.", options: LookupOptions(mode: .exact))
        #expect(found.first?.confidence == 0.93)
    }
}
