import ArgumentParser

/// `kakehashi lexicon build|stats|lookup`.
struct LexiconCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lexicon",
        abstract:
            "Build, describe and query the bilingual lexicon (EDICT, ENAMDICT, KANJIDIC2, Unihan and the news glossary).",
        subcommands: [LexiconBuildCommand.self, LexiconStatsCommand.self, LexiconLookupCommand.self]
    )
}
