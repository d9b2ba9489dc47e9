import ArgumentParser
import Foundation
import KakehashiMemory
import KakehashiPipeline

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
        let answer = try pipeline { try PhraseLookup(memory: tm, lexicon: try lexicon.loadIfBuilt()).lookup(query, options: options) }
        let out = OutputBuffer()
        switch format {
        case .json: out.line(answer.json)
        case .text: Self.text(answer, out)
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

    static func text(_ answer: LookupAnswer, _ out: OutputBuffer) {
        if answer.matches.isEmpty { out.line("no match for \"\(answer.query)\""); return }
        for (m, linked) in zip(answer.matches, answer.phrases) {
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
