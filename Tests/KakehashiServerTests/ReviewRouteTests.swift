import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KakehashiMemory
import KakehashiPipeline
import Testing
@testable import KakehashiServer

@Suite("Reviewing over HTTP")
struct ReviewRouteTests {
    /// The tokens of a reader (rio), a reviewer (aiko) and an administrator (ken).
    struct Team {
        var reader: String
        var reviewer: String
        var admin: String
    }

    /// Runs `body` against a server over the fixture's memory whose users are the team.
    static func withTeam(
        configure: (inout ServerOptions) throws -> Void = { _ in },
        _ body: @Sendable (any TestClientProtocol, Team) async throws -> Void
    ) async throws {
        let f = try await Fixture()
        defer { f.remove() }
        var options = ServerOptions()
        try configure(&options)
        let team = Team(
            reader: try options.users.add(name: "rio", role: .reader),
            reviewer: try options.users.add(name: "aiko", role: .reviewer),
            admin: try options.users.add(name: "ken", role: .admin))
        try await f.application(options).test(.router) { client in try await body(client, team) }
    }

    static func bearer(_ token: String, ifMatch: String? = nil) -> HTTPFields {
        var headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        if let ifMatch { headers[.ifMatch] = ifMatch }
        return headers
    }

    @Test("a reviewer approves with If-Match; the unit, its ETag, version and history follow; roles are enforced")
    func approveAndRoles() async throws {
        try await Self.withTeam { client, team in
            let reader = team.reader
            let reviewer = team.reviewer
            let admin = team.admin
            let tag = try await client.execute(uri: "/api/v1/units/2", method: .get) { response -> String in
                let unit = try json(response.body) as? [String: Any]
                #expect(unit?["version"] as? Int == 1)
                return try #require(response.headers[.eTag])
            }
            #expect(tag == #""u2-v1""#)
            let approve = ByteBuffer(string: #"{"status":"approved"}"#)
            // A reader may not; nor anyone without If-Match.
            try await client.execute(
                uri: "/api/v1/units/2", method: .patch, headers: Self.bearer(reader, ifMatch: tag), body: approve
            ) { #expect($0.status == .forbidden && String(buffer: $0.body).contains("rio is a reader")) }
            try await client.execute(
                uri: "/api/v1/units/2", method: .patch, headers: Self.bearer(reviewer), body: approve
            ) { #expect($0.status == .preconditionRequired) }
            try await client.execute(
                uri: "/api/v1/units/2", method: .patch, headers: Self.bearer(reviewer, ifMatch: tag), body: approve
            ) { response in
                #expect(response.status == .ok && response.headers[.eTag] == #""u2-v2""#)
                let unit = try json(response.body) as? [String: Any]
                #expect(unit?["status"] as? String == "approved" && unit?["version"] as? Int == 2)
            }
            try await client.execute(uri: "/api/v1/changes?since=0", method: .get) { response in
                let body = try json(response.body) as? [String: Any]
                let changes = body?["changes"] as? [[String: Any]]
                #expect(changes?.count == 1 && changes?.first?["unit"] as? Int == 2)
                #expect(body?["latest"] as? Int == changes?.first?["seq"] as? Int)
            }
            try await client.execute(uri: "/api/v1/export?status=approved", method: .get) { response in
                let tmx = String(buffer: response.body)
                #expect(
                    tmx.components(separatedBy: "<tu ").count - 1 + tmx.components(separatedBy: "<tu>").count - 1 == 1)
            }
            try await client.execute(uri: "/api/v1/export?status=maybe", method: .get) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/units/2/history", method: .get) { response in
                let history = try json(response.body) as? [[String: Any]]
                #expect(history?.count == 1 && history?.first?["user"] as? String == "aiko")
                #expect((history?.first?["after"] as? [String: Any])?["status"] as? String == "approved")
            }
            // A reviewer may not import; an administrator may.
            try await client.execute(
                uri: "/api/v1/import", method: .post, headers: Self.bearer(reviewer),
                body: ByteBuffer(string: Fixture.tmx)
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/api/v1/import", method: .post,
                headers: [.authorization: "Bearer \(admin)", .contentType: "application/xml"],
                body: ByteBuffer(string: Fixture.tmx)
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/api/v1/units/2", method: .patch, headers: Self.bearer("not-a-token", ifMatch: tag), body: approve
            ) { #expect($0.status == .unauthorized) }
        }
    }

    @Test("a change on a stale version gets 412 with the current unit; nothing is lost; undo restores")
    func staleAndUndo() async throws {
        try await Self.withTeam { client, team in
            let reviewer = team.reviewer
            try await client.execute(
                uri: "/api/v1/units/1", method: .patch, headers: Self.bearer(reviewer, ifMatch: #""u1-v1""#),
                body: ByteBuffer(string: #"{"relation":"partial","note":"A summary, not a translation."}"#)
            ) { #expect($0.status == .ok && $0.headers[.eTag] == #""u1-v2""#) }
            try await client.execute(
                uri: "/api/v1/units/1", method: .patch, headers: Self.bearer(reviewer, ifMatch: #""u1-v1""#),
                body: ByteBuffer(string: #"{"status":"rejected"}"#)
            ) { response in
                #expect(response.status == .preconditionFailed && response.headers[.eTag] == #""u1-v2""#)
                let body = try json(response.body) as? [String: Any]
                let current = body?["current"] as? [String: Any]
                #expect(current?["relation"] as? String == "partial" && current?["status"] as? String == "imported")
            }
            try await client.execute(
                uri: "/api/v1/units/1/undo", method: .post, headers: Self.bearer(reviewer, ifMatch: #""u1-v2""#)
            ) { response in
                let unit = try json(response.body) as? [String: Any]
                #expect(response.status == .ok && unit?["relation"] as? String == "translation")
                #expect((unit?["notes"] as? [Any])?.isEmpty == true && unit?["version"] as? Int == 3)
            }
            try await client.execute(
                uri: "/api/v1/units/1/undo", method: .post, headers: Self.bearer(reviewer, ifMatch: #""u1-v3""#)
            ) { #expect($0.status == .conflict) }
        }
    }

    @Test(
        "a reviewer edits a side: the unit and lookups show the new text; an edit that duplicates another unit is 409")
    func edit() async throws {
        try await Self.withTeam { client, team in
            let reviewer = team.reviewer
            try await client.execute(
                uri: "/api/v1/units/2", method: .patch, headers: Self.bearer(reviewer, ifMatch: #""u2-v1""#),
                body: ByteBuffer(string: #"{"en":"The ferry service resumed on <script>Tuesday</script>."}"#)
            ) { response in
                let unit = try json(response.body) as? [String: Any]
                let english = (unit?["variants"] as? [[String: Any]])?.first { $0["lang"] as? String == "en" }
                #expect(english?["text"] as? String == "The ferry service resumed on <script>Tuesday</script>.")
            }
            try await client.execute(
                uri: "/api/v1/lookup?q=resumed%20on%20%3Cscript%3ETuesday&mode=concordance", method: .get
            ) {
                response in
                let matches = (try json(response.body) as? [String: Any])?["matches"] as? [[String: Any]]
                #expect(matches?.first?["id"] as? Int == 2)
            }
            try await client.execute(
                uri: "/api/v1/units/2", method: .patch, headers: Self.bearer(reviewer, ifMatch: #""u2-v2""#),
                body: ByteBuffer(
                    string: #"{"en":"Prices rose by 3 percent in October.","ja":"10月の物価は3％上昇した。"}"#)
            ) { #expect($0.status == .conflict && String(buffer: $0.body).contains("same as unit 3")) }
        }
    }

    @Test("bad changes are clear 4xx: unknown field, bad status, not JSON, a 10 MB note, an unknown unit")
    func badChanges() async throws {
        try await Self.withTeam { client, team in
            let reviewer = team.reviewer
            for (body, status) in [
                (#"{"fr":"nouveau texte"}"#, HTTPResponse.Status.badRequest), (#"{"status":"maybe"}"#, .badRequest),
                (#"{"en":"   "}"#, .badRequest),
                (#"{"en":""# + String(repeating: "x", count: 10_001) + #""}"#, .contentTooLarge),
                ("\u{FF}\u{FE}not json", .badRequest), ("{}", .badRequest),
                (#"{"note":""# + String(repeating: "x", count: 10 << 20) + #""}"#, .contentTooLarge),
                (#"{"note":""# + String(repeating: "x", count: 20_000) + #""}"#, .contentTooLarge),
            ] {
                try await client.execute(
                    uri: "/api/v1/units/1", method: .patch, headers: Self.bearer(reviewer, ifMatch: #""u1-v1""#),
                    body: ByteBuffer(string: body)
                ) { #expect($0.status == status, "\(body.prefix(30))") }
            }
            // Bytes that are not UTF-8 at all.
            try await client.execute(
                uri: "/api/v1/units/1", method: .patch, headers: Self.bearer(reviewer, ifMatch: #""u1-v1""#),
                body: ByteBuffer(bytes: [0x7B, 0x22, 0x65, 0x6E, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D])
            ) { #expect($0.status == .badRequest) }
            try await client.execute(
                uri: "/api/v1/units/999", method: .patch, headers: Self.bearer(reviewer, ifMatch: #""u999-v1""#),
                body: ByteBuffer(string: #"{"status":"approved"}"#)
            ) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/v1/units/1", method: .get) { response in
                let unit = try json(response.body) as? [String: Any]
                #expect(unit?["version"] as? Int == 1)
            }
        }
    }

    @Test("only an admin deletes a unit and undoes the deletion; a deleted unit leaves lookups")
    func delete() async throws {
        try await Self.withTeam { client, team in
            try await client.execute(
                uri: "/api/v1/units/2", method: .delete, headers: Self.bearer(team.reviewer, ifMatch: #""u2-v1""#)
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/api/v1/units/2", method: .delete, headers: Self.bearer(team.admin)
            ) { #expect($0.status == .preconditionRequired) }
            try await client.execute(
                uri: "/api/v1/units/2", method: .delete, headers: Self.bearer(team.admin, ifMatch: #""u2-v1""#)
            ) { response in
                let unit = try json(response.body) as? [String: Any]
                #expect(response.status == .ok && unit?["status"] as? String == "deleted")
            }
            try await client.execute(uri: "/api/v1/lookup?q=ferry&mode=concordance", method: .get) { response in
                let matches = (try json(response.body) as? [String: Any])?["matches"] as? [[String: Any]]
                #expect(matches?.isEmpty == true)
            }
            try await client.execute(
                uri: "/api/v1/units/2", method: .patch, headers: Self.bearer(team.reviewer, ifMatch: #""u2-v2""#),
                body: ByteBuffer(string: #"{"status":"approved"}"#)
            ) { #expect($0.status == .conflict) }
            try await client.execute(
                uri: "/api/v1/units/2/undo", method: .post, headers: Self.bearer(team.reviewer, ifMatch: #""u2-v2""#)
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/api/v1/units/2/undo", method: .post, headers: Self.bearer(team.admin, ifMatch: #""u2-v2""#)
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/lookup?q=ferry&mode=concordance", method: .get) { response in
                let matches = (try json(response.body) as? [String: Any])?["matches"] as? [[String: Any]]
                #expect(matches?.first?["id"] as? Int == 2)
            }
        }
    }

    @Test(
        "a bulk change previews its count and sample, then changes them all; its undo restores them; bad ones are 4xx")
    func bulk() async throws {
        try await Self.withTeam { client, team in
            let preview = ByteBuffer(
                string:
                    #"{"filter":{"status":["imported"]},"action":"replace","language":"en","pattern":"Prices","replacement":"Costs","dry_run":true}"#
            )
            try await client.execute(
                uri: "/api/v1/bulk", method: .post, headers: Self.bearer(team.reader), body: preview
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/api/v1/bulk", method: .post, headers: Self.bearer(team.reviewer), body: preview
            ) { response in
                let body = try json(response.body) as? [String: Any]
                #expect(response.status == .ok && body?["count"] as? Int == 2 && body?["id"] is NSNull)
                let sample = body?["sample"] as? [[String: Any]]
                #expect(
                    ((sample?.first?["after"] as? [String: Any])?["texts"] as? [String: String])?["en"]?.hasPrefix(
                        "Costs") == true)
            }
            try await client.execute(uri: "/api/v1/lookup?q=Costs&mode=concordance", method: .get) { response in
                let matches = (try json(response.body) as? [String: Any])?["matches"] as? [[String: Any]]
                #expect(matches?.isEmpty == true)
            }
            let made = ByteBuffer(
                string:
                    #"{"filter":{"status":"imported"},"action":"replace","language":"en","pattern":"Prices","replacement":"Costs","dry_run":false}"#
            )
            let id = try await client.execute(
                uri: "/api/v1/bulk", method: .post, headers: Self.bearer(team.reviewer), body: made
            ) { response -> Int in
                let body = try json(response.body) as? [String: Any]
                #expect(response.status == .created && body?["count"] as? Int == 2)
                return try #require(body?["id"] as? Int)
            }
            try await client.execute(uri: "/api/v1/lookup?q=Costs&mode=concordance", method: .get) { response in
                let matches = (try json(response.body) as? [String: Any])?["matches"] as? [[String: Any]]
                #expect(matches?.count == 2)
            }
            try await client.execute(
                uri: "/api/v1/bulk/\(id)/undo", method: .post, headers: Self.bearer(team.reviewer)
            ) { response in
                let body = try json(response.body) as? [String: Any]
                #expect(response.status == .created && body?["count"] as? Int == 2)
            }
            try await client.execute(uri: "/api/v1/lookup?q=Costs&mode=concordance", method: .get) { response in
                let matches = (try json(response.body) as? [String: Any])?["matches"] as? [[String: Any]]
                #expect(matches?.isEmpty == true)
            }
            try await client.execute(
                uri: "/api/v1/bulk/\(id)/undo", method: .post, headers: Self.bearer(team.reviewer)
            ) { #expect($0.status == .conflict) }
            try await client.execute(
                uri: "/api/v1/bulk/999/undo", method: .post, headers: Self.bearer(team.reviewer)
            ) { #expect($0.status == .notFound) }
            for body in [
                #"{"filter":{},"action":"approve"}"#, #"{"action":"approve","dry_run":"yes"}"#,
                #"{"action":"delete","dry_run":true}"#,
                #"{"action":"replace","language":"en","pattern":"(","dry_run":true}"#,
                #"{"filter":{"colour":"red"},"action":"approve","dry_run":true}"#,
                #"{"filter":{"min_confidence":"2"},"action":"approve","dry_run":true}"#, "[1,2]",
            ] {
                try await client.execute(
                    uri: "/api/v1/bulk", method: .post, headers: Self.bearer(team.reviewer),
                    body: ByteBuffer(string: body)
                ) { #expect($0.status == .badRequest && errorCode($0) == "bad_request", "\(body)") }
            }
            try await client.execute(
                uri: "/api/v1/bulk", method: .post, headers: Self.bearer(team.reviewer),
                body: ByteBuffer(
                    string: #"{"action":"approve","dry_run":true,"pattern":""# + String(repeating: "x", count: 100_000)
                        + #""}"#)
            ) { #expect($0.status == .contentTooLarge) }
        }
    }

    @Test(
        "the review queue lists one status least confident first; a unit's context; bad queries are 400, unknown units 404"
    )
    func queueAndContext() async throws {
        try await Self.withTeam { client, team in
            try await client.execute(uri: "/api/v1/review/queue?status=imported&limit=3", method: .get) { response in
                let units = (try json(response.body) as? [String: Any])?["units"] as? [[String: Any]]
                #expect(response.status == .ok && units?.map { $0["id"] as? Int } == [1, 2, 3])
                #expect(units?.first?["version"] as? Int == 1)
            }
            // Unreviewed units by default: none here, every unit was imported.
            try await client.execute(uri: "/api/v1/review/queue", method: .get) { response in
                let units = (try json(response.body) as? [String: Any])?["units"] as? [[String: Any]]
                #expect(response.status == .ok && units?.isEmpty == true)
            }
            for uri in [
                "/api/v1/review/queue?status=imported,approved", "/api/v1/review/queue?limit=1000",
                "/api/v1/review/queue?offset=20000", "/api/v1/review/queue?max_confidence=lots",
            ] {
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .badRequest, "\(uri)") }
            }
            try await client.execute(uri: "/api/v1/units/1/context", method: .get) { response in
                let sides = (try json(response.body) as? [String: Any])?["sides"] as? [Any]
                #expect(response.status == .ok && sides?.isEmpty == true)  // imported: no sentence numbers
            }
            try await client.execute(uri: "/api/v1/units/999/context", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test("a pair rejected over HTTP stays rejected when an admin imports it again")
    func rejectedStaysAfterImport() async throws {
        try await Self.withTeam { client, team in
            try await client.execute(
                uri: "/api/v1/units/2", method: .patch, headers: Self.bearer(team.reviewer, ifMatch: #""u2-v1""#),
                body: ByteBuffer(string: #"{"status":"rejected"}"#)
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/api/v1/import", method: .post,
                headers: [.authorization: "Bearer \(team.admin)", .contentType: "application/xml"],
                body: ByteBuffer(string: Fixture.tmx)
            ) { response in
                let body = try json(response.body) as? [String: Any]
                #expect(response.status == .ok && body?["added"] as? Int == 0)
            }
            try await client.execute(uri: "/api/v1/units/2", method: .get) { response in
                let unit = try json(response.body) as? [String: Any]
                #expect(unit?["status"] as? String == "rejected" && unit?["version"] as? Int == 2)
            }
            try await client.execute(
                uri: "/api/v1/lookup?q=The%20ferry%20service%20resumed%20on%20Monday.", method: .get
            ) {
                response in
                let matches = (try json(response.body) as? [String: Any])?["matches"] as? [[String: Any]]
                #expect(matches?.isEmpty == true)
            }
        }
    }

    @Test("--private: every route but the page's files needs a token, amaGama included")
    func privateServer() async throws {
        try await Self.withTeam(configure: { $0.isPrivate = true }) { client, team in
            for uri in [
                "/api/v1/lookup?q=ferry", "/tmserver/en/ja/unit/ferry", "/memory.tmx", "/api/v1/units/1", "/metrics",
            ] {
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .unauthorized, "\(uri)") }
                try await client.execute(uri: uri, method: .get, headers: Self.bearer(team.reader)) {
                    #expect($0.status == .ok, "\(uri)")
                }
            }
            for uri in ["/", "/review", "/static/app.js", "/healthz"] {
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .ok, "\(uri)") }
            }
        }
    }

    @Test("penalties set on the server reach amaGama's quality and the lookup's score")
    func penalties() async throws {
        try await Self.withTeam(configure: { $0.penalties = try MatchPenalties(parsing: "imported=12") }) { client, _ in
            try await client.execute(
                uri: "/tmserver/en/ja/unit/The%20ferry%20service%20resumed%20on%20Tuesday.", method: .get
            ) {
                response in
                let matches = try json(response.body) as? [[String: Any]]
                // 5 of 6 words match (83), less 12 points for an imported unit.
                #expect(matches?.first?["quality"] as? Double == 71)
            }
        }
    }

    @Test("the users file keeps hashes only, is written private, and is refused when others can read it")
    func usersFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kk-users-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("users").path
        var users = try UserAccounts(path: path, createIfMissing: true)
        let token = try users.add(name: "aiko", role: .reviewer)
        #expect(throws: PipelineError.self) { try users.add(name: "aiko", role: .admin) }
        try users.write(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(token) && text.contains("aiko reviewer \(UserAccounts.hash(token))"))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try UserAccounts(path: path).account(token: token)?.name == "aiko")
        #expect(try UserAccounts(path: path).account(token: token + "x") == nil)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(throws: PipelineError.self) { try UserAccounts(path: path) }
    }
}
