import ArgumentParser
import Foundation
import KakehashiBench
import KakehashiPipeline

/// `kakehashi bench`: benchmarks, each against a named peer measured in the same run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed against a peer in the same run.",
        subcommands: [
            BenchTextCommand.self, BenchMemoryCommand.self, BenchLexiconCommand.self, BenchAlignCommand.self,
            BenchIngestCommand.self, BenchArchiveCommand.self, BenchWorkersCommand.self, BenchServeCommand.self, BenchExtractCommand.self,
        ]
    )
}

/// The WMT21 documents in the repository, both directions.
enum EvaluationData {
    static let wmt21 = [
        "Evaluation/wmt21/newstest2021.en-ja.docs.jsonl", "Evaluation/wmt21/newstest2021.ja-en.docs.jsonl",
    ]

    /// The documents of `paths`, read or the failure printed.
    static func documents(_ paths: [String]) throws -> [ParallelDocument] {
        try pipeline { try paths.flatMap { try ParallelDocument.read($0) } }
    }
}
