import Foundation

/// The sample articles in `seeds/` and the fixtures beside the tests.
enum SeedFiles {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Tests/KakehashiTextTests/SeedFiles.swift → repo root
        return url
    }()

    static func text(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("seeds").appendingPathComponent(name), encoding: .utf8)
    }

    static var all: [(name: String, text: String)] {
        let folder = root.appendingPathComponent("seeds")
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".txt") }
            .sorted() ?? []
        return names.map {
            ("seeds/" + $0, (try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) ?? "")
        }
    }

    static func fixture(_ name: String) -> [UInt8] {
        let url =
            Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)
            ?? root.appendingPathComponent("Tests/KakehashiTextTests/Fixtures/" + name)
        return [UInt8]((try? Data(contentsOf: url)) ?? Data())
    }
}
