import ArgumentParser
import Foundation
import KakehashiBench

/// `kakehashi eval short`: pairing of short product pages, chats and forum posts, by genre.
struct EvalShortCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "short",
        abstract: "Document pairing recall and precision on short documents (3-8 sentences), by genre.",
        discussion: """
            Each genre's documents (both languages, and one-language documents of the same topics as \
            distractors) are read and paired together as `kakehashi pairs` does; a pair is right when \
            both files are one document. "all" pairs every genre together.
            """)

    @Option(help: "Short-document set files.")
    var set: [String] = [
        "Evaluation/short/product.txt", "Evaluation/short/chat.txt", "Evaluation/short/forum.txt",
    ]

    @Flag(help: "List the documents each genre missed.")
    var misses = false

    @OptionGroup var lexicon: LexiconOptions

    func run() throws {
        let lexicon = try self.lexicon.load()
        let documents = try pipeline { try set.flatMap { try ShortDocument.read($0) } }
        let reports = try pipeline { try ShortDocumentEvaluation.run(documents, lexicon: lexicon) }
        for r in reports {
            let genre = r.genre.padding(toLength: 8, withPad: " ", startingAt: 0)
            print(
                genre
                    + String(
                        format: "pairs %3d, proposed %3d, right %3d: recall %.3f, precision %.3f", r.documents,
                        r.proposed, r.correct, r.recall, r.precision))
            if misses { for id in r.missed { print("    missed \(id)") } }
        }
    }
}
