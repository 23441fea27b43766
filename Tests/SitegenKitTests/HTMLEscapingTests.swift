import Testing

@testable import SitegenKit

@Suite("HTML escaping in templates")
struct HTMLEscapingTests {
    @Test("the five HTML special characters are escaped, everything else kept byte for byte")
    func escapesSpecials() {
        #expect(FastHTMLEscaping.escape(#"<a href="x">Tom & Jerry's</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        #expect(FastHTMLEscaping.escape("Erdoğan – Київ 🙂 e\u{301}") == "Erdoğan – Київ 🙂 e\u{301}")
        #expect(FastHTMLEscaping.escape("") == "")
    }

    @Test("a template override escapes {{value}} and leaves {{{value}}} raw, with no stray blank line")
    func templatesUseIt() throws {
        let site = try TestSite([
            "templates/briefing.mustache": "{{briefing.title}}|{{{briefing.title}}}\n",
            "content/a.md": "---\ntitle: \"<b>Tom & Jerry</b>\"\ndate: 2025-01-01\n---\nBody.\n",
        ])
        _ = try site.built()
        #expect(try site.read("2025/01/01/a/index.html") == "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;|<b>Tom & Jerry</b>\n")
    }
}
