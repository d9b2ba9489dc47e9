import Foundation
import KakehashiPipeline
import KakehashiText
import Testing

@Suite("Input files and article reading")
struct InputTests {
    /// A folder with `files` (relative path → contents).
    func folder(_ files: [String: [UInt8]]) throws -> URL {
        let root = try temporaryFolder()
        for (path, bytes) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        return root
    }

    @Test("a folder expands to its files in name order, recursively, hidden ones skipped, each file once")
    func expand() throws {
        let root = try folder([
            "b.txt": [0x61], "a/2.html": [0x61], "a/1.txt": [0x61], ".git/x": [0x61], "a/.hidden.txt": [0x61],
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let files = try InputFiles.expand([root.path, root.appendingPathComponent("b.txt").path])
        #expect(files.map { String($0.dropFirst(root.path.count + 1)) } == ["a/1.txt", "a/2.html", "b.txt"])
    }

    @Test("a missing path or a folder given as a file is a noInput error naming it")
    func missing() throws {
        #expect(throws: PipelineError(.noInput, "/no/such/place: no such file or folder")) {
            try InputFiles.expand(["/no/such/place"])
        }
        let root = try folder(["x.txt": [0x61]])
        defer { try? FileManager.default.removeItem(at: root) }
        do {
            _ = try InputFiles.bytes(of: root.path)
            Issue.record("a folder was read as a file")
        } catch let error as PipelineError {
            #expect(
                error.kind == .noInput && error.message.contains(root.path) && error.message.contains("is a folder"))
        }
    }

    @Test(
        "text in Shift_JIS and EUC-JP decodes to the same text; a forced unknown encoding is a usage error; binary junk is bad data"
    )
    func decoding() throws {
        let text = "高市早苗首相は慶州で会談した。"
        let shiftJIS = [UInt8](try #require(text.data(using: .shiftJIS)))
        // The same sentence in EUC-JP (Foundation on Linux cannot encode it).
        let eucJP: [UInt8] = [
            0xB9, 0xE2, 0xBB, 0xD4, 0xC1, 0xE1, 0xC9, 0xC4, 0xBC, 0xF3, 0xC1, 0xEA, 0xA4, 0xCF, 0xB7, 0xC4,
            0xBD, 0xA3, 0xA4, 0xC7, 0xB2, 0xF1, 0xC3, 0xCC, 0xA4, 0xB7, 0xA4, 0xBF, 0xA1, 0xA3,
        ]
        for bytes in [shiftJIS, eucJP] {
            #expect(try InputFiles.decode(bytes, name: "a.txt", encoding: nil).text == text)
        }
        #expect(throws: PipelineError.self) {
            try InputFiles.decode(Array("abc".utf8), name: "a.txt", encoding: "no-such-charset")
        }
        do {
            let junk = try Data(contentsOf: BinaryFixture.url)
            _ = try InputFiles.decode([UInt8](junk), name: "junk.bin", encoding: nil)
            Issue.record("binary junk was decoded as text")
        } catch let error as PipelineError {
            #expect(error.kind == .badData && error.message.contains("junk.bin"), "\(error)")
        }
    }

    @Test("HTML and text inputs read into one article model: an HTML page's main text, a text file's blocks")
    func articles() throws {
        let html = Array(
            """
            <!doctype html><html lang="en"><head><title>Summit | News</title></head><body>
            <nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <article><h1>Leaders meet in Gyeongju</h1>
            <p>Prime Minister Sanae Takaichi met South Korean President Lee Jae-myung in Gyeongju on October 30.</p>
            <p>The two leaders held 41-minute talks on the sidelines of the APEC summit.</p></article>
            <footer>Copyright 2025</footer></body></html>
            """.utf8)
        let text = Array("The two leaders held talks.\n\n両首脳は会談した。\n".utf8)
        let read = try ArticleReading.read([
            CorpusInput(name: "page.html", bytes: html), CorpusInput(name: "mixed.txt", bytes: text),
        ])
        #expect(read.count == 2)
        #expect(read[0].page != nil && read[1].page == nil)
        let pageText = read[0].article.blocks.map(\.text).joined(separator: "\n")
        #expect(pageText.contains("41-minute talks") && !pageText.contains("Home") && !pageText.contains("Copyright"))
        #expect(read[1].article.blocks.map(\.language) == [.en, .ja])
    }
}

/// The binary file the text tests use as junk input.
enum BinaryFixture {
    static let url: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Tests/KakehashiTextTests/Fixtures/binary.bin")
    }()
}
