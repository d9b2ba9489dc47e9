import Foundation
import KakehashiTestSupport
import Testing

@Suite("unit commands")
struct UnitCLITests {
    @Test("a reviewer approves, notes, relabels and undoes a unit found by lookup; the history names them")
    func review() throws {
        let dir = try Scratch()
        let memory = dir.path("m.sqlite")
        _ = try CLI.run(["import", MemoryFixtures.sample, "--memory", memory])
        let found = try CLI.run([
            "lookup", "The two leaders held their first summit.", "--memory", memory, "--format", "json",
        ])
        let match = ((CLI.json(found.stdout)?["matches"] as? [[String: Any]]) ?? []).first
        let id = try #require(match?["id"] as? Int)
        let approved = try CLI.run(["unit", "approve", String(id), "--memory", memory, "--as", "aiko"])
        #expect(approved.status == 0 && approved.stdout.contains("version 2, approved"))
        let noted = try CLI.run([
            "unit", "note", String(id), "Check the place name.", "--memory", memory, "--as", "ben",
        ])
        #expect(noted.stdout.contains("version 3") && noted.stdout.contains("2 notes"))  // the TMX's own, and this one
        // A change made on the version before is refused, and changes nothing.
        let stale = try CLI.run(["unit", "relabel", String(id), "partial", "--on-version", "2", "--memory", memory])
        #expect(stale.status == 75 && stale.stderr.contains("version 2") && stale.stderr.contains("version 3"))
        let undone = try CLI.run(["unit", "undo", String(id), "--memory", memory, "--as", "ben"])
        #expect(undone.stdout.contains("version 4, approved") && undone.stdout.contains("1 note"))
        let shown = try CLI.run(["unit", "show", String(id), "--memory", memory])
        #expect(
            shown.stdout.contains("(version 4): approved translation") && shown.stdout.contains("last changed by: ben"))
        let history = try CLI.run(["unit", "history", String(id), "--memory", memory])
        #expect(history.lines.count == 3)
        #expect(history.lines[0].contains("ben  undo") && history.lines[1].contains("note (undone)"))
        #expect(history.lines[2].contains("aiko  approve"))
    }

    @Test("a rejected unit leaves lookups and the export, and importing it again does not bring it back")
    func reject() throws {
        let dir = try Scratch()
        let memory = dir.path("m.sqlite")
        _ = try CLI.run(["import", MemoryFixtures.sample, "--memory", memory])
        let query = "The two leaders held their first summit."
        let found = try CLI.run(["lookup", query, "--memory", memory, "--format", "json", "--mode", "exact"])
        let id = try #require(((CLI.json(found.stdout)?["matches"] as? [[String: Any]]) ?? []).first?["id"] as? Int)
        #expect(try CLI.run(["unit", "reject", String(id), "--memory", memory]).status == 0)
        let after = try CLI.run(["lookup", query, "--memory", memory, "--format", "json", "--mode", "exact"])
        #expect((CLI.json(after.stdout)?["matches"] as? [Any])?.isEmpty == true)
        #expect(!(try CLI.run(["export", "--memory", memory]).stdout.contains(">\(query)<")))
        let rejected = try CLI.run(["export", "--memory", memory, "--status", "rejected"]).stdout
        #expect(rejected.contains(">\(query)<"))
        #expect(rejected.contains(#"changeid="\#(NSUserName())""#))  // who made the last change
        #expect(try CLI.run(["export", "--memory", memory, "--status", "wrong"]).status == 64)
        _ = try CLI.run(["import", MemoryFixtures.sample, "--memory", memory])
        #expect(try CLI.run(["unit", "show", String(id), "--memory", memory]).stdout.contains("rejected"))
    }

    @Test("bad ids and relations are clear errors: no such unit 66, an unknown relation 64, nothing to undo 65")
    func errors() throws {
        let dir = try Scratch()
        let memory = dir.path("m.sqlite")
        _ = try CLI.run(["import", MemoryFixtures.sample, "--memory", memory])
        let missing = try CLI.run(["unit", "approve", "999999", "--memory", memory])
        #expect(missing.status == 66 && missing.stderr.contains("no unit 999999"))
        #expect(try CLI.run(["unit", "relabel", "1", "wrong", "--memory", memory]).status == 64)
        let nothing = try CLI.run(["unit", "undo", "1", "--memory", memory])
        #expect(nothing.status == 65 && nothing.stderr.contains("no change to undo"))
    }

    @Test(
        "users add prints a token once and keeps its hash; list and remove; serve refuses a users file others can read")
    func users() throws {
        let dir = try Scratch()
        let file = dir.path("team.users")
        let added = try CLI.run(["users", "add", "aiko", "--role", "reviewer", "--users", file])
        #expect(added.status == 0)
        let token = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.count >= 40)
        #expect(!(try String(contentsOfFile: file, encoding: .utf8)).contains(token))
        _ = try CLI.run(["users", "add", "ken", "--role", "admin", "--users", file])
        #expect(try CLI.run(["users", "add", "ken", "--users", file]).status == 64)
        #expect(try CLI.run(["users", "list", "--users", file]).lines == ["aiko\treviewer", "ken\tadmin"])
        #expect(try CLI.run(["users", "remove", "aiko", "--users", file]).status == 0)
        #expect(try CLI.run(["users", "list", "--users", file]).lines == ["ken\tadmin"])
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file)
        let refused = try CLI.run(["serve", "--users", file, "--memory", dir.path("m.sqlite"), "--lexicon", "none"])
        #expect(refused.status == 77 && refused.stderr.contains("chmod 600"))
    }

    @Test(
        "bulk: a dry run changes nothing, the change takes every unit of the filter, its undo restores them; delete and its undo"
    )
    func bulkAndDelete() throws {
        let dir = try Scratch()
        let memory = dir.path("m.sqlite")
        _ = try CLI.run(["import", MemoryFixtures.sample, "--memory", memory])
        let preview = try CLI.run([
            "bulk", "replace", "en", "leaders", "heads of government", "--status", "imported", "--dry-run", "--memory",
            memory, "--format", "json",
        ])
        let previewJSON = CLI.json(preview.stdout)
        #expect(preview.status == 0 && previewJSON?["count"] as? Int == 2 && previewJSON?["id"] is NSNull)
        #expect(!(try CLI.run(["export", "--memory", memory]).stdout.contains("heads of government")))
        let made = try CLI.run([
            "bulk", "replace", "en", "leaders", "heads of government", "--status", "imported", "--memory", memory,
            "--as", "aiko",
        ])
        #expect(made.status == 0 && made.stdout.contains("bulk change 1: 2 units changed"))
        #expect(try CLI.run(["export", "--memory", memory]).stdout.contains("The two heads of government held"))
        let approved = try CLI.run(["bulk", "approve", "--min-confidence", "0", "--memory", memory, "--as", "ben"])
        #expect(approved.status == 0 && approved.stdout.contains("bulk change 2"))
        #expect(!(try CLI.run(["export", "--memory", memory, "--status", "imported"]).stdout.contains("<tu")))
        let undone = try CLI.run(["bulk", "undo", "2", "--memory", memory])
        #expect(undone.status == 0 && !undone.stdout.contains("left as they are"))
        #expect(!(try CLI.run(["export", "--memory", memory, "--status", "approved"]).stdout.contains("<tu")))
        #expect(try CLI.run(["bulk", "undo", "2", "--memory", memory]).status == 65)
        #expect(try CLI.run(["bulk", "undo", "77", "--memory", memory]).status == 66)
        #expect(try CLI.run(["bulk", "replace", "en", "(", "x", "--memory", memory]).status == 64)
        #expect(try CLI.run(["bulk", "approve", "--min-confidence", "2", "--memory", memory]).status == 64)

        let query = "The two heads of government held their first summit."
        let found = try CLI.run(["lookup", query, "--memory", memory, "--format", "json", "--mode", "exact"])
        let id = try #require(((CLI.json(found.stdout)?["matches"] as? [[String: Any]]) ?? []).first?["id"] as? Int)
        #expect(try CLI.run(["unit", "delete", String(id), "--memory", memory]).stdout.contains("deleted"))
        #expect(!(try CLI.run(["export", "--memory", memory]).stdout.contains(query)))
        let refused = try CLI.run(["unit", "approve", String(id), "--memory", memory])
        #expect(refused.status == 65 && refused.stderr.contains("deleted"))
        #expect(try CLI.run(["unit", "undo", String(id), "--memory", memory]).status == 0)
        #expect(try CLI.run(["export", "--memory", memory]).stdout.contains(query))
    }

    @Test(
        "import --reconsider-rejected brings a rejected pair back as imported, in its history; without it the rejection stays"
    )
    func reconsiderOnImport() throws {
        let dir = try Scratch()
        let memory = dir.path("m.sqlite")
        _ = try CLI.run(["import", MemoryFixtures.sample, "--memory", memory])
        let query = "The two leaders held their first summit."
        let found = try CLI.run(["lookup", query, "--memory", memory, "--format", "json", "--mode", "exact"])
        let id = try #require(((CLI.json(found.stdout)?["matches"] as? [[String: Any]]) ?? []).first?["id"] as? Int)
        _ = try CLI.run(["unit", "reject", String(id), "--memory", memory])
        _ = try CLI.run(["import", MemoryFixtures.sample, "--memory", memory])
        #expect(try CLI.run(["unit", "show", String(id), "--memory", memory]).stdout.contains("rejected"))
        let again = try CLI.run([
            "import", MemoryFixtures.sample, "--memory", memory, "--reconsider-rejected", "--as", "editor",
        ])
        #expect(again.status == 0 && again.stderr.contains("now imported: 1"))
        #expect(try CLI.run(["unit", "show", String(id), "--memory", memory]).stdout.contains("imported"))
        #expect(
            try CLI.run(["unit", "history", String(id), "--memory", memory]).lines.first?.contains("editor  reconsider")
                == true)
    }

    @Test("kill -9 during a bulk change leaves every unit of it changed or none")
    func killDuringBulk() throws {
        let dir = try Scratch()
        let memory = dir.path("m.sqlite")
        let big = dir.path("big.tmx")
        MemoryFixtures.big(20_000, at: big)
        _ = try CLI.run(["import", big, "--memory", memory])
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["bulk", "replace", "en", "Unit number", "Item number", "--memory", memory]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        kill(process.processIdentifier, SIGKILL)
        #expect(CLI.waitForExit(process))
        let stats = try CLI.run(["stats", "--check", "--memory", memory])
        #expect(stats.stdout.contains("integrity: ok"))
        let exported = try CLI.run(["export", "--memory", memory]).stdout
        let changed = exported.components(separatedBy: "Item number").count - 1
        let unchanged = exported.components(separatedBy: "Unit number").count - 1
        #expect(
            (changed == 0 && unchanged == 20_000) || (changed == 20_000 && unchanged == 0), "\(changed) \(unchanged)")
    }
}
