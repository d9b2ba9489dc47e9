import Foundation
import Testing
@testable import KakehashiMemory

@Suite("XML tokenizer")
struct XMLTokenizerTests {
    func tokens(_ xml: String) throws -> [XMLTokenizer.Token] {
        let tokenizer = try XMLTokenizer(bytes: Array(xml.utf8), name: "t.xml")
        var out: [XMLTokenizer.Token] = []
        while let t = try tokenizer.next() { out.append(t) }
        return out
    }

    func error(_ xml: String) -> XMLInputError? {
        do { _ = try tokens(xml); return nil } catch let e as XMLInputError { return e } catch { return nil }
    }

    @Test("elements, attributes in order, self-closing tags, text; comments and the declaration skipped")
    func wellFormed() throws {
        let t = try tokens(
            #"<?xml version="1.0"?><!-- c --><tmx version="1.4"><header a="1" b='2'/><body>x</body></tmx>"#)
        #expect(
            t == [
                .start(name: "tmx", attributes: [TMXAttribute("version", "1.4")], selfClosing: false),
                .start(
                    name: "header", attributes: [TMXAttribute("a", "1"), TMXAttribute("b", "2")], selfClosing: true),
                .start(name: "body", attributes: [], selfClosing: false), .text("x"), .end(name: "body"),
                .end(name: "tmx"),
            ])
    }

    @Test("the five predefined entities, character references and CDATA are text; nothing else is resolved")
    func entities() throws {
        let t = try tokens("<a>&lt;&gt;&amp;&quot;&apos;&#x65E5;&#26412;<![CDATA[<b>&amp;]]></a>")
        let text = t.compactMap { if case let .text(s) = $0 { return s } else { return nil } }.joined()
        #expect(text == "<>&\"'日本<b>&amp;")
        #expect(error("<a>&nbsp;</a>")?.message.isEmpty == false)
    }

    @Test("a DOCTYPE with an internal subset (entity declarations: billion laughs, XXE) is refused with its place")
    func internalSubset() {
        let e = error("<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY lol \"lol\">]>\n<tmx/>")
        #expect(e != nil)
        #expect(e?.file == "t.xml" && (e?.line ?? 0) >= 2)
        #expect(error("<!DOCTYPE tmx SYSTEM \"tmx14.dtd\"><tmx/>") == nil)
    }

    @Test(
        "malformed XML: mismatched and unclosed tags, text outside the root, a second root; each with line and column")
    func malformed() {
        for (xml, line) in [
            ("<a>\n<b></a>", 2), ("<a>\n<b>", 2), ("<a/>\ntext", 2), ("<a/><b/>", 1), ("", 1), ("<a x=1/>", 1),
        ] {
            let e = error(xml)
            #expect(e != nil, "\(xml.debugDescription) was accepted")
            #expect(e?.line == line, "\(xml.debugDescription): \(e?.description ?? "")")
            #expect((e?.column ?? 0) >= 1)
        }
    }

    @Test("invalid UTF-8 is an error naming the place, not a crash or a replacement character")
    func invalidUTF8() {
        var bytes = Array("<a>".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("</a>".utf8)
        #expect(throws: XMLInputError.self) {
            let tokenizer = try XMLTokenizer(bytes: bytes, name: "bad.xml")
            while try tokenizer.next() != nil {}
        }
    }
}
