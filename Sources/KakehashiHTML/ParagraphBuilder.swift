import KakehashiText

/// Collects text into paragraphs: whitespace collapsed (a line break between two CJK characters
/// vanishes), `<br>` a line break and two of them a paragraph break, a blank line inside a text a
/// paragraph break. Each paragraph keeps the source line it starts on. Works on UTF-8 bytes: the
/// texts come from the parser as valid UTF-8.
struct ParagraphBuilder {
    /// Paragraphs finished since the last `endParagraph`, with their first lines.
    var finished: [(text: [UInt8], line: Int)] = []
    /// The paragraph being built and its first line.
    var current: [UInt8] = []
    var currentLine = 0
    /// The last character written (a scalar value), 0 for none.
    var lastScalar: UInt32 = 0
    var pendingSpace = false
    var pendingNewline = false
    var breaks = 0
    var heading = false
    var preDepth = 0

    static func isSpace(_ s: Unicode.Scalar) -> Bool { isSpace(s.value) }

    static func isSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default: return false
        }
    }

    mutating func append(_ raw: String, line: Int, preformatted: Bool) {
        var raw = raw
        raw.withUTF8 { append(bytes: $0, line: line, preformatted: preformatted) }
    }

    mutating func append(bytes b: UnsafeBufferPointer<UInt8>, line: Int, preformatted: Bool) {
        var newlines = 0
        var blankRun = 0
        var i = 0
        let n = b.count
        while i < n {
            // Decode one scalar (the parser's text is valid UTF-8).
            let lead = b[i]
            var v = UInt32(lead)
            var length = 1
            if lead >= 0xF0, i + 3 < n {
                v =
                    (UInt32(lead & 0x07) << 18) | (UInt32(b[i + 1] & 0x3F) << 12) | (UInt32(b[i + 2] & 0x3F) << 6)
                    | UInt32(b[i + 3] & 0x3F);
                length = 4
            } else if lead >= 0xE0, i + 2 < n {
                v = (UInt32(lead & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F); length = 3
            } else if lead >= 0xC0, i + 1 < n {
                v = (UInt32(lead & 0x1F) << 6) | UInt32(b[i + 1] & 0x3F); length = 2
            }
            let bytes = UnsafeBufferPointer(rebasing: b[i..<min(n, i + length)])
            i += length
            let newline = v == 0x0A
            if newline { newlines += 1 }
            if preformatted {
                if newline { if !current.isEmpty { current.append(0x0A); lastScalar = 0x0A }; continue }
                if current.isEmpty { currentLine = line + newlines }
                current.append(contentsOf: bytes); lastScalar = v
                continue
            }
            if Self.isSpace(v) {
                if newline { blankRun += 1; pendingNewline = true }
                pendingSpace = true
                continue
            }
            if blankRun >= 2 { startPart() }
            blankRun = 0
            if current.isEmpty {
                currentLine = line + newlines
            } else if pendingSpace, lastScalar != 0, lastScalar != 0x0A {
                if !(pendingNewline && ScriptClass.joinsAcrossSourceLines(lastScalar)
                    && ScriptClass.joinsAcrossSourceLines(v))
                {
                    current.append(0x20)
                }
            }
            current.append(contentsOf: bytes); lastScalar = v
            pendingSpace = false; pendingNewline = false
            breaks = 0
        }
        if blankRun >= 2 { startPart() }
    }

    /// Starts a new paragraph (the open one, if it has text, is kept).
    mutating func startPart() {
        if !current.isEmpty { finished.append((current, currentLine)); current = []; lastScalar = 0 }
        pendingSpace = false; pendingNewline = false
    }

    mutating func lineBreak() {
        breaks += 1
        if breaks >= 2 { startPart(); return }
        if !current.isEmpty && lastScalar != 0x0A { current.append(0x0A); lastScalar = 0x0A }
        pendingSpace = false; pendingNewline = false
    }

    /// Ends the paragraphs being built, adding them to `out`.
    mutating func endParagraph(into out: inout ExtractedContent, title: String?) {
        startPart()
        defer { finished.removeAll(keepingCapacity: true); breaks = 0; heading = false }
        for (part, line) in finished {
            var paragraph = String(decoding: part, as: UTF8.self)
            if part.contains(0x0A) {
                paragraph = paragraph.split(separator: "\n").map { $0.trimmedWhitespace }.filter { !$0.isEmpty }.joined(
                    separator: "\n")
            }
            if let last = paragraph.unicodeScalars.last, Self.isSpace(last) { paragraph = paragraph.trimmedWhitespace }
            guard !paragraph.isEmpty else { continue }
            if let title, heading, PageMetadata.collapsed(paragraph) == title { continue }
            out.paragraphs.append(.init(text: paragraph, line: line, isHeading: heading))
        }
    }

}
