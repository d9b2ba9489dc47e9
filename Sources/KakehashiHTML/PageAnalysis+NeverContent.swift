import KakehashiText

/// Step 1: subtrees that are never content (scripts, navigation, forms, hidden, boilerplate) are removed.
extension PageAnalysis {
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
                || node.attribute("style").map(Self.hiddenByStyle) == true
            {
                reason = .hidden
            } else if kinds[i].contains(.region)
                || node.attribute("role").map({ Self.regionRoles.contains($0.lowercased()) }) == true
            {
                reason = raw[i] * 2 > total && name != "menu" ? nil : .pageRegion
            } else if name == "form" {
                reason = raw[i] * 2 > total ? nil : .pageRegion
            } else if name == "header" {
                reason = raw[i] * 4 > total ? nil : .pageRegion
            } else if byClass, name != "body", name != "html", name != "main", name != "article",
                raw[i] * 5 < total * 2,
                !bodyMarked[i], classWords[i].contains(where: Self.furnitureWords.contains)
            {
                reason = .furnitureContainer
            }
            if var reason {
                // A region, dialog or container that is a consent banner or a paywall says so by its class or id.
                if reason == .pageRegion || reason == .furnitureContainer || reason == .hidden {
                    let words = classWords[i]
                    if words.contains(where: Self.consentWords.contains) {
                        reason = .cookieBanner
                    } else if reason != .hidden,
                        words.contains(
                            where: (reason == .furnitureContainer ? Self.accountWords : Self.paywallWords).contains)
                    {
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
                        n +=
                            (b >= 0xE3 && b <= 0xE9) || (b >= 0xEA && b <= 0xED && !(b == 0xEA && bytes[i + 1] < 0xB0))
                            ? 2 : 1
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
}
