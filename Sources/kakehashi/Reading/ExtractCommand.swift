import ArgumentParser
import KakehashiPipeline

/// `kakehashi extract`: the main text of each page and its metadata (Kakehashi as an extractor).
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract:
            "Print the main text of web pages (HTML or text dumps) with their title, date, author, language and URL.",
        discussion: """
            text prints, per file, the metadata lines (Title:, Date:, Author:, Language:, URL:), a blank line and \
            the article's paragraphs separated by blank lines. json prints one object per file and line: \
            {"file","url","title","date","author","lang","text"}, the title kept out of "text".
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "Output format.")
    var format: Format = .text

    @Option(help: "Force the input encoding of every file (else: byte-order mark, the page's declaration, detection).")
    var encoding: String?

    @Argument(help: "Files ('-' or none for stdin).")
    var files: [String] = []

    func run() throws {
        let read = try pipeline { try ArticleReading.read(paths: files.isEmpty ? ["-"] : files, encoding: encoding) }
        let out = OutputBuffer()
        for (k, file) in read.enumerated() {
            let article = ExtractedArticle(file)
            switch format {
            case .json:
                out.line(article.json)
            case .text:
                if k > 0 { out.line("") }
                if read.count > 1 { out.line("== \(article.file)") }
                for (label, value) in [
                    ("Title", article.title), ("Date", article.date), ("Author", article.author),
                    ("Language", article.language), ("URL", article.url),
                ] {
                    if let value { out.line("\(label): \(value)") }
                }
                out.line("")
                out.line(article.text)
            }
        }
        out.flush()
    }
}
