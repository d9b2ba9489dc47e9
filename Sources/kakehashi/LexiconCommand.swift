import ArgumentParser
import Foundation
import KakehashiLexicon
import KakehashiText

/// Where the compiled lexicon lives and which user glossaries to add: shared by every command
/// that uses the lexicon.
struct LexiconOptions: ParsableArguments {
    @Option(name: .customLong("lexicon"), help: "The compiled lexicon file (built from the Debian dictionaries when missing or stale); 'none' for the glossaries alone.")
    var path: String = "memory/lexicon.kklex"

    @Option(name: .customLong("glossary"), help: "A user glossary TSV (Japanese<TAB>English | English<TAB>kind<TAB>source); repeatable.")
    var glossaries: [String] = []

    /// The lexicon, built first when needed (with progress on a terminal); missing dictionaries
    /// are reported once on stderr and the rest works.
    func load() throws -> Lexicon {
        let status = StatusLine()
        do {
            if path == "none" { return try Lexicon(userGlossaries: glossaries) }
            let (lexicon, build) = try Lexicon.loadOrBuild(at: path, userGlossaries: glossaries) { status.show("  lexicon: " + $0) }
            if let build {
                status.clear()
                for source in build.missing { printError(source.missingMessage) }
                if !build.read.isEmpty {
                    printError(String(format: "built %@ in %.1f s (%.1f MB)", build.path, build.seconds, Double(build.bytes) / 1e6))
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
            if path != "none", !Lexicon.needsBuild(at: path), let lexicon = try? Lexicon(path: path, userGlossaries: glossaries) {
                return lexicon
            }
            return try Lexicon(userGlossaries: glossaries)
        } catch let error as GlossaryError {
            throw fail(error.description, code: ExitStatus.dataError)
        }
    }
}

/// `kakehashi lexicon build|stats|lookup`.
struct LexiconCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lexicon",
        abstract: "Build, describe and query the bilingual lexicon (EDICT, ENAMDICT, KANJIDIC2, Unihan and the news glossary).",
        subcommands: [Build.self, Stats.self, Lookup.self]
    )

    /// `kakehashi lexicon build`: compile the dictionaries now.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Compile the installed Debian dictionaries into the lexicon file.")

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

    /// `kakehashi lexicon stats`.
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Entries per table, sources and build date.")

        @OptionGroup var lexicon: LexiconOptions

        func run() throws {
            let start = Date()
            let loaded = try lexicon.load()
            let seconds = Date().timeIntervalSince(start)
            let stats = loaded.statistics
            print("file\t\(loaded.path ?? "(none: glossary only)")\t\(String(format: "%.1f MB", Double(stats.bytes) / 1e6))")
            print(String(format: "load\t%.3f s", seconds))
            for (table, count) in stats.tables { print("\(table)\t\(count)") }
            for (key, value) in stats.meta { print("\(key)\t\(value)") }
        }
    }

    /// `kakehashi lexicon lookup WORD`: a Japanese word's senses and names, or an English word's
    /// stem, or a hanja's Korean readings.
    struct Lookup: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show what the lexicon knows about a word (Japanese or English).")

        @OptionGroup var lexicon: LexiconOptions

        @Argument(help: "The word.")
        var word: String

        func run() throws {
            let loaded = try lexicon.load()
            let key = try TextNormalizer.key(word)
            var found = false
            for term in loaded.terms(key) {
                found = true
                let label = term.origin == .glossary ? "glossary" + (term.kind.map { " (\($0.rawValue))" } ?? "") : "edict" + (term.common ? " (P)" : "")
                let senses = term.senses.enumerated().map { "(\($0.offset + 1)) " + $0.element.joined(separator: "; ") }
                print("\(term.headword)\t\(label)\t\(senses.joined(separator: " "))")
            }
            for name in loaded.names(key) {
                found = true
                print("\(name.headword)\tenamdict (\(name.tags.joined(separator: ",")))\t\(name.reading)\t\(name.romaji)")
            }
            if word.count == 1, let hanja = word.first {
                let readings = loaded.hangulReadings(hanja)
                if !readings.isEmpty { found = true; print("\(word)\tkorean\t\(readings.joined(separator: " "))") }
            }
            if word.unicodeScalars.allSatisfy({ $0.isASCII }) {
                // An English or romaji word: its name tags and its stem (always answered).
                let folded = Romaji.fold(word)
                let tags = loaded.romajiNameTags(folded)
                if !tags.isEmpty { print("\(word)\tname part (\(tags))\t\(folded)") }
                let stem = EnglishTerms.stem(word)
                if !stem.isEmpty { print("\(word)\tenglish stem\t\(stem)") }
                found = true
            }
            if !found { throw fail("\(word): not in the lexicon", code: 1) }
        }
    }
}
