import KakehashiText

/// Step 3: the article read from its container into paragraphs with source lines, and what it left out.
extension PageAnalysis {
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
                if node.isText {
                    builder.append(node.text, line: node.line, preformatted: builder.preDepth > 0); continue
                }
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
            out.paragraphs.removeAll {
                $0.text.count <= title.count + 2 && PageMetadata.collapsed($0.text).lowercased() == key
            }
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
            let items = max(
                1, node.children.filter { tree.nodes[$0].name == "li" || tree.nodes[$0].name == "dd" }.count)
            if density >= 0.5 && (chars[i] - linkChars[i]) / items < 50 { return .linkDense }
        case "table", "div", "section", "nav", "p":
            if density >= 0.5 && (node.name != "p" || chars[i] < 300)
                && !(node.name == "div" && chars[i] >= 1000 && density < 0.7)
            {
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
    static func withoutFurnitureParagraphs(
        _ paragraphs: [ExtractedContent.Paragraph],
        dropped: inout [ExtractedContent.Dropped]
    ) -> [ExtractedContent.Paragraph] {
        paragraphs.filter { p in
            if let reason = ArticleReader.furnitureReason(ofParagraph: p.text) ?? paywallReason(p.text)
                ?? (isDateLine(p.text) ? .byline : nil)
            {
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
        let words = [
            "published", "updated", "posted", "last", "modified", "january", "february", "march", "april", "may",
            "june",
            "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul",
            "aug", "sept", "sep", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday",
            "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "a.m", "p.m", "am",
            "pm",
            "gmt", "utc", "jst", "kst", "et", "est", "edt", "pt", "pst", "pdt", "ist", "bst", "cet", "on", "at",
        ]
        return Set(words + words.map { $0 + "." })
    }()

    /// Prompts to pay, subscribe, log in or read on in an app: short paragraphs with that vocabulary.
    static func paywallReason(_ text: String) -> DropReason? {
        guard text.unicodeScalars.count <= 200 else { return nil }
        let lower = Array(text.lowercased().utf8)
        return paywallPrompts.contains(where: { ByteSearch.contains(lower, $0) }) ? .paywall : nil
    }

    static let paywallPrompts: [[UInt8]] = [
        "subscribe to", "subscribers only", "sign up for", "sign up to", "log in to", "already a subscriber",
        "register to continue", "to continue reading", "create a free account", "newsletter", "click here to",
        "有料会員", "会員限定", "会員登録", "ログインして", "続きを読む", "続きは", "購読", "この記事は有料",
        "アプリで読む", "無料登録", "お申し込み", "今すぐ登録",
    ].map { Array($0.utf8) }

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
