import KakehashiText

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
}
