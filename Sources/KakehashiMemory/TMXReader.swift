import Foundation

/// The `<header>` of a TMX file.
public struct TMXHeader: Sendable, Equatable {
    public var attributes: [TMXAttribute] = []
    public var sourceLanguage: String? { attributes.first { $0.name == "srclang" }?.value }
}

/// The x- props Kakehashi writes for what it knows about a unit; on import they go back into the
/// unit's fields, so a round trip through TMX gives the same unit.
enum KakehashiProps {
    static let status = "x-status"
    static let confidence = "x-alignment-score"
    static let method = "x-alignment-method"
    static let context = "x-context"
    static let sourceFile = "x-source-file"
    static let document = "x-document"
    static let sentences = "x-sentences"
    static let url = "x-source-url"
    /// `translation`, `partial` or `related`; a unit without it is a translation.
    static let relation = "x-relation"
    static let all: Set<String> = [status, confidence, method, context, sourceFile, document, sentences, url, relation]
}

/// Streaming TMX 1.4b reader: calls `body` with each `<tu>` as it is read, so memory stays flat.
/// Languages come from `xml:lang` (or the deprecated `lang`), never from the position of a `<tuv>`;
/// a `<tu>` with more than two `<tuv>` is kept whole; inline codes (bpt, ept, it, ph, hi, sub, ut)
/// are kept as the segment's XML; unknown props and attributes are kept.
///
/// ```swift
/// let header = try TMXReader.read(path: "in.tmx") { unit in try inserter.add(unit) }
/// ```
/// Malformed XML throws `XMLInputError` with the line and column.
public enum TMXReader {
    /// Reads the TMX file at `path` as a stream, handing `body` each unit in order; returns the header.
    /// - Throws: `XMLInputError` naming the file, line and column for a file that cannot be read or
    ///   is not well-formed or hostile TMX (entities, over-deep or huge elements); or what `body` throws.
    public static func read(path: String, _ body: (TranslationUnit) throws -> Void) throws -> TMXHeader {
        try read(XMLTokenizer(path: path)) { unit, _ in try body(unit) }
    }

    /// `read(path:)` with the line of each unit's `<tu>` tag.
    /// - Throws: as `read(path:_:)`.
    public static func read(path: String, withLines body: (TranslationUnit, Int) throws -> Void) throws -> TMXHeader {
        try read(XMLTokenizer(path: path), body)
    }

    /// - Throws: as `read(path:_:)`, naming `name`.
    public static func read(bytes: [UInt8], name: String, _ body: (TranslationUnit) throws -> Void) throws -> TMXHeader
    {
        try read(XMLTokenizer(bytes: bytes, name: name)) { unit, _ in try body(unit) }
    }

    static let tuAttributeColumns: Set<String> = [
        "tuid", "creationdate", "changedate", "creationid", "changeid",
        "creationtool", "creationtoolversion",
    ]

    static func read(_ xml: XMLTokenizer, _ body: (TranslationUnit, Int) throws -> Void) throws -> TMXHeader {
        let units = TMXUnitStream(xml)
        while let (unit, line) = try units.next() { try body(unit, line) }
        return units.header
    }

    static func skipElement(_ xml: XMLTokenizer, _ name: String) throws {
        var depth = 1
        while let token = try xml.next() {
            switch token {
            case .start(_, _, let empty): if !empty { depth += 1 }
            case .end: depth -= 1; if depth == 0 { return }
            case .text: break
            }
        }
        throw xml.fail("unexpected end of file inside <\(name)>")
    }

    static func readTU(_ xml: XMLTokenizer, _ attributes: [TMXAttribute]) throws -> TranslationUnit {
        var unit = TranslationUnit(variants: [], status: .imported)
        for a in attributes {
            switch a.name {
            case "tuid": unit.tuid = a.value
            case "creationdate": unit.creationDate = TMXDate.parse(a.value)
            case "changedate": unit.changeDate = TMXDate.parse(a.value)
            case "creationid": unit.creationID = a.value
            case "changeid": unit.changeID = a.value
            case "creationtool": unit.creationTool = a.value
            case "creationtoolversion": unit.creationToolVersion = a.value
            default: unit.attributes.append(a)
            }
        }
        var props: [TMXProp] = []
        while let token = try xml.next() {
            switch token {
            case .start("prop", let attrs, let empty):
                props.append(
                    TMXProp(
                        type: attrs.first { $0.name == "type" }?.value ?? "", lang: language(attrs),
                        value: empty ? "" : try readText(xml, "prop")))
            case .start("note", let attrs, let empty):
                unit.notes.append(TMXNote(lang: language(attrs), value: empty ? "" : try readText(xml, "note")))
            case .start("tuv", let attrs, let empty):
                if let v = try readTUV(xml, attrs, empty: empty) { unit.variants.append(v) }
            case .start(let name, _, let empty):
                if !empty { try skipElement(xml, name) }
            case .end("tu"):
                applyKakehashiProps(props, to: &unit)
                return unit
            case .end(let name):
                throw xml.fail("unexpected </\(name)>")
            case .text:
                break
            }
        }
        throw xml.fail("unexpected end of file inside <tu>")
    }

    /// Moves Kakehashi's own x- props into the unit's fields; keeps every other prop verbatim.
    static func applyKakehashiProps(_ props: [TMXProp], to unit: inout TranslationUnit) {
        var current: Provenance? = nil
        for p in props {
            switch p.type {
            case KakehashiProps.status: unit.status = UnitStatus(rawValue: p.value) ?? .imported
            case KakehashiProps.confidence: unit.confidence = Double(p.value).map { min(1, max(0, $0)) }
            case KakehashiProps.method: unit.method = p.value
            // An unknown relation is not offered for reuse.
            case KakehashiProps.relation: unit.relation = UnitRelation(rawValue: p.value.lowercased()) ?? .related
            case KakehashiProps.context: unit.context = p.value
            case KakehashiProps.sourceFile:
                if let c = current { unit.provenance.append(c) }
                current = Provenance(sourceFile: p.value)
            case KakehashiProps.document: current?.document = p.value
            case KakehashiProps.sentences: current?.sentences = p.value
            case KakehashiProps.url:
                if current == nil { current = Provenance(sourceFile: "") }
                current?.url = p.value
            default: unit.props.append(p)
            }
        }
        if let c = current { unit.provenance.append(c) }
    }

    private static func language(_ attributes: [TMXAttribute]) -> String? {
        attributes.first { $0.name == "xml:lang" }?.value ?? attributes.first { $0.name == "lang" }?.value
    }

    private static func readText(_ xml: XMLTokenizer, _ name: String) throws -> String {
        var text = ""
        while let token = try xml.next() {
            switch token {
            case .text(let t): text += t
            case .start(let n, _, _): throw xml.fail("<\(n)> is not allowed inside <\(name)>")
            case .end: return text
            }
        }
        throw xml.fail("unexpected end of file inside <\(name)>")
    }

    private static func readTUV(_ xml: XMLTokenizer, _ attributes: [TMXAttribute], empty: Bool) throws -> Variant? {
        guard let lang = language(attributes), !lang.isEmpty else {
            throw xml.fail("<tuv> without xml:lang: its language cannot be known (never guessed from position)")
        }
        var variant = Variant(
            language: lang, text: "",
            attributes: attributes.filter { $0.name != "xml:lang" && $0.name != "lang" })
        if empty { return nil }
        var sawSeg = false
        while let token = try xml.next() {
            switch token {
            case .start("prop", let attrs, let e):
                variant.props.append(
                    TMXProp(
                        type: attrs.first { $0.name == "type" }?.value ?? "", lang: language(attrs),
                        value: e ? "" : try readText(xml, "prop")))
            case .start("note", let attrs, let e):
                variant.notes.append(TMXNote(lang: language(attrs), value: e ? "" : try readText(xml, "note")))
            case .start("seg", _, let e):
                // TMX 1.4b: a <tuv> holds exactly one <seg>.
                if sawSeg { throw xml.fail("a <tuv> holds exactly one <seg>; this one has a second") }
                sawSeg = true
                if !e { try readSeg(xml, into: &variant) }
            case .start(let name, _, let e):
                if !e { try skipElement(xml, name) }
            case .end("tuv"):
                return sawSeg ? variant : nil
            case .end(let name):
                throw xml.fail("unexpected </\(name)>")
            case .text:
                break
            }
        }
        throw xml.fail("unexpected end of file inside <tuv>")
    }

    /// Inline elements whose content is native code, not text.
    static let codeElements: Set<String> = ["bpt", "ept", "it", "ph", "ut", "sub"]
    static let inlineElements: Set<String> = ["bpt", "ept", "it", "ph", "ut", "sub", "hi"]

    private static func readSeg(_ xml: XMLTokenizer, into variant: inout Variant) throws {
        xml.beginCapture()
        var plain = ""
        var codeDepth = 0
        var hasMarkup = false
        var openBpt: [String] = []
        var eptIDs: [String] = []
        while let token = try xml.next() {
            switch token {
            case .text(let t):
                if codeDepth == 0 { plain += t }
            case .start(let name, let attrs, let empty):
                guard inlineElements.contains(name) else { throw xml.fail("<\(name)> is not allowed inside <seg>") }
                hasMarkup = true
                if name == "bpt" { openBpt.append(attrs.first { $0.name == "i" }?.value ?? "") }
                if name == "ept" { eptIDs.append(attrs.first { $0.name == "i" }?.value ?? "") }
                if codeElements.contains(name) && !empty { codeDepth += 1 }
            case .end("seg"):
                let raw = xml.endCapture()
                variant.text = plain
                if hasMarkup {
                    // Keep the markup only when bpt and ept pair up (TMX 1.4b §3.4); otherwise
                    // keep the plain text, so the export stays valid.
                    let paired = openBpt.sorted() == eptIDs.sorted()
                    if paired, let close = raw.range(of: "</seg", options: .backwards) {
                        variant.segmentXML = String(raw[..<close.lowerBound])
                    }
                }
                return
            case .end(let name):
                if codeElements.contains(name) { codeDepth -= 1 }
            }
        }
        throw xml.fail("unexpected end of file inside <seg>")
    }
}

/// A TMX file's units pulled one at a time (`next()`), for a caller that writes each batch with
/// an `await` between reads: the same reading and the same errors as `TMXReader.read`.
///
/// ```swift
/// let units = try TMXUnitStream(path: "in.tmx")
/// while let (unit, line) = try units.next() { … }
/// ```
package final class TMXUnitStream {
    private let xml: XMLTokenizer
    /// The file's `<header>`, once `next()` has passed it.
    package private(set) var header = TMXHeader()
    private var started = false, inBody = false, sawBody = false, finished = false

    /// - Throws: `XMLInputError` naming the file when it cannot be read.
    package convenience init(path: String) throws {
        self.init(try XMLTokenizer(path: path))
    }

    init(_ xml: XMLTokenizer) { self.xml = xml }

    /// The next `<tu>` and the line of its tag; nil after `</tmx>`.
    /// - Throws: `XMLInputError` with the line and column of malformed or hostile TMX.
    package func next() throws -> (unit: TranslationUnit, line: Int)? {
        if finished { return nil }
        if !started {
            started = true
            guard case .start(let root, let rootAttributes, let rootEmpty)? = try xml.next(), root == "tmx" else {
                throw xml.fail("the root element must be <tmx>")
            }
            if let version = rootAttributes.first(where: { $0.name == "version" })?.value, !version.hasPrefix("1.") {
                throw xml.fail("TMX version \(version) is not supported (1.1–1.4)")
            }
            if rootEmpty { finished = true; return nil }
        }
        while true {
            if inBody, let unit = try nextInBody() { return unit }
            if try !nextBody() { return nil }
        }
    }

    /// Reads on from outside `<body>` to the next `<body>` (true) or the end of `<tmx>` (false).
    private func nextBody() throws -> Bool {
        while let token = try xml.next() {
            switch token {
            case .start("header", let attributes, let empty):
                header.attributes = attributes
                if !empty { try TMXReader.skipElement(xml, "header") }
            case .start("body", _, let empty):
                sawBody = true
                if !empty { inBody = true; return true }
            case .start(let name, _, let empty):
                if !empty { try TMXReader.skipElement(xml, name) }
            case .end("tmx"):
                if !sawBody { throw xml.fail("<tmx> has no <body>") }
                // Anything after the root is checked by the tokenizer.
                while try xml.next() != nil {}
                finished = true
                return false
            case .text(let t):
                if !t.allSatisfy(\.isWhitespace) { throw xml.fail("text directly inside <tmx>") }
            case .end(let name):
                throw xml.fail("unexpected </\(name)>")
            }
        }
        throw xml.fail("unexpected end of file")
    }

    /// The next `<tu>` of the open `<body>`, or nil at `</body>`.
    private func nextInBody() throws -> (unit: TranslationUnit, line: Int)? {
        while let token = try xml.next() {
            switch token {
            case .start("tu", let attributes, let empty):
                let line = xml.line
                return (empty ? TranslationUnit(variants: []) : try TMXReader.readTU(xml, attributes), line)
            case .start(let name, _, let empty):
                if !empty { try TMXReader.skipElement(xml, name) }
            case .end("body"):
                inBody = false
                return nil
            case .end(let name):
                throw xml.fail("unexpected </\(name)>")
            case .text:
                break
            }
        }
        throw xml.fail("unexpected end of file inside <body>")
    }
}
