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
            1-based. Blocks carry "meta" when a byline or dateline was found. Files are read together, so a \
            short line repeated across them counts as site furniture.
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
        var inputs: [(name: String, text: String)] = []
        var encodings: [String] = []
        for f in files {
            let (decoded, name) = try readInput(f, encoding: encoding)
            inputs.append((name, decoded.text))
            encodings.append(decoded.encoding)
        }
        let articles = ArticleReader().read(inputs, encodings: encodings)
        let out = OutputBuffer()
        for article in articles {
            switch format {
            case .jsonl: writeJSONL(article, out)
            case .text: writeText(article, out)
            }
        }
        out.flush()
    }

    private enum Item {
        case block(ArticleBlock)
        case dropped(DroppedLine)
        var line: Int {
            switch self {
            case .block(let b): return b.lines.lowerBound
            case .dropped(let d): return d.line
            }
        }
    }

    private func items(_ article: Article) -> [Item] {
        (article.blocks.map(Item.block) + article.dropped.map(Item.dropped)).sorted { $0.line < $1.line }
    }

    private func writeJSONL(_ article: Article, _ out: OutputBuffer) {
        for item in items(article) {
            switch item {
            case .block(let b):
                var fields: [(String, String)] = [
                    ("type", JSON.string("block")), ("file", JSON.string(b.file)),
                    ("lines", JSON.array([String(b.lines.lowerBound), String(b.lines.upperBound)])),
                    ("lang", JSON.string(b.language.rawValue)), ("title", b.title.map(JSON.string) ?? "null"),
                    ("text", JSON.string(b.text)),
                ]
                if !b.metadata.isEmpty {
                    var meta: [(String, String)] = []
                    if let v = b.metadata.byline { meta.append(("byline", JSON.string(v))) }
                    if let v = b.metadata.date { meta.append(("date", JSON.string(v))) }
                    if let v = b.metadata.dateline { meta.append(("dateline", JSON.string(v))) }
                    if let v = b.metadata.agency { meta.append(("agency", JSON.string(v))) }
                    fields.append(("meta", JSON.object(meta)))
                }
                out.line(JSON.object(fields))
            case .dropped(let d):
                out.line(JSON.object([("type", JSON.string("dropped")), ("file", JSON.string(article.file)),
                                      ("line", String(d.line)), ("text", JSON.string(d.text)),
                                      ("reason", JSON.string(d.reason.rawValue))]))
            }
        }
    }

    private func writeText(_ article: Article, _ out: OutputBuffer) {
        out.line("== \(article.file) (\(article.encoding)): \(article.blocks.count) blocks, \(article.dropped.count) lines dropped")
        for item in items(article) {
            switch item {
            case .block(let b):
                out.line("  [\(b.language.rawValue)] lines \(b.lines.lowerBound)–\(b.lines.upperBound)"
                         + (b.title.map { "  title: \($0)" } ?? ""))
                if !b.metadata.isEmpty {
                    let parts = [b.metadata.byline.map { "by \($0)" }, b.metadata.date, b.metadata.dateline,
                                 b.metadata.agency].compactMap { $0 }
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
