import ArgumentParser
import KakehashiText
import KakehashiPipeline

/// `kakehashi segment`: the whole input is one text, cut into sentences.
struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Split a text into sentences (English and Japanese rules over ICU).",
        discussion: """
            jsonl prints one object per sentence: {"text", "start", "end", "lang"}, start and end being UTF-8 \
            byte offsets in the decoded input. "text" joins soft line breaks. An HTML page (.html, .htm or markup \
            at the start) is segmented as its main text, what `extract` prints; offsets are then in that text.
            """
    )

    enum LanguageChoice: String, ExpressibleByArgument, CaseIterable { case auto, en, ja }

    @Option(help: "Language of the text; auto tags each sentence by its scripts.")
    var lang: LanguageChoice = .auto

    @Option(help: "Output format.")
    var format: TextOrJSONL = .text

    @Option(help: "Force the input encoding (e.g. Shift_JIS, EUC-JP, UTF-16LE).")
    var encoding: String?

    @Option(help: "A file of extra abbreviations, one per line ('Gov.<TAB>prefix').")
    var abbreviations: String?

    @Argument(help: "Input file (stdin when absent or '-').")
    var file: String?

    func run() throws {
        let text = try pipeline { try ArticleReading.text(of: file, encoding: encoding) }
        var list = AbbreviationList.standard
        if let path = abbreviations {
            let (text, name) = try readInput(path, encoding: nil)
            do { try list.load(contentsOf: text.text, source: name) } catch let e as AbbreviationFileError {
                throw fail(e.description, code: ExitStatus.dataError)
            }
        }
        let segmenter = try SentenceSegmenter(abbreviations: list)
        let forced: Language? = lang == .auto ? nil : Language(rawValue: lang.rawValue)
        let sentences = try segmenter.segment(text, language: forced)
        let out = OutputBuffer()
        for s in sentences {
            switch format {
            case .text:
                out.line(s.text(in: text))
            case .jsonl:
                out.line(
                    JSON.object([
                        ("text", JSON.string(s.text(in: text))), ("start", String(s.range.lowerBound)),
                        ("end", String(s.range.upperBound)), ("lang", JSON.string(s.language.rawValue)),
                    ]))
            }
        }
        out.flush()
    }
}
