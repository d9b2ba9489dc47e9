public import Foundation

/// Streaming TMX 1.4b writer: header, then one `<tu>` at a time, then the footer; nothing is held
/// but the unit being written. Output validates against tmx14.dtd: `version="1.4"`, no namespace,
/// notes and props before the `<tuv>`s, `xml:lang` on every `<tuv>`, dates as `YYYYMMDDThhmmssZ`.
///
/// ```swift
/// let writer = TMXWriter(output: FileHandle.standardOutput, sourceLanguage: "en")
/// try writer.begin(date: latestChange); try writer.write(unit); try writer.finish()
/// ```
/// One writer belongs to one export: it is handed to the thread that streams the units, and
/// used by one thread at a time.
public final class TMXWriter: @unchecked Sendable {
    private let output: FileHandle
    private let sourceLanguage: String
    private var buffer: [UInt8] = []
    public static let toolName = "Kakehashi"
    public static let toolVersion = "0.1.0"

    public init(output: FileHandle, sourceLanguage: String = "en") {
        self.output = output
        self.sourceLanguage = sourceLanguage
        buffer.reserveCapacity(1 << 16)
    }

    private func put(_ s: String) throws {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws {
        if buffer.isEmpty { return }
        try output.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// XML escaping for attribute values: as `escape`, and line ends and tabs as character
    /// references, which attribute-value normalization would otherwise turn into spaces.
    public static func escapeAttribute(_ s: String) -> String {
        escape(s).replacingOccurrences(of: "\n", with: "&#10;").replacingOccurrences(of: "\t", with: "&#9;")
    }

    /// XML escaping for text and attribute values (the five predefined entities only).
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"  // a raw CR would come back as LF (XML end-of-line handling)
            default:
                // Characters XML 1.0 cannot carry at all are dropped.
                if c.value < 0x20 && c != "\t" && c != "\n" && c != "\r" { continue }
                if c.value == 0xFFFE || c.value == 0xFFFF { continue }
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// - Throws: the output's write error.
    public func begin(date: Date) throws {
        try put(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <tmx version="1.4">
            <header creationtool="\(Self.toolName)" creationtoolversion="\(Self.toolVersion)" segtype="sentence" \
            o-tmf="Kakehashi" adminlang="en" srclang="\(Self.escape(sourceLanguage))" datatype="plaintext" \
            creationdate="\(TMXDate.format(date))"/>
            <body>\n
            """)
    }

    /// - Throws: the output's write error.
    public func write(_ unit: TranslationUnit) throws {
        var s = "<tu"
        func attribute(_ name: String, _ value: String?) {
            if let value { s += " \(name)=\"\(Self.escapeAttribute(value))\"" }
        }
        attribute("tuid", unit.tuid)
        attribute("creationdate", unit.creationDate.map(TMXDate.format))
        attribute("changedate", unit.changeDate.map(TMXDate.format))
        attribute("creationid", unit.creationID)
        attribute("changeid", unit.changeID)
        attribute("creationtool", unit.creationTool)
        attribute("creationtoolversion", unit.creationToolVersion)
        for a in unit.attributes where !["tuid", "creationdate", "changedate"].contains(a.name) {
            attribute(a.name, a.value)
        }
        s += ">\n"
        for n in unit.notes { s += note(n) }
        var props: [TMXProp] = [
            TMXProp(type: KakehashiProps.status, value: unit.status.rawValue),
            TMXProp(type: KakehashiProps.relation, value: unit.relation.rawValue),
        ]
        if let c = unit.confidence {
            props.append(TMXProp(type: KakehashiProps.confidence, value: String(format: "%.3f", c)))
        }
        if let m = unit.method { props.append(TMXProp(type: KakehashiProps.method, value: m)) }
        if let c = unit.context { props.append(TMXProp(type: KakehashiProps.context, value: c)) }
        for p in unit.provenance {
            if !p.sourceFile.isEmpty { props.append(TMXProp(type: KakehashiProps.sourceFile, value: p.sourceFile)) }
            if let d = p.document { props.append(TMXProp(type: KakehashiProps.document, value: d)) }
            if let x = p.sentences { props.append(TMXProp(type: KakehashiProps.sentences, value: x)) }
            if let u = p.url { props.append(TMXProp(type: KakehashiProps.url, value: u)) }
        }
        for p in props + unit.props { s += prop(p) }
        // The source language first: some readers (Translate Toolkit 3.8) take the first <tuv>
        // as the source whatever its xml:lang.
        let sourceBase = Variant.baseLanguage(of: sourceLanguage)
        let ordered =
            unit.variants.filter { $0.baseLanguage == sourceBase }
            + unit.variants.filter { $0.baseLanguage != sourceBase }
        for v in ordered {
            s += "  <tuv xml:lang=\"\(Self.escapeAttribute(v.language))\""
            for a in v.attributes { s += " \(a.name)=\"\(Self.escapeAttribute(a.value))\"" }
            s += ">\n"
            for n in v.notes { s += "  " + note(n) }
            for p in v.props { s += "  " + prop(p) }
            s += "    <seg>" + (v.segmentXML ?? Self.escape(v.text)) + "</seg>\n  </tuv>\n"
        }
        s += "</tu>\n"
        try put(s)
    }

    private func prop(_ p: TMXProp) -> String {
        "  <prop type=\"\(Self.escapeAttribute(p.type))\""
            + (p.lang.map { " xml:lang=\"\(Self.escapeAttribute($0))\"" } ?? "") + ">\(Self.escape(p.value))</prop>\n"
    }

    private func note(_ n: TMXNote) -> String {
        "  <note" + (n.lang.map { " xml:lang=\"\(Self.escapeAttribute($0))\"" } ?? "")
            + ">\(Self.escape(n.value))</note>\n"
    }

    /// - Throws: the output's write error.
    public func finish() throws {
        try put("</body>\n</tmx>\n")
        try flush()
    }
}
