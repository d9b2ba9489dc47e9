import ArgumentParser
import KakehashiText
import KakehashiPipeline

/// `kakehashi inspect`: what reading made of each file — kept blocks and dropped lines.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show how articles are read: monolingual blocks kept, page furniture dropped (and why).",
        discussion: """
            jsonl prints {"type":"block","file","lines":[first,last],"lang","title","text"} per kept block and \
            {"type":"dropped","file","line","text","reason"} per dropped line, in line order; line numbers are \
            1-based. Blocks carry "meta" when a byline, date, dateline or URL was found. Text files are read \
            together, so a short line repeated across them counts as site furniture. HTML pages (.html, .htm or \
            markup at the start) are read one by one: lines are lines of the HTML source, a dropped element is \
            reported once with its text and why (e.g. "link-dense list").
            """
    )

    @Option(help: "Output format.")
    var format: TextOrJSONL = .text

    @Option(help: "Force the input encoding of every file.")
    var encoding: String?

    @Argument(help: "Article files ('-' for stdin).")
    var files: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file (or '-' for stdin)") }
    }

    func run() throws {
        let articles = try pipeline { try ArticleReading.read(paths: files, encoding: encoding) }.map(\.article)
        let out = OutputBuffer()
        for article in articles {
            switch format {
            case .jsonl: for line in article.jsonLines { out.line(line) }
            case .text: writeText(article, out)
            }
        }
        out.flush()
    }

    private func writeText(_ article: Article, _ out: OutputBuffer) {
        out.line(
            "== \(article.file) (\(article.encoding)): \(article.blocks.count) blocks, \(article.dropped.count) lines dropped"
        )
        for item in article.items {
            switch item {
            case .block(let b):
                out.line(
                    "  [\(b.language.rawValue)] lines \(b.lines.lowerBound)–\(b.lines.upperBound)"
                        + (b.title.map { "  title: \($0)" } ?? ""))
                if !b.metadata.isEmpty {
                    let parts = [
                        b.metadata.byline.map { "by \($0)" }, b.metadata.date, b.metadata.dateline,
                        b.metadata.agency, b.metadata.url,
                    ].compactMap { $0 }
                    out.line("      meta: " + parts.joined(separator: " · "))
                }
                let preview = b.text.split(separator: "\n").first.map(String.init) ?? ""
                out.line("      " + (preview.count > 100 ? String(preview.prefix(100)) + "…" : preview))
            case .dropped(let d):
                let shown = d.text.count > 60 ? String(d.text.prefix(60)) + "…" : d.text
                out.line("  - line \(d.line) dropped (\(d.reason.rawValue)): \(shown)")
            }
        }
    }
}
