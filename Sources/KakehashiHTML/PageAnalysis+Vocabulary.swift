import KakehashiText

/// The words and element names the reader knows: page furniture, article bodies, boilerplate.
extension PageAnalysis {
    /// Elements whose content is never article text (reported without their text).
    static let markup: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "video",
        "audio",
        "map", "button", "input", "select", "textarea", "option", "optgroup", "datalist", "head", "link", "meta",
        "title",
        "source", "track", "param", "rt", "rp", "dialog",
    ]
    /// Page regions that are never the article.
    static let regions: Set<String> = ["nav", "aside", "footer", "menu"]
    /// ARIA roles of page regions and dialogs.
    static let regionRoles: Set<String> = [
        "navigation", "banner", "complementary", "contentinfo", "dialog", "alertdialog",
        "menu", "menubar", "search", "toolbar", "tablist",
    ]
    /// Class and id words of furniture (whole words after splitting on `-`, `_` and camelCase).
    static let furnitureWords: Set<String> = [
        "nav", "navbar", "navi", "navigation", "menu", "breadcrumb", "breadcrumbs", "topicpath", "pankuzu", "footer",
        "sidebar", "side", "widget", "widgets", "share", "sharing", "sharebar", "sns", "social", "socials",
        "related", "relation", "kanren", "recommend", "recommended", "recommendation", "recommendations", "osusume",
        "ranking", "rankings", "ninki", "popular", "trending", "mostread", "ad", "ads", "adv", "advert",
        "advertisement",
        "advertising", "adsense", "yads", "gpt", "dfp", "sponsor", "sponsored", "promo", "promotion", "promoted", "pr",
        "banner", "cookie", "cookies", "consent", "gdpr", "cmp", "modal", "popup", "overlay", "lightbox", "newsletter",
        "subscribe", "subscription", "paywall", "regwall", "premium", "signup", "login", "register", "comment",
        "comments",
        "disqus", "tags", "tag", "taglist", "keywords", "toolbar", "tool", "tools", "pagination", "pager", "paging",
        "print", "masthead", "byline", "author", "authors", "dateline", "timestamp", "caption", "credit", "credits",
        "skip", "sronly", "offscreen", "outbrain", "taboola", "zergnet", "follow", "feedback", "rating", "survey",
        "hidden",
        "footnote", "bottom", "more", "next", "prev", "teaser", "teasers", "promobox", "newsflash", "ticker",
    ]
    /// Class and id words of article containers.
    static let articleWords: Set<String> = [
        "article", "articles", "body", "content", "contents", "entry", "main", "post", "story", "text", "honbun",
        "kiji",
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
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "img", "kbd", "mark", "q",
        "ruby",
        "rb", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "del", "ins", "label",
        "tt",
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
                    if upper && previousLower && !word.isEmpty {
                        out.append(String(decoding: word, as: UTF8.self)); word = []
                    }
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
}
