import ArgumentParser
import Foundation
import KakehashiAlign
import KakehashiMemory

/// The `--memory PATH` option shared by the memory commands.
struct MemoryOption: ParsableArguments {
    @Option(name: .customLong("memory"), help: "The translation memory file (SQLite).")
    var path: String = TranslationMemory.defaultPath

    /// Opens the memory; `mustExist` for commands that only read it (they never create an empty
    /// file). A file this user cannot write is opened read-only and still answers.
    func open(mustExist: Bool = false) throws -> TranslationMemory {
        if mustExist && !FileManager.default.fileExists(atPath: path) {
            throw fail("\(path): no such memory (create one with 'kakehashi import' or 'kakehashi ingest')", code: ExitStatus.noInput)
        }
        do { return try TranslationMemory(path: path) } catch let e as MemoryError {
            throw fail(e.description, code: e.kind == .newerSchema || e.kind == .notAMemory ? ExitStatus.dataError : ExitStatus.ioError)
        }
    }
}

/// `kakehashi import`: TMX files into the memory, one transaction per file.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import TMX files into the memory (one transaction per file; duplicates are not added twice).")

    @OptionGroup var memory: MemoryOption

    @Argument(help: "TMX files.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one TMX file") }
    }

    func run() throws {
        for f in files where !FileManager.default.fileExists(atPath: f) {
            throw fail("\(f): no such file", code: ExitStatus.noInput)
        }
        let tm = try memory.open()
        var failed = false
        var total = AddResult()
        for f in files {
            do {
                let r = try tm.importTMX(path: f)
                total += r
                printError("\(f): \(r.summary)")
            } catch let e as XMLInputError {
                printError("\(e.description) — nothing from this file was imported")
                failed = true
            } catch let e as MemoryError {
                printError("\(f): \(e.description) — nothing from this file was imported")
                failed = true
            }
        }
        if files.count > 1 { printError("total: \(total.summary)") }
        if failed { throw ExitCode(ExitStatus.dataError) }
    }
}

/// `kakehashi export`: the memory as TMX 1.4b.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the memory as TMX 1.4b (stdout without -o).")

    @OptionGroup var memory: MemoryOption

    @Option(name: .shortAndLong, help: "Output file.")
    var output: String?

    @Option(help: "Only units with at least this alignment confidence (0–1).")
    var minConfidence: Double?

    @Option(help: "Only these languages, e.g. en,ja.")
    var langs: String?

    @Option(help: "Only units changed since this date (YYYY-MM-DD or YYYYMMDDThhmmssZ).")
    var since: String?

    func run() throws {
        let tm = try memory.open(mustExist: true)
        var filter = ExportFilter(minimumConfidence: minConfidence)
        if let langs { filter.languages = langs.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        if let since {
            guard let date = TMXDate.parse(since) else { throw fail("--since \(since): not a date", code: ExitStatus.usage) }
            filter.since = date
        }
        let source = filter.languages?.first ?? "en"
        if let output {
            let temporary = output + ".partial"
            guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
                throw fail("\(output): cannot write", code: ExitStatus.ioError)
            }
            do {
                let n = try tm.exportTMX(to: handle, filter: filter, sourceLanguage: source)
                try handle.close()
                _ = try? FileManager.default.removeItem(atPath: output)
                try FileManager.default.moveItem(atPath: temporary, toPath: output)
                printError("\(output): \(n) units")
            } catch {
                try? handle.close()
                try? FileManager.default.removeItem(atPath: temporary)
                throw fail("\(output): export failed: \(error)", code: ExitStatus.ioError)
            }
        } else {
            do { _ = try tm.exportTMX(to: FileHandle.standardOutput, filter: filter, sourceLanguage: source) } catch {
                throw fail("export failed: \(error)", code: ExitStatus.ioError)
            }
        }
    }
}

/// `kakehashi lookup`: exact, fuzzy and concordance matches in both directions.
struct LookupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Look a phrase up: exact, fuzzy (with a match %) and concordance matches, English↔Japanese.",
        discussion: """
            Fuzzy %: 100·(max−d)/max with d the Levenshtein distance in words (English) or characters \
            (Japanese), numbers by value, minus 3 points for unapproved aligned units and up to 10 for low \
            alignment confidence. Bands: 100 / 95–99 / 85–94 / 75–84 / <75. json: {"query","matches":[{"score",\
            "kind","source","target","source_lang","target_lang","confidence","provenance","phrases"}]}; phrases: \
            the query's words and the counterpart phrase the lexicon links them to, {"query","target","range"} \
            (UTF-8 byte range in target), shown in brackets in text.
            """)

    enum Direction: String, ExpressibleByArgument, CaseIterable { case en, ja }
    enum Mode: String, ExpressibleByArgument, CaseIterable { case exact, fuzzy, concordance, all }
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The phrase to look up.")
    var query: String

    @OptionGroup var memory: MemoryOption

    @Option(help: "Language of the query (default: from its scripts).")
    var from: Direction?

    @Option(help: "Which matches.")
    var mode: Mode = .all

    @Option(help: "Minimum fuzzy score.")
    var minScore: Int = 70

    @Option(help: "Maximum matches of each kind.")
    var limit: Int = 5

    @Option(help: "Output format.")
    var format: Format = .text

    @OptionGroup var lexicon: LexiconOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if !(0...100).contains(minScore) { throw ValidationError("--min-score must be 0–100") }
    }

    func run() throws {
        let tm = try memory.open(mustExist: true)
        let options = LookupOptions(from: from?.rawValue, mode: LookupMode(rawValue: mode.rawValue) ?? .all,
                                    minimumScore: minScore, limit: limit)
        let matches: [LookupMatch]
        do { matches = try tm.lookup(query, options: options) } catch {
            throw fail("lookup failed: \(error)", code: ExitStatus.ioError)
        }
        // The counterpart phrases of the query's words, through the lexicon.
        var phrases: [[LinkedPhrase]] = []
        if !matches.isEmpty {
            let linker = PhraseLinker(lexicon: try lexicon.loadIfBuilt())
            phrases = try matches.map { try linker.link(query: query, queryLanguage: $0.sourceLanguage, target: $0.target) }
        }
        let out = OutputBuffer()
        switch format {
        case .json: out.line(Self.json(query, matches, phrases))
        case .text: Self.text(query, matches, phrases, out)
        }
        out.flush()
    }

    /// `text` with each range in brackets.
    static func mark(_ text: String, _ ranges: [Range<Int>]) -> String {
        let u = Array(text.utf8)
        var out: [UInt8] = []
        var at = 0
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where r.lowerBound >= at && r.upperBound <= u.count {
            out += u[at..<r.lowerBound] + Array("[".utf8) + u[r] + Array("]".utf8)
            at = r.upperBound
        }
        out += u[at...]
        return String(decoding: out, as: UTF8.self)
    }

    static func json(_ query: String, _ matches: [LookupMatch], _ phrases: [[LinkedPhrase]]) -> String {
        let items = matches.enumerated().map { index, m -> String in
            var provenance: [(String, String)] = [("status", JSON.string(m.status.rawValue))]
            if let method = m.method { provenance.append(("method", JSON.string(method))) }
            provenance.append(("sources", JSON.array(m.provenance.map { p in
                var f: [(String, String)] = [("file", JSON.string(p.sourceFile))]
                if let d = p.document { f.append(("document", JSON.string(d))) }
                if let s = p.sentences { f.append(("sentences", JSON.string(s))) }
                if let u = p.url { f.append(("url", JSON.string(u))) }
                return JSON.object(f)
            })))
            var fields: [(String, String)] = [
                ("score", String(m.score)), ("kind", JSON.string(m.kind.rawValue)), ("source", JSON.string(m.source)),
                ("target", JSON.string(m.target)), ("source_lang", JSON.string(m.sourceLanguage)),
                ("target_lang", JSON.string(m.targetLanguage)),
                ("confidence", m.confidence.map { String(format: "%.3f", $0) } ?? "null"),
                ("provenance", JSON.object(provenance)),
            ]
            if !m.differences.isEmpty {
                fields.append(("differences", JSON.array(m.differences.map {
                    JSON.object([("query", JSON.string($0.query)), ("match", JSON.string($0.match))])
                })))
            }
            if let h = m.highlight { fields.append(("highlight", JSON.array([String(h.lowerBound), String(h.upperBound)]))) }
            let linked = index < phrases.count ? phrases[index] : []
            fields.append(("phrases", JSON.array(linked.map {
                JSON.object([("query", JSON.string($0.query)), ("target", JSON.string($0.target)),
                             ("range", JSON.array([String($0.range.lowerBound), String($0.range.upperBound)]))])
            })))
            return JSON.object(fields)
        }
        return JSON.object([("query", JSON.string(query)), ("matches", JSON.array(items))])
    }

    static func text(_ query: String, _ matches: [LookupMatch], _ phrases: [[LinkedPhrase]], _ out: OutputBuffer) {
        if matches.isEmpty { out.line("no match for \"\(query)\""); return }
        for (index, m) in matches.enumerated() {
            let linked = index < phrases.count ? phrases[index] : []
            let band = m.kind == .fuzzy ? " [\(ScoreBand(score: m.score).rawValue)]" : ""
            let score = m.kind == .concordance ? "" : " \(m.score)%"
            out.line("\(m.kind.rawValue)\(score)\(band)  \(m.sourceLanguage)→\(m.targetLanguage)"
                     + (m.confidence.map { String(format: "  confidence %.2f", $0) } ?? "") + "  (\(m.status.rawValue))")
            out.line("  \(m.sourceLanguage): \(mark(m.source, m.highlight.map { [$0] } ?? []))")
            out.line("  \(m.targetLanguage): \(mark(m.target, linked.map(\.range)))")
            if !linked.isEmpty { out.line("  phrases: " + linked.map { "\($0.query) ↔ \($0.target)" }.joined(separator: ", ")) }
            if !m.differences.isEmpty {
                out.line("  differs: " + m.differences.map { d in
                    d.query.isEmpty ? "{+\(d.match)+}" : d.match.isEmpty ? "[-\(d.query)-]" : "[-\(d.query)-]{+\(d.match)+}"
                }.joined(separator: " "))
            }
            if let p = m.provenance.first {
                out.line("  from: \(p.sourceFile)" + (p.document.map { " \($0)" } ?? "") + (m.provenance.count > 1 ? " (+\(m.provenance.count - 1) more)" : ""))
            }
        }
    }
}

/// `kakehashi stats`: what the memory holds.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Counts of units, languages and sources in the memory.")

    @OptionGroup var memory: MemoryOption

    @Flag(help: "Also run SQLite's integrity check (exit 65 if the file is damaged).")
    var check = false

    func run() throws {
        let tm = try memory.open(mustExist: true)
        let s = try tm.statistics()
        if check {
            let result = try tm.integrityCheck()
            print("integrity: " + result.joined(separator: "; "))
            if result != ["ok"] { throw ExitCode(ExitStatus.dataError) }
        }
        let writable = FileManager.default.isWritableFile(atPath: tm.path)
        print("memory: \(tm.path) (\(s.fileBytes) bytes)\(writable ? "" : " [read-only file]")")
        print("units: \(s.units)   variants: \(s.variants)   source files: \(s.sources)")
        print("by status: " + s.byStatus.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        print("by language: " + s.byLanguage.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
}
