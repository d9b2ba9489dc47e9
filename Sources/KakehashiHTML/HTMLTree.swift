import CHTML

/// A parsed HTML page as a flat tree in document order: element and text nodes with their parent,
/// children and source line. libxml2's lenient HTML parser reads the page (through the CHTML bridge,
/// as SAX events turned into flat records), so a page nested 100,000 levels deep reads without
/// deepening any stack.
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
        /// 1-based line in the page where the element or the text starts.
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

    /// Parses HTML text.
    /// - Throws: `ParseError` when libxml2 gives up (a page over 2 GB, or memory ran out).
    public init(parsing html: String) throws {
        try self.init(parsingUTF8: Array(html.utf8))
    }

    /// Parses HTML given as UTF-8 bytes. Node 0 is the document; the page's elements are below it.
    /// An element keeps its first `AttributeCap.maximum` attributes (256).
    /// - Throws: `ParseError` when libxml2 gives up (a page over 2 GB, or memory ran out).
    public init(parsingUTF8 original: [UInt8]) throws {
        let bytes = AttributeCap.capped(original) ?? original
        let parsed: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chtml_parse($0.baseAddress, $0.count) }
        }
        guard let page = parsed else {
            throw ParseError(description: "the HTML parser gave up (the page is over 2 GB or memory ran out)")
        }
        defer { chtml_free(page) }
        let count = chtml_record_count(page)
        nodes.reserveCapacity(count + 1)
        nodes.append(Node(name: "#document", text: "", attributes: [], parent: -1, children: [], line: 1, depth: 0))
        guard count > 0, let records = chtml_records(page), let strings = chtml_strings(page) else { return }
        let attributeRecords = chtml_attribute_records(page)
        func string(_ offset: UInt32, _ length: UInt32) -> String {
            let start = UnsafeRawPointer(strings + Int(offset)).assumingMemoryBound(to: UInt8.self)
            return String(decoding: UnsafeBufferPointer(start: start, count: Int(length)), as: UTF8.self)
        }
        for k in 0..<count {
            let r = records[k]
            let parent = Int(r.parent) + 1  // record indexes are shifted by the document node
            var attributes: [Attribute] = []
            if r.attributes > 0, let attributeRecords {
                attributes.reserveCapacity(Int(r.attributes))
                for a in Int(r.first_attribute)..<Int(r.first_attribute + r.attributes) {
                    let ar = attributeRecords[a]
                    attributes.append(
                        Attribute(name: string(ar.name, ar.name_length), value: string(ar.value, ar.value_length)))
                }
            }
            let isElement = r.kind == Int32(CHTML_ELEMENT)
            let text = string(r.string, r.length)
            nodes.append(
                Node(
                    name: isElement ? text : "#text", text: isElement ? "" : text, attributes: attributes,
                    parent: parent, children: [], line: Int(r.line), depth: Int(r.depth) + 1))
            nodes[parent].children.append(k + 1)
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

    /// The text under node `index`, its texts separated and whitespace runs collapsed to one space, cut after `limit`
    /// characters (with "…"); it stops reading there, so a huge subtree costs no more than a small one.
    public func collapsedText(of index: Int, limit: Int) -> String {
        var out = ""
        var count = 0
        var space = false
        var stack = [index]
        while let i = stack.popLast() {
            let node = nodes[i]
            if !node.isText { stack.append(contentsOf: node.children.reversed()); continue }
            space = !out.isEmpty  // texts of separate elements (menu items, list entries) stay apart
            for s in node.text.unicodeScalars {
                if s.value <= 0x20 || s.value == 0xA0 || s.value == 0x3000 { space = !out.isEmpty; continue }
                if space { out.unicodeScalars.append(" "); space = false }
                out.unicodeScalars.append(s)
                count += 1
                if count >= limit { return out + "…" }
            }
        }
        return out
    }

    /// The first element named `name` in document order.
    public func first(_ name: String) -> Int? { nodes.firstIndex { $0.name == name } }
}
