import ArgumentParser
import Foundation
import KakehashiAlign
import KakehashiPipeline
import KakehashiText
import KakehashiLexicon

/// `kakehashi pairs`: which English and Japanese documents report the same event.
struct PairsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairs",
        abstract: "Find the English and Japanese documents (article blocks) that report the same event.",
        discussion: """
            Every English or Japanese block of every file is a document (each related-story summary of a page is its \
            own). jsonl prints {"type":"pair","en":{"file","lines":[first,last]},"ja":{…},"score","anchors":[…]} per \
            cross-language pair and {"type":"same-story","a":{…},"b":{…},"score"} per pair of same-language documents \
            telling one story; lines are 1-based in the original file. A document with no counterpart is left \
            unpaired (text lists them).
            """
    )

    @Option(help: "Output format.")
    var format: TextOrJSONL = .text

    @OptionGroup var window: WindowOption

    @OptionGroup var lexicon: LexiconOptions

    @OptionGroup var input: CorpusOptions

    func validate() throws {
        if input.paths.isEmpty { throw CorpusOptions.noPaths }
    }

    func run() throws {
        let status = StatusLine()
        let corpus = try input.read(status)
        let lexicon = try self.lexicon.load()
        status.show("pairing \(corpus.documents.count) documents")
        var options = IngestOptions()
        options.pairingWindow = try window.interval
        let ingestor = Ingestor(lexicon: lexicon, options: options)
        let result = try pipeline { try ingestor.pair(corpus) }
        status.clear()
        let out = OutputBuffer()
        func score(_ x: Double) -> String { String(format: "%.2f", x) }
        switch format {
        case .jsonl:
            for pair in result.pairs {
                let anchors = pair.anchors.map {
                    JSON.object([
                        ("kind", JSON.string($0.kind.rawValue)), ("ja", JSON.string($0.ja)), ("en", JSON.string($0.en)),
                    ])
                }
                out.line(
                    JSON.object([
                        ("type", JSON.string("pair")), ("en", corpus.documents[pair.en].locationJSON),
                        ("ja", corpus.documents[pair.ja].locationJSON),
                        ("score", score(pair.score)), ("anchors", JSON.array(anchors)),
                    ]))
            }
            for s in result.sameStories {
                out.line(
                    JSON.object([
                        ("type", JSON.string("same-story")), ("a", corpus.documents[s.a].locationJSON),
                        ("b", corpus.documents[s.b].locationJSON),
                        ("score", score(s.score)),
                    ]))
            }
        case .text:
            for pair in result.pairs {
                out.line(
                    "pair \(score(pair.score))  EN \(corpus.documents[pair.en].place)  ↔  JA \(corpus.documents[pair.ja].place)"
                )
                out.line(
                    "    "
                        + pair.anchors.prefix(12).map { $0.ja == $0.en ? $0.ja : "\($0.ja) = \($0.en)" }.joined(
                            separator: ", "))
            }
            for s in result.sameStories {
                out.line(
                    "same story \(score(s.score))  \(corpus.documents[s.a].place)  =  \(corpus.documents[s.b].place)")
            }
            let paired = Set(result.pairs.flatMap { [$0.en, $0.ja] })
            for d in corpus.documents.indices where !paired.contains(d) {
                let first = corpus.documents[d].sentences[0].text
                out.line(
                    "unpaired \(corpus.documents[d].language.rawValue.uppercased()) \(corpus.documents[d].place)  \(first.prefix(60))\(first.count > 60 ? "…" : "")"
                )
            }
            if result.undatedDocuments > 0 {
                out.line("documents without a date (compared with every document): \(result.undatedDocuments)")
            }
        }
        out.flush()
    }
}
