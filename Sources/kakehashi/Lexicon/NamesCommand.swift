import ArgumentParser
import KakehashiLexicon
import KakehashiPipeline
import KakehashiText

/// `kakehashi names`: the person names of a text, each with the key all its spellings share.
struct NamesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "names",
        abstract: "List the person names in a text (Japanese, Korean or English), with a cross-script key.",
        discussion: """
            The key is one canonical romanized form, family name first, shared by every spelling of \
            the person: 李在明, 이재명, Lee Jae-myung and Lee Jae Myung all give "lee jamyong". \
            jsonl: one {"text","script","key","origin","line"} per name, in text order.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, jsonl }

    @Argument(help: "Input file (stdin when absent or '-').")
    var file: String?

    @Option(help: "Output format.")
    var format: Format = .text

    @Option(help: "Force the input encoding.")
    var encoding: String?

    @OptionGroup var lexicon: LexiconOptions

    func run() throws {
        let (decoded, _) = try readInput(file, encoding: encoding)
        let finder = NameFinder(lexicon: try lexicon.load())
        finder.koreanDocument = NameFinder.isAboutKorea(decoded.text)
        let out = OutputBuffer()
        for (index, line) in decoded.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = String(line)
            var names: [PersonName] = []
            if text.unicodeScalars.contains(where: { $0.value >= 0x3040 }) { names += finder.names(inJapanese: text) }
            if text.unicodeScalars.contains(where: { ("A"..."Z").contains($0) }) {
                names += finder.names(inEnglish: text)
            }
            for name in names.sorted(by: { $0.offset < $1.offset }) {
                switch format {
                case .jsonl:
                    out.line(
                        JSON.object([
                            ("text", JSON.string(name.text)), ("script", JSON.string(name.script.rawValue)),
                            ("key", JSON.string(name.key)), ("origin", JSON.string(name.origin.rawValue)),
                            ("line", String(index + 1)),
                        ]))
                case .text:
                    out.line(
                        "\(index + 1)\t\(name.text)\t\(name.script.rawValue)\t\(name.origin.rawValue)\t\(name.key)")
                }
            }
        }
        out.flush()
    }
}
