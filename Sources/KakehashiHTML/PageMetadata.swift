import Foundation

/// What a news page says about itself: title, date, author, language, canonical URL and site name.
/// Each field is taken from the strongest source that has it: JSON-LD (`NewsArticle` and kin)
/// first, then OpenGraph and `<meta>`, then the page itself (`<title>`, `<html lang>`, `<time>`).
///
/// ```swift
/// let meta = PageMetadata(tree)
/// meta.title   // "Lee Jae-myung wins the presidency" (" - Yahoo!ニュース" removed)
/// ```
public struct PageMetadata: Sendable, Equatable {
    public var title: String?
    public var date: String?
    public var author: String?
    /// The page's declared language (BCP 47 as written, e.g. "ja", "en-US").
    public var language: String?
    public var url: String?
    public var siteName: String?
    /// The article body as JSON-LD gives it, when it does (a cross-check for extraction).
    public var articleBody: String?

    public init() {}

    /// JSON-LD types that describe an article.
    static let articleTypes: Set<String> = [
        "newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "backgroundnewsarticle", "reviewnewsarticle", "webpage", "liveblogposting", "socialmediaposting", "techarticle",
        "scholarlyarticle", "report",
    ]

    public init(_ tree: HTMLTree) {
        var meta: [String: String] = [:]  // property or name (lower case) → first content
        var canonical: String?
        var pageTitle: String?
        var htmlLanguage: String?
        var timeElement: String?
        var h1: String?
        var jsonLD: [String] = []
        for (i, node) in tree.nodes.enumerated() where !node.isText {
            switch node.name {
            case "meta":
                guard let content = node.attribute("content")?.trimmedWhitespace, !content.isEmpty else { continue }
                for key in [node.attribute("property"), node.attribute("name"), node.attribute("itemprop")].compactMap({
                    $0?.lowercased()
                }) where meta[key] == nil {
                    meta[key] = content
                }
            case "link":
                if canonical == nil,
                    node.attribute("rel")?.lowercased().split(separator: " ").contains("canonical") == true,
                    let href = node.attribute("href"), !href.isEmpty
                {
                    canonical = href
                }
            case "title":
                if pageTitle == nil { pageTitle = Self.collapsed(tree.rawText(of: i)) }
            case "html":
                htmlLanguage = node.attribute("lang") ?? node.attribute("xml:lang")
            case "time":
                if timeElement == nil {
                    timeElement = node.attribute("datetime") ?? Self.collapsed(tree.rawText(of: i))
                }
            case "h1":
                if h1 == nil { h1 = Self.collapsed(tree.rawText(of: i)) }
            case "script":
                if node.attribute("type")?.lowercased().contains("ld+json") == true {
                    jsonLD.append(tree.rawText(of: i))
                }
            default: break
            }
        }
        // 1. JSON-LD.
        for script in jsonLD {
            guard let data = script.data(using: .utf8),
                let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            else { continue }
            for item in Self.articleObjects(object) { absorb(item) }
        }
        // 2. OpenGraph and <meta>.
        func firstMeta(_ keys: [String]) -> String? { keys.lazy.compactMap { meta[$0] }.first }
        siteName = siteName ?? firstMeta(["og:site_name", "application-name", "twitter:site"])
        title = title ?? firstMeta(["og:title", "twitter:title", "title", "dc.title", "headline"])
        date =
            date
            ?? firstMeta([
                "article:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date",
                "dc.date.issued", "sailthru.date", "parsely-pub-date", "og:updated_time", "article:modified_time",
            ])
        author =
            author
            ?? firstMeta(["author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author"])
            .flatMap { $0.hasPrefix("http") ? nil : $0 }
        url = url ?? canonical ?? firstMeta(["og:url", "twitter:url"])
        language =
            language ?? htmlLanguage.flatMap { $0.isEmpty ? nil : $0 }
            ?? firstMeta(["og:locale", "content-language", "language", "dc.language"])
        // 3. The page.
        title = title ?? pageTitle ?? h1
        date = date ?? timeElement
        if let t = title { title = Self.withoutSiteName(t, siteName: siteName) }
        if let a = author, a.hasPrefix("By ") || a.hasPrefix("by ") { author = String(a.dropFirst(3)) }
    }

    /// Fills the fields still empty from one JSON-LD article object.
    private mutating func absorb(_ item: [String: Any]) {
        func text(_ v: Any?) -> String? {
            if let s = v as? String { let t = s.trimmedWhitespace; return t.isEmpty ? nil : t }
            if let d = v as? [String: Any] { return text(d["name"]) ?? text(d["@id"]) ?? text(d["url"]) }
            if let a = v as? [Any] {
                let names = a.compactMap { text($0) }
                return names.isEmpty ? nil : names.joined(separator: ", ")
            }
            return nil
        }
        title = title ?? text(item["headline"]) ?? text(item["name"])
        date = date ?? text(item["datePublished"]) ?? text(item["dateCreated"]) ?? text(item["dateModified"])
        if author == nil, let a = item["author"] ?? item["creator"] {
            if let list = a as? [Any] {
                let names = list.compactMap { ($0 as? [String: Any]).flatMap { text($0["name"]) } ?? ($0 as? String) }
                if !names.isEmpty { author = names.joined(separator: ", ") }
            } else if let d = a as? [String: Any] {
                author = text(d["name"])
            } else {
                author = text(a)
            }
        }
        language = language ?? text(item["inLanguage"])
        if url == nil {
            if let page = item["mainEntityOfPage"] as? [String: Any] {
                url = text(page["@id"]) ?? text(page["url"])
            } else if let page = item["mainEntityOfPage"] as? String, page.hasPrefix("http") {
                url = page
            }
            url = url ?? (item["url"] as? String)
        }
        if siteName == nil, let publisher = item["publisher"] as? [String: Any] { siteName = text(publisher["name"]) }
        articleBody = articleBody ?? text(item["articleBody"])
    }

    /// The article objects in a JSON-LD value: a top-level object, an array, or an `@graph`.
    static func articleObjects(_ value: Any) -> [[String: Any]] {
        var found: [[String: Any]] = []
        var pending: [Any] = [value]
        var visited = 0
        while let v = pending.popLast(), visited < 1000 {
            visited += 1
            if let a = v as? [Any] { pending.append(contentsOf: a.reversed()); continue }
            guard let d = v as? [String: Any] else { continue }
            if let graph = d["@graph"] { pending.append(graph) }
            let types: [String] = (d["@type"] as? String).map { [$0] } ?? (d["@type"] as? [String]) ?? []
            if types.contains(where: { articleTypes.contains($0.lowercased()) }) {
                // A WebPage is the weakest: use it only after real articles.
                if types.contains(where: { $0.lowercased() == "webpage" }) {
                    found.append(d)
                } else {
                    found.insert(d, at: 0)
                }
            }
        }
        return found
    }

    /// Whitespace runs collapsed to one space, ends trimmed.
    static func collapsed(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Separators between a headline and the site name in `<title>`.
    static let titleSeparators = [
        " | ", " - ", " – ", " — ", "｜", " ｜ ", "：", " : ", " :: ", " · ", " • ", " « ", " » ", "|",
    ]

    /// Words that site names are made of: "朝日新聞デジタル", "Yahoo!ニュース", "The Japan Times", "NHK NEWS WEB".
    static let siteNameWords = [
        "新聞", "ニュース", "デジタル", "オンライン", "通信", "放送", "日報", "タイムズ", "jiji", "nhk", "yahoo",
        "news", "times", "post", "journal", "herald", "tribune", "online", "daily", "press", "media",
        "magazine", "review", "reuters", "bloomberg", "bbc", "cnn", ".com", ".jp", ".co",
    ]

    static func looksLikeSiteName(_ text: String) -> Bool {
        let lower = text.lowercased()
        return siteNameWords.contains { lower.contains($0) }
    }

    /// The title without the site name after (or before) a separator: " - Yahoo!ニュース", "：朝日新聞デジタル".
    /// The site name is removed when it is the page's own (og:site_name) or a short last part.
    static func withoutSiteName(_ title: String, siteName: String?) -> String {
        let t = collapsed(title)
        let site = siteName.map(collapsed)?.lowercased()
        for sep in titleSeparators {
            guard let r = t.ranges(of: sep).last else { continue }
            let head = String(t[..<r.lowerBound]).trimmedWhitespace
            let tail = String(t[r.upperBound...]).trimmedWhitespace
            guard !head.isEmpty, !tail.isEmpty else { continue }
            let tailLower = tail.lowercased(), headLower = head.lowercased()
            if let site, !site.isEmpty {
                if tailLower == site || tailLower.contains(site) || site.contains(tailLower) {
                    return withoutSiteName(head, siteName: siteName)
                }
                if headLower == site || site.contains(headLower) { return tail }
            }
            if tail.count <= 24 && Self.looksLikeSiteName(tail) { return withoutSiteName(head, siteName: siteName) }
            if head.count <= 24 && Self.looksLikeSiteName(head) && !Self.looksLikeSiteName(tail) { return tail }
            if tail.count <= 24 && head.count >= 2 * tail.count { return head }
        }
        return t
    }
}
