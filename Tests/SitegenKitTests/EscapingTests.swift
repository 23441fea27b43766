import Foundation
import Testing

@testable import SitegenKit

@Suite("Escaping for XML, JSON and scripts")
struct EscapingTests {
    @Test("a byte set's first member is found as a byte-by-byte scan finds it, sixteen at a time or not, at every offset and length")
    func firstMember() {
        var generator = SystemRandomNumberGenerator()
        let sets: [[UInt8]] = [
            Array(0x00..<0x20) + [0x5D, 0xEF],  // controls and two more, sixteen bytes at a time
            Array(0x00...0x08) + [0x0B, 0x0C] + Array(0x0E..<0x20) + [0x5D, 0xEF],  // CDATA: XML's forbidden controls and two more
            Array(0x00...0x08) + [0x0B, 0x0C] + Array(0x0E..<0x20) + [0x26, 0x3C, 0x3E, 0x22, 0x27, 0xEF],  // XML text
            Array(0x00...0x08) + [0x0A, 0x0B, 0x0C] + Array(0x0E..<0x20),  // controls but tab and CR: byte by byte
            Array(0x00..<0x20) + [0x22, 0x5C],  // JSON
            Array(0x00..<0x20) + [0x26, 0x3C, 0x3E, 0x22, 0x27, 0xEF],  // XML text: controls and six more
            [0x80, 0xFF, 0x00],  // no controls, three bytes, one of them zero
            [0x26, 0x3C, 0x3E, 0x22, 0x27],  // HTML: five
            [0x1F],  // one control byte, not all of them
            Array(0x21...0x29) + [0x5C],  // ten bytes: more than a vector check holds, byte by byte
        ]
        // The sets XML escaping uses check sixteen bytes at a time, tab, line feed and carriage return left out.
        #expect(XMLEscaping.cdataTriggers.checksBlocks)
        #expect(!XMLEscaping.cdataTriggers.contains(0x0A) && XMLEscaping.cdataTriggers.contains(0x0B))
        #expect(ByteSet(sets[1]).checksBlocks && ByteSet(sets[2]).checksBlocks && !ByteSet(sets[3]).checksBlocks)
        for members in sets {
            let set = ByteSet(members)
            for _ in 0..<200 {
                // Mostly letters, members and their neighbours (0x1F/0x20, 0x5C/0x5D) now and then.
                let length = Int.random(in: 0..<70, using: &generator)  // Blocks of sixteen and a tail read again.
                let bytes = (0..<length).map { _ -> UInt8 in
                    switch Int.random(in: 0..<20, using: &generator) {
                    case 0: members.randomElement(using: &generator)!
                    case 1: [0x1F, 0x20, 0x21, 0x5C, 0x5E, 0x7F, 0xEE, 0xF0, 0x81, 0x09, 0x0A, 0x0D].randomElement(using: &generator)!
                    default: UInt8.random(in: 0x61...0x7A, using: &generator)
                    }
                }
                bytes.withUnsafeBufferPointer { buffer in
                    for start in 0...length {
                        let expected = (start..<length).first { members.contains(bytes[$0]) } ?? length
                        #expect(set.firstMember(in: buffer, from: start) == expected, "\(bytes) from \(start)")
                    }
                }
            }
        }
    }

    @Test("HTML the body scan finds fit for CDATA is copied whole, as the checking copy would copy it, at every length and offset")
    func cdataFit() {
        var generator = SystemRandomNumberGenerator()
        // Each byte that unfits a body (`]`, 0xEF, a control XML forbids), and bytes beside them that do not.
        let unfitting: [UInt8] = [0x5D, 0xEF, 0x00, 0x08, 0x0B, 0x0C, 0x0E, 0x1F]
        let fitting: [UInt8] = [0x09, 0x0A, 0x0D, 0x20, 0x3C, 0x3E, 0x5B, 0x5C, 0x5E, 0xEE, 0xF0, 0xBF, 0x61]
        for _ in 0..<400 {
            let length = Int.random(in: 0..<150, using: &generator)  // Groups of 64, blocks of 16 and a tail.
            var bytes = (0..<length).map { _ in fitting.randomElement(using: &generator)! }
            var unfit = false
            if length > 0, Bool.random(using: &generator) {
                bytes[Int.random(in: 0..<length, using: &generator)] = unfitting.randomElement(using: &generator)!
                unfit = true
            }
            let scan = bytes.withUnsafeBytes { BodyScan($0) }
            #expect(scan.fitsCDATA == !unfit, "\(bytes)")
            #expect(scan.isASCII == bytes.allSatisfy { $0 < 0x80 }, "\(bytes)")
            let text = String(decoding: bytes, as: UTF8.self)
            var (copied, checked): ([UInt8], [UInt8]) = ([], [])
            XMLEscaping.cdata(RenderedHTML(text, fitsCDATA: scan.fitsCDATA), into: &copied)
            XMLEscaping.cdata(RenderedHTML(text), into: &checked)
            #expect(copied == checked, "\(bytes)")
        }
    }

    @Test("a rendered body knows whether it fits a CDATA section; one from the cache is checked as it is copied")
    func renderedCDATAFit() {
        let renderer = MarkdownRenderer(unsafeHTML: false)
        #expect(renderer.render("Talks *resumed* in Geneva.\n\n## Next steps").rendered.fitsCDATA)
        #expect(!renderer.render("A [bracketed] aside.").rendered.fitsCDATA)
        #expect(!RenderedHTML("<p>x</p>").fitsCDATA)
    }

    @Test("XML escaping covers the five special characters")
    func xmlSpecials() {
        #expect(XMLEscaping.escape(#"<a href="x">Tom & Jerry's</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;")
    }

    @Test("XML escaping drops characters XML 1.0 forbids and keeps tabs, newlines and non-ASCII text")
    func xmlForbidden() {
        #expect(XMLEscaping.escape("a\u{0}b\u{1}c\u{1F}d\u{FFFE}e\u{FFFF}") == "abcde")
        #expect(XMLEscaping.escape("a\tb\nc\rd") == "a\tb\nc\rd")
        #expect(XMLEscaping.escape("Erdoğan – Київ 🙂") == "Erdoğan – Київ 🙂")
    }

    @Test("script-safe JSON hides <, >, & and line separators yet decodes to the same value")
    func scriptSafeJSON() throws {
        let value = ["headline": "</script><!-- & \u{2028}\u{2029} x", "path": "/a/b/"]
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("headline", value["headline"]!)
        writer.member("path", value["path"]!)
        writer.endObject()
        let json = writer.text
        #expect(!json.contains("<"))
        #expect(!json.contains(">"))
        #expect(!json.contains("&"))
        #expect(!json.contains("\u{2028}"))
        #expect(!json.contains("\u{2029}"))
        #expect(json.contains("\"/a/b/\""))  // Slashes stay readable.
        let decoded = try JSONDecoder().decode([String: String].self, from: Data(json.utf8))
        #expect(decoded == value)
    }

    @Test("a member joined from parts, each escaped as written, is the member of the joined text")
    func jsonJoinedMember() {
        for parts in [[], ["one"], ["a \"b\"", "</script>", "c\u{2028}d", "é\\"]] {
            var joined = JSONWriter()
            joined.beginObject()
            joined.member("keywords", joining: parts, separator: ", ")
            joined.endObject()
            var whole = JSONWriter()
            whole.beginObject()
            whole.member("keywords", parts.joined(separator: ", "))
            whole.endObject()
            #expect(joined.text == whole.text, "\(parts)")
        }
    }

    @Test("JSON objects keep the order they are given, so output is the same on every build")
    func jsonObjectOrder() {
        var writer = JSONWriter()
        writer.beginObject()
        for (name, value) in [("b", "1"), ("a", "2")] {
            writer.key(name)
            writer.encoded(value.utf8)
        }
        writer.key("c")
        writer.beginObject()
        writer.member("z", "1")
        writer.endObject()
        writer.endObject()
        #expect(writer.text == #"{"b":1,"a":2,"c":{"z":"1"}}"#)
    }

    @Test("commas separate members and items at every depth, and never lead or trail")
    func jsonCommas() throws {
        var writer = JSONWriter()
        writer.beginArray()
        writer.beginObject()
        writer.endObject()
        writer.beginObject()
        writer.member("a", "x")
        writer.key("b")
        writer.beginArray()
        writer.string("y")
        writer.beginArray()
        writer.endArray()
        writer.string(RenderedHTML("<p>z</p>"))
        writer.endArray()
        writer.member("c", "w")
        writer.endObject()
        writer.endArray()
        #expect(writer.text == #"[{},{"a":"x","b":["y",[],"\u003cp\u003ez\u003c/p\u003e"],"c":"w"}]"#)
        #expect(try JSONSerialization.jsonObject(with: Data(writer.bytes)) is [Any])
    }

    @Test(
        "JSON string literals round-trip every character",
        arguments: [
            "plain", "quote \" and \\ backslash", "lines\nand\ttabs\r", "\u{0}\u{1}\u{1F}\u{7F}", "</script>&", "Erdoğan 🙂",
            "\u{2028}\u{2029}",
        ])
    func jsonStrings(text: String) throws {
        let literal = JSONText.string(text)
        #expect(!literal.contains("<"))
        let decoded = try JSONDecoder().decode([String].self, from: Data("[\(literal)]".utf8))
        #expect(decoded == [text])
    }

    @Test("a briefing's JSON-LD cannot close its script element and decodes to the briefing's facts")
    func briefingJSONLD() throws {
        let site = try TestSite([
            "site.yml": "title: Desk\nbaseURL: https://desk.example.org/\n",
            "content/x.md": briefing(
                "</script><script>alert(1)</script>", date: "2025-05-16T10:00:00Z",
                "slug: x\ntags: [Kyiv, Erdoğan]\nauthor: A & B\nsources:\n  - name: Wire\n    url: https://wire.example/\n",
                body: "Short body."),
            "templates/briefing.mustache": "<script type=\"application/ld+json\">{{{briefing.jsonLD}}}</script>",
        ])
        try site.built()
        let page = try site.read("2025/05/16/x/index.html")
        #expect(page.components(separatedBy: "</script>").count == 2)
        let json = String(page.dropFirst("<script type=\"application/ld+json\">".count).dropLast("</script>".count))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["@type"] as? String == "NewsArticle")
        #expect(object["headline"] as? String == "</script><script>alert(1)</script>")
        #expect(object["datePublished"] as? String == "2025-05-16T10:00:00Z")
        #expect(object["url"] as? String == "https://desk.example.org/2025/05/16/x/")
        #expect(object["keywords"] as? String == "Kyiv, Erdoğan")
        #expect((object["author"] as? [String: Any])?["name"] as? String == "A & B")
        #expect((object["publisher"] as? [String: Any])?["name"] as? String == "Desk")
        #expect(((object["isBasedOn"] as? [[String: Any]])?.first)?["url"] as? String == "https://wire.example/")
    }

    @Test("titles and summaries are HTML-escaped on pages, while the body stays HTML")
    func pageEscaping() throws {
        let site = try TestSite(
            PlainTheme.site([
                "content/x.md": "---\ntitle: '<i>Tom</i> & \"Jerry\"'\ndate: 2025-05-16\nslug: x\n---\nBody with <b>tag</b> *em*.\n"
            ]))
        try site.built()
        let page = try site.read("2025/05/16/x/index.html")
        #expect(page.contains("title=&lt;i&gt;Tom&lt;/i&gt; &amp; &quot;Jerry&quot;\n"))
        #expect(!page.contains("<i>Tom</i>"))
        #expect(page.contains("content=<p>Body with <!-- raw HTML omitted -->tag<!-- raw HTML omitted --> <em>em</em>.</p>"))
    }

    @Test("with unsafeHTML in site.yml, raw HTML in a body reaches the page")
    func unsafeHTMLSetting() throws {
        let site = try TestSite(
            PlainTheme.site([
                "site.yml": "unsafeHTML: true\n",
                "content/x.md": briefing("X", date: "2025-05-16", body: "Body with <b>tag</b>."),
            ]))
        try site.built()
        #expect(try site.read("2025/05/16/x/index.html").contains("content=<p>Body with <b>tag</b>.</p>"))
    }
}
