import Foundation

/// A malformed or refused XML input, with the place (1-based line and column).
public struct XMLInputError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// A streaming XML tokenizer for TMX: reads UTF-8 in 1 MB chunks (memory stays flat whatever the
/// file size), checks well-formedness as it goes, and reports errors with line and column.
///
/// It never resolves an entity beyond XML's five predefined ones and character references: a
/// DOCTYPE with an internal subset (where entities are declared — the "billion laughs" and XXE
/// attacks live there) is refused, and an external DTD is never fetched.
///
/// ```swift
/// let xml = try XMLTokenizer(path: "memory.tmx")
/// while let token = try xml.next() { … }
/// ```
final class XMLTokenizer {
    enum Token: Equatable {
        case start(name: String, attributes: [TMXAttribute], selfClosing: Bool)
        case end(name: String)
        case text(String)
    }

    let file: String
    private var handle: FileHandle?
    private var buffer: [UInt8] = []
    private var pos = 0
    private var eof = false
    private(set) var line = 1
    private(set) var column = 1
    /// Open elements, innermost last.
    private(set) var stack: [String] = []
    private var seenRoot = false
    private var rootClosed = false
    /// Raw capture of consumed bytes (for `<seg>` content verbatim).
    private var capturing = false
    private var captureStart = 0
    private var captured: [UInt8] = []
    static let chunk = 1 << 20

    init(path: String) throws {
        file = path
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw XMLInputError(file: path, line: 1, column: 1, message: "cannot open the file")
        }
        handle = h
        try start()
    }

    init(bytes: [UInt8], name: String) throws {
        file = name
        buffer = bytes
        eof = true
        try start()
    }

    deinit { try? handle?.close() }

    private func start() throws {
        _ = ensure(4)
        if buffer.count >= 2 && ((buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF)) {
            // UTF-16 TMX (allowed by the spec): convert it whole; such files are rare and small.
            var all = buffer
            while !eof {
                if let d = try? handle?.read(upToCount: Self.chunk), !d.isEmpty { all += d } else { eof = true }
            }
            let littleEndian = all[0] == 0xFF
            var units: [UInt16] = []
            units.reserveCapacity(all.count / 2)
            var i = 2
            while i + 1 < all.count {
                units.append(
                    littleEndian ? UInt16(all[i]) | UInt16(all[i + 1]) << 8 : UInt16(all[i]) << 8 | UInt16(all[i + 1]))
                i += 2
            }
            buffer = Array(String(decoding: units, as: UTF16.self).utf8)
            pos = 0
            eof = true
        } else if buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
            pos = 3
        }
    }

    func fail(_ message: String) -> XMLInputError {
        XMLInputError(file: file, line: line, column: column, message: message)
    }

    // MARK: Buffer

    /// Makes at least `n` bytes available from `pos` when the input has them.
    @discardableResult
    private func ensure(_ n: Int) -> Bool {
        while buffer.count - pos < n && !eof {
            if capturing {
                captured.append(contentsOf: buffer[captureStart..<pos])
                captureStart = 0
            }
            if pos > 0 {
                buffer.removeSubrange(0..<pos)
                pos = 0
            }
            if let data = try? handle?.read(upToCount: Self.chunk), !data.isEmpty {
                buffer.append(contentsOf: data)
            } else {
                eof = true
            }
        }
        return buffer.count - pos >= n
    }

    @inline(__always) private func peek(_ offset: Int = 0) -> UInt8? {
        if pos + offset < buffer.count { return buffer[pos + offset] }
        return ensure(offset + 1) ? buffer[pos + offset] : nil
    }

    @inline(__always) private func advance() {
        let b = buffer[pos]
        pos += 1
        if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
    }

    private func hasPrefix(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard ensure(bytes.count) else { return false }
        for (i, b) in bytes.enumerated() where buffer[pos + i] != b { return false }
        return true
    }

    private func skip(_ s: String) { for _ in s.utf8 { advance() } }

    private func skipSpaces() {
        while let b = peek(), b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { advance() }
    }

    /// Starts copying consumed bytes verbatim (the content of a `<seg>`).
    func beginCapture() {
        capturing = true
        captureStart = pos
        captured.removeAll(keepingCapacity: true)
    }

    /// Stops copying and returns what was consumed since `beginCapture`.
    func endCapture() -> String {
        captured.append(contentsOf: buffer[captureStart..<pos])
        capturing = false
        return String(decoding: captured, as: UTF8.self)
    }

    // MARK: Tokens

    /// The next element start, element end or text run; nil at the end of a well-formed document.
    func next() throws -> Token? {
        while true {
            guard let b = peek() else {
                if let open = stack.last { throw fail("unexpected end of file inside <\(open)>") }
                if !seenRoot { throw fail("no root element (empty or not XML)") }
                return nil
            }
            if b != 0x3C {
                let text = try readText()
                if stack.isEmpty {
                    if text.unicodeScalars.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
                        continue
                    }
                    throw fail("text outside the root element")
                }
                return .text(text)
            }
            if hasPrefix("<!--") { try skipComment(); continue }
            if hasPrefix("<?") { try skipProcessingInstruction(); continue }
            if hasPrefix("<![CDATA[") {
                guard !stack.isEmpty else { throw fail("CDATA outside the root element") }
                return .text(try readCDATA())
            }
            if hasPrefix("<!DOCTYPE") { try readDoctype(); continue }
            if hasPrefix("<!ENTITY") || hasPrefix("<!") {
                throw fail("markup declarations are refused (entities are never declared or resolved)")
            }
            if hasPrefix("</") { return try readEndTag() }
            return try readStartTag()
        }
    }

    private func readName() throws -> String {
        var bytes: [UInt8] = []
        while let b = peek() {
            let isNameByte =
                (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
                || b == 0x5F || b == 0x3A || b == 0x2D || b == 0x2E || b >= 0x80
            if !isNameByte { break }
            if bytes.isEmpty && ((b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E) {
                throw fail("a name cannot start with '\(Character(Unicode.Scalar(b)))'")
            }
            bytes.append(b)
            advance()
            if bytes.count > 256 { throw fail("name too long") }
        }
        guard !bytes.isEmpty else { throw fail("expected a name") }
        return try utf8(bytes)
    }

    private func utf8(_ bytes: [UInt8]) throws -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw fail("bytes that are not UTF-8 (TMX must be UTF-8 or UTF-16)")
        }
        return s
    }

    /// The most attributes one element may carry.
    static let maximumAttributes = 256

    private func readStartTag() throws -> Token {
        if rootClosed { throw fail("content after the root element") }
        advance()  // <
        let name = try readName()
        var attributes: [TMXAttribute] = []
        var names = Set<String>()
        while true {
            skipSpaces()
            guard let b = peek() else { throw fail("unexpected end of file in <\(name)>") }
            if b == 0x3E { advance(); break }
            if b == 0x2F {
                advance()
                guard peek() == 0x3E else { throw fail("expected '>' after '/' in <\(name)>") }
                advance()
                if stack.isEmpty {
                    if seenRoot { throw fail("a second root element") }; seenRoot = true; rootClosed = true
                }
                return .start(name: name, attributes: attributes, selfClosing: true)
            }
            let attributeName = try readName()
            skipSpaces()
            guard peek() == 0x3D else { throw fail("expected '=' after attribute \(attributeName)") }
            advance()
            skipSpaces()
            guard let quote = peek(), quote == 0x22 || quote == 0x27 else {
                throw fail("attribute value must be quoted")
            }
            advance()
            let value = try readUntil(quote, attribute: true)
            advance()
            // Duplicates are found in a set (linear in the attributes); TMX elements have a dozen
            // attributes at most, so more than `maximumAttributes` is hostile.
            guard names.insert(attributeName).inserted else { throw fail("duplicate attribute \(attributeName)") }
            guard attributes.count < Self.maximumAttributes else {
                throw fail("more than \(Self.maximumAttributes) attributes on <\(name)>")
            }
            attributes.append(TMXAttribute(attributeName, value))
        }
        if stack.isEmpty {
            if seenRoot { throw fail("a second root element") }
            seenRoot = true
        }
        stack.append(name)
        if stack.count > 64 { throw fail("elements nested too deeply") }
        return .start(name: name, attributes: attributes, selfClosing: false)
    }

    private func readEndTag() throws -> Token {
        skip("</")
        let name = try readName()
        skipSpaces()
        guard peek() == 0x3E else { throw fail("expected '>' in </\(name)>") }
        advance()
        guard let open = stack.last else { throw fail("</\(name)> closes nothing") }
        guard open == name else { throw fail("</\(name)> does not match <\(open)>") }
        stack.removeLast()
        if stack.isEmpty { rootClosed = true }
        return .end(name: name)
    }

    /// Character data up to the next '<' (or the closing quote of an attribute), entities decoded.
    private func readText() throws -> String {
        try readUntil(0x3C, attribute: false)
    }

    private func readUntil(_ stop: UInt8, attribute: Bool) throws -> String {
        var bytes: [UInt8] = []
        while let b = peek() {
            if b == stop { return try utf8(bytes) }
            if attribute && b == 0x3C { throw fail("'<' inside an attribute value") }
            if b == 0x26 {
                bytes.append(contentsOf: try readReference())
                continue
            }
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D {
                throw fail("control character U+\(String(b, radix: 16)) is not allowed in XML")
            }
            if b == 0x0D {
                // XML end-of-line handling: CR LF and lone CR become LF, and in an attribute
                // value every line end becomes a space (attribute-value normalization).
                advance()
                if peek() == 0x0A { continue }
                bytes.append(attribute ? 0x20 : 0x0A)
                continue
            }
            if attribute && (b == 0x09 || b == 0x0A) { bytes.append(0x20); advance(); continue }
            if !attribute && b == 0x5D && hasPrefix("]]>") { throw fail("']]>' is not allowed in text") }
            bytes.append(b)
            advance()
        }
        if attribute { throw fail("unexpected end of file in an attribute value") }
        return try utf8(bytes)
    }

    /// `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and `&#N;` / `&#xH;`; any other entity is refused.
    private func readReference() throws -> [UInt8] {
        advance()  // &
        var name: [UInt8] = []
        while let b = peek(), b != 0x3B {
            if name.count > 12 || b == 0x3C || b == 0x26 || b == 0x20 {
                throw fail("'&' must start an entity or character reference (write &amp;)")
            }
            name.append(b)
            advance()
        }
        guard peek() == 0x3B else { throw fail("unterminated reference") }
        advance()
        let s = String(decoding: name, as: UTF8.self)
        switch s {
        case "lt": return [0x3C]
        case "gt": return [0x3E]
        case "amp": return [0x26]
        case "quot": return [0x22]
        case "apos": return [0x27]
        default:
            if s.hasPrefix("#") {
                let digits = s.dropFirst()
                let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                guard let v = value, let scalar = Unicode.Scalar(v),
                    v == 0x09 || v == 0x0A || v == 0x0D || (v >= 0x20 && v != 0xFFFE && v != 0xFFFF)
                else {
                    throw fail("character reference &\(s); is not a valid XML character")
                }
                return Array(String(scalar).utf8)
            }
            throw fail(
                "entity &\(s); is not one of XML's five predefined entities; declared entities are never resolved")
        }
    }

    private func readCDATA() throws -> String {
        skip("<![CDATA[")
        var bytes: [UInt8] = []
        while true {
            guard let b = peek() else { throw fail("unterminated CDATA section") }
            if b == 0x5D && hasPrefix("]]>") { skip("]]>"); return try utf8(bytes) }
            bytes.append(b)
            advance()
        }
    }

    private func skipComment() throws {
        skip("<!--")
        while true {
            guard peek() != nil else { throw fail("unterminated comment") }
            if hasPrefix("-->") { skip("-->"); return }
            advance()
        }
    }

    private func skipProcessingInstruction() throws {
        let isDeclaration = hasPrefix("<?xml ") || hasPrefix("<?xml\t")
        var bytes: [UInt8] = []
        skip("<?")
        while true {
            guard let b = peek() else { throw fail("unterminated processing instruction") }
            if hasPrefix("?>") { skip("?>"); break }
            bytes.append(b)
            advance()
        }
        if isDeclaration {
            let decl = String(decoding: bytes, as: UTF8.self).lowercased()
            if let r = decl.range(of: "encoding") {
                let rest = decl[r.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
                let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
                if !["utf-8", "utf8", "utf-16", "utf16", "us-ascii", "ascii"].contains(String(name)) {
                    throw fail(
                        "encoding \(name) is not supported; TMX files must be UTF-8 or UTF-16 (convert with iconv)")
                }
            }
        }
    }

    /// A DOCTYPE naming an external DTD is accepted and ignored (never fetched); one with an
    /// internal subset is refused, since that is where entities would be declared.
    private func readDoctype() throws {
        if seenRoot { throw fail("DOCTYPE after the root element") }
        skip("<!DOCTYPE")
        var quote: UInt8? = nil
        while true {
            guard let b = peek() else { throw fail("unterminated DOCTYPE") }
            if let q = quote {
                if b == q { quote = nil }
            } else if b == 0x22 || b == 0x27 {
                quote = b
            } else if b == 0x5B {
                throw fail(
                    "DOCTYPE with an internal subset refused: declared entities (XXE, \"billion laughs\") are never processed"
                )
            } else if b == 0x3E {
                advance()
                return
            }
            advance()
        }
    }
}
