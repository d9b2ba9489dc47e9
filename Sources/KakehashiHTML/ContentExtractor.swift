public import KakehashiText

/// The main content of a page as paragraphs with their source lines, and what was left out (why).
public struct ExtractedContent: Sendable {
    /// One paragraph of the article.
    public struct Paragraph: Sendable, Equatable {
        public let text: String
        /// 1-based line in the page where the paragraph's text starts.
        public let line: Int
        public let isHeading: Bool
    }

    /// A part of the page left out, with the reason.
    public struct Dropped: Sendable, Equatable {
        public let line: Int
        /// Its text, whitespace collapsed, shortened to 300 characters.
        public let text: String
        public let reason: DropReason
    }

    public var paragraphs: [Paragraph] = []
    public var dropped: [Dropped] = []

    /// The paragraphs joined by blank lines.
    public var text: String { paragraphs.map(\.text).joined(separator: "\n\n") }

    /// Characters in the paragraphs.
    var characterCount: Int { paragraphs.reduce(0) { $0 + $1.text.count } }
}

/// Finds the article in an HTML page and reads it out as paragraphs.
///
/// ```swift
/// let content = ContentExtractor().extract(tree, metadata: PageMetadata(tree))
/// content.text   // the article body, paragraphs separated by blank lines, title excluded
/// ```
///
/// The decision, in four steps:
/// 1. **Never content.** Scripts, styles, templates, SVG and form controls; `nav`, `aside`,
///    `footer`, forms and the site header; hidden elements (`hidden`, `aria-hidden`, `display:none`);
///    containers whose class or id names furniture (share, SNS, related, ranking, ad, PR, modal,
///    cookie, paywall … in English and in Japanese sites' romanized names) — unless they hold most of
///    the page's text, as a wrapper does.
/// 2. **The main container.** Each paragraph-like element scores by its length (characters, not words,
///    a CJK character counting two) and its commas (`,` and `、`); the score flows to its parent and,
///    diminishing, to two more ancestors. An ancestor's score is scaled by its link density and moved
///    by its class vocabulary; `itemprop="articleBody"`, `article` and `main` are evidence too.
/// 3. **Sibling merging.** Siblings that score well, long paragraphs beside the container, and
///    containers with the same tag and class (an article split into several columns) join it.
/// 4. **Inside the article.** Link-dense lists, figures and credits, headings that repeat the title,
///    interface labels, paywall prompts and promotions are dropped; paragraphs stay paragraphs
///    (`p`, list items, `<br><br>`, blank lines inside one `p`, as Yahoo! Japan writes).
public struct ContentExtractor: Sendable {
    public init() {}

    public func extract(_ tree: HTMLTree, metadata: PageMetadata = PageMetadata()) -> ExtractedContent {
        guard !tree.nodes.isEmpty else { return ExtractedContent() }
        var page = PageAnalysis(tree: tree, title: metadata.title)
        page.removeNonContent(byClass: true)
        page.measure()
        var containers = page.mainContainers()
        var content = page.read(containers)
        // A page whose class vocabulary misled the cleaning (the article inside a "related" wrapper)
        // gives almost nothing: read it again without class evidence.
        if content.characterCount < 200 {
            var retry = PageAnalysis(tree: tree, title: metadata.title)
            retry.removeNonContent(byClass: false)
            retry.measure()
            let again = retry.mainContainers()
            let second = retry.read(again)
            if second.characterCount > 2 * content.characterCount {
                page = retry; containers = again; content = second
            }
        }
        content.dropped += page.droppedOutside(containers)
        content.dropped.sort { $0.line < $1.line }
        return content
    }
}
