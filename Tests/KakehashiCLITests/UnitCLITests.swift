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
}
