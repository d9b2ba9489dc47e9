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

/// The per-node state of one extraction.
struct PageAnalysis {
    let tree: HTMLTree
    let title: String?
    /// For each node, the reason its subtree was removed (set on the subtree's root only).
    var removal: [DropReason?]
    /// For each node, whether it or an ancestor was removed.
    var gone: [Bool]
    /// Weighted characters of text below each node (CJK counts two), removed subtrees excluded.
    var chars: [Int]
    var linkChars: [Int]
    /// Commas and sentence punctuation below each node.
    var commas: [Int]
    var score: [Double]
    var scored: [Bool]
    /// The weight of each text node's text (see `weight`), computed once.
    var textWeight: [Int]
    /// What each node is, as far as the reader cares (one lookup per element, then bit tests).
    let kinds: [Kind]
    /// Each node's class and id words (see `words`), and whether they mark the article body
    /// (see `isBodyMarked`): computed once, asked by every step.
    let classWords: [[String]]
    let bodyMarked: [Bool]

    /// Element classes the reader tests, as bits.
    struct Kind: OptionSet {
        let rawValue: UInt16
        static let text = Kind(rawValue: 1 << 0)
        static let markup = Kind(rawValue: 1 << 1)
        static let inline = Kind(rawValue: 1 << 2)
        static let paragraph = Kind(rawValue: 1 << 3)
        static let region = Kind(rawValue: 1 << 4)
        static let link = Kind(rawValue: 1 << 5)
        static let textContainer = Kind(rawValue: 1 << 6)
        static let pre = Kind(rawValue: 1 << 7)
    }

    static let kindsByName: [String: Kind] = {
        var k: [String: Kind] = ["#text": [.text, .inline], "a": [.inline, .link], "pre": [.paragraph, .pre]]
        for n in markup { k[n, default: []].insert(.markup) }
        for n in inline { k[n, default: []].insert(.inline) }
        for n in paragraphLike { k[n, default: []].insert(.paragraph) }
        for n in regions { k[n, default: []].insert(.region) }
        for n in ["div", "section", "article", "main"] { k[n, default: []].insert(.textContainer) }
        return k
    }()

    init(tree: HTMLTree, title: String?) {
        self.tree = tree
        self.title = title.map { PageMetadata.collapsed($0) }
        let n = tree.nodes.count
        removal = Array(repeating: nil, count: n)
        gone = Array(repeating: false, count: n)
        chars = Array(repeating: 0, count: n)
        linkChars = Array(repeating: 0, count: n)
        commas = Array(repeating: 0, count: n)
        score = Array(repeating: 0, count: n)
        scored = Array(repeating: false, count: n)
        kinds = tree.nodes.map { Self.kindsByName[$0.name] ?? [] }
        textWeight = Array(repeating: 0, count: n)
        classWords = tree.nodes.map { $0.attributes.isEmpty ? [] : Self.words($0) }
        bodyMarked = tree.nodes.map(Self.isBodyMarked)
    }

    // MARK: - Vocabulary

    /// Elements whose content is never article text (reported without their text).
    static let markup: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "video", "audio",
        "map", "button", "input", "select", "textarea", "option", "optgroup", "datalist", "head", "link", "meta", "title",
        "source", "track", "param", "rt", "rp", "dialog",
    ]
    /// Page regions that are never the article.
    static let regions: Set<String> = ["nav", "aside", "footer", "menu"]
    /// ARIA roles of page regions and dialogs.
    static let regionRoles: Set<String> = ["navigation", "banner", "complementary", "contentinfo", "dialog", "alertdialog",
                                           "menu", "menubar", "search", "toolbar", "tablist"]
    /// Class and id words of furniture (whole words after splitting on `-`, `_` and camelCase).
    static let furnitureWords: Set<String> = [
        "nav", "navbar", "navi", "navigation", "menu", "breadcrumb", "breadcrumbs", "topicpath", "pankuzu", "footer",
        "sidebar", "side", "widget", "widgets", "share", "sharing", "sharebar", "sns", "social", "socials",
        "related", "relation", "kanren", "recommend", "recommended", "recommendation", "recommendations", "osusume",
        "ranking", "rankings", "ninki", "popular", "trending", "mostread", "ad", "ads", "adv", "advert", "advertisement",
        "advertising", "adsense", "yads", "gpt", "dfp", "sponsor", "sponsored", "promo", "promotion", "promoted", "pr",
        "banner", "cookie", "cookies", "consent", "gdpr", "cmp", "modal", "popup", "overlay", "lightbox", "newsletter",
        "subscribe", "subscription", "paywall", "regwall", "premium", "signup", "login", "register", "comment", "comments",
        "disqus", "tags", "tag", "taglist", "keywords", "toolbar", "tool", "tools", "pagination", "pager", "paging",
        "print", "masthead", "byline", "author", "authors", "dateline", "timestamp", "caption", "credit", "credits",
        "skip", "sronly", "offscreen", "outbrain", "taboola", "zergnet", "follow", "feedback", "rating", "survey", "hidden",
        "footnote", "bottom", "more", "next", "prev", "teaser", "teasers", "promobox", "newsflash", "ticker",
    ]
    /// Class and id words of article containers.
    static let articleWords: Set<String> = [
        "article", "articles", "body", "content", "contents", "entry", "main", "post", "story", "text", "honbun", "kiji",
        "blog", "column", "news", "detail", "prose", "page", "paragraph", "richtext",
    ]
    /// Class and id names (joined words) that mark the article body itself.
    static let bodyNames: Set<String> = [
        "articlebody", "articletext", "articlecontent", "articledetail", "articlemain", "storybody", "storytext",
        "storycontent", "entrycontent", "entrybody", "entrytext", "postcontent", "postbody", "posttext", "bodytext",
        "maintext", "mainbody", "newsbody", "newstext", "contentbody", "honbun", "kijihonbun", "articlehonbun",
        "textbody", "richtext", "articlebodytext", "paywall-free",
    ]
    /// Elements after which the text flows on in the same paragraph.
    static let inline: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "img", "kbd", "mark", "q", "ruby",
        "rb", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "del", "ins", "label", "tt",
        "big", "strike", "nobr", "#text",
    ]
    /// Elements whose text is a paragraph, scored for the main container.
    static let paragraphLike: Set<String> = ["p", "pre", "td", "blockquote", "dd", "li", "h2", "h3", "h4"]

    /// Words of a class or id: "article-body relatedLinks" → article, body, related, links (split at
    /// anything but letters and digits, and where a lower-case ASCII letter meets an upper-case one).
    static func words(_ node: HTMLTree.Node) -> [String] {
        var out: [String] = []
        for value in [node.attribute("class"), node.attribute("id")].compactMap({ $0 }) {
            var word: [UInt8] = []
            var previousLower = false
            for b in value.utf8 {
                let upper = b >= 0x41 && b <= 0x5A, lower = b >= 0x61 && b <= 0x7A, digit = b >= 0x30 && b <= 0x39
                if upper || lower || digit || b >= 0x80 {
                    if upper && previousLower && !word.isEmpty { out.append(String(decoding: word, as: UTF8.self)); word = [] }
                    word.append(upper ? b + 0x20 : b)
                    previousLower = lower
                } else {
                    if !word.isEmpty { out.append(String(decoding: word, as: UTF8.self)); word = [] }
                    previousLower = false
                }
            }
            if !word.isEmpty { out.append(String(decoding: word, as: UTF8.self)) }
        }
        return out
    }

    /// The class and id values with separators removed, lower case: "article-body" → "articlebody".
    static func joinedNames(_ node: HTMLTree.Node) -> [String] {
        var out: [String] = []
        for value in [node.attribute("class"), node.attribute("id")].compactMap({ $0 }) {
            for name in value.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                let kept = name.compactMap { b -> UInt8? in
                    if b >= 0x41 && b <= 0x5A { return b + 0x20 }
                    return (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b >= 0x80 ? b : nil
                }
                out.append(String(decoding: kept, as: UTF8.self))
            }
        }
        return out
    }

    static func isBodyMarked(_ node: HTMLTree.Node) -> Bool {
        guard !node.attributes.isEmpty else { return false }
        if node.attribute("itemprop")?.lowercased().contains("articlebody") == true { return true }
        return joinedNames(node).contains { bodyNames.contains($0) }
    }

    /// Class and id words that name a consent banner, and a paywall (`accountWords` adds the
    /// sign-up and log-in words, which name a paywall only on a container removed by its class).
    static let consentWords: Set<String> = ["cookie", "cookies", "consent", "gdpr", "cmp"]
    static let paywallWords: Set<String> = ["paywall", "regwall", "subscribe", "subscription"]
    static let accountWords: Set<String> = paywallWords.union(["premium", "signup", "login", "register"])

    /// Whether inline CSS hides the element.
    static func hiddenByStyle(_ style: String) -> Bool {
        let s = style.lowercased().filter { $0 != " " }
        return s.contains("display:none") || s.contains("visibility:hidden")
    }

    // MARK: - 1. Never content

    /// Marks what is never content. `byClass` turns the class and id vocabulary on.
    mutating func removeNonContent(byClass: Bool) {
        let nodes = tree.nodes
        // Raw text sizes first, so that a wrapper that holds most of the page is never removed by its class.
        var raw = Array(repeating: 0, count: nodes.count)
        for i in stride(from: nodes.count - 1, through: 0, by: -1) {
            let node = nodes[i]
            if kinds[i].contains(.text) { raw[i] = Self.weight(node.text); textWeight[i] = raw[i] }
            if node.parent >= 0 && !kinds[i].contains(.markup) { raw[node.parent] += raw[i] }
        }
        let body = tree.first("body") ?? 0
        let total = max(1, raw[body])
        for i in nodes.indices {
            let node = nodes[i]
            if node.parent >= 0 && gone[node.parent] { gone[i] = true; continue }
            guard !node.isText else { continue }
            var reason: DropReason?
            let name = node.name
            if kinds[i].contains(.markup) {
                reason = .pageRegion
                if name != "dialog" { removal[i] = nil; gone[i] = true; continue }
            } else if node.attribute("hidden") != nil || node.attribute("aria-hidden")?.lowercased() == "true"
                        || node.attribute("style").map(Self.hiddenByStyle) == true {
                reason = .hidden
            } else if kinds[i].contains(.region) || node.attribute("role").map({ Self.regionRoles.contains($0.lowercased()) }) == true {
                reason = raw[i] * 2 > total && name != "menu" ? nil : .pageRegion
            } else if name == "form" {
                reason = raw[i] * 2 > total ? nil : .pageRegion
            } else if name == "header" {
                reason = raw[i] * 4 > total ? nil : .pageRegion
            } else if byClass, name != "body", name != "html", name != "main", name != "article", raw[i] * 5 < total * 2,
                      !bodyMarked[i], classWords[i].contains(where: Self.furnitureWords.contains) {
                reason = .furnitureContainer
            }
            if var reason {
                // A region, dialog or container that is a consent banner or a paywall says so by its class or id.
                if reason == .pageRegion || reason == .furnitureContainer || reason == .hidden {
                    let words = classWords[i]
                    if words.contains(where: Self.consentWords.contains) { reason = .cookieBanner }
                    else if reason != .hidden,
                            words.contains(where: (reason == .furnitureContainer ? Self.accountWords : Self.paywallWords).contains) {
                        reason = .paywall
                    }
                }
                removal[i] = reason; gone[i] = true
            }
        }
    }

    /// Text weight: non-blank characters, a CJK character (kana, kanji, Hangul) counting two. Read
    /// from the UTF-8 lead bytes: E3–E9 start U+3000–U+9FFF, EA–ED U+A000–U+DFFF (Hangul syllables
    /// from U+AC00), EF U+F000–U+FFFF (counted as one).
    static func weight(_ text: String) -> Int {
        var n = 0
        return text.utf8.withContiguousStorageIfAvailable { bytes -> Int in
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 {
                    if b > 0x20 { n += 1 }
                    i += 1
                } else if b < 0xE0 {
                    // Two-byte sequences: U+0080–U+07FF (NBSP, C2 A0, is blank).
                    if !(b == 0xC2 && i + 1 < bytes.count && bytes[i + 1] == 0xA0) { n += 1 }
                    i += 2
                } else if b < 0xF0 {
                    if b == 0xE3 && i + 2 < bytes.count && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x80 {
                        // U+3000 ideographic space
                    } else {
                        n += (b >= 0xE3 && b <= 0xE9) || (b >= 0xEA && b <= 0xED && !(b == 0xEA && bytes[i + 1] < 0xB0)) ? 2 : 1
                    }
                    i += 3
                } else {
                    n += 1
                    i += 4
                }
            }
            return n
        } ?? text.unicodeScalars.reduce(0) { $0 + ($1.value > 0x20 ? 1 : 0) }
    }

    static func commaCount(_ text: String) -> Int {
        var n = 0
        for s in text.unicodeScalars where s == "," || s == "、" || s == "，" || s == "。" || s == "." { n += 1 }
        return n
    }

    // MARK: - 2. The main container

    /// Text sizes, link sizes and punctuation below each node, then paragraph scores flowing upward.
    mutating func measure() {
        let nodes = tree.nodes
        for i in stride(from: nodes.count - 1, through: 0, by: -1) where !gone[i] {
            let node = nodes[i]
            if kinds[i].contains(.text) {
                chars[i] = textWeight[i]
                commas[i] = Self.commaCount(node.text)
            }
            if kinds[i].contains(.link) { linkChars[i] = chars[i] }
            let p = node.parent
            if p >= 0 {
                chars[p] += chars[i]; linkChars[p] += linkChars[i]; commas[p] += commas[i]
            }
        }
        for i in nodes.indices where !gone[i] && (kinds[i].contains(.paragraph) || kinds[i].contains(.textContainer)) {
            // A paragraph element scores for its parent and two more ancestors; a div holding its
            // text directly scores for itself first.
            let direct = kinds[i].contains(.textContainer) ? directChars(i) : 0
            let textDiv = direct >= 25
            guard textDiv || kinds[i].contains(.paragraph) else { continue }
            let size = textDiv ? direct : chars[i]
            guard size >= 25 else { continue }
            if linkDensity(i) > 0.5 { continue }
            var s = 1.0 + Double(textDiv ? min(commas[i], size / 20) : commas[i]) + min(Double(size) / 100.0, 3.0)
            if nodes[i].name == "li" || nodes[i].name.hasPrefix("h") { s *= 0.5 }
            var ancestor = textDiv ? i : nodes[i].parent
            var level = 0
            while ancestor >= 0 && level < 3 {
                if !scored[ancestor] { scored[ancestor] = true; score[ancestor] = initialScore(ancestor) }
                score[ancestor] += level == 0 ? s : level == 1 ? s / 2 : s / Double(level * 3)
                ancestor = nodes[ancestor].parent
                level += 1
            }
        }
    }

    /// Characters of the text directly in element `i` (text and inline children).
    func directChars(_ i: Int) -> Int {
        var direct = 0
        for c in tree.nodes[i].children where !gone[c] {
            if kinds[c].contains(.inline) { direct += chars[c] - linkChars[c] }
        }
        return direct
    }

    /// The share of the text below node `i` that is link text.
    func linkDensity(_ i: Int) -> Double {
        Double(linkChars[i]) / Double(max(1, chars[i]))
    }

    /// A container's score before its paragraphs: its tag and its class and id vocabulary.
    func initialScore(_ i: Int) -> Double {
        let node = tree.nodes[i]
        var s: Double
        switch node.name {
        case "article": s = 10
        case "main": s = 8
        case "div", "section": s = 5
        case "pre", "td", "blockquote": s = 3
        case "ol", "ul", "dl", "dd", "dt", "li", "form", "address": s = -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": s = -5
        default: s = 0
        }
        if bodyMarked[i] { s += 40 }
        if node.attribute("role")?.lowercased() == "main" { s += 10 }
        let words = classWords[i]
        if words.contains(where: { Self.articleWords.contains($0) }) { s += 20 }
        if words.contains(where: { Self.furnitureWords.contains($0) }) { s -= 20 }
        return s
    }

    /// The final score of a scored container: its paragraphs' score scaled by its link density.
    func finalScore(_ i: Int) -> Double {
        score[i] * (1 - linkDensity(i))
    }

    /// The containers that hold the article, in document order.
    func mainContainers() -> [Int] {
        let nodes = tree.nodes
        var best = -1
        var bestScore = -Double.infinity
        for i in nodes.indices where scored[i] && !gone[i] {
            let s = finalScore(i)
            if s > bestScore { best = i; bestScore = s }
        }
        guard best >= 0 else { return [tree.first("body") ?? 0] }
        // Explicit article-body markup, when it agrees in size, is stronger evidence than scores.
        let marked = nodes.indices.filter { !gone[$0] && bodyMarked[$0] && chars[$0] >= 100 }
        let outermostMarked = marked.filter { m in !marked.contains { $0 != m && isAncestor($0, of: m) } }
        let markedChars = outermostMarked.reduce(0) { $0 + chars[$1] }
        if !outermostMarked.isEmpty && markedChars * 2 >= chars[best] && markedChars <= 3 * chars[best] + 500 {
            return outermostMarked
        }
        // A parent that holds much more paragraph text than the best child is the real container
        // (the child was one section of the article).
        var top = best
        while true {
            let parent = nodes[top].parent
            guard parent >= 0, !gone[parent], nodes[parent].name != "body", nodes[parent].name != "html" else { break }
            let extra = chars[parent] - chars[top]
            guard scored[parent], finalScore(parent) >= bestScore * 0.95 || (extra < chars[top] / 4 && linkDensity(parent) < 0.3) else { break }
            top = parent
        }
        return mergedSiblings(top, topScore: max(bestScore, finalScore(top)))
    }

    /// `container` and the siblings that continue it.
    func mergedSiblings(_ container: Int, topScore: Double) -> [Int] {
        let nodes = tree.nodes
        let parent = nodes[container].parent
        guard parent >= 0 else { return [container] }
        let threshold = max(10, topScore * 0.2)
        let signature = (nodes[container].name, nodes[container].attribute("class") ?? "")
        var chosen: [Int] = []
        for s in nodes[parent].children where !gone[s] {
            if s == container { chosen.append(s); continue }
            let sibling = nodes[s]
            guard !sibling.isText, chars[s] > 0 else { continue }
            let density = linkDensity(s)
            var join = scored[s] && finalScore(s) >= threshold && density < 0.4
            if !join && sibling.name == "p" {
                join = (chars[s] >= 80 && density < 0.25) || (chars[s] > 0 && density == 0 && Self.endsSentence(tree.rawText(of: s)))
            }
            if !join && sibling.name == signature.0 && (sibling.attribute("class") ?? "") == signature.1 && !signature.1.isEmpty
                && density < 0.3 && chars[s] >= 40 {
                join = true
            }
            if join { chosen.append(s) }
        }
        return chosen
    }

    static func endsSentence(_ text: String) -> Bool {
        let t = text.trimmedWhitespace
        guard let last = t.unicodeScalars.last else { return false }
        return ".!?。！？」\"”".unicodeScalars.contains(last)
    }

    func isAncestor(_ a: Int, of b: Int) -> Bool {
        var p = tree.nodes[b].parent
        while p >= 0 { if p == a { return true }; p = tree.nodes[p].parent }
        return false
    }

    // MARK: - 3. Reading the article

    /// The paragraphs of `containers` and what inside them was dropped.
    func read(_ containers: [Int]) -> ExtractedContent {
        var out = ExtractedContent()
        var builder = ParagraphBuilder()
        let nodes = tree.nodes
        for container in containers {
            // (node, entering?) — a node is visited on entry and again on exit, to end its paragraph.
            var stack: [(Int, Bool)] = [(container, true)]
            while let (i, entering) = stack.popLast() {
                let node = nodes[i]
                if !entering {
                    if kinds[i].contains(.pre) { builder.preDepth -= 1 }
                    if !kinds[i].contains(.inline) { builder.endParagraph(into: &out, title: title) }
                    continue
                }
                if node.isText { builder.append(node.text, line: node.line, preformatted: builder.preDepth > 0); continue }
                if let reason = removal[i] {
                    builder.endParagraph(into: &out, title: title)
                    report(i, reason, into: &out)
                    continue
                }
                if gone[i] { continue }
                if let reason = innerFurniture(i) {
                    builder.endParagraph(into: &out, title: title)
                    report(i, reason, into: &out)
                    continue
                }
                switch node.name {
                case "br":
                    builder.lineBreak()
                    continue
                case "h1":
                    builder.endParagraph(into: &out, title: title)
                    continue  // the title, kept as metadata
                case "img", "hr":
                    continue
                default: break
                }
                if !kinds[i].contains(.inline) { builder.endParagraph(into: &out, title: title) }
                builder.heading = node.name.count == 2 && node.name.hasPrefix("h") ? true : builder.heading
                if kinds[i].contains(.pre) { builder.preDepth += 1 }
                stack.append((i, false))
                for c in node.children.reversed() { stack.append((c, true)) }
            }
            builder.endParagraph(into: &out, title: title)
        }
        if let title, !title.isEmpty {
            // The headline repeated in the body (a styled paragraph rather than an h1) is the title, kept as metadata.
            let key = title.lowercased()
            out.paragraphs.removeAll { $0.text.count <= title.count + 2 && PageMetadata.collapsed($0.text).lowercased() == key }
        }
        out.paragraphs = Self.withoutFurnitureParagraphs(out.paragraphs, dropped: &out.dropped)
        return out
    }

    /// Why an element inside the article is still furniture: a link-dense list or block, a figure.
    func innerFurniture(_ i: Int) -> DropReason? {
        let node = tree.nodes[i]
        guard chars[i] > 0 else { return nil }
        let density = linkDensity(i)
        switch node.name {
        case "figure", "figcaption":
            return .caption
        case "ul", "ol", "dl":
            if isTeaserList(i) { return .relatedList }
            // Mostly links, and the items say little beside them: a list of links. A list whose items
            // carry a linked headline and a sentence of their own is content.
            let items = max(1, node.children.filter { tree.nodes[$0].name == "li" || tree.nodes[$0].name == "dd" }.count)
            if density >= 0.5 && (chars[i] - linkChars[i]) / items < 50 { return .linkDense }
        case "table", "div", "section", "nav", "p":
            if density >= 0.5 && (node.name != "p" || chars[i] < 300) && !(node.name == "div" && chars[i] >= 1000 && density < 0.7) {
                return .linkDense
            }
        default: break
        }
        return nil
    }

    /// A list of other stories: most items hold a link and end in a truncated teaser ("…", "...").
    func isTeaserList(_ i: Int) -> Bool {
        var items = 0, teasers = 0
        for c in tree.nodes[i].children where tree.nodes[c].name == "li" && chars[c] > 0 {
            items += 1
            guard linkChars[c] > 0 else { continue }
            let text = tree.rawText(of: c).trimmedWhitespace
            if text.hasSuffix("...") || text.hasSuffix("…") || text.hasSuffix("..") { teasers += 1 }
        }
        return items >= 2 && teasers * 2 >= items
    }

    /// A dropped element as the reader reports it (its text shortened), unless it holds no text.
    func report(_ i: Int, _ reason: DropReason, into out: inout ExtractedContent, text known: String? = nil) {
        if tree.nodes[i].name == "dialog" && reason == .pageRegion { return }
        let text = known ?? tree.collapsedText(of: i, limit: 300)
        guard !text.isEmpty else { return }
        out.dropped.append(.init(line: tree.nodes[i].line, text: text, reason: reason))
    }

    static func shortened(_ text: String) -> String {
        text.count > 300 ? String(text.prefix(300)) + "…" : text
    }

    /// Paragraphs whose text alone shows them to be furniture: labels, notices, prompts.
    static func withoutFurnitureParagraphs(_ paragraphs: [ExtractedContent.Paragraph],
                                           dropped: inout [ExtractedContent.Dropped]) -> [ExtractedContent.Paragraph] {
        paragraphs.filter { p in
            if let reason = ArticleReader.furnitureReason(ofParagraph: p.text) ?? paywallReason(p.text) ?? (isDateLine(p.text) ? .byline : nil) {
                dropped.append(.init(line: p.line, text: shortened(p.text), reason: reason))
                return false
            }
            return true
        }
    }

    /// A paragraph that only dates the article: "2026/08/24 05:00", "2026年8月23日 20:10（最終更新 8/23 20:30）",
    /// "Updated: Nov. 19, 2019 3:05 p.m. ET". Its content is the page's date, kept as metadata.
    static func isDateLine(_ text: String) -> Bool {
        var digits = 0, separators = 0, dateWords = 0, scalars = 0
        var word = ""
        func endWord() -> Bool {
            defer { word = "" }
            guard !word.isEmpty else { return true }
            guard dateWordSet.contains(word) else { return false }
            dateWords += 1
            return true
        }
        for s in text.unicodeScalars {
            scalars += 1
            if scalars > 60 { return false }
            let v = s.value
            if (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || v == 0x2E && !word.isEmpty {
                word.unicodeScalars.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(v + 0x20)! : s)
                continue
            }
            guard endWord() else { return false }
            if (v >= 0x30 && v <= 0x39) || (v >= 0xFF10 && v <= 0xFF19) { digits += 1; continue }
            if ParagraphBuilder.isSpace(v) || ",()（）・|".unicodeScalars.contains(s) { continue }
            if "/:.-年月日時分秒火水木金土".unicodeScalars.contains(s) { separators += 1; continue }
            if "最終更新配信公開午前後曜".unicodeScalars.contains(s) { dateWords += 1; continue }
            return false
        }
        guard endWord() else { return false }
        // A bare number is not a date: it needs a date separator or a date word.
        return digits >= 4 && (separators > 0 || dateWords > 0)
    }

    /// English words of datelines, lower case ("sept." is read as "sept.").
    static let dateWordSet: Set<String> = {
        let words = ["published", "updated", "posted", "last", "modified", "january", "february", "march", "april", "may", "june",
                     "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul",
                     "aug", "sept", "sep", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                     "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "a.m", "p.m", "am", "pm",
                     "gmt", "utc", "jst", "kst", "et", "est", "edt", "pt", "pst", "pdt", "ist", "bst", "cet", "on", "at"]
        return Set(words + words.map { $0 + "." })
    }()

    /// Prompts to pay, subscribe, log in or read on in an app: short paragraphs with that vocabulary.
    static func paywallReason(_ text: String) -> DropReason? {
        guard text.unicodeScalars.count <= 200 else { return nil }
        let lower = Array(text.lowercased().utf8)
        return paywallPrompts.contains(where: { ByteSearch.contains(lower, $0) }) ? .paywall : nil
    }

    static let paywallPrompts: [[UInt8]] = ["subscribe to", "subscribers only", "sign up for", "sign up to", "log in to", "already a subscriber",
                       "register to continue", "to continue reading", "create a free account", "newsletter", "click here to",
                       "有料会員", "会員限定", "会員登録", "ログインして", "続きを読む", "続きは", "購読", "この記事は有料",
                       "アプリで読む", "無料登録", "お申し込み", "今すぐ登録"].map { Array($0.utf8) }

    // MARK: - What the article left out

    /// The text outside `containers`: every sibling of the containers and of their ancestors that
    /// still holds text, reported once per subtree; and the furniture removed outside.
    func droppedOutside(_ containers: [Int]) -> [ExtractedContent.Dropped] {
        var out = ExtractedContent()
        let inside = Set(containers)
        var onPath = Set<Int>()
        for c in containers {
            var p = c
            while p >= 0 { onPath.insert(p); p = tree.nodes[p].parent }
        }
        var stack = [0]
        while let i = stack.popLast() {
            if inside.contains(i) { continue }
            if let reason = removal[i] { report(i, reason, into: &out); continue }
            if gone[i] { continue }
            if onPath.contains(i) { stack.append(contentsOf: tree.nodes[i].children.reversed()); continue }
            if chars[i] > 0 {
                // Name what the text itself shows when it is short (a legal notice, a label); else it is just outside.
                let text = tree.collapsedText(of: i, limit: 300)
                let short = !text.hasSuffix("…") && text.unicodeScalars.count < 200
                let reason = short ? ArticleReader.furnitureReason(ofParagraph: text) : nil
                report(i, reason ?? .outsideMain, into: &out, text: text)
            }
        }
        return out.dropped
    }
}

/// Collects text into paragraphs: whitespace collapsed (a line break between two CJK characters
/// vanishes), `<br>` a line break and two of them a paragraph break, a blank line inside a text a
/// paragraph break. Each paragraph keeps the source line it starts on. Works on UTF-8 bytes: the
/// texts come from the parser as valid UTF-8.
struct ParagraphBuilder {
    /// Paragraphs finished since the last `endParagraph`, with their first lines.
    var finished: [(text: [UInt8], line: Int)] = []
    /// The paragraph being built and its first line.
    var current: [UInt8] = []
    var currentLine = 0
    /// The last character written (a scalar value), 0 for none.
    var lastScalar: UInt32 = 0
    var pendingSpace = false
    var pendingNewline = false
    var breaks = 0
    var heading = false
    var preDepth = 0

    static func isSpace(_ s: Unicode.Scalar) -> Bool { isSpace(s.value) }

    static func isSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    mutating func append(_ raw: String, line: Int, preformatted: Bool) {
        var raw = raw
        raw.withUTF8 { append(bytes: $0, line: line, preformatted: preformatted) }
    }

    mutating func append(bytes b: UnsafeBufferPointer<UInt8>, line: Int, preformatted: Bool) {
        var newlines = 0
        var blankRun = 0
        var i = 0
        let n = b.count
        while i < n {
            // Decode one scalar (the parser's text is valid UTF-8).
            let lead = b[i]
            var v = UInt32(lead)
            var length = 1
            if lead >= 0xF0, i + 3 < n { v = (UInt32(lead & 0x07) << 18) | (UInt32(b[i + 1] & 0x3F) << 12) | (UInt32(b[i + 2] & 0x3F) << 6) | UInt32(b[i + 3] & 0x3F); length = 4 }
            else if lead >= 0xE0, i + 2 < n { v = (UInt32(lead & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F); length = 3 }
            else if lead >= 0xC0, i + 1 < n { v = (UInt32(lead & 0x1F) << 6) | UInt32(b[i + 1] & 0x3F); length = 2 }
            let bytes = UnsafeBufferPointer(rebasing: b[i..<min(n, i + length)])
            i += length
            let newline = v == 0x0A
            if newline { newlines += 1 }
            if preformatted {
                if newline { if !current.isEmpty { current.append(0x0A); lastScalar = 0x0A }; continue }
                if current.isEmpty { currentLine = line + newlines }
                current.append(contentsOf: bytes); lastScalar = v
                continue
            }
            if Self.isSpace(v) {
                if newline { blankRun += 1; pendingNewline = true }
                pendingSpace = true
                continue
            }
            if blankRun >= 2 { startPart() }
            blankRun = 0
            if current.isEmpty {
                currentLine = line + newlines
            } else if pendingSpace, lastScalar != 0, lastScalar != 0x0A {
                if !(pendingNewline && ScriptClass.joinsAcrossSourceLines(lastScalar) && ScriptClass.joinsAcrossSourceLines(v)) { current.append(0x20) }
            }
            current.append(contentsOf: bytes); lastScalar = v
            pendingSpace = false; pendingNewline = false
            breaks = 0
        }
        if blankRun >= 2 { startPart() }
    }

    /// Starts a new paragraph (the open one, if it has text, is kept).
    mutating func startPart() {
        if !current.isEmpty { finished.append((current, currentLine)); current = []; lastScalar = 0 }
        pendingSpace = false; pendingNewline = false
    }

    mutating func lineBreak() {
        breaks += 1
        if breaks >= 2 { startPart(); return }
        if !current.isEmpty && lastScalar != 0x0A { current.append(0x0A); lastScalar = 0x0A }
        pendingSpace = false; pendingNewline = false
    }

    /// Ends the paragraphs being built, adding them to `out`.
    mutating func endParagraph(into out: inout ExtractedContent, title: String?) {
        startPart()
        defer { finished.removeAll(keepingCapacity: true); breaks = 0; heading = false }
        for (part, line) in finished {
            var paragraph = String(decoding: part, as: UTF8.self)
            if part.contains(0x0A) {
                paragraph = paragraph.split(separator: "\n").map { $0.trimmedWhitespace }.filter { !$0.isEmpty }.joined(separator: "\n")
            }
            if let last = paragraph.unicodeScalars.last, Self.isSpace(last) { paragraph = paragraph.trimmedWhitespace }
            guard !paragraph.isEmpty else { continue }
            if let title, heading, PageMetadata.collapsed(paragraph) == title { continue }
            out.paragraphs.append(.init(text: paragraph, line: line, isHeading: heading))
        }
    }

}
