import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import KakehashiServer

/// The routes a CAT tool reuses from offer translations only unless asked for more.
@Suite("Relations over HTTP")
struct RelationRouteTests {
    static let tmx = """
        <?xml version="1.0" encoding="UTF-8"?>
        <tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="en" datatype="plaintext"/>
        <body>
        <tu><prop type="x-relation">related</prop><tuv xml:lang="en"><seg>The talks ended with a joint statement on trade.</seg></tuv><tuv xml:lang="ja"><seg>両国は貿易をめぐる協議を続けることで一致した。</seg></tuv></tu>
        <tu><tuv xml:lang="en"><seg>The ferry service resumed on Monday.</seg></tuv><tuv xml:lang="ja"><seg>フェリーの運航は月曜日に再開した。</seg></tuv></tu>
        </body></tmx>
        """

    @Test("amaGama leaves a related unit out unless relation= asks for it")
    func amagamaTranslationsOnly() async throws {
        let m = try await Fixture(tmx: Self.tmx)
        defer { m.remove() }
        try await m.application(ServerOptions(token: nil)).test(.router) { client in
            try await client.execute(
                uri: "/tmserver/en/ja/unit/The%20talks%20ended%20with%20a%20joint%20statement%20on%20trade.",
                method: .get
            ) { response in
                #expect(response.status == .ok)
                let items = try json(response.body) as? [Any]
                #expect(items?.isEmpty == true)
            }
            try await client.execute(
                uri:
                    "/tmserver/en/ja/unit/The%20talks%20ended%20with%20a%20joint%20statement%20on%20trade.?relation=all",
                method: .get
            ) { response in
                let items = try json(response.body) as? [[String: Any]]
                #expect(items?.first?["target"] as? String == "両国は貿易をめぐる協議を続けることで一致した。")
                // The relation's penalty lowers the quality of a related pair below an exact translation's 100.
                #expect((items?.first?["quality"] as? Int ?? 100) < 100)
            }
            try await client.execute(
                uri: "/tmserver/en/ja/unit/The%20ferry%20service%20resumed%20on%20Monday.", method: .get
            ) { response in
                let items = try json(response.body) as? [[String: Any]]
                #expect(items?.first?["target"] as? String == "フェリーの運航は月曜日に再開した。")
            }
            try await client.execute(uri: "/tmserver/en/ja/unit/x?relation=reused", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(errorCode(response) == "bad_request")
            }
        }
    }

    @Test("/memory.tmx holds translations unless relation= says otherwise; the JSON API gives relations")
    func feedAndJSON() async throws {
        let m = try await Fixture(tmx: Self.tmx)
        defer { m.remove() }
        try await m.application(ServerOptions(token: nil)).test(.router) { client in
            var defaultTag = ""
            try await client.execute(uri: "/memory.tmx", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("フェリーの運航は月曜日に再開した。"))
                #expect(!text.contains("両国は貿易をめぐる協議を続けることで一致した。"))
                defaultTag = response.headers[.eTag] ?? ""
            }
            try await client.execute(uri: "/memory.tmx?relation=all", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("<prop type=\"x-relation\">related</prop>"))
                #expect(response.headers[.eTag] != defaultTag)
            }
            try await client.execute(uri: "/api/v1/concordance?q=trade", method: .get) { response in
                let body = try json(response.body) as? [String: Any]
                let results = body?["results"] as? [[String: Any]]
                #expect(results?.first?["relation"] as? String == "related")
            }
            try await client.execute(uri: "/api/v1/concordance?q=trade&relation=translation", method: .get) {
                response in
                let body = try json(response.body) as? [String: Any]
                #expect((body?["results"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/api/v1/stats", method: .get) { response in
                let counts = (try json(response.body) as? [String: Any])?["by_relation"] as? [String: Int]
                #expect(counts?["related"] == 1)
                #expect(counts?["translation"] == 1)
            }
        }
    }
}
