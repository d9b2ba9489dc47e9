import ArgumentParser
import Foundation
import KakehashiBench

/// `kakehashi eval pairs`: document pairing recall and precision on WMT21.
struct EvalPairsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairs",
        abstract: "Document pairing recall and precision: each side of each WMT21 document is its own file.",
        discussion: """
            146 English and 146 Japanese documents (both WMT21 sets) are read and paired as `kakehashi pairs` does; \
            a pair is right when both files come from the same document.
            """)

    @Option(help: "WMT21 documents files (JSON lines).")
    var wmt: [String] = EvaluationData.wmt21

    @Flag(
        help:
            "Leave out the English file of every second document: its Japanese file has no partner, and any pair it gets counts against precision."
    )
    var orphans = false

    @Option(
        help:
            "Cut every document into documents of this many sentence pairs (shorter documents, and several of one story)."
    )
    var chunk: Int?

    @Flag(help: "List the documents with a partner that were left unpaired or paired wrongly.")
    var misses = false

    @OptionGroup var lexicon: LexiconOptions

    func run() throws {
        let lexicon = try self.lexicon.load()
        var documents = try EvaluationData.documents(wmt)
        if let chunk {
            guard chunk > 0 else { throw ValidationError("--chunk must be at least 1") }
            documents = documents.flatMap { $0.chunks(of: chunk) }
        }
        let r = try pipeline { try PairingEvaluation.run(documents, orphans: orphans, lexicon: lexicon) }
        print(
            String(
                format:
                    "documents with a partner %d, pairs proposed %d, right %d: recall %.3f, precision %.3f (%.1f s)",
                r.documents, r.proposed, r.correct, r.recall, r.precision, r.seconds))
        if misses { for id in r.missed { print("    missed \(id)") } }
    }
}
