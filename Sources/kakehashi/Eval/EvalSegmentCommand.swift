public import ArgumentParser
import KakehashiBench

extension SegmentationEvaluation.Segmenter: ExpressibleByArgument {}

/// `kakehashi eval segment`: the sentence-segmentation golden rules.
struct EvalSegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Golden rules of sentence segmentation passed, per set, with each failure.",
        discussion: """
            A rule passes when the sentences, each stripped of surrounding white space and empty ones dropped, are \
            exactly the expected ones. Exit status 1 when a rule fails.
            """)

    @Option(help: "Folder with golden-rules-en.json and golden-rules-ja.json.")
    var rules: String = "Evaluation/segmentation"

    @Option(help: "kakehashi, or the peer icu (ICU 72's sentence iterator alone).")
    var segmenter: SegmentationEvaluation.Segmenter = .kakehashi

    func run() throws {
        let sets = try pipeline { try SegmentationEvaluation.run(folder: rules, segmenter: segmenter) }
        for set in sets {
            print("\(set.name): \(set.passed) of \(set.total)")
            for failure in set.failures {
                print("  fails \(failure.rule.id) (\(failure.rule.name))")
                print("    expected: \(failure.rule.expected)")
                print("    got:      \(failure.got)")
            }
        }
        if sets.contains(where: { !$0.failures.isEmpty }) { throw ExitCode(1) }
    }
}
