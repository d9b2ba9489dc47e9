import CHTML

/// A parsed HTML page as a flat tree in document order: element and text nodes with their parent,
/// children and source line. libxml2's lenient HTML parser builds it (through the CHTML bridge); the
/// walk is iterative, so a page nested 100,000 levels deep reads without deepening the stack.
///
/// ```swift
/// let tree = try HTMLTree(parsing: "<p class=lead>Hello</p>")
/// tree.nodes.first { $0.name == "p" }?.attribute("class")   // "lead"
/// ```
public struct HTMLTree: Sendable {
    /// One element or text node.
    public struct Node: Sendable {
        /// The element name in lower case, or `#text` for text (CDATA included).
        public let name: String
        /// The text of a text node; empty for elements.
        public let text: String
        /// The attributes the reader looks at, in source order (names in lower case).
        public let attributes: [Attribute]
        /// Index of the parent node, -1 for the root.
        public let parent: Int
        public internal(set) var children: [Int]
        /// 1-based line in the page (libxml2 stops counting at 65,535).
        public let line: Int
        /// Depth below the root element.
        public let depth: Int

        public var isText: Bool { name == "#text" }

        /// The value of attribute `name` (lower case), if present.
        public func attribute(_ name: String) -> String? {
            attributes.first { $0.name == name }?.value
        }
    }

    /// One attribute.
    public struct Attribute: Sendable, Equatable {
        public let name: String
        public let value: String
    }

    /// Why a page could not be parsed.
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public private(set) var nodes: [Node] = []

    /// Attributes kept from the page; the others (event handlers, data blobs) are never read.
    static let keptAttributes: Set<String> = [
        "id", "class", "itemprop", "itemtype", "role", "hidden", "aria-hidden", "aria-label", "style", "href", "property",
        "name", "content", "charset", "http-equiv", "rel", "type", "lang", "xml:lang", "datetime", "data-testid",
    ]

    /// Parses UTF-8 HTML.
    public init(parsing html: String) throws {
        var source = html
        let parsed: OpaquePointer? = source.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chtml_parse($0.baseAddress, $0.count) }
        }
        guard let document = parsed else {
            throw ParseError(description: "the HTML parser gave up (the page is over 2 GB or memory ran out)")
        }
        defer { chtml_free(document) }
        guard let root = chtml_root(document) else { return }
        build(from: root)
    }

    private mutating func build(from root: OpaquePointer) {
        // (C node, parent index, depth), pushed in reverse sibling order so nodes come out in document order.
        var stack: [(OpaquePointer, Int, Int)] = [(root, -1, 0)]
        while let (cNode, parent, depth) = stack.popLast() {
            let kind = Int(chtml_kind(cNode))
            let index = nodes.count
            let line = Int(chtml_line(cNode))
            switch kind {
            case Int(CHTML_ELEMENT):
                let name = chtml_name(cNode).map { String(cString: $0).lowercased() } ?? ""
                var attributes: [Attribute] = []
                var a = chtml_first_attribute(cNode)
                while let attribute = a {
                    if let n = chtml_attribute_name(attribute) {
                        let attributeName = String(cString: n).lowercased()
                        if Self.keptAttributes.contains(attributeName) {
                            let value = chtml_attribute_value(attribute).map { String(cString: $0) } ?? ""
                            attributes.append(Attribute(name: attributeName, value: value))
                        }
                    }
                    a = chtml_next_attribute(attribute)
                }
                nodes.append(Node(name: name, text: "", attributes: attributes, parent: parent, children: [], line: line, depth: depth))
                var children: [OpaquePointer] = []
                var c = chtml_first_child(cNode)
                while let child = c { children.append(child); c = chtml_next_sibling(child) }
                for child in children.reversed() { stack.append((child, index, depth + 1)) }
            case Int(CHTML_TEXT), Int(CHTML_CDATA):
                guard let content = chtml_content(cNode) else { continue }
                nodes.append(Node(name: "#text", text: String(cString: content), attributes: [], parent: parent, children: [],
                                  line: line, depth: depth))
            default:
                continue  // comments, processing instructions, entity references
            }
            if parent >= 0 { nodes[parent].children.append(index) }
        }
    }

    /// The text under node `index`, in document order, as written (not collapsed).
    public func rawText(of index: Int) -> String {
        var out = ""
        var stack = [index]
        while let i = stack.popLast() {
            let node = nodes[i]
            if node.isText { out += node.text; continue }
            stack.append(contentsOf: node.children.reversed())
        }
        return out
    }

    /// The first element named `name` in document order.
    public func first(_ name: String) -> Int? { nodes.firstIndex { $0.name == name } }
}
