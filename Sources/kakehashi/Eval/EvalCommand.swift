import ArgumentParser

/// `kakehashi eval`: the quality figures of docs/, measured on the data in Evaluation/.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure quality on the evaluation data in Evaluation/ (segmentation, alignment, pairing).",
        subcommands: [
            EvalSegmentCommand.self, EvalBoundariesCommand.self, EvalAlignCommand.self, EvalPairsCommand.self, EvalShortCommand.self,
            EvalExtractionCommand.self, EvalRelationCommand.self,
        ]
    )
}
