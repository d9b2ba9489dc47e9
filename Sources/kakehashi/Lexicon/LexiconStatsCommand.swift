import ArgumentParser
import Foundation
import KakehashiLexicon
import KakehashiText

/// `kakehashi lexicon stats`.
struct LexiconStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Entries per table, sources and build date.")

    @OptionGroup var lexicon: LexiconOptions

    func run() throws {
        let start = Date()
        let loaded = try lexicon.load()
        let seconds = Date().timeIntervalSince(start)
        let stats = loaded.statistics
        print(
            "file\t\(loaded.path ?? "(none: glossary only)")\t\(String(format: "%.1f MB", Double(stats.bytes) / 1e6))")
        print(String(format: "load\t%.3f s", seconds))
        for (table, count) in stats.tables { print("\(table)\t\(count)") }
        for (key, value) in stats.meta { print("\(key)\t\(value)") }
    }
}
