import ArgumentParser
import Foundation
import KakehashiMemory
import KakehashiPipeline

/// `kakehashi lookup`: exact, fuzzy and concordance matches in both directions.
struct LookupCommand: AsyncParsableCommand {
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

    @Option(
        help: ArgumentHelp(
            "Relations offered, comma-separated: translation, partial, related or all.",
            discussion:
                "By default exact and fuzzy matches offer translations only and concordance shows every relation."))
    var relation: String?

    @Option(
        help: ArgumentHelp(
            "Penalties in points, comma-separated name=points (approved, imported, aligned, confidence, translation, partial, related).",
            discussion: "Default: aligned=3,confidence=10,partial=15,related=30, the others 0."))
    var penalties: String?

    @OptionGroup var lexicon: LexiconOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if !(0...100).contains(minScore) { throw ValidationError("--min-score must be 0–100") }
        if let penalties {
            do { _ = try MatchPenalties(parsing: penalties) } catch { throw ValidationError("--penalties: \(error)") }
        }
        if let relation, UnitRelation.set(parsing: relation) == nil {
            throw ValidationError(
                "--relation \(relation): expected translation, partial, related or all, comma-separated")
        }
    }

    func run() async throws {
        var options = LookupOptions(
            from: from?.rawValue, mode: LookupMode(rawValue: mode.rawValue) ?? .all,
            minimumScore: minScore, limit: limit, relations: relation.flatMap(UnitRelation.set(parsing:)))
        if let penalties { options.penalties = try MatchPenalties(parsing: penalties) }
        let loaded = try lexicon.loadIfBuilt()
        let answer = try await memory.with(mustExist: true) { tm in
            try await PhraseLookup(memory: tm, lexicon: loaded).lookup(query, options: options)
        }
        let out = OutputBuffer()
        switch format {
        case .json: out.line(answer.json)
        case .text: for line in answer.textLines { out.line(line) }
        }
        out.flush()
    }
}
