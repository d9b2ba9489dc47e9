import ArgumentParser
import KakehashiLexicon
import KakehashiPipeline

/// `kakehashi anchors`: the anchors of a Japanese and an English sentence, and which match.
struct AnchorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anchors",
        abstract: "Show the cross-lingual anchors of a Japanese and an English sentence, paired by kind.",
        discussion: """
            Kinds: name, date (dates, weekdays, times of day), number (counts, durations, amounts, \
            ordinals, anniversaries), term, acronym. JSON: {"pairs":[{"kind","ja","en","weight"}], \
            "ja_only":[…], "en_only":[…]}.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "The Japanese sentence.")
    var ja: String

    @Option(help: "The English sentence.")
    var en: String

    @Option(help: "Output format.")
    var format: Format = .text

    @OptionGroup var lexicon: LexiconOptions

    func run() throws {
        let match = try AnchorMatcher(lexicon: try lexicon.load()).match(ja: ja, en: en)
        let out = OutputBuffer()
        switch format {
        case .json:
            func anchor(_ a: Anchor) -> String {
                JSON.object([
                    ("kind", JSON.string(a.kind.rawValue)), ("text", JSON.string(a.text)), ("key", JSON.string(a.key)),
                ])
            }
            let pairs = match.pairs.map { p in
                JSON.object([
                    ("kind", JSON.string(p.kind.rawValue)), ("ja", JSON.string(p.ja)), ("en", JSON.string(p.en)),
                    ("weight", String(p.weight)), ("key", JSON.string(p.key)),
                ])
            }
            out.line(
                JSON.object([
                    ("pairs", JSON.array(pairs)), ("ja_only", JSON.array(match.jaOnly.map(anchor))),
                    ("en_only", JSON.array(match.enOnly.map(anchor))),
                ]))
        case .text:
            for p in match.pairs { out.line("\(p.kind.rawValue)\t\(p.ja)\t↔\t\(p.en)\t\(p.weight)") }
            for a in match.jaOnly { out.line("ja only\t\(a.kind.rawValue)\t\(a.text)") }
            for a in match.enOnly { out.line("en only\t\(a.kind.rawValue)\t\(a.text)") }
        }
        out.flush()
    }
}
