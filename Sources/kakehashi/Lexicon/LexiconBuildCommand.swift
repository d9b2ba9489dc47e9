import ArgumentParser
import Foundation
import KakehashiLexicon
import KakehashiText

/// `kakehashi lexicon build`: compile the dictionaries now.
struct LexiconBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Compile the installed Debian dictionaries into the lexicon file.")

    @OptionGroup var lexicon: LexiconOptions

    @Flag(help: "Rebuild even when the file is up to date.")
    var force = false

    func run() throws {
        if !force && !Lexicon.needsBuild(at: lexicon.path) {
            print("\(lexicon.path) is up to date (use --force to rebuild)")
            return
        }
        let sources = DictionarySource.debian
        for source in sources where !source.exists { printError(source.missingMessage) }
        guard sources.contains(where: \.exists) else {
            throw fail("no dictionary installed: only the built-in glossary is available", code: ExitStatus.noInput)
        }
        let status = StatusLine()
        let report: LexiconBuildReport
        do {
            report = try LexiconBuilder.build(sources: sources, to: lexicon.path) { status.show($0) }
        } catch let error as DictionaryReadError {
            throw fail(error.description, code: ExitStatus.ioError)
        }
        status.clear()
        print(String(format: "%@: %.1f MB, built in %.1f s", report.path, Double(report.bytes) / 1e6, report.seconds))
        for (table, count) in report.tableCounts.sorted(by: { $0.key < $1.key }) { print("  \(table)\t\(count)") }
    }
}
