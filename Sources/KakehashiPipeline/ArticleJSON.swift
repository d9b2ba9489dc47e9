public import KakehashiText

extension Article {
    /// A kept block or a dropped line of an article.
    public enum Item: Sendable {
        case block(ArticleBlock)
        case dropped(DroppedLine)

        /// The file line it starts on.
        public var line: Int {
            switch self {
            case .block(let b): return b.lines.lowerBound
            case .dropped(let d): return d.line
            }
        }
    }

    /// The blocks and dropped lines, in line order.
    public var items: [Item] {
        (blocks.map(Item.block) + dropped.map(Item.dropped)).sorted { $0.line < $1.line }
    }

    /// What `kakehashi inspect --format jsonl` prints, one JSON object a line, in line order:
    /// `{"type":"block","file","lines":[first,last],"lang","title","text","meta"?}` per kept block
    /// and `{"type":"dropped","file","line","text","reason"}` per dropped line.
    public var jsonLines: [String] {
        items.map { item in
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
                    if let v = b.metadata.url { meta.append(("url", JSON.string(v))) }
                    fields.append(("meta", JSON.object(meta)))
                }
                return JSON.object(fields)
            case .dropped(let d):
                return JSON.object([
                    ("type", JSON.string("dropped")), ("file", JSON.string(file)),
                    ("line", String(d.line)), ("text", JSON.string(d.text)),
                    ("reason", JSON.string(d.reason.rawValue)),
                ])
            }
        }
    }
}
