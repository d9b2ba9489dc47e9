import Foundation
import Testing
@testable import KakehashiMemory
import KakehashiSQLite

/// Other tools read what Kakehashi exports. These run when the tools are installed (`.ci/setup`
/// installs Debian's python3-translate and omegat) and are skipped otherwise.
@Suite("Interoperability with CAT tools")
struct InteropTests {
    static let python = "/usr/bin/python3"
    static var hasTranslateToolkit: Bool {
        FileManager.default.isExecutableFile(atPath: python)
            && ((try? run(python, ["-c", "import translate.storage.tmx"]).status) ?? 1) == 0
    }
    static var hasOmegaT: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/omegat") }

    func exportedSample(_ t: TemporaryMemory) async throws -> String {
        _ = try await t.memory.importTMX(path: Fixtures.path("sample.tmx"))
        try await t.memory.add([unit("The summit lasted 41 minutes.", "会談は41分間続いた。", confidence: 0.9)])
        return t.file("export.tmx", try await exportString(t.memory))
    }

    @Test("Translate Toolkit reads each unit with the right source and target", .enabled(if: hasTranslateToolkit))
    func translateToolkit() async throws {
        let t = try TemporaryMemory()
        let path = try await exportedSample(t)
        let script = """
            import sys
            from translate.storage import factory
            store = factory.getobject(sys.argv[1])
            for u in store.units:
                print(u.source + "\\t" + u.target)
            """
        let r = try run(Self.python, ["-c", script, path])
        #expect(r.status == 0)
        let pairs = r.output.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(pairs.count == 5)
        #expect(pairs.contains(["The two leaders held their first summit.", "両首脳は初の首脳会談を行った。"]))
        #expect(pairs.contains(["The summit lasted 41 minutes.", "会談は41分間続いた。"]))
    }

    @Test("OmegaT 3.6 gives exact matches from the exported TMX", .enabled(if: hasOmegaT))
    func omegaT() async throws {
        let t = try TemporaryMemory()
        let tmx = try await exportedSample(t)
        let project = t.folder.appendingPathComponent("project")
        for folder in ["source", "target", "tm/auto", "glossary", "dictionary", "omegat"] {
            try FileManager.default.createDirectory(
                at: project.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let settings = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <omegat><project version="1.0">
            <source_dir>__DEFAULT__</source_dir><target_dir>__DEFAULT__</target_dir><tm_dir>__DEFAULT__</tm_dir>
            <glossary_dir>__DEFAULT__</glossary_dir><glossary_file>__DEFAULT__</glossary_file><dictionary_dir>__DEFAULT__</dictionary_dir>
            <source_lang>EN</source_lang><target_lang>JA</target_lang>
            <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok><target_tok>org.omegat.tokenizer.LuceneJapaneseTokenizer</target_tok>
            <sentence_seg>true</sentence_seg><support_default_translations>true</support_default_translations><remove_tags>false</remove_tags>
            </project></omegat>
            """
        _ = FileManager.default.createFile(
            atPath: project.appendingPathComponent("omegat.project").path, contents: Data(settings.utf8))
        _ = FileManager.default.createFile(
            atPath: project.appendingPathComponent("source/news.txt").path,
            contents: Data("The two leaders held their first summit.\n\nThe summit lasted 41 minutes.\n".utf8))
        try FileManager.default.copyItem(
            atPath: tmx, toPath: project.appendingPathComponent("tm/auto/kakehashi.tmx").path)
        let r = try run(
            "/usr/bin/omegat", [project.path, "--mode=console-translate", "--disable-project-locking", "--no-team"])
        #expect(r.status == 0)
        let translated = try String(contentsOf: project.appendingPathComponent("target/news.txt"), encoding: .utf8)
        #expect(translated == "両首脳は初の首脳会談を行った。\n\n会談は41分間続いた。\n")
    }
}
