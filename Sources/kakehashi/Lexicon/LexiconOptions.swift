import ArgumentParser
import Foundation
import KakehashiLexicon
import KakehashiText

/// Where the compiled lexicon lives and which user glossaries to add: shared by every command
/// that uses the lexicon.
struct LexiconOptions: ParsableArguments {
    @Option(
        name: .customLong("lexicon"),
        help:
            "The compiled lexicon file (built from the Debian dictionaries when missing or stale); 'none' for the glossaries alone."
    )
    var path: String = "memory/lexicon.kklex"

    @Option(
        name: .customLong("glossary"),
        help: "A user glossary TSV (Japanese<TAB>English | English<TAB>kind<TAB>source); repeatable.")
    var glossaries: [String] = []

    /// The lexicon, built first when needed (with progress on a terminal); missing dictionaries
    /// are reported once on stderr and the rest works.
    func load() throws -> Lexicon {
        let status = StatusLine()
        do {
            if path == "none" { return try Lexicon(userGlossaries: glossaries) }
            let (lexicon, build) = try Lexicon.loadOrBuild(at: path, userGlossaries: glossaries) {
                status.show("  lexicon: " + $0)
            }
            if let build {
                status.clear()
                for source in build.missing { printError(source.missingMessage) }
                if !build.read.isEmpty {
                    printError(
                        String(
                            format: "built %@ in %.1f s (%.1f MB)", build.path, build.seconds, Double(build.bytes) / 1e6
                        ))
                }
            }
            return lexicon
        } catch let error as GlossaryError {
            throw fail(error.description, code: ExitStatus.dataError)
        } catch let error as DictionaryReadError {
            throw fail(error.description, code: ExitStatus.ioError)
        }
    }

    /// The compiled lexicon when it is there and current, else the glossaries alone: for quick
    /// commands (lookup) that should never start a build.
    func loadIfBuilt() throws -> Lexicon {
        do {
            if path != "none", !Lexicon.needsBuild(at: path),
                let lexicon = try? Lexicon(path: path, userGlossaries: glossaries)
            {
                return lexicon
            }
            return try Lexicon(userGlossaries: glossaries)
        } catch let error as GlossaryError {
            throw fail(error.description, code: ExitStatus.dataError)
        }
    }
}
