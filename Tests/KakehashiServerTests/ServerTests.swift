import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KakehashiLexicon
import KakehashiMemory
import KakehashiSQLite
import KakehashiPipeline
import Testing
@testable import KakehashiServer

/// A memory of a few units in a temporary folder, and a server over it.
struct Fixture {
    static let token = "test-token-0123456789abcdef"
    static let tmx = """
        <?xml version="1.0" encoding="UTF-8"?>
        <tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="en" datatype="plaintext"/>
        <body>
        <tu><tuv xml:lang="en"><seg>The two leaders held their first summit in Gyeongju.</seg></tuv><tuv xml:lang="ja"><seg>両首脳は慶州で初の首脳会談を行った。</seg></tuv></tu>
        <tu><tuv xml:lang="en"><seg>The ferry service resumed on Monday.</seg></tuv><tuv xml:lang="ja"><seg>フェリーの運航は月曜日に再開した。</seg></tuv></tu>
        <tu><tuv xml:lang="en"><seg>Prices rose by 3 percent in October.</seg></tuv><tuv xml:lang="ja"><seg>10月の物価は3％上昇した。</seg></tuv></tu>
        <tu><tuv xml:lang="en"><seg>Prices and/or wages rose in October.</seg></tuv><tuv xml:lang="ja"><seg>10月は物価か賃金が上昇した。</seg></tuv></tu>
        </body></tmx>
        """
    let folder: URL
    let memory: TranslationMemory
    let lexicon: Lexicon

    /// A memory holding the units of `tmx`.
    init(tmx contents: String = Fixture.tmx) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kakehashi-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tmx = folder.appendingPathComponent("seed.tmx").path
        try contents.write(toFile: tmx, atomically: true, encoding: .utf8)
        memory = try TranslationMemory(path: folder.appendingPathComponent("tm.sqlite").path)
        _ = try await memory.importTMX(path: tmx)
        lexicon = try Lexicon()
    }

    func application(_ options: ServerOptions = ServerOptions(token: Fixture.token)) -> some ApplicationProtocol {
        Application(router: MemoryServer(memory: memory, lexicon: lexicon, options: options).router())
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

func json(_ buffer: ByteBuffer) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed])
}

/// The error code of a JSON error response (nil when the body is not that shape).
func errorCode(_ response: TestResponse) -> String? {
    ((try? json(response.body)) as? [String: Any]).flatMap { $0["error"] as? [String: Any] }.flatMap {
        $0["code"] as? String
    }
}

@Suite("HTTP server (in-process)")
struct ServerTests {
    @Test("lookup answers the JSON of `kakehashi lookup --format json`, byte for byte")
    func lookupJSON() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let expected = try await PhraseLookup(memory: f.memory, lexicon: f.lexicon).lookup(
            "first summit", options: LookupOptions(mode: .all)
        ).json
        try await f.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/lookup?q=first+summit&mode=all", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(String(buffer: response.body) == expected)
                let body = try json(response.body) as? [String: Any]
                #expect((body?["matches"] as? [Any])?.isEmpty == false)
            }
        }
    }

    @Test("bad queries are 4xx JSON errors: missing, too long, bad mode, bad number, bad encoding; unknown routes 404")
    func badQueries() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let long = String(repeating: "a", count: 2001)
        let cases: [(String, HTTPResponse.Status, String)] = [
            ("/api/v1/lookup", .badRequest, "bad_request"),
            ("/api/v1/lookup?q=%20%20", .badRequest, "bad_request"),
            ("/api/v1/lookup?q=\(long)", .uriTooLong, "query_too_long"),
            ("/api/v1/lookup?q=x&mode=telepathy", .badRequest, "bad_request"),
            ("/api/v1/lookup?q=x&limit=0", .badRequest, "bad_request"),
            ("/api/v1/lookup?q=x&from=de", .badRequest, "bad_request"),
            ("/api/v1/lookup?q=%E3%81", .badRequest, "bad_request"),
            ("/api/v1/lookup?q=%zz", .badRequest, "bad_request"),
            ("/api/v1/units/abc", .badRequest, "bad_request"),
            ("/api/v1/units/99999", .notFound, "not_found"),
            ("/no/such/route", .notFound, "not_found"),
        ]
        try await f.application().test(.router) { client in
            for (uri, status, code) in cases {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == status, "\(uri.prefix(60))")
                    #expect(errorCode(response) == code, "\(uri.prefix(60))")
                }
            }
        }
    }

    @Test("concordance pages through the results with has_next")
    func concordancePages() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        try await f.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/concordance?q=October&limit=1&page=1", method: .get) { response in
                let body = try json(response.body) as? [String: Any]
                #expect((body?["results"] as? [Any])?.count == 1)
                #expect(body?["has_next"] as? Bool == true)
            }
            try await client.execute(uri: "/api/v1/concordance?q=October&limit=1&page=2", method: .get) { response in
                let body = try json(response.body) as? [String: Any]
                #expect((body?["results"] as? [Any])?.count == 1)
                #expect(body?["has_next"] as? Bool == false)
            }
        }
    }

    @Test("a unit by id has its variants and status; stats count the units")
    func unitAndStats() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        try await f.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/units/2", method: .get) { response in
                let body = try json(response.body) as? [String: Any]
                let variants = body?["variants"] as? [[String: Any]]
                #expect(variants?.map { $0["lang"] as? String } == ["en", "ja"])
                #expect(variants?.first?["text"] as? String == "The ferry service resumed on Monday.")
                #expect(body?["status"] as? String == "imported")
            }
            try await client.execute(uri: "/api/v1/stats", method: .get) { response in
                let stats = try json(response.body) as? [String: Any]
                #expect(stats?["units"] as? Int == 4)
            }
        }
    }

    @Test("amaGama: path text with an encoded slash, ?source=, quality and rank, unknown pairs are 200 []")
    func amagama() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        try await f.application().test(.router) { client in
            try await client.execute(
                uri: "/tmserver/en/ja/unit/Prices%20and%2For%20wages%20rose%20in%20October.", method: .get
            ) { response in
                #expect(response.status == .ok)
                let items = try json(response.body) as? [[String: Any]]
                #expect(items?.first?["source"] as? String == "Prices and/or wages rose in October.")
                #expect(items?.first?["target"] as? String == "10月は物価か賃金が上昇した。")
                #expect(items?.first?["quality"] as? Int == 100)
                #expect(items?.first?["rank"] as? Int == 100)
            }
            try await client.execute(
                uri:
                    "/api/v1/ja/en/unit/?source=%E3%83%95%E3%82%A7%E3%83%AA%E3%83%BC%E3%81%AE%E9%81%8B%E8%88%AA%E3%81%AF%E6%9C%88%E6%9B%9C%E6%97%A5%E3%81%AB%E5%86%8D%E9%96%8B%E3%81%97%E3%81%9F%E3%80%82",
                method: .get
            ) { response in
                let items = try json(response.body) as? [[String: Any]]
                #expect(items?.first?["target"] as? String == "The ferry service resumed on Monday.")
            }
            try await client.execute(
                uri: "/tmserver/en_US/ja/unit/The%20ferry%20service%20resumed%20on%20Tuesday.?min_similarity=50",
                method: .get
            ) { response in
                let items = try json(response.body) as? [[String: Any]]
                let quality = items?.first?["quality"] as? Int ?? 0
                #expect(quality >= 50 && quality < 100)
            }
            for uri in ["/tmserver/en/de/unit/test", "/tmserver/pt_br/ja/unit/test", "/tmserver/en/en/unit/test"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body) == "[]")
                }
            }
            try await client.execute(uri: "/tmserver/languages/", method: .get) { response in
                let languages = try json(response.body) as? [String: Any]
                #expect(languages?["sourceLanguages"] as? [String] == ["en", "ja"])
            }
        }
    }

    @Test("writes need the token: 403 without a token file or read-only, 401 without or with a wrong bearer")
    func authorization() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let body = ByteBuffer(string: Fixture.tmx)
        try await f.application(ServerOptions(token: nil)).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/import", method: .post, headers: [.authorization: "Bearer \(Fixture.token)"], body: body
            ) { response in
                #expect(response.status == .forbidden && errorCode(response) == "forbidden")
            }
        }
        try await f.application(ServerOptions(readOnly: true, token: Fixture.token)).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/import", method: .post, headers: [.authorization: "Bearer \(Fixture.token)"], body: body
            ) { response in
                #expect(response.status == .forbidden)
            }
        }
        try await f.application().test(.router) { client in
            for headers: HTTPFields in [
                [:], [.authorization: "Bearer wrong-token-0123456789abcdef"],
                [.authorization: "Basic \(Fixture.token)"],
            ] {
                try await client.execute(uri: "/api/v1/import", method: .post, headers: headers, body: body) {
                    response in
                    #expect(response.status == .unauthorized && errorCode(response) == "unauthorized")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer")
                }
            }
        }
    }

    @Test(
        "import: counts what is new and already present; malformed TMX is a 400 naming the place; size and type limits")
    func importTMX() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let auth: HTTPFields = [.authorization: "Bearer \(Fixture.token)", .contentType: "application/xml"]
        let newUnit = Fixture.tmx.replacingOccurrences(
            of: "The ferry service resumed on Monday.", with: "The ferry service resumed on Friday."
        )
        .replacingOccurrences(
            of: "</body>", with: "<tu><tuv xml:lang=\"en\"><seg>Only one language.</seg></tuv></tu>\n</body>")
        try await f.application(ServerOptions(token: Fixture.token, maximumBodyBytes: 4096)).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/import", method: .post, headers: auth, body: ByteBuffer(string: newUnit)
            ) { response in
                #expect(response.status == .ok)
                let body = try json(response.body) as? [String: Any]
                #expect(body?["added"] as? Int == 1 && body?["already_present"] as? Int == 3)
                let skipped = body?["skipped"] as? [[String: Any]]
                #expect(skipped?.count == 1)
                #expect(skipped?.first?["line"] as? Int == 8)
                #expect((skipped?.first?["reason"] as? String)?.contains("two languages") == true)
            }
            try await client.execute(
                uri: "/api/v1/import", method: .post, headers: auth,
                body: ByteBuffer(string: "<tmx version=\"1.4\">\n<body><tu>")
            ) { response in
                #expect(response.status == .badRequest)
                let message =
                    ((try json(response.body) as? [String: Any])?["error"] as? [String: Any])?["message"] as? String
                    ?? ""
                #expect(message.contains("line"))
            }
            try await client.execute(
                uri: "/api/v1/import", method: .post, headers: auth,
                body: ByteBuffer(string: String(repeating: " ", count: 5000) + Fixture.tmx)
            ) { response in
                #expect(response.status == .contentTooLarge && errorCode(response) == "too_large")
            }
            try await client.execute(
                uri: "/api/v1/import", method: .post,
                headers: [.authorization: "Bearer \(Fixture.token)", .contentType: "image/png"],
                body: ByteBuffer(string: Fixture.tmx)
            ) { response in
                #expect(response.status == .unsupportedMediaType)
            }
        }
        #expect(try await f.memory.statistics().units == 5)
    }

    @Test("memory.tmx carries an entity tag; If-None-Match with it is 304 until the memory changes")
    func tmxFeed() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        try await f.application().test(.router) { client in
            let tag = try await client.execute(uri: "/memory.tmx", method: .get) { response -> String in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<seg>The ferry service resumed on Monday.</seg>"))
                return response.headers[.eTag] ?? ""
            }
            #expect(!tag.isEmpty)
            try await client.execute(uri: "/memory.tmx", method: .get, headers: [.ifNoneMatch: tag]) { response in
                #expect(response.status == .notModified && response.body.readableBytes == 0)
            }
            let changed = Fixture.tmx.replacingOccurrences(of: "on Monday", with: "on Sunday")
            try await client.execute(
                uri: "/api/v1/import", method: .post, headers: [.authorization: "Bearer \(Fixture.token)"],
                body: ByteBuffer(string: changed)
            ) { _ in }
            try await client.execute(uri: "/memory.tmx", method: .get, headers: [.ifNoneMatch: tag]) { response in
                #expect(response.status == .ok && response.headers[.eTag] != tag)
            }
            try await client.execute(uri: "/api/v1/export?langs=en&min_confidence=0.5", method: .get) { response in
                // One language left: no unit has two, so none is written.
                #expect(
                    !String(buffer: response.body).contains("<tu>") && !String(buffer: response.body).contains("<tu "))
            }
            try await client.execute(uri: "/api/v1/export?since=yesterday", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test("ingest runs the main job on articles sent as JSON or as a multipart upload")
    func ingest() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let english =
            "Prime Minister Sanae Takaichi met South Korean President Lee Jae-myung in Gyeongju on October 30.\\nThe two leaders held 41-minute talks on the sidelines of the APEC summit.\\n"
        let japanese = "高市早苗首相は10月30日、慶州で韓国の李在明大統領と会談した。\\n両首脳はAPEC首脳会議の傍らで41分間会談した。\\n"
        let body =
            #"{"articles":[{"name":"summit.en.txt","text":"\#(english)"},{"name":"summit.ja.txt","text":"\#(japanese)"}]}"#
        let auth: HTTPFields = [.authorization: "Bearer \(Fixture.token)", .contentType: "application/json"]
        try await f.application().test(.router) { client in
            try await client.execute(
                uri: "/api/v1/ingest", method: .post, headers: auth, body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .ok)
                let summary = try json(response.body) as? [String: Any]
                #expect(summary?["files"] as? Int == 2 && summary?["document_pairs"] as? Int == 1)
                #expect((summary?["stored"] as? Int ?? 0) >= 1)
            }
            // The same articles as a multipart upload: nothing new.
            let boundary = "kakehashi-test-boundary"
            var form = ""
            for (name, text) in [("summit.en.txt", english), ("summit.ja.txt", japanese)] {
                form +=
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(name)\"\r\nContent-Type: text/plain\r\n\r\n"
                form += text.replacingOccurrences(of: "\\n", with: "\n") + "\r\n"
            }
            form += "--\(boundary)--\r\n"
            try await client.execute(
                uri: "/api/v1/ingest", method: .post,
                headers: [
                    .authorization: "Bearer \(Fixture.token)",
                    .contentType: "multipart/form-data; boundary=\(boundary)",
                ],
                body: ByteBuffer(string: form)
            ) { response in
                #expect(response.status == .ok)
                let summary = try json(response.body) as? [String: Any]
                #expect(summary?["files"] as? Int == 2 && summary?["added"] as? Int == 0)
            }
            try await client.execute(
                uri: "/api/v1/ingest", method: .post, headers: auth, body: ByteBuffer(string: "{\"articles\": 3}")
            ) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test("an ingest body over the limit is refused with 413 whatever its type, and leaves nothing behind")
    func ingestTooLarge() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let before = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter {
            $0.hasPrefix("kakehashi-ingest-")
        }
        let large = String(repeating: "The ferry service resumed on Monday. ", count: 200)
        try await f.application(ServerOptions(token: Fixture.token, maximumBodyBytes: 4096)).test(.router) { client in
            for type in ["text/plain", "application/json", "multipart/form-data; boundary=b"] {
                try await client.execute(
                    uri: "/api/v1/ingest", method: .post,
                    headers: [.authorization: "Bearer \(Fixture.token)", .contentType: type],
                    body: ByteBuffer(string: large)
                ) { response in
                    #expect(response.status == .contentTooLarge && errorCode(response) == "too_large", "\(type)")
                }
            }
            // Under the limit, a plain-text article is read from the streamed file.
            try await client.execute(
                uri: "/api/v1/ingest?name=notice.en.txt", method: .post,
                headers: [.authorization: "Bearer \(Fixture.token)", .contentType: "text/plain"],
                body: ByteBuffer(string: "The ferry service resumed on Monday.\n")
            ) { response in
                #expect(response.status == .ok)
                let summary = try json(response.body) as? [String: Any]
                #expect(summary?["files"] as? Int == 1)
            }
        }
        let after = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter {
            $0.hasPrefix("kakehashi-ingest-")
        }
        #expect(Set(after).subtracting(before).isEmpty)
        #expect(try await f.memory.statistics().units == 4)
    }

    @Test("ingest takes HTML pages too: their main text is aligned and each unit links back to both pages' URLs")
    func ingestHTML() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let pages = root.appendingPathComponent("Tests/KakehashiHTMLTests/Fixtures/pair")
        let boundary = "kakehashi-html-boundary"
        var form = Data()
        for name in ["summit-en.html", "summit-ja.html"] {
            form.append(
                Data(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(name)\"\r\nContent-Type: text/html\r\n\r\n"
                        .utf8))
            form.append(try Data(contentsOf: pages.appendingPathComponent(name)))
            form.append(Data("\r\n".utf8))
        }
        form.append(Data("--\(boundary)--\r\n".utf8))
        let upload = form
        try await f.application().test(.router) { client in
            try await client.execute(
                uri: "/api/v1/ingest", method: .post,
                headers: [
                    .authorization: "Bearer \(Fixture.token)",
                    .contentType: "multipart/form-data; boundary=\(boundary)",
                ],
                body: ByteBuffer(bytes: upload)
            ) { response in
                #expect(response.status == .ok)
                let summary = try json(response.body) as? [String: Any]
                #expect(summary?["files"] as? Int == 2 && summary?["document_pairs"] as? Int == 1)
                #expect((summary?["stored"] as? Int ?? 0) >= 5)
            }
            try await client.execute(uri: "/api/v1/export", method: .get) { response in
                let tmx = String(buffer: response.body)
                #expect(
                    tmx.contains(
                        "<prop type=\"x-source-url\">https://news.example.com/world/2026/08/23/lee-ishiba-summit</prop>"
                    ))
                #expect(
                    tmx.contains("<prop type=\"x-source-url\">https://www.example.jp/articles/20260823-summit</prop>"))
                #expect(!tmx.contains("アクセスランキング"))
            }
        }
    }

    @Test("tokens are compared whole: a token that differs only in length by 256 bytes does not pass")
    func constantTimeCompare() {
        let token = Array("0123456789abcdef".utf8)
        #expect(ConstantTime.equal(token, token))
        #expect(!ConstantTime.equal(token, Array("0123456789abcdeg".utf8)))
        #expect(!ConstantTime.equal([], Array(repeating: 0, count: 256)))
        #expect(!ConstantTime.equal(token, token + Array(repeating: 0, count: 256)))
    }

    @Test("the page, its script and the API description are served with a strict content security policy")
    func page() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        try await f.application().test(.router) { client in
            for (uri, type) in [
                ("/", "text/html"), ("/static/app.js", "text/javascript"), ("/static/style.css", "text/css"),
                ("/api/openapi.yaml", "application/yaml"),
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.headers[.contentType]?.hasPrefix(type) == true, "\(uri)")
                    #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                    // No other site may frame the page that holds the token field.
                    #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                    #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                }
            }
            try await client.execute(uri: "/static/app.js", method: .get) { response in
                // Memory text reaches the page as text nodes only.
                #expect(!String(buffer: response.body).contains("innerHTML"))
            }
        }
    }

    @Test(
        "amaGama path text is taken raw and decoded once: slashes, plus signs, percent signs and empty segments survive"
    )
    func pathText() throws {
        for text in ["a/b", "a//b", "1+1=2", "100%", "[X5X] and/or", "初の/首脳会談", "/leading", "trailing/"] {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            let encoded = text.addingPercentEncoding(withAllowedCharacters: allowed)!
            let raw = MemoryServer.pathText(afterUnitIn: "/tmserver/en/ja/unit/" + encoded)
            #expect(try QueryParameters.decode(raw, plusIsSpace: false) == text)
        }
    }
}

@Suite("HTTP server metrics")
struct MetricsTests {
    @Test("/metrics gives Prometheus text: requests by route pattern and status, latency histograms, memory size")
    func metrics() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        try await f.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/units/1", method: .get) { _ in }
            try await client.execute(uri: "/api/v1/units/2", method: .get) { _ in }
            try await client.execute(uri: "/api/v1/units/99999", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = String(buffer: response.body)
                #expect(
                    text.contains(
                        #"kakehashi_http_requests_total{route="/api/v1/units/{id}",method="GET",status="200"} 2"#))
                #expect(
                    text.contains(
                        #"kakehashi_http_requests_total{route="/api/v1/units/{id}",method="GET",status="404"} 1"#))
                #expect(text.contains("kakehashi_http_request_duration_seconds_bucket{"))
                #expect(text.contains("kakehashi_memory_units 4.0"))
            }
        }
    }
}

@Suite("amaGama path and query decoding (property tests)")
struct DecodingPropertyTests {
    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    }
    static let pieces: [String] = [
        "a", "Z", "0", " ", "/", "//", "%", "%2F", "+", "?", "#", "&", "=", ";", "[X5X]", "\\", "\"", "'", "<", ">",
        "首脳", "ソウル", "이재명", "😀", "\u{0301}", "\t", "~", ".", "..", "-", "_",
    ]

    func randomText(_ g: inout Generator) -> String {
        (0..<Int(1 + g.next() % 12)).map { _ in g.pick(Self.pieces) }.joined()
    }

    @Test("any text percent-encoded into the path comes back exactly (600 random texts)")
    func pathRoundTrip() throws {
        var g = Generator(state: 2026)
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        for _ in 0..<600 {
            let text = randomText(&g)
            let encoded = text.addingPercentEncoding(withAllowedCharacters: allowed)!
            let raw = MemoryServer.pathText(afterUnitIn: "/tmserver/en/ja/unit/" + encoded)
            #expect(try QueryParameters.decode(raw, plusIsSpace: false) == text, "\(text.debugDescription)")
        }
    }

    @Test(
        "random texts and junk escapes through the server: always 200 with a JSON array or a 4xx JSON error, never 5xx")
    func throughTheServer() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        var g = Generator(state: 77)
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        var uris: [String] = []
        for k in 0..<200 {
            let text = randomText(&g)
            // Half well encoded, half with raw junk escapes and stray characters.
            let encoded =
                k % 2 == 0
                ? text.addingPercentEncoding(withAllowedCharacters: allowed)!
                : (text.addingPercentEncoding(withAllowedCharacters: allowed.union(["%"]))!
                    + g.pick(["%", "%G0", "%E3%81", "%00", ""]))
            let query = g.pick([
                "", "?min_similarity=\(g.next() % 150)", "?max_candidates=\(Int(g.next() % 40) - 5)",
                "?source=" + encoded,
            ])
            uris.append("/tmserver/en/ja/unit/" + encoded + query)
        }
        let all = uris
        try await f.application().test(.router) { client in
            for uri in all {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status.code < 500, "\(uri)")
                    if response.status == .ok {
                        #expect((try? json(response.body)) is [Any], "\(uri)")
                    } else {
                        #expect(errorCode(response) != nil, "\(uri)")
                    }
                }
            }
        }
    }
}

@Suite("HTTP server against its openapi.yaml")
struct OpenAPITests {
    /// Each documented path with its methods, read from the served description.
    static func documentedOperations(_ yaml: String) -> [(path: String, methods: [String])] {
        var operations: [(String, [String])] = []
        var inPaths = false
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            if inPaths, !line.hasPrefix(" "), !line.isEmpty { break }
            if inPaths, line.hasPrefix("  /"), line.hasSuffix(":") {
                operations.append((String(line.dropFirst(2).dropLast()), [])); continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if inPaths, line.hasPrefix("    "), !line.hasPrefix("     "),
                ["get:", "post:", "patch:", "delete:"].contains(trimmed),
                !operations.isEmpty
            {
                operations[operations.count - 1].1.append(String(trimmed.dropLast()).uppercased())
            }
        }
        return operations
    }

    @Test(
        "every documented operation is served: reads answer 2xx, writes without a token 401, none is an unknown route")
    func everyOperation() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        try await f.application().test(.router) { client in
            let yaml = try await client.execute(uri: "/api/openapi.yaml", method: .get) { String(buffer: $0.body) }
            let operations = Self.documentedOperations(yaml)
            #expect(operations.count == 19)
            for (path, methods) in operations {
                var uri = path.replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(
                    of: "{source}", with: "en"
                )
                .replacingOccurrences(of: "{target}", with: "ja").replacingOccurrences(of: "{text}", with: "summit")
                if uri.hasSuffix("lookup") || uri.hasSuffix("concordance") { uri += "?q=summit" }
                for method in methods {
                    try await client.execute(
                        uri: uri,
                        method: method == "GET"
                            ? .get : method == "PATCH" ? .patch : method == "DELETE" ? .delete : .post,
                        body: ByteBuffer(string: "x")
                    ) { response in
                        if method == "GET" {
                            #expect((200..<300).contains(response.status.code), "\(method) \(uri): \(response.status)")
                        } else {
                            #expect(response.status == .unauthorized, "\(method) \(uri): \(response.status)")
                        }
                    }
                }
            }
        }
    }
}
