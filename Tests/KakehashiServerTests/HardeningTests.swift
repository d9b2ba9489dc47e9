import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KakehashiLexicon
import KakehashiMemory
import KakehashiSQLite
import KakehashiPipeline
import Logging
import KakehashiTestSupport
import Testing
@testable import KakehashiServer

@Suite("HTTP server under hostile traffic", .serialized)
struct HardeningTests {
    static let logger = Logger(label: "test")

    @Test("a concordance page deeper than the cap is a clear 400; pages within it answer")
    func deepPages() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        try await f.application(ServerOptions(maximumConcordanceDepth: 100)).test(.router) { client in
            try await client.execute(uri: "/api/v1/concordance?q=the&limit=100&page=1000", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(errorCode(response) == "too_deep")
                #expect(String(buffer: response.body).contains("result 100"))
            }
            try await client.execute(uri: "/api/v1/concordance?q=October&limit=50&page=2", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/concordance?q=October&limit=50&page=3", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test("a lookup past its budget answers what it has, marked truncated; amaGama answers a plain list")
    func budget() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        // A spent budget: no stage after the exact one starts (and on a loaded machine even the
        // exact one may be stopped); the answer says so, and amaGama still gets a plain list.
        let options = ServerOptions(lookupBudget: .zero)
        try await f.application(options).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/lookup?q=The%20ferry%20service%20resumed%20on%20Monday.", method: .get
            ) { response in
                let body = try json(response.body) as? [String: Any]
                #expect(response.status == .ok)
                #expect(body?["truncated"] as? Bool == true)
                let matches = body?["matches"] as? [[String: Any]] ?? []
                #expect(matches.allSatisfy { $0["kind"] as? String == "exact" })
            }
            try await client.execute(
                uri: "/tmserver/en/ja/unit/The%20ferry%20service%20resumed%20on%20Monday.", method: .get
            ) { response in
                #expect(response.status == .ok)
                let list = try json(response.body) as? [[String: Any]]
                #expect(list != nil)
                #expect(list?.allSatisfy { $0["target"] as? String == "フェリーの運航は月曜日に再開した。" } == true)
            }
        }
        // With time to spare, nothing is marked.
        try await f.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/lookup?q=ferry%20service%20resumed", method: .get) { response in
                #expect(!String(buffer: response.body).contains("truncated"))
            }
        }
    }

    @Test("an overloaded server turns requests away at once: 503 with Retry-After for the API, [] for amaGama")
    func overload() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let server = MemoryServer(
            memory: f.memory, lexicon: f.lexicon,
            options: ServerOptions(concurrentRequests: 1, waitingRequests: 0, waitLimit: .milliseconds(50)))
        let application = Application(router: server.router())
        // The only turn is held while the requests arrive.
        let release = AsyncStream<Void>.makeStream()
        let holding = Task { _ = try await server.admitted { for await _ in release.stream { break } } }
        while server.gate.load.working == 0 { try await Task.sleep(for: .milliseconds(5)) }
        try await application.test(.router) { client in
            try await client.execute(uri: "/api/v1/lookup?q=ferry", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
                #expect(errorCode(response) == "busy")
            }
            try await client.execute(uri: "/tmserver/en/ja/unit/ferry", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "[]")
            }
        }
        release.continuation.yield()
        _ = try await holding.value
        #expect(server.gate.load.working == 0)
    }

    @Test("a waiting request is admitted when a turn frees up, and gives up after its wait limit")
    func queueDeadline() async throws {
        let gate = RequestGate(capacity: 1, queueLength: 4, patience: .milliseconds(300))
        let release = AsyncStream<Void>.makeStream()
        let holder = Task { await gate.run { for await _ in release.stream { break } } }
        while gate.load.working == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let waiter = Task { await gate.run { 42 } }
        while gate.load.waiting == 0 { try await Task.sleep(for: .milliseconds(5)) }
        release.continuation.yield()
        #expect(await waiter.value == 42)
        _ = await holder.value
        // Nobody frees the turn: the waiter is turned away when its patience runs out.
        let release2 = AsyncStream<Void>.makeStream()
        let holder2 = Task { await gate.run { for await _ in release2.stream { break } } }
        while gate.load.working == 0 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(await gate.run { 1 } == nil)
        #expect(gate.load.waiting == 0)
        release2.continuation.yield()
        _ = await holder2.value
    }

    @Test("Host names other than the server's own get 421; the loopback names and --allowed-host pass")
    func hostCheck() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let server = MemoryServer(
            memory: f.memory, lexicon: f.lexicon, options: ServerOptions(allowedHosts: ["tm.example.org"]))
        try await server.application(logger: Self.logger).test(.live) { client in
            let port = try #require(client.port)
            for (host, expected) in [
                ("localhost:\(port)", "200"), ("127.0.0.1", "200"), ("[::1]:\(port)", "200"),
                ("TM.example.org", "200"), ("attacker.example:\(port)", "421"), ("localhost.attacker.example", "421"),
            ] {
                let connection = try RawConnection(port: port)
                connection.send("GET /api/v1/stats HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
                let answer = await connection.receive(within: 5).text
                #expect(answer.hasPrefix("HTTP/1.1 \(expected)"), "\(host): \(answer.prefix(60))")
                if expected == "421" { #expect(answer.contains("unknown_host") && answer.contains("--allowed-host")) }
            }
        }
        #expect(ServerOptions(host: "0.0.0.0").acceptedHosts.isEmpty)
        #expect(ServerOptions(host: "tm.example.org").acceptedHosts == ["tm.example.org"])
    }

    @Test("a connection that sends part of its head is closed at the header timeout; whole requests are answered")
    func headerTimeout() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let server = MemoryServer(
            memory: f.memory, lexicon: f.lexicon, options: ServerOptions(headerTimeout: .seconds(1)))
        try await server.application(logger: Self.logger).test(.live) { client in
            let port = try #require(client.port)
            let slow = try RawConnection(port: port)
            slow.send("GET /api/v1/stats HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            for _ in 0..<4 {
                slow.send("a")
                try await Task.sleep(for: .milliseconds(100))
            }
            let cut = await slow.receive(within: 5)
            #expect(cut.closed)
            #expect(cut.text.isEmpty)
            // Kept alive after a response, a silent connection is closed too.
            let idle = try RawConnection(port: port)
            idle.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let answered = await idle.receive(within: 8)
            #expect(answered.text.hasPrefix("HTTP/1.1 200"))
            #expect(answered.closed)
        }
    }

    @Test("a 500 answers a request id, never the error; the id is in the log with the details")
    func internalErrors() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: JSONErrorMiddleware())
        router.get("/fail") { _, _ -> Response in
            throw PipelineError(.io, "could not read relation \"unit\": password authentication failed for user secret")
        }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/fail", method: .get) { response in
                #expect(response.status == .internalServerError)
                let text = String(buffer: response.body)
                #expect(!text.contains("secret") && !text.contains("password"))
                #expect(text.contains("request id"))
            }
        }
    }

    @Test("/memory.tmx: HEAD answers the headers; clients share one file per revision in a private folder")
    func sharedExport() async throws {
        let f = try await Fixture()
        defer { f.remove() }
        let server = MemoryServer(memory: f.memory, lexicon: f.lexicon, options: ServerOptions(token: Fixture.token))
        let application = Application(router: server.router())
        try await application.test(.router) { client in
            let length = try await client.execute(uri: "/memory.tmx", method: .head) { response -> String? in
                #expect(response.status == .ok && response.body.readableBytes == 0)
                #expect(response.headers[.eTag] != nil)
                return response.headers[.contentLength]
            }
            let bodies = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await client.execute(uri: "/memory.tmx", method: .get) { $0.body.readableBytes }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(bodies).count == 1 && String(bodies[0]) == length)
            let folder = try server.scratch.path()
            let attributes = try FileManager.default.attributesOfItem(atPath: folder)
            #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o077 } == 0)
            var files = try FileManager.default.contentsOfDirectory(atPath: folder)
            #expect(files.count == 1)
            let file = try FileManager.default.attributesOfItem(atPath: folder + "/" + files[0])
            #expect((file[.posixPermissions] as? Int) == 0o600)
            // A new revision replaces the file; an upload leaves nothing behind.
            try await client.execute(
                uri: "/api/v1/import", method: .post, headers: [.authorization: "Bearer \(Fixture.token)"],
                body: ByteBuffer(string: Fixture.tmx.replacingOccurrences(of: "Monday", with: "Friday"))
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/memory.tmx", method: .get) { #expect($0.status == .ok) }
            files = try FileManager.default.contentsOfDirectory(atPath: folder)
            #expect(files.count == 1)
        }
    }

    @Test("multipart bodies: more parts than the cap are refused; a hostile boundary splits in linear time")
    func multipart() throws {
        var body = ""
        for k in 0...MultipartForm.maximumParts {
            body += "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\(k).txt\"\r\n\r\nx\r\n"
        }
        body += "--b--\r\n"
        let bytes = Array(body.utf8)
        #expect(throws: APIError.self) { try bytes.withUnsafeBytes { try MultipartForm.files($0, boundary: "b") } }
        // Two files survive a boundary made to look like the content, near-misses and all.
        let boundary = String(repeating: "a", count: 70)
        let nearMiss = String(repeating: "\r\n--" + String(repeating: "a", count: 69) + "b", count: 20_000)
        let hostile =
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"f\"; filename=\"one.txt\"\r\n\r\n\(nearMiss)\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"f\"; filename=\"two.txt\"\r\n\r\ntwo\r\n--\(boundary)--\r\n"
        let files = try Array(hostile.utf8).withUnsafeBytes { try MultipartForm.files($0, boundary: boundary) }
        #expect(files.map(\.name) == ["one.txt", "two.txt"])
        #expect(files[0].bytes.count == nearMiss.utf8.count && String(decoding: files[1].bytes, as: UTF8.self) == "two")
        #expect(MultipartForm.boundary("multipart/form-data; boundary=\"a\r\nb\"") == nil)
    }
}
