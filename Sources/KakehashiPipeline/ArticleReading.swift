public import KakehashiHTML
public import KakehashiText

/// Reading input files into articles, whatever their kind: HTML pages one by one (main content,
/// metadata, source lines of the HTML), text files together (so that a short line repeated across
/// them counts as site furniture). Files keep the order given.
///
/// ```swift
/// let read = try ArticleReading.read([CorpusInput(name: "a.html", bytes: bytes)])
/// read[0].article.blocks[0].metadata.url
/// ```
public enum ArticleReading {
    /// One input file as read.
    public struct ReadFile: Sendable {
        public let article: Article
        /// The page, for an HTML input.
        public let page: HTMLPage?
    }

    /// Reads every input into the article model: HTML pages through the HTML reader, text files
    /// through the text article reader, in the order given.
    /// - Throws: `PipelineError`: `.usage` for an unknown forced `encoding`, `.badData` for input
    ///   that is not text (binary junk, undecodable bytes), naming the input.
    public static func read(_ inputs: [CorpusInput], encoding: String? = nil) throws -> [ReadFile] {
        var results: [ReadFile?] = Array(repeating: nil, count: inputs.count)
        var texts: [(index: Int, name: String, text: String, encoding: String)] = []
        for (k, input) in inputs.enumerated() {
            if HTMLArticleReader.isHTML(name: input.name, bytes: input.bytes) {
                let page: HTMLPage
                do {
                    page = try HTMLArticleReader().read(name: input.name, bytes: input.bytes, forcedEncoding: encoding)
                } catch let error as InputError {
                    throw PipelineError(error)
                }
                results[k] = ReadFile(article: page.article, page: page)
            } else {
                let decoded = try InputFiles.decode(input.bytes, name: input.name, encoding: encoding)
                texts.append((k, input.name, decoded.text, decoded.encoding))
            }
        }
        let articles = ArticleReader().read(texts.map { ($0.name, $0.text) }, encodings: texts.map(\.encoding))
        for (t, article) in zip(texts, articles) { results[t.index] = ReadFile(article: article, page: nil) }
        return results.compactMap { $0 }
    }

    /// The text of one input (stdin for nil or "-"): an HTML page's main text (its blocks joined by
    /// blank lines, as `extract` prints it), or a text file's whole decoded text.
    /// - Throws: `PipelineError`: `.noInput` for a missing or unreadable file, `.usage` for an
    ///   unknown `encoding`, `.badData` for input that is not text.
    public static func text(of path: String?, encoding: String? = nil) throws -> String {
        let (bytes, name) = try InputFiles.bytes(of: path)
        guard HTMLArticleReader.isHTML(name: name, bytes: bytes) else {
            return try InputFiles.decode(bytes, name: name, encoding: encoding).text
        }
        let read = try Self.read([CorpusInput(name: name, bytes: bytes)], encoding: encoding)
        return read.first.map { ExtractedArticle($0).text } ?? ""
    }

    /// Reads the files at `paths` (folders recurse), as ``Corpus`` does.
    /// - Throws: `PipelineError`: `.noInput`, `.usage` or `.badData`, as `text(of:encoding:)`.
    public static func read(paths: [String], encoding: String? = nil) throws -> [ReadFile] {
        var inputs: [CorpusInput] = []
        for path in paths {
            let (bytes, name) = try InputFiles.bytes(of: path)
            inputs.append(CorpusInput(name: name, bytes: bytes))
        }
        return try read(inputs, encoding: encoding)
    }
}

/// What `kakehashi extract` prints for one file: the main text and the page's metadata.
public struct ExtractedArticle: Sendable, Equatable {
    public let file: String
    public let url: String?
    public let title: String?
    public let date: String?
    public let author: String?
    public let language: String
    /// The article's paragraphs separated by blank lines, title excluded.
    public let text: String

    public init(_ read: ArticleReading.ReadFile) {
        let article = read.article
        file = article.file
        if let page = read.page {
            url = page.metadata.url
            title = page.metadata.title
            language = page.language
        } else {
            url = article.metadata.url
            title = article.blocks.first?.title
            language = article.dominantLanguage.rawValue
        }
        date = article.metadata.date
        author = article.metadata.byline
        text = article.blocks.map(\.text).joined(separator: "\n\n")
    }

    /// `{"file","url","title","date","author","lang","text"}`.
    public var json: String {
        func optional(_ s: String?) -> String { s.map(JSON.string) ?? "null" }
        return JSON.object([
            ("file", JSON.string(file)), ("url", optional(url)), ("title", optional(title)),
            ("date", optional(date)), ("author", optional(author)), ("lang", JSON.string(language)),
            ("text", JSON.string(text)),
        ])
    }
}
