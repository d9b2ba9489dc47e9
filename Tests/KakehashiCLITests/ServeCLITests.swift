import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import KakehashiTestSupport
import Testing

/// `kakehashi serve` as a process, against a real amaGama server: Translate Toolkit's tmserver
/// (Debian's python3-translate and python3-cheroot, which `.ci/setup --tests` installs).
@Suite("kakehashi serve")
struct ServeCLITests {
    static let python = "/usr/bin/python3"
    static var hasTmserver: Bool {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import translate.services.tmserver"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        #expect(CLI.waitForExit(process))
        return process.terminationStatus == 0
    }

    /// Runs a script of `Peers/` with `python`; its exit status and standard output.
    static func runPeer(
        _ python: String, _ script: String, _ arguments: [String]
    ) throws -> (status: Int32, report: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments =
            [CLI.repository.appendingPathComponent("Tests/KakehashiCLITests/Peers/\(script)").path] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let report = out.fileHandleForReading.readDataToEndOfFile()
        #expect(CLI.waitForExit(process))
        return (process.terminationStatus, report)
    }

    /// The body of a GET, or nil when the request fails.
    static func get(_ url: String) -> String? {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var body: String?
        URLSession.shared.dataTask(with: URL(string: url)!) { data, response, _ in
            if let data, (response as? HTTPURLResponse)?.statusCode == 200 {
                body = String(decoding: data, as: UTF8.self)
            }
            done.signal()
        }.resume()
        done.wait()
        return body
    }

    @Test(
        "amaGama answers match Translate Toolkit's tmserver on the same memory and the same URLs",
        .enabled(if: hasTmserver))
    func amagamaPeer() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kakehashi-peer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, report) = try Self.runPeer(Self.python, "amagama_peer.py", [CLI.executable.path, folder.path])
        #expect(status == 0, "\(String(decoding: report, as: UTF8.self))")
        let json = try JSONSerialization.jsonObject(with: report) as? [String: Any]
        #expect((json?["queries"] as? [Any])?.count == 7)
        #expect((json?["disagreements"] as? [Any])?.isEmpty == true)
    }

    /// The Python with Selenium that `.ci/setup --tests` makes, and Debian's chromium.
    static let seleniumPython = CLI.repository.appendingPathComponent(".build/selenium-venv/bin/python").path
    static var hasBrowser: Bool {
        FileManager.default.isExecutableFile(atPath: seleniumPython)
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
    }

    @Test(
        "the concordance page in headless chromium: marked query and counterpart, provenance, hostile memory text shown as text",
        .enabled(if: hasBrowser))
    func concordancePage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kakehashi-page-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, report) = try Self.runPeer(
            Self.seleniumPython, "concordance_page.py",
            [
                CLI.executable.path, CLI.repository.path, folder.path,
                folder.appendingPathComponent("concordance.png").path,
            ])
        #expect(status == 0, "\(String(decoding: report, as: UTF8.self))")
        let json = try JSONSerialization.jsonObject(with: report) as? [String: Any]
        #expect((json?["checks"] as? [Any])?.count == 13)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("concordance.png").path))
    }

    @Test(
        "the review page in headless chromium: sign in, approve two and reject one with the keyboard, edit in place and undo, context, history, the concordance follows",
        .enabled(if: hasBrowser))
    func reviewPage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kakehashi-review-page-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, report) = try Self.runPeer(
            Self.seleniumPython, "review_page.py",
            [
                CLI.executable.path, CLI.repository.path, folder.path,
                folder.appendingPathComponent("review.png").path,
            ])
        #expect(status == 0, "\(String(decoding: report, as: UTF8.self))")
        let json = try JSONSerialization.jsonObject(with: report) as? [String: Any]
        #expect((json?["checks"] as? [Any])?.count == 23)
        #expect((json?["failures"] as? [Any])?.isEmpty == true)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("review.png").path))
    }

    @Test(
        "serve stops on SIGTERM after answering, refuses a token file it cannot use or that others can read, and logs routes, not texts"
    )
    func lifecycle() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kakehashi-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let token = folder.appendingPathComponent("token")
        let memory = folder.appendingPathComponent("tm.sqlite").path
        // Readable by others: refused as ssh refuses such a key, whatever it holds.
        try "a-token-long-enough-to-use\n".write(to: token, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: token.path)
        let exposed = try CLI.run(["serve", "--memory", memory, "--lexicon", "none", "--token-file", token.path])
        #expect(exposed.status == 77)
        #expect(exposed.stderr.contains("other users can read") && exposed.stderr.contains("chmod 600"))
        // Private but too short.
        try "short\n".write(to: token, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: token.path)
        let refused = try CLI.run(["serve", "--memory", memory, "--lexicon", "none", "--token-file", token.path])
        #expect(refused.status == 66)
        #expect(refused.stderr.contains("token"))

        let port = 20000 + Int.random(in: 0..<20000)
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["serve", "--memory", memory, "--lexicon", "none", "--port", String(port)]
        process.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        try process.run()
        var healthy = false
        for _ in 0..<100 where !healthy {
            Thread.sleep(forTimeInterval: 0.1)
            healthy = Self.get("http://127.0.0.1:\(port)/healthz") == #"{"status":"ok"}"#
        }
        #expect(healthy)
        #expect(Self.get("http://127.0.0.1:\(port)/tmserver/en/ja/unit/confidential%20draft%20text") == "[]")
        process.terminate()
        #expect(CLI.waitForExit(process))
        #expect(process.terminationStatus == 0)
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("route=/healthz") && log.contains("status=200"))
        #expect(log.contains("unit/**"))
        #expect(!log.contains("confidential"))
    }

    @Test("past --max-connections the server stops accepting until a connection closes")
    func connectionCap() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kakehashi-cap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = 20000 + Int.random(in: 0..<20000)
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = [
            "serve", "--memory", folder.appendingPathComponent("tm.sqlite").path, "--lexicon", "none", "--port",
            String(port), "--max-connections", "1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            _ = CLI.waitForExit(process)
        }
        // One connection, kept open, fills the cap.
        var held: RawConnection?
        for _ in 0..<100 where held == nil {
            try await Task.sleep(for: .milliseconds(100))
            if let c = try? RawConnection(port: port) {
                c.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
                if await c.receive(within: 2).text.hasPrefix("HTTP/1.1 200") { held = c }
            }
        }
        let first = try #require(held)
        let second = try RawConnection(port: port)  // left in the kernel's queue
        second.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        #expect(await second.receive(within: 1).text.isEmpty)
        first.disconnect()  // frees the place
        #expect(await second.receive(within: 5).text.hasPrefix("HTTP/1.1 200"))
    }
}
