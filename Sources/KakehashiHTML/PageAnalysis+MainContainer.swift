import KakehashiText

/// Step 2: the main container, chosen by text density, links and punctuation, with the article body's marks.
extension PageAnalysis {
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
            guard scored[parent],
                finalScore(parent) >= bestScore * 0.95 || (extra < chars[top] / 4 && linkDensity(parent) < 0.3)
            else { break }
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
                join =
                    (chars[s] >= 80 && density < 0.25)
                    || (chars[s] > 0 && density == 0 && Self.endsSentence(tree.rawText(of: s)))
            }
            if !join && sibling.name == signature.0 && (sibling.attribute("class") ?? "") == signature.1
                && !signature.1.isEmpty
                && density < 0.3 && chars[s] >= 40
            {
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
}
