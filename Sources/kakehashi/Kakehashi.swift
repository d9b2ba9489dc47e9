import ArgumentParser
import KakehashiPipeline

/// The `kakehashi` command: one subcommand per file in this folder, each a thin shell over the library.
@main
struct Kakehashi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kakehashi",
        abstract: "Turn mixed English / Japanese / Korean news articles into a searchable translation memory.",
        discussion: """
            Exit codes: 0 success, 64 bad usage, 65 bad input data, 66 missing or unreadable file.
            """,
        version: KakehashiVersion.string,
        subcommands: [
            NormalizeCommand.self, SegmentCommand.self, InspectCommand.self, ExtractCommand.self, ImportCommand.self,
            ExportCommand.self,
            LookupCommand.self, StatsCommand.self, LexiconCommand.self, AnchorsCommand.self, NamesCommand.self,
            AlignCommand.self, PairsCommand.self, IngestCommand.self, ServeCommand.self, MemoryCommand.self,
            UnitCommand.self, BulkCommand.self,
            UsersCommand.self,
            BenchCommand.self, EvalCommand.self,
        ]
    )
}
