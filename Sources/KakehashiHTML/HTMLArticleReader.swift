public import KakehashiText

/// What reading made of one HTML page: the article in the same model as a text file (monolingual
/// blocks with source lines, dropped parts with reasons), the page's metadata and the extraction.
public struct HTMLPage: Sendable {
    public let article: Article
    public let metadata: PageMetadata
    public let content: ExtractedContent

    /// The page's language: its declaration ("ja-JP" → "ja") or else that of most of its text.
    public var language: String {
        if let declared = metadata.language?.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first,
            !declared.isEmpty
        {
            return String(declared)
        }
        return article.dominantLanguage.rawValue
    }
}

/// Reads HTML news pages into the article model the rest of the pipeline uses: the main content
/// (see ``ContentExtractor``), split into monolingual blocks, each carrying the page's title, date,
/// author and canonical URL; lines are the page's own source lines.
///
/// ```swift
/// let page = try HTMLArticleReader().read(name: "nhk.html", bytes: bytes)
/// page.article.blocks[0].metadata.url   // "https://www3.nhk.or.jp/news/html/…"
/// ```
public struct HTMLArticleReader: Sendable {
    public init() {}

    /// Whether a file is HTML: by its extension, or by markup at its start (a doctype, `<html>`,
    /// `<head>` or `<body>` in the first kilobyte).
    public static func isHTML(name: String, bytes: [UInt8]) -> Bool {
        let lower = name.lowercased()
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") || lower.hasSuffix(".xhtml") { return true }
        var start = bytes.startIndex
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        while start < bytes.endIndex,
            bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0A || bytes[start] == 0x0D
        {
            start += 1
        }
        let head = String(
            decoding: bytes[start..<min(bytes.endIndex, start + 1024)].map { $0 < 0x80 ? $0 : 0x20 }, as: UTF8.self
        ).lowercased()
        guard head.hasPrefix("<") else { return false }
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || head.contains("<head>")
            || head.contains("<head ")
            || head.contains("<body")
    }

    /// Decodes (see ``HTMLCharset``), parses and reads one page.
    /// - Throws: `InputError` naming the file: an unknown forced encoding, bytes that are not text, or
    ///   a page the parser cannot read.
    public func read(name: String, bytes: [UInt8], forcedEncoding: String? = nil) throws -> HTMLPage {
        let decoded = try HTMLCharset.decode(bytes, file: name, forcedEncoding: forcedEncoding)
        return try read(name: name, utf8: decoded.utf8, encoding: decoded.encoding)
    }

    /// Reads a page already decoded.
    /// - Throws: `InputError` naming the file when the parser cannot read the page.
    public func read(name: String, html: String, encoding: String = "UTF-8") throws -> HTMLPage {
        try read(name: name, utf8: Array(html.utf8), encoding: encoding)
    }

    func read(name: String, utf8: [UInt8], encoding: String) throws -> HTMLPage {
        let tree: HTMLTree
        do { tree = try HTMLTree(parsingUTF8: utf8) } catch let error as HTMLTree.ParseError {
            throw InputError(kind: .unparsable(error.description), file: name)
        }
        let metadata = PageMetadata(tree)
        let content = ContentExtractor().extract(tree, metadata: metadata)
        var pageMeta = ArticleMetadata()
        pageMeta.byline = metadata.author
        pageMeta.date = metadata.date
        pageMeta.url = metadata.url
        let blocks = Self.blocks(content.paragraphs, file: name, title: metadata.title, metadata: pageMeta)
        let dropped = content.dropped.map { DroppedLine(line: $0.line, text: $0.text, reason: $0.reason) }
        let article = Article(file: name, encoding: encoding, blocks: blocks, dropped: dropped, metadata: pageMeta)
        return HTMLPage(article: article, metadata: metadata, content: content)
    }

    /// Consecutive paragraphs of one language form a block; the title goes to the first block in its language.
    static func blocks(
        _ paragraphs: [ExtractedContent.Paragraph], file: String, title: String?,
        metadata: ArticleMetadata
    ) -> [ArticleBlock] {
        var groups: [(language: Language, paragraphs: [ExtractedContent.Paragraph])] = []
        for p in paragraphs {
            let language = LanguageIdentifier.identify(p.text)
            if let last = groups.last, language == .und || last.language == language || last.language == .und {
                // In place: a copy of the group would copy its paragraphs at every append.
                if last.language == .und { groups[groups.count - 1].language = language }
                groups[groups.count - 1].paragraphs.append(p)
            } else {
                groups.append((language, [p]))
            }
        }
        let titleLanguage = title.map { LanguageIdentifier.identify($0) }
        let titled = groups.firstIndex { $0.language == titleLanguage } ?? (titleLanguage == .und ? 0 : nil)
        return groups.enumerated().map { k, group in
            var text = ""
            var starts: [ArticleBlock.LineStart] = []
            for p in group.paragraphs {
                if !text.isEmpty { text += "\n\n" }
                starts.append(.init(offset: text.utf8.count, line: p.line))
                text += p.text
            }
            let lines = group.paragraphs.map(\.line)
            let first = max(1, lines.min() ?? 1), last = max(first, lines.max() ?? first)
            return ArticleBlock(
                file: file, lines: first...last, language: group.language, title: k == titled ? title : nil,
                text: text, lineStarts: starts, metadata: metadata)
        }
    }
}
