import ArgumentParser
import Foundation
import KakehashiAlign
import KakehashiText
import KakehashiPipeline

/// `kakehashi align`: sentence alignment of an English and a Japanese file.
struct AlignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "align",
        abstract: "Align the sentences of an English and a Japanese document.",
        discussion: """
            jsonl: one {"en":[…],"ja":[…],"score":…} per bead, 0-based sentence indexes, every sentence of both \
            files in exactly one bead, in order (an empty list for a sentence left unaligned).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, jsonl, tsv }

    @Argument(help: "The English file.") var enFile: String
    @Argument(help: "The Japanese file.") var jaFile: String

    @Flag(help: "Each line is one sentence (no segmentation).")
    var presegmented = false

    @Option(help: "Output format.")
    var format: Format = .text

    @OptionGroup var lexicon: LexiconOptions

    func run() throws {
        // An HTML page gives its main text, as `extract` prints it.
        let en = try pipeline { try ArticleReading.text(of: enFile) }
        let ja = try pipeline { try ArticleReading.text(of: jaFile) }
        func sentences(_ text: String, _ language: Language) throws -> [String] {
            if presegmented {
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
                    String($0.hasSuffix("\r") ? $0.dropLast() : $0)
                }
                if lines.last == "" { lines.removeLast() }
                return lines
            }
            return try SentenceSegmenter().sentences(text, language: language)
        }
        let enSentences = try sentences(en, .en), jaSentences = try sentences(ja, .ja)
        if let problem = SentenceAligner.languageProblem(english: enSentences, japanese: jaSentences) {
            throw fail("\(enFile), \(jaFile): \(problem)", code: ExitStatus.dataError)
        }
        let aligner = SentenceAligner(lexicon: try lexicon.load())
        let beads = try aligner.align(english: enSentences, japanese: jaSentences)
        let out = OutputBuffer()
        for bead in beads {
            switch format {
            case .jsonl:
                out.line(
                    JSON.object([
                        ("en", "[" + bead.en.map(String.init).joined(separator: ",") + "]"),
                        ("ja", "[" + bead.ja.map(String.init).joined(separator: ",") + "]"),
                        ("score", String(format: "%.2f", bead.score)),
                    ]))
            case .tsv:
                out.line(
                    bead.en.map { enSentences[$0] }.joined(separator: " ") + "\t"
                        + bead.ja.map { jaSentences[$0] }.joined() + "\t" + String(format: "%.2f", bead.score))
            case .text:
                out.line(
                    String(format: "%.2f", bead.score) + "  en " + bead.en.map(String.init).joined(separator: ",")
                        + " | ja " + bead.ja.map(String.init).joined(separator: ","))
                for i in bead.en { out.line("    EN  " + enSentences[i]) }
                for j in bead.ja { out.line("    JA  " + jaSentences[j]) }
            }
        }
        out.flush()
    }
}
