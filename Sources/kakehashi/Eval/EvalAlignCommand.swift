import ArgumentParser
import Foundation
import KakehashiBench

/// `kakehashi eval align`: sentence alignment on WMT21 documents with one side shortened.
struct EvalAlignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "align",
        abstract: "Strict and lax bead precision, recall and F1 of the aligner on WMT21, one side perturbed.",
        discussion: """
            Without --set, the table of docs/alignment.md: both sets (en-ja with the Japanese side shortened, ja-en with the \
            English side shortened), translation (drop 0, merge 0), mild (0.10, 0.10) and summary-like (0.35, 0.25), \
            seeds 7, 11 and 23. With --set, one line for the --drop, --merge and --seed given. The perturbation \
            draws Python's random numbers for the seed, so the tasks are those of the issue tracker's align_eval.py.
            """)

    enum SetName: String, ExpressibleByArgument, CaseIterable { case enJa = "en-ja", jaEn = "ja-en" }

    @Option(help: "Only this set (en-ja: Japanese side shortened; ja-en: English side shortened).")
    var set: SetName?

    @Option(help: "Share of sentences dropped (with --set).") var drop = 0.10
    @Option(help: "Share of sentences merged with the next (with --set).") var merge = 0.10
    @Option(help: "Random seed (with --set).") var seed: UInt64 = 7

    enum Aligner: String, ExpressibleByArgument, CaseIterable { case kakehashi, diagonal }

    @Option(help: "kakehashi, or the peer diagonal (English sentence i with Japanese sentence i·m/n).")
    var aligner: Aligner = .kakehashi

    @OptionGroup var lexicon: LexiconOptions

    func run() throws {
        let lexicon = try self.lexicon.load()
        let sets: [(SetName, AlignmentEvaluation.Side, String)] = [
            (.enJa, .ja, EvaluationData.wmt21[0]), (.jaEn, .en, EvaluationData.wmt21[1]),
        ]
        func measure(
            _ documents: [ParallelDocument], _ side: AlignmentEvaluation.Side, _ drop: Double, _ merge: Double,
            _ seed: UInt64
        ) throws -> AlignmentScores {
            let tasks = AlignmentEvaluation.tasks(documents, side: side, drop: drop, merge: merge, seed: seed)
            if aligner == .diagonal { return AlignmentEvaluation.score(tasks, AlignmentEvaluation.diagonal(tasks)) }
            return AlignmentEvaluation.score(
                tasks, try pipeline { try AlignmentEvaluation.run(tasks, lexicon: lexicon) })
        }
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        if let set, let (_, side, path) = sets.first(where: { $0.0 == set }) {
            let s = try measure(try EvaluationData.documents([path]), side, drop, merge, seed)
            print(
                "\(set.rawValue) side \(side.rawValue) drop \(drop) merge \(merge) seed \(seed): strict P \(f(s.precisionStrict)) R \(f(s.recallStrict)) F1 \(f(s.f1Strict)) | lax P \(f(s.precisionLax)) R \(f(s.recallLax)) F1 \(f(s.f1Lax))"
            )
            return
        }
        let settings: [(String, Double, Double)] = [
            ("translation", 0, 0), ("mild", 0.10, 0.10), ("summary-like", 0.35, 0.25),
        ]
        let seeds: [UInt64] = [7, 11, 23]
        print("\(aligner.rawValue), strict F1, seeds " + seeds.map(String.init).joined(separator: " / "))
        print("| set | " + settings.map(\.0).joined(separator: " | ") + " |")
        print("|---|" + String(repeating: "---|", count: settings.count))
        for (name, side, path) in sets {
            let documents = try EvaluationData.documents([path])
            var cells: [String] = []
            for (_, drop, merge) in settings {
                cells.append(
                    try seeds.map { f(try measure(documents, side, drop, merge, $0).f1Strict) }.joined(separator: " / ")
                )
            }
            print("| \(name.rawValue), side \(side.rawValue) | " + cells.joined(separator: " | ") + " |")
        }
    }
}
