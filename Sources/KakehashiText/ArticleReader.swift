/// A line that reading dropped as page furniture, with the reason.
public struct DroppedLine: Sendable, Equatable {
    /// 1-based line number in the file.
    public let line: Int
    public let text: String
    public let reason: DropReason

    public init(line: Int, text: String, reason: DropReason) {
        self.line = line
        self.text = text
        self.reason = reason
    }
}

/// Why a line is page furniture rather than article text. Each reason is a general feature of
/// web pages, not a list of one site's strings.
public enum DropReason: String, Sendable, CaseIterable {
    /// A short line made of interface vocabulary ("Open in App", "関連記事", "Share", "拒否").
    case interfaceLabel = "interface label"
    /// Two or more adjacent one- or two-word lines without punctuation: a menu or section tabs.
    case navigation = "navigation labels"
    /// A run of link-like headlines (no sentence punctuation), as under "Related Stories".
    case relatedList = "related-story list"
    /// An image, its caption or its credit ("![]()", "| … / Source: Yonhap |", "AIによって生成された画像").
    case caption = "image caption or credit"
    /// A line holding only a number.
    case pageNumber = "page number"
    /// A cookie or consent banner and its buttons.
    case cookieBanner = "cookie banner"
    /// Disclaimers, copyright lines.
    case legalNotice = "legal notice"
    /// A short line that recurs in the file or across the files read together: site furniture.
    case repeated = "repeated short line"
    /// A truncated teaser ("… relations ...") of a paragraph that follows in full.
    case teaser = "teaser of a later paragraph"
    /// A byline or dateline line; its content is kept as the article's metadata.
    case byline = "byline (kept as metadata)"
    // HTML pages: reasons the document structure gives.
    /// A page region that is never the article: `nav`, `aside`, `footer`, the site header, a form.
    case pageRegion = "page region (navigation, header, footer, sidebar, form)"
    /// Hidden from readers: `hidden`, `aria-hidden="true"`, `display:none`.
    case hidden = "hidden element"
    /// A container whose class or id names furniture: share bars, related links, rankings, ads, modals.
    case furnitureContainer = "furniture container (class or id)"
    /// A list or block made mostly of links.
    case linkDense = "link-dense list"
    /// A prompt to subscribe, log in or read on elsewhere, or a promotion.
    case paywall = "paywall or promotion prompt"
    /// Text on the page outside the container chosen as the article.
    case outsideMain = "outside the main content"
}

/// What reading learned about an article besides its text.
public struct ArticleMetadata: Sendable, Equatable {
    /// "IANS" from "By IANS | Updated: …".
    public var byline: String?
    /// The date as written ("June 16, 2025 17:23 IST").
    public var date: String?
    /// A dateline opening the text ("Seoul, June 16").
    public var dateline: String?
    /// An agency named in the dateline ("NationPress").
    public var agency: String?
    /// The article's canonical address (from an HTML page's metadata).
    public var url: String?

    public init() {}
    public var isEmpty: Bool { byline == nil && date == nil && dateline == nil && agency == nil && url == nil }
}

/// One monolingual stretch of a page: an article, or one related-story summary.
public struct ArticleBlock: Sendable, Equatable {
    /// The file as named by the caller.
    public let file: String
    /// 1-based first and last line in the file (the title line included).
    public let lines: ClosedRange<Int>
    public let language: Language
    public let title: String?
    /// The kept lines, joined by line breaks (a blank line between paragraphs), title excluded.
    public let text: String
    /// Where each line of `text` came from: (UTF-8 offset in `text`, 1-based line in the file).
    public let lineStarts: [LineStart]
    public let metadata: ArticleMetadata

    /// A line of `text` and the file line it came from.
    public struct LineStart: Sendable, Equatable {
        public let offset: Int
        public let line: Int

        public init(offset: Int, line: Int) {
            self.offset = offset
            self.line = line
        }
    }

    public init(
        file: String, lines: ClosedRange<Int>, language: Language, title: String?, text: String,
        lineStarts: [LineStart], metadata: ArticleMetadata
    ) {
        self.file = file
        self.lines = lines
        self.language = language
        self.title = title
        self.text = text
        self.lineStarts = lineStarts
        self.metadata = metadata
    }

    /// The file line holding the byte at `offset` of `text`.
    public func fileLine(forTextOffset offset: Int) -> Int {
        var result = lineStarts.first?.line ?? lines.lowerBound
        for s in lineStarts where s.offset <= offset { result = s.line }
        return result
    }
}

/// What reading made of one file.
public struct Article: Sendable {
    public let file: String
    public let encoding: String
    public let blocks: [ArticleBlock]
    public let dropped: [DroppedLine]
    public let metadata: ArticleMetadata

    /// The language of most of the article's text (by UTF-8 bytes of its blocks), `und` for none.
    public var dominantLanguage: Language {
        var sizes: [Language: Int] = [:]
        for b in blocks { sizes[b.language, default: 0] += b.text.utf8.count }
        return sizes.max { $0.value < $1.value }?.key ?? .und
    }

    public init(
        file: String, encoding: String, blocks: [ArticleBlock], dropped: [DroppedLine], metadata: ArticleMetadata
    ) {
        self.file = file
        self.encoding = encoding
        self.blocks = blocks
        self.dropped = dropped
        self.metadata = metadata
    }
}

/// Reads web-article text: drops page furniture (saying why), takes bylines and datelines as
/// metadata, and splits a mixed page into monolingual blocks with their titles.
///
/// ```swift
/// let reader = ArticleReader()
/// let articles = reader.read([("seeds/002.txt", text)])
/// for block in articles[0].blocks { print(block.language, block.lines, block.title ?? "") }
/// ```
///
/// The features, line by line: interface vocabulary (English and Japanese), short lines without
/// sentence punctuation, runs of link-like headlines, image markup and credits, lines recurring
/// within a file or across the files read together, cookie vocabulary, bare numbers. Blocks:
/// paragraphs of one language separated only by blank lines form one article; a language change,
/// a dropped line between two paragraphs after a "related" heading, or a new headline starts
/// a new block, so each related-story summary is its own document.
public struct ArticleReader: Sendable {
    public init() {}

    /// Reads several files together (lines repeated across them count as furniture).
    public func read(_ files: [(name: String, text: String)], encodings: [String]? = nil) -> [Article] {
        var recurrence = Recurrence()
        let split = files.map { lineInfos($0.text) }
        for (index, lines) in split.enumerated() {
            for l in lines where !l.blank { recurrence.files[l.key, default: []].insert(index) }
        }
        return files.enumerated().map { index, file in
            readOne(
                name: file.name, lines: split[index], encoding: encodings?[index] ?? "UTF-8", recurrence: recurrence)
        }
    }

    /// The files each line's key occurs in.
    private struct Recurrence {
        var files: [String: Set<Int>] = [:]
        /// How many lines on each side may stand between a recurring line and its sentence.
        static let reach = 2

        /// How many files line `i`'s key occurs in.
        func count(_ i: Int, in lines: [LineInfo]) -> Int { files[lines[i].key]?.count ?? 0 }

        /// Whether line `i` recurs in other files near the same sentence (a line ending as a
        /// sentence does, at most `reach` non-blank lines before or after it): copied content,
        /// such as a story and its update sharing a heading and a byline, rather than furniture,
        /// which recurs around different stories (so in files where that sentence is not: it
        /// must be near it in most of its files).
        func recursWithNeighbour(_ i: Int, in lines: [LineInfo]) -> Bool {
            guard let mine = files[lines[i].key] else { return false }
            var near: [Int] = []
            var before = i, after = i
            for _ in 0..<Recurrence.reach {
                if let b = lines[..<before].lastIndex(where: { !$0.blank }) { near.append(b); before = b }
                if let a = lines[(after + 1)...].firstIndex(where: { !$0.blank }) { near.append(a); after = a }
            }
            for n in near {
                guard ArticleReader.hasSentencePunctuation(lines[n].trimmed), let theirs = files[lines[n].key] else {
                    continue
                }
                let together = theirs.intersection(mine).count
                if together >= 2 && 2 * together > mine.count { return true }
            }
            return false
        }
    }

    /// Reads one file on its own.
    public func read(name: String, text: String, encoding: String = "UTF-8") -> Article {
        read([(name, text)], encodings: [encoding])[0]
    }

    // MARK: - Lines

    func splitLines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var l = Substring(line)
            if l.hasSuffix("\r") { l = l.dropLast() }
            return String(l)
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The line with its surrounding whitespace (including NBSP and ideographic space) removed.
    static func trimmed(_ s: String) -> String {
        var sub = Substring(s)
        while let f = sub.unicodeScalars.first, isBlankScalar(f) { sub = sub.dropFirst() }
        while let l = sub.unicodeScalars.last, isBlankScalar(l) { sub = sub.dropLast() }
        return String(sub)
    }

    static func isBlankScalar(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\u{A0}" || s == "\u{3000}" || s == "\u{200B}" || s == "\u{FEFF}" || s == "\r"
    }

    func furnitureKey(_ line: String) -> String {
        (try? TextNormalizer.key(Self.trimmed(line))) ?? Self.trimmed(line).lowercased()
    }

    /// Short: at most 8 words (a CJK character counts a third) and 60 characters.
    func isShortLine(_ line: String) -> Bool {
        guard line.utf8.count <= 240 else { return false }
        let t = Self.trimmed(line)
        if t.isEmpty { return false }
        return t.unicodeScalars.count <= 60 && wordCount(t, atMost: 8) <= 8
    }

    /// Words, counting each CJK character as a third of a word; stops counting past `limit`
    /// (so a 50 MB line costs no more than a short one).
    func wordCount(_ t: String, atMost limit: Int = Int.max) -> Int {
        var latinWords = 0
        var cjk = 0
        var inWord = false
        for s in t.unicodeScalars {
            let v = s.value
            if v >= 0x3000 && v < 0xA000 || v >= 0xAC00 && v <= 0xD7A3 {
                cjk += 1
                inWord = false
            } else {
                let letterish =
                    (v >= 0x30 && v <= 0x39) || (v | 0x20 >= 0x61 && v | 0x20 <= 0x7A) || (v >= 0xC0 && v < 0x2000)
                if letterish && !inWord { latinWords += 1 }
                inWord = letterish || v == 0x27 || v == 0x2D || v == 0x2019
            }
            if latinWords + (cjk + 2) / 3 > limit { return limit + 1 }
        }
        return latinWords + (cjk + 2) / 3
    }

    static func hasSentencePunctuation(_ t: String) -> Bool {
        guard let last = t.unicodeScalars.last else { return false }
        var end = t.unicodeScalars.endIndex
        var l = last
        // Look through closing quotes and brackets.
        while "\"'”’」』)）]".unicodeScalars.contains(l), end > t.unicodeScalars.startIndex {
            end = t.unicodeScalars.index(before: end)
            if end == t.unicodeScalars.startIndex { return false }
            l = t.unicodeScalars[t.unicodeScalars.index(before: end)]
        }
        return ".!?。！？…".unicodeScalars.contains(l)
    }

    // MARK: - Vocabulary

    /// Why a paragraph found inside an article's markup is still furniture, judged by its text alone
    /// (the vocabularies the text reader uses): an interface label, a legal notice, a cookie notice,
    /// an image caption or credit. Nil for article text.
    public static func furnitureReason(ofParagraph paragraph: String) -> DropReason? {
        let t = trimmed(paragraph)
        guard !t.isEmpty, t.utf8.count <= 1200 else { return nil }
        let reader = ArticleReader()
        // The full match key (ICU) where an exact label can match; plain lower case for longer text.
        let words = reader.wordCount(t, atMost: 80)
        guard words <= 80 else { return nil }
        let key = t.utf8.count <= 120 ? reader.furnitureKey(t) : t.lowercased()
        let keyBytes = Array(key.utf8)
        func has(_ word: String) -> Bool { ByteSearch.contains(keyBytes, Array(word.utf8)) }
        if t.utf8.count <= 120 && interfaceLabels.contains(key.trimmingCharacters(in: ":：|›»>")) {
            return .interfaceLabel
        }
        if legalStarts.contains(where: { key.hasPrefix($0) }) && reader.wordCount(t, atMost: 60) <= 60 {
            return .legalNotice
        }
        if words <= 30 && imageWords.contains(where: has) {
            let label = startsWithImageLabel(key)
            if !hasSentencePunctuation(t) || label || (t.contains("|") && !hasSentencePunctuation(t)) {
                return .caption
            }
        }
        if words <= 80 && endsWithImageNote(key) { return .caption }
        if words <= 60 && cookieWords.contains(where: has) { return .cookieBanner }
        return nil
    }

    /// Interface vocabulary: whole lines that are page controls or section furniture.
    static let interfaceLabels: Set<String> = [
        "open in app", "open app", "download the app", "get the app", "epaper", "e-paper", "menu", "home", "search",
        "login", "log in", "sign in", "sign up", "register", "subscribe", "subscribe now", "share", "share this",
        "share this article", "tweet", "print", "email", "e-mail", "comments", "comment", "advertisement", "ad",
        "sponsored", "sponsored content", "read more", "read next", "read also", "also read", "more", "next",
        "previous", "back to top", "skip to content", "skip to main content", "related stories", "related story",
        "related articles", "related news", "related", "more stories", "more news", "you may also like",
        "recommended", "recommended for you", "trending", "trending now", "latest news", "latest", "top stories",
        "most read", "most popular", "follow us", "accept", "accept all", "reject", "reject all", "decline", "ok",
        "got it", "agree", "i agree", "manage cookies", "cookie settings", "privacy policy", "terms of use",
        "listen", "listen to this article", "copy link", "copied", "close", "view comments", "photo", "video",
        "関連記事", "関連ニュース", "関連リンク", "続きを読む", "もっと見る", "もっと読む", "シェア", "ツイート", "ログイン",
        "会員登録", "新規登録", "広告", "pr", "ホーム", "メニュー", "拒否", "拒否する", "同意", "同意する", "許可", "閉じる",
        "次へ", "前へ", "トップへ戻る", "ページトップへ", "印刷", "一覧", "一覧へ", "おすすめ", "おすすめ記事", "ランキング",
        "人気記事", "最新ニュース", "詳しくはこちら", "アプリで開く", "アプリで読む", "コメント", "保存", "フォロー",
        "관련기사", "공유", "더보기", "로그인",
    ]

    /// Words that open a section of links to other stories.
    static let relatedHeadings: [String] = [
        "related", "realted", "more stories", "you may also like", "recommended",
        "関連", "おすすめ", "こちらも", "관련",
    ]

    /// Image and credit vocabulary.
    static let imageWords: [String] = [
        "画像", "写真", "イメージ", "photo", "image", "illustration", "getty", "source:", "credit:",
        "사진", "제공",
    ]

    /// Whether a line opens with an image word as a label, as captions do: "(Photo) …", "[Photo] …",
    /// "【写真】…", "Photo: …" (a caption may be a whole sentence, full stop included).
    static func startsWithImageLabel(_ key: String) -> Bool {
        if imageWords.contains(where: { word in [":", " :", "="].contains { key.hasPrefix(word + $0) } }) {
            return true
        }
        guard let open = key.unicodeScalars.first, "([【［（〔<".unicodeScalars.contains(open) else { return false }
        let inside = key.unicodeScalars.dropFirst().prefix { !")]】］）〕>".unicodeScalars.contains($0) }
        guard inside.count < 16, inside.count < key.unicodeScalars.count - 1 else { return false }
        let label = String(String.UnicodeScalarView(inside))
        return imageWords.contains { label.contains($0) }
    }

    /// Whether a line ends with a short bracketed note about its image, as a caption does:
    /// "… on the afternoon of the 22nd (Photo partially altered)", "…＝22日午後（写真の一部を加工
    /// しています）", "… (photo credit: Getty Images)."
    static func endsWithImageNote(_ key: String) -> Bool {
        var scalars = Substring(key).unicodeScalars
        while let last = scalars.last, ".。!！".unicodeScalars.contains(last) || last == " " { scalars.removeLast() }
        guard let close = scalars.last, ")]）】".unicodeScalars.contains(close) else { return false }
        scalars.removeLast()
        guard let open = scalars.lastIndex(where: { "([（【".unicodeScalars.contains($0) }), open > scalars.startIndex
        else { return false }
        let note = scalars[scalars.index(after: open)...]
        guard note.count <= 40 else { return false }
        let text = String(String.UnicodeScalarView(note))
        return imageWords.contains { text.contains($0) }
    }

    static let legalStarts: [String] = ["disclaimer", "copyright", "©", "all rights reserved", "免責", "著作権", "無断転載"]

    static let cookieWords: [String] = ["cookie", "クッキー", "쿠키"]

    // MARK: - Reading one file

    /// One line and what every feature asks of it, computed once.
    private struct LineInfo {
        var text: String
        var trimmed: String
        var blank: Bool
        var dropped: DropReason?
        var language: Language = .und
        /// The match key of the line; of its first 100 characters for a line over 1,200 bytes
        /// (furniture is short, and a 50 MB line must not be normalized several times).
        var key: String
        var isShort: Bool
    }

    private func lineInfos(_ text: String) -> [LineInfo] {
        splitLines(text).map { raw in
            let t = Self.trimmed(raw)
            let key =
                t.isEmpty
                ? "" : t.utf8.count <= 1200 ? furnitureKey(t) : furnitureKey(String(t.unicodeScalars.prefix(100)))
            return LineInfo(
                text: raw, trimmed: t, blank: t.isEmpty, dropped: nil, language: LanguageIdentifier.identify(t),
                key: key, isShort: isShortLine(t))
        }
    }

    private func readOne(name: String, lines: [LineInfo], encoding: String, recurrence: Recurrence) -> Article {
        var lines = lines
        var metadata = ArticleMetadata()
        var counts: [String: Int] = [:]
        for l in lines where l.isShort { counts[l.key, default: 0] += 1 }

        // 1. Line features.
        for i in lines.indices where !lines[i].blank {
            let t = lines[i].trimmed
            let key = lines[i].key
            let short = lines[i].isShort
            let punct = Self.hasSentencePunctuation(t)
            let modest = t.utf8.count <= 1200  // captions, bylines, banners are short; skip the search on long lines
            if modest, let m = byline(t) {
                lines[i].dropped = .byline
                if metadata.byline == nil { metadata.byline = m.byline }
                if metadata.date == nil { metadata.date = m.date }
                continue
            }
            if t.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || $0 == " " }) && t.count <= 4 {
                lines[i].dropped = .pageNumber; continue
            }
            if Self.legalStarts.contains(where: { key.hasPrefix($0) }) { lines[i].dropped = .legalNotice; continue }
            if Self.interfaceLabels.contains(key.trimmingCharacters(in: ":：|›»>")) {
                lines[i].dropped = .interfaceLabel; continue
            }
            if isImageMarkup(t)
                || (modest && wordCount(t, atMost: 30) <= 30
                    && (!punct || t.contains("|") || Self.startsWithImageLabel(key))
                    && Self.imageWords.contains(where: { key.contains($0) }))
                || (modest && wordCount(t, atMost: 80) <= 80 && Self.endsWithImageNote(key))
            {
                lines[i].dropped = .caption; continue
            }
            if modest && wordCount(t, atMost: 80) <= 80 && Self.cookieWords.contains(where: { key.contains($0) }) {
                lines[i].dropped = .cookieBanner; continue
            }
            if short && !punct
                && ((counts[key] ?? 0) >= 2
                    || (recurrence.count(i, in: lines) >= 2 && !recurrence.recursWithNeighbour(i, in: lines)))
            {
                lines[i].dropped = .repeated; continue
            }
        }
        // 2. Context features.
        markCaptionsAboveCredits(&lines)
        markCookieButtons(&lines)
        markNavigation(&lines)
        markTeasers(&lines)
        markRelatedLists(&lines)

        var dropped: [DroppedLine] = []
        for (i, l) in lines.enumerated() where l.dropped != nil {
            dropped.append(DroppedLine(line: i + 1, text: l.trimmed, reason: l.dropped!))
        }
        let blocks = makeBlocks(lines, file: name, metadata: &metadata)
        return Article(file: name, encoding: encoding, blocks: blocks, dropped: dropped, metadata: metadata)
    }

    func isImageMarkup(_ t: String) -> Bool {
        if t.hasPrefix("![") || t.hasPrefix("<img") { return true }
        // A table cell around a caption: "| … |" with a credit.
        if t.hasPrefix("|") && t.hasSuffix("|") { return true }
        return false
    }

    /// "By IANS | Updated: June 16, 2025 17:23 IST", "By Kim Min-ji", "Updated: …", "2025年6月16日 17時23分 配信".
    func byline(_ t: String) -> (byline: String?, date: String?)? {
        let parts = t.split(separator: "|").map { Self.trimmed(String($0)) }
        var by: String? = nil
        var date: String? = nil
        var matched = false
        for p in parts {
            let lower = p.lowercased()
            if lower.hasPrefix("by ") && wordCount(p, atMost: 8) <= 8 && !Self.hasSentencePunctuation(p) {
                by = String(p.dropFirst(3)); matched = true
            } else if let r = ["updated:", "published:", "posted:", "updated on", "published on", "last updated:"]
                .first(where: { lower.hasPrefix($0) })
            {
                date = Self.trimmed(String(p.dropFirst(r.count))); matched = true
            } else if p.hasSuffix("配信") || p.hasSuffix("更新") || p.hasSuffix("公開") {
                date = Self.trimmed(String(p.dropLast(2))); matched = true
            } else if Self.isDateOnly(p) {
                date = p; matched = true
            } else if !matched {
                return nil
            }
        }
        return matched ? (by, date) : nil
    }

    /// A line that states a full date and nothing else but a time and a weekday: "2025年11月29日",
    /// "2025/11/29 10:00", "November 29, 2025", "Sat, Nov. 29, 2025 10:00 JST".
    static func isDateOnly(_ text: String) -> Bool {
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) || ("０"..."９").contains(c) }
        // A full date has a year: four digits at least (cheap to count before parsing).
        guard text.count <= 40, text.unicodeScalars.lazy.filter(isDigit).count >= 4, ArticleDate.parse(text) != nil
        else { return false }
        var rest = text.lowercased()
        for word in Self.dateWords { rest = rest.replacingOccurrences(of: word, with: "") }
        return rest.unicodeScalars.allSatisfy {
            isDigit($0) || $0.properties.isWhitespace || "年月日時分秒()（）:：/.,-・曜火水木金土午前後".unicodeScalars.contains($0)
        }
    }

    /// Month and weekday names (longest first), times of day and zones, as a date line writes them.
    static let dateWords: [String] = [
        "september", "february", "november", "december", "january", "october", "august", "april", "march",
        "july", "june", "sept", "may", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        "wednesday", "thursday", "saturday", "tuesday", "monday", "friday", "sunday", "mon", "tue", "wed", "thu",
        "fri", "sat", "sun", "a.m", "p.m", "am", "pm", "jst", "kst", "gmt", "utc", "ist", "est", "edt",
    ]

    /// A line directly above an image credit is that image's caption.
    private func markCaptionsAboveCredits(_ lines: inout [LineInfo]) {
        for i in lines.indices.dropLast() where lines[i].dropped == nil && !lines[i].blank {
            if lines[i + 1].dropped == .caption && wordCount(lines[i].trimmed, atMost: 40) <= 40
                && lines[i].language != lines[i + 1].language && lines[i + 1].trimmed.count <= 30
            {
                lines[i].dropped = .caption
            }
        }
    }

    /// The short button lines right under a cookie banner ("拒否", "Accept all"): the lines that
    /// follow it directly, up to the next blank line.
    private func markCookieButtons(_ lines: inout [LineInfo]) {
        for i in lines.indices where lines[i].dropped == .cookieBanner {
            var j = i + 1
            while j < lines.count && !lines[j].blank {
                let t = lines[j].trimmed
                guard lines[j].dropped == nil || lines[j].dropped == .interfaceLabel,
                    wordCount(t, atMost: 3) <= 3, !Self.hasSentencePunctuation(t)
                else { break }
                lines[j].dropped = .cookieBanner
                j += 1
            }
        }
    }

    /// Two or more adjacent one- or two-word lines without punctuation: a menu.
    private func markNavigation(_ lines: inout [LineInfo]) {
        func isLabel(_ l: LineInfo) -> Bool {
            !l.blank && l.trimmed.utf8.count <= 96 && wordCount(l.trimmed, atMost: 2) <= 2 && l.trimmed.count <= 24
                && !Self.hasSentencePunctuation(l.trimmed)
                && !l.trimmed.hasPrefix("-") && !l.trimmed.hasPrefix("•")
        }
        var i = 0
        while i < lines.count {
            if isLabel(lines[i]) && (lines[i].dropped == nil || lines[i].dropped == .interfaceLabel) {
                var j = i
                while j + 1 < lines.count && isLabel(lines[j + 1]) { j += 1 }
                if j > i {
                    for k in i...j where lines[k].dropped == nil || lines[k].dropped == .interfaceLabel {
                        lines[k].dropped = .navigation
                    }
                }
                i = j + 1
            } else {
                i += 1
            }
        }
    }

    /// A paragraph ending in "..." whose text opens a later paragraph.
    private func markTeasers(_ lines: inout [LineInfo]) {
        for i in lines.indices where lines[i].dropped == nil {
            var t = lines[i].trimmed
            guard t.hasSuffix("...") || t.hasSuffix("…") else { continue }
            while let l = t.last, l == "." || l == "…" || l == " " { t.removeLast() }
            guard t.count >= 20 else { continue }
            for j in lines.indices
            where j != i && lines[j].dropped == nil && lines[j].trimmed.hasPrefix(t) && lines[j].trimmed.count > t.count
            {
                lines[i].dropped = .teaser
                break
            }
        }
    }

    /// A run of three or more link-like headlines (no sentence punctuation), blank lines and short
    /// labels between them allowed, is a list of links to other stories; so is a shorter run
    /// right after a "related" heading.
    private func markRelatedLists(_ lines: inout [LineInfo]) {
        func linkLike(_ l: LineInfo) -> Bool {
            !l.blank && l.dropped == nil && !Self.hasSentencePunctuation(l.trimmed)
                && wordCount(l.trimmed, atMost: 40) <= 40
        }
        var i = 0
        while i < lines.count {
            guard linkLike(lines[i]) else { i += 1; continue }
            var members: [Int] = [i]
            var j = i + 1
            while j < lines.count {
                if lines[j].blank || lines[j].dropped != nil { j += 1; continue }
                if linkLike(lines[j]) { members.append(j); j += 1; continue }
                break
            }
            let afterHeading = i > 0 && precededByRelatedHeading(lines, i)
            // Headlines in a list sit one per paragraph; a title and its deck (two lines) are not a list.
            // Nor are the lines that open a story (headline, deck, photo captions) when they speak
            // of what its first paragraph does: other stories' headlines name other things.
            let opensTheStory =
                !afterHeading && lines[..<i].allSatisfy { $0.blank || $0.dropped != nil }
                && Self.sharesWords(
                    members.map { lines[$0].key }, with: lines[j...].lazy.filter { !$0.blank }.first?.key)
            // Nor is a list of facts (a product's specifications: "Weight: 1.1 kg", "・重さ：1.1kg").
            let factList = members.filter { Self.isFactLine(lines[$0].trimmed) }.count * 2 >= members.count
            if !opensTheStory && !factList
                && (members.count >= 3 || (afterHeading && members.count >= 2 && j >= lines.count))
            {
                for m in members { lines[m].dropped = .relatedList }
            }
            i = j
        }
    }

    /// A line that states a fact as a label and a short value, after an optional bullet:
    /// "- Weight: 1.1 kg", "・消費電力：12W", "Price: $39". A headline after "Analysis:" runs longer.
    static func isFactLine(_ line: String) -> Bool {
        var text = Substring(line)
        while let first = text.first, "-–•・*·■□●◆".contains(first) || first == " " { text = text.dropFirst() }
        guard let colon = text.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return false }
        let label = text[..<colon], value = text[text.index(after: colon)...]
        func size(_ part: Substring) -> Int {
            // Words for spaced text, characters over four for Japanese.
            let words = part.split(whereSeparator: \.isWhitespace).count
            let wide = part.unicodeScalars.filter { $0.value >= 0x3000 }.count
            return max(words, (wide + 3) / 4)
        }
        let labelSize = size(label), valueSize = size(value)
        return labelSize >= 1 && labelSize <= 4 && valueSize >= 1 && valueSize <= 6
    }

    /// Whether every one of `lines` (match keys) shares a distinctive word with `body`, the
    /// paragraph after them: a run of two or more kanji, of three or more katakana, or a Latin
    /// word of five letters or more.
    static func sharesWords(_ lines: [String], with body: String?) -> Bool {
        guard let body, !lines.isEmpty else { return false }
        let words = distinctiveWords(body)
        return lines.allSatisfy { !distinctiveWords($0).isDisjoint(with: words) }
    }

    static func distinctiveWords(_ key: String) -> Set<String> {
        var words = Set<String>()
        var run: [Unicode.Scalar] = []
        var runClass = 0  // 1 kanji, 2 katakana, 3 Latin letters
        func flush() {
            let needed = runClass == 1 ? 2 : runClass == 2 ? 3 : 5
            if runClass != 0, run.count >= needed { words.insert(String(String.UnicodeScalarView(run))) }
            run.removeAll(keepingCapacity: true)
        }
        for c in key.unicodeScalars {
            let cls =
                c.properties.isIdeographic
                ? 1
                : ("\u{30A1}"..."\u{30FA}").contains(c) || c == "ー"
                    ? 2
                    : ("a"..."z").contains(c) || ("A"..."Z").contains(c) ? 3 : 0
            if cls != runClass { flush(); runClass = cls }
            if cls != 0 { run.append(c) }
        }
        flush()
        return words
    }

    private func precededByRelatedHeading(_ lines: [LineInfo], _ i: Int) -> Bool {
        var k = i - 1
        while k >= 0 && lines[k].blank { k -= 1 }
        guard k >= 0 else { return false }
        return Self.relatedHeadings.contains { lines[k].key.contains($0) }
    }

    // MARK: - Blocks

    private func makeBlocks(_ lines: [LineInfo], file: String, metadata: inout ArticleMetadata) -> [ArticleBlock] {
        var blocks: [ArticleBlock] = []
        var current: [Int] = []  // kept line indexes of the block being built
        var currentLanguage: Language = .und
        var inRelatedSection = false
        var droppedSinceLastKept = false

        func flush() {
            defer { current.removeAll() }
            guard !current.isEmpty else { return }
            var members = current
            var title: String? = nil
            if members.count >= 2, isHeadline(lines[members[0]].trimmed, followedBy: lines[members[1]].trimmed) {
                title = lines[members[0]].trimmed
                members.removeFirst()
            }
            var text = ""
            var starts: [ArticleBlock.LineStart] = []
            var previous = -1
            var blockMeta = ArticleMetadata()
            if blocks.isEmpty { blockMeta = metadata }
            for idx in members {
                if previous >= 0 { text += idx > previous + 1 ? "\n\n" : "\n" }
                var lineText = lines[idx].trimmed
                if blockMeta.dateline == nil && starts.count < 8, let (dateline, agency, rest) = splitDateline(lineText)
                {
                    blockMeta.dateline = dateline
                    if let agency { blockMeta.agency = agency }
                    if metadata.dateline == nil { metadata.dateline = dateline; metadata.agency = agency }
                    lineText = rest
                }
                starts.append(.init(offset: text.utf8.count, line: idx + 1))
                text += lineText
                previous = idx
            }
            let first = current.first! + 1
            let last = current.last! + 1
            var counts = ScriptCounts()
            for u in text.utf16 { counts.add(u) }
            blocks.append(
                ArticleBlock(
                    file: file, lines: first...last, language: counts.language, title: title,
                    text: text, lineStarts: starts, metadata: blockMeta))
        }

        for (i, l) in lines.enumerated() {
            if l.blank { continue }
            if let reason = l.dropped {
                if reason == .interfaceLabel || reason == .relatedList,
                    Self.relatedHeadings.contains(where: { l.key.contains($0) })
                {
                    flush()
                    inRelatedSection = true
                }
                droppedSinceLastKept = true
                continue
            }
            let language = l.language == .und ? currentLanguage : l.language
            var startNew = current.isEmpty
            if !current.isEmpty {
                if language != currentLanguage && language != .und && currentLanguage != .und { startNew = true }
                // After a "related" heading, each summary is its own story: a paragraph after a
                // dropped line, or after a blank line once the block already has a paragraph of text.
                if inRelatedSection {
                    let previousKept = current.last!
                    let gap = i > previousKept + 1
                    let previousIsTitle =
                        current.count == 1 && isHeadline(lines[previousKept].trimmed, followedBy: l.trimmed)
                    if gap && !previousIsTitle
                        && (droppedSinceLastKept || Self.hasSentencePunctuation(lines[previousKept].trimmed))
                    {
                        startNew = true
                    }
                }
            }
            if startNew && !current.isEmpty { flush() }
            if current.isEmpty { currentLanguage = language }
            current.append(i)
            droppedSinceLastKept = false
        }
        flush()
        return blocks
    }

    /// A headline: no sentence-final period, at most 25 words, followed by longer text.
    func isHeadline(_ t: String, followedBy next: String) -> Bool {
        let words = wordCount(t, atMost: 25)
        guard words <= 25, t.utf8.count < next.utf8.count || wordCount(next, atMost: words + 1) > words else {
            return false
        }
        if t.hasSuffix("?") || t.hasSuffix("？") { return words <= 15 }
        return !Self.hasSentencePunctuation(t)
    }

    /// "Seoul, June 16 South Korean …" / "Seoul, June 16 (NationPress) The nominee …": a place and a
    /// date opening the first paragraph, as wire stories print them.
    func splitDateline(_ t: String) -> (String, String?, String)? {
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December", "Jan.", "Feb.", "Mar.", "Apr.", "Aug.", "Sept.", "Sep.", "Oct.", "Nov.", "Dec.",
        ]
        // A dateline is short: the comma comes within the first few words.
        guard t.utf8.prefix(48).contains(0x2C), let comma = t.firstIndex(of: ",") else { return nil }
        let place = t[..<comma]
        let placeWords = place.split(separator: " ")
        guard (1...3).contains(placeWords.count), placeWords.allSatisfy({ $0.first?.isUppercase == true }) else {
            return nil
        }
        var rest = t[t.index(after: comma)...].drop(while: { $0 == " " })
        guard let month = months.first(where: { rest.hasPrefix($0 + " ") }) else { return nil }
        rest = rest.dropFirst(month.count + 1)
        let day = rest.prefix(while: { $0.isNumber })
        guard (1...2).contains(day.count) else { return nil }
        rest = rest.dropFirst(day.count)
        var agency: String? = nil
        var afterDate = rest.drop(while: { $0 == " " })
        if afterDate.hasPrefix("("), let close = afterDate.firstIndex(of: ")") {
            agency = String(afterDate[afterDate.index(after: afterDate.startIndex)..<close])
            afterDate = afterDate[afterDate.index(after: close)...].drop(while: { $0 == " " })
        } else if rest.hasPrefix(" (") == false && afterDate.first?.isUppercase != true {
            return nil
        }
        // The text after a dateline starts a sentence.
        guard let f = afterDate.first, f.isUppercase || f == "\"" || f == "“" else { return nil }
        let dateline = String(place) + ", " + month + " " + day
        return (dateline, agency, String(afterDate))
    }
}
