import CCmarkArena
import Foundation
import Testing

@testable import SitegenKit

private let safe = MarkdownRenderer(unsafeHTML: false)
private let unsafe = MarkdownRenderer(unsafeHTML: true)

/// The reference rendering: the `cmark` command line tool with smart punctuation.
func cmarkCLI(_ markdown: String, unsafe: Bool = false) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/cmark")
    process.arguments = ["--smart"] + (unsafe ? ["--unsafe"] : [])
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(markdown.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

/// `<h2 id="x">` → `<h2>`: the only change sitegen makes to libcmark's HTML.
private func strippingHeadingIDs(_ html: String) -> String {
    html.replacingOccurrences(of: #"<h([1-6]) id="[^"]*">"#, with: "<h$1>", options: .regularExpression)
}

private let sampleDocument = """
    # Talks in Istanbul

    Delegations met at **Dolmabahçe** on 16 May -- the first "direct" talks since 2022...
    It's the *third* attempt.

    ## Who attended

    - Erdoğan's envoy
    - Ukraine's [foreign minister](https://example.org/a?b=1&c=2 "Title")
      * nested `code <b>`

    > A quote with a hard  
    > break.

    1. first
    2. second

    ```swift
    let x = "<tag>"
    ```

    ---

    ![map](map.png)

    ## Who attended

    Setext heading
    --------------

    Text with <span>inline html</span> and an autolink <https://example.org>.

    <div>
    block html
    </div>
    """

@Suite("Markdown rendering")
struct MarkdownRendererTests {
    @Test("a body's hash is the XXH64 of its HTML, made when asked for or kept once made (`hashed`)")
    func hashOfHTML() {
        let body = MarkdownRenderer(unsafeHTML: false).render("# Talks\n\nDelegates met in *Istanbul*.\n")
        let expected = XXHash64.hash(body.html)
        #expect(body.rendered.hash == expected)
        #expect(body.withHashedHTML.rendered.hash == expected)
        #expect(body.withHashedHTML == body)
        #expect(RenderedHTML("<p>x</p>").hashed.hash == XXHash64.hash("<p>x</p>"))
    }

    @Test("apart from heading ids, the HTML is exactly libcmark's with smart punctuation")
    func matchesCmark() throws {
        let rendered = safe.render(sampleDocument)
        #expect(strippingHeadingIDs(rendered.html) == (try cmarkCLI(sampleDocument)))
    }

    @Test("a long body, parsed in libcmark's arena, renders exactly as libcmark does, and the arena shrinks back")
    func longBodyInArena() throws {
        // 1,500 copies: about 1.5 MB, so buffers outgrow the arena's 256 KiB chunks
        // and grow in place or move; links and headings exercise the nodes sitegen adds.
        let long = Array(repeating: sampleDocument, count: 1500).joined(separator: "\n\n")
        let rendered = safe.render(long)
        #expect(strippingHeadingIDs(rendered.html) == (try cmarkCLI(long)))
        #expect(rendered.headingIDs.count == 1500 * safe.render(sampleDocument).headingIDs.count)
        // At most 8 ordinary chunks are kept for the next documents on this
        // thread; the rest of what the document took is freed.
        #expect(cmark_arena_reserved() <= 8 * 256 * 1024)
    }

    @Test("with unsafe HTML on, the HTML is exactly libcmark's --unsafe rendering apart from heading ids")
    func matchesCmarkUnsafe() throws {
        let rendered = unsafe.render(sampleDocument)
        #expect(strippingHeadingIDs(rendered.html) == (try cmarkCLI(sampleDocument, unsafe: true)))
    }

    @Test("quotes, apostrophes, dashes and ellipses become typographic")
    func smartPunctuation() {
        let html = safe.render("\"Hello,\" she said -- it's 1--2 pm... ok---done").html
        #expect(html == "<p>“Hello,” she said – it’s 1–2 pm… ok—done</p>\n")
    }

    @Test("raw HTML is omitted by default")
    func rawHTMLOmitted() {
        let html = safe.render("Hi <script>alert(1)</script>\n\n<div onclick=\"x()\">block</div>\n").html
        #expect(!html.contains("<script"))
        #expect(!html.contains("<div"))
        #expect(html.contains("<!-- raw HTML omitted -->"))
    }

    @Test("raw HTML is kept when the site opts in with unsafeHTML")
    func rawHTMLKept() {
        let html = unsafe.render("Hi <b>bold</b>\n\n<div class=\"box\">block</div>\n").html
        #expect(html.contains("<b>bold</b>"))
        #expect(html.contains("<div class=\"box\">block</div>"))
    }

    @Test("script URLs are dropped from links by default")
    func scriptLinks() {
        let html = safe.render("[click](javascript:alert(1)) [data](data:text/html,x)").html
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("data:text/html"))
    }

    @Test("headings get ids from their text, made unique within the page")
    func headingIDs() {
        let rendered = safe.render("# Intro\n\n## Intro\n\n### Erdoğan's *speech*\n\n# Intro\n\n# !!!\n")
        #expect(rendered.headingIDs == ["intro", "intro-2", "erdogans-speech", "intro-3", "section"])
        #expect(rendered.html.contains("<h1 id=\"intro\">Intro</h1>"))
        #expect(rendered.html.contains("<h2 id=\"intro-2\">Intro</h2>"))
        #expect(rendered.html.contains("<h3 id=\"erdogans-speech\">Erdoğan’s <em>speech</em></h3>"))
    }

    @Test(
        "raw HTML that writes heading tags leaves ids on the right headings and its own tags untouched",
        arguments: [
            ("<h2>Raw</h2>\n\n## Talks\n\n## Ceasefire\n", "talks"),  // a raw tag before the headings
            ("## Talks <h3>inline</h3>\n\n## Ceasefire\n", "talks-inline"),  // one inside a heading
            ("## Talks\n\n<h1>\n\n## Ceasefire\n", "talks"),  // an unclosed one between them
        ])
    func headingIDsBesideRawHeadingTags(_ markdown: String, firstID: String) throws {
        let rendered = unsafe.render(markdown)
        #expect(rendered.headingIDs == [firstID, "ceasefire"])
        #expect(rendered.html.contains("<h2 id=\"\(firstID)\">Talks"))
        #expect(rendered.html.contains("<h2 id=\"ceasefire\">Ceasefire</h2>"))
        #expect(strippingHeadingIDs(rendered.html) == (try cmarkCLI(markdown, unsafe: true)))
        // The raw tags are kept exactly: only tags libcmark wrote for headings get an id.
        #expect(!rendered.html.contains("<h1 id") && !rendered.html.contains("<h3 id"))
        #expect(rendered.html.components(separatedBy: " id=").count == 3)
    }

    @Test("heading tags are found wherever they start, and nothing that only resembles one is")
    func headingTagOffsets() {
        for padding in 0..<40 {
            let (before, between) = (String(repeating: "x", count: padding), String(repeating: "y", count: padding % 7))
            let html = before + "<h2>a</h2><hr /><h7><h<h12>" + between + "<h6>"
            let tags = Array(html.utf8).withUnsafeBytes { BodyScan($0).headingTags }
            #expect(tags == [padding, padding + 27 + padding % 7], "padding \(padding)")
        }
    }

    @Test("in a long text, every heading tag is found at any offset, as a byte-by-byte scan finds them")
    func headingTagsInLongText() {
        // Tags and near misses at every offset within the sixteen-byte blocks the scan reads, and across their edges.
        let pieces = ["<h2>", "<h7>", "<hr />", "<h", "<<h3>", "x", "yz", "<p>", "<h1>", "h2>", "<h6", "\n"]
        var html = ""
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15  // A fixed sequence (xorshift), so a failure repeats.
        for _ in 0..<2_000 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            html += pieces[Int(state % UInt64(pieces.count))]
        }
        let bytes = Array(html.utf8)
        let expected = bytes.indices.filter { at in
            at + 4 <= bytes.count && bytes[at] == UInt8(ascii: "<") && bytes[at + 1] == UInt8(ascii: "h")
                && (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[at + 2]) && bytes[at + 3] == UInt8(ascii: ">")
        }
        for drop in 0..<65 {
            let tail = Array(bytes.dropFirst(drop))
            let found = tail.withUnsafeBytes { BodyScan($0).headingTags }
            #expect(found == expected.filter { $0 >= drop }.map { $0 - drop }, "from byte \(drop)")
        }
        #expect(expected.count > 100)
    }

    @Test("heading tags written as text are escaped, and ids go into the real tags only")
    func headingTagsAsText() throws {
        let markdown = "## The `<h2>` tag\n\nText about <h2> and `<h1>`.\n\n## Next\n"
        let rendered = safe.render(markdown)
        #expect(rendered.headingIDs == ["the-h2-tag", "next"])
        #expect(rendered.html.hasPrefix("<h2 id=\"the-h2-tag\">The <code>&lt;h2&gt;</code> tag</h2>"))
        #expect(strippingHeadingIDs(rendered.html) == (try cmarkCLI(markdown)))
    }

    @Test("forty headings of one name, and numbered ones among them, each get an id of their own, walked or not")
    func manyHeadingIDs() {
        let markdown = (1...40).map { $0 % 7 == 0 ? "## Intro \($0 / 7 + 1)\n\n" : "## Intro\n\n" }.joined()
        for ids in [safe.render(markdown).headingIDs, safe.render(markdown[...], keepingDetails: false).headingIDs] {
            #expect(ids.count == 40 && Set(ids).count == 40)
            #expect(ids.prefix(3) == ["intro", "intro-2", "intro-3"])
        }
        #expect(safe.render(markdown).headingIDs == safe.render(markdown[...], keepingDetails: false).headingIDs)
    }

    @Test("a heading whose slug already carries a number still gets a fresh id")
    func headingIDCollisionWithSuffix() {
        let ids = safe.render("# Intro 2\n\n# Intro\n\n# Intro\n").headingIDs
        #expect(ids == ["intro-2", "intro", "intro-3"])
        #expect(Set(ids).count == ids.count)
    }

    @Test("the first paragraph's plain text is made for a summary when asked for, breaks as spaces, the same body either way")
    func firstParagraph() {
        let markdown = "# Title\n\nTalks *resumed*\nin `Istanbul`.\n\nSecond paragraph.\n"
        let rendered = safe.renderWithFirstParagraph(markdown[...])
        #expect(rendered.firstParagraph == "Talks resumed in Istanbul.")
        #expect(rendered.body == safe.render(markdown))
        #expect(safe.renderWithFirstParagraph("# Only a heading\n\n```\ncode\n```\n").firstParagraph == "")
    }

    @Test("words are counted in text and code, not in markup")
    func wordCount() {
        #expect(safe.render("One **two** three\n\n`four five`\n\n[six](http://x.org/seven)").wordCount == 6)
        #expect(safe.render("").wordCount == 0)
    }

    @Test("words are runs between spaces, tabs and line ends, counted as a plain split would")
    func wordCountMatchesSplit() {
        // Bytes next to the separators' values too (0x08, 0x0B, 0x0C, 0x1F, 0x21, 0xA0 inside U+00A0),
        // and texts long enough to be read eight bytes at a time, with any tail.
        let pieces = [
            "a", "Erdoğan", " ", "  ", "\t", "\n", "\r\n", "x-y", "\u{00A0}", "?", "é", "\u{7F}", "@", "\u{8}", "\u{B}", "\u{C}",
            "\u{1F}", "!", "\u{E}", "Київ",
        ]
        for _ in 0..<4_000 {
            let text = (0..<Int.random(in: 0...60)).map { _ in pieces.randomElement()! }.joined()
            let expected = text.utf8.split(whereSeparator: { [0x20, 0x09, 0x0A, 0x0D].contains($0) }).count
            let counted = text.withCString { MarkdownRenderer.countWords($0) }
            #expect(counted == expected, "\(text.debugDescription)")
        }
    }

    @Test("words are counted from the HTML as from each text's literal: emphasis, code, images, raw HTML, entities, lists")
    func wordCountFromHTMLMatchesLiterals() {
        let literals = MarkdownRenderer(unsafeHTML: false, countsLiterals: true)
        // Pieces that put text next to tags, breaks, code blocks, images (their alt
        // text in a tag, its emphasis not splitting words there) and omitted raw HTML.
        let pieces = [
            "word ", "two words", "*em*", "**strong**", "a*b*c", "`code span`", "``a ` b``", "[link text](http://x.org/ \"t i\")",
            "![alt *te*xt](p.png)", "![](empty.png)", "![a ![b](c) d](e)", "<span>raw words</span>", "&amp; &lt;x&gt; &#10;",
            "\n", "\n\n", "  \n", "\\\n", "\n\n```swift\nlet x = 1 // code\n```\n\n", "\n\n    indented code\n\n",
            "\n\n# Head *line*\n\n", "\n\n- item one\n- item *two*\n\n", "\n\n> quoted `text`\n\n", "\n\n<div>\nblock words\n</div>\n\n",
            "don't \"quote\" -- ...", "Київ", "\u{00A0}", "\t", "x>y<z", "<http://auto.link/x>", "\n\n***\n\n", "1. first\n",
        ]
        for markdown in bodies(of: pieces, upTo: 24, seed: 0x2545_F491_4F6C_DD1D) {
            #expect(safe.render(markdown).wordCount == literals.render(markdown).wordCount, "\(markdown.debugDescription)")
        }
    }

    /// 1,500 bodies of up to `upTo` pieces each, from a fixed sequence (xorshift), so a failure repeats.
    private func bodies(of pieces: [String], upTo count: UInt64, seed: UInt64) -> [String] {
        var state = seed
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        return (0..<1_500).map { _ in (0..<Int(next() % count)).map { _ in pieces[Int(next() % UInt64(pieces.count))] }.joined() }
    }

    @Test("without a walk of the tree, a body's HTML, heading ids and word count are those the walk finds")
    func unwalkedBodyMatchesWalked() {
        let walked = MarkdownRenderer(unsafeHTML: false, countsLiterals: true)
        // Headings with inline markup, escaped and smart-punctuated text, raw HTML (omitted), line
        // breaks and images; bodies with code blocks, images, and the `&`, `%` and `.md` that make
        // the renderer walk the tree first.
        let pieces = [
            "word ", "*em*", "`co de`", "[link](http://x.org/a)", "<span>raw</span>", "a < b > c \"q\" ", "don't -- ...",
            "\n\n## Head *with* `code` and [a link](http://x.org/)\n\n", "\n\n# Talks <b>resumed</b> \"here\"\n\n",
            "\n\nSetext *heading*\nover two lines\n---\n\n", "\n\n### Intro\n\n", "\n\n### Intro\n\n", "\n\n## ![pic *x*](p.png) shown\n\n",
            "\n\n```\ncode block words\n```\n\n", "![alt text](i.png)", "AT&T ", "50% ", "[other](other.md)", "Київ ", "\n",
            "\n\n- item\n- *two*\n\n", "\n\n> quote\n\n", "\n\n#\n\n", "\n\n## `<h2>` tag\n\n", "line  \nbreak ",
        ]
        var unwalkedCount = 0
        for markdown in bodies(of: pieces, upTo: 16, seed: 0x6A09_E667_F3BC_C908) {
            let (fast, reference) = (safe.render(markdown[...], keepingDetails: false), walked.render(markdown))
            #expect(fast.html == reference.html, "\(markdown.debugDescription)")
            #expect(fast.headingIDs == reference.headingIDs, "\(markdown.debugDescription)")
            #expect(fast.wordCount == reference.wordCount, "\(markdown.debugDescription)")
            if !MarkdownSource.mayLinkToContent(markdown[...]) { unwalkedCount += 1 }
        }
        #expect(unwalkedCount > 300)
    }

    @Test("a heading's text is read from its HTML as the tree gives it, or not at all where the HTML cannot tell it")
    func headingTextFromHTML() {
        func text(_ html: String) -> String? {
            Array(html.utf8).withUnsafeBytes { BodyScan.headingText(in: $0, tag: 0) }.map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(text("<h2>The <code>&lt;h2&gt;</code> &quot;tag&quot; &amp; more</h2>\n") == "The <h2> \"tag\" & more")
        #expect(text("<h1>Over\ntwo <em>lines</em><br />\nand <!-- raw HTML omitted -->more</h1>") == "Over two lines and more")
        #expect(text("<h3></h3>") == "")
        #expect(text("<h2>A <img src=\"p.png\" alt=\"pic\" /> b</h2>") == nil)
        #expect(text("<h2>A &copy; b</h2>") == nil)
        #expect(text("<h2>never closed") == nil)
    }

    @Test("a body whose text could link to another briefing is walked, its links offered for rewriting, without details kept")
    func linkingBodyIsWalked() {
        for markdown in ["See [x](other.md).", "See [x](OTHER.MD#top).", "See [x](other%2Emd).", "See [x](other&#46;md)."] {
            #expect(MarkdownSource.mayLinkToContent(markdown[...]))
            var offered: [String] = []
            let rendered = safe.render(markdown[...], keepingDetails: false) { link in
                offered.append(link.destination)
                return "/2025/05/16/other/"
            }
            #expect(offered.count == 1, "\(markdown)")
            #expect(rendered.html.contains("href=\"/2025/05/16/other/\""), "\(markdown)")
        }
    }

    @Test("only `.md` in any case, `&` and `%` make a body's text one that may link to a briefing, anywhere in it")
    func mayLinkToContent() {
        for padding in 0..<40 {
            let before = String(repeating: "a. b", count: padding / 4) + String(repeating: "x", count: padding % 4)
            for (text, expected) in [
                (".md", true), (".MD", true), (".mD", true), ("&", true), ("%", true), (". md", false), (".m", false), ("md.", false),
                (".mx", false), ("plain.", false),
            ] {
                #expect(MarkdownSource.mayLinkToContent((before + text)[...]) == expected, "\(before + text)")
                #expect(MarkdownSource.mayLinkToContent((before + text + " tail text here")[...]) == expected, "\(before + text)")
            }
        }
    }

    @Test("with raw HTML let through, its tags and text are no words")
    func wordCountWithRawHTML() {
        #expect(unsafe.render("<div>\nraw block words\n</div>\n\nOne <b>two</b> three").wordCount == 3)
        #expect(safe.render("<div>\nraw block words\n</div>\n\nOne <b>two</b> three").wordCount == 3)
    }

    @Test("words in HTML are runs of text between spaces and tags, at any offset, as a byte-by-byte count finds them")
    func wordsInLongHTML() {
        let pieces = [
            "<p>", "</p>\n", "<a href=\"x y\">", "</a>", "word", "w", " ", "\t", "\r\n", "&amp;", "<!-- raw HTML omitted -->", "é",
            "<br />\n", "<h2>",
        ]
        var html = ""
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3_000 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            html += pieces[Int(state % UInt64(pieces.count))]
        }
        // Shifted by up to four blocks (the scan's group) with text before it, as in
        // libcmark's HTML, where no `>` stands outside a tag.
        for shift in 0..<65 {
            let bytes = Array((String(repeating: "x", count: shift) + " " + html).utf8)
            var (inside, before, expected) = (false, false, 0)
            for byte in bytes {
                if byte == UInt8(ascii: "<") { inside = true }
                let text = !inside && ![0x3E, 0x20, 0x09, 0x0A, 0x0D].contains(byte)
                if text && !before { expected += 1 }
                if byte == UInt8(ascii: ">") { inside = false }
                before = text
            }
            let counted = bytes.withUnsafeBytes { BodyScan($0).words }
            #expect(counted == expected, "shifted by \(shift)")
            #expect(expected > 500)
        }
    }

    @Test("links and images are listed with their body line")
    func linkList() {
        let rendered = safe.render("Intro\n\nSee [a](other.md).\n\n![pic](img/x.png)\n")
        #expect(
            rendered.links == [
                MarkdownLink(destination: "other.md", line: 3, isImage: false),
                MarkdownLink(destination: "img/x.png", line: 5, isImage: true),
            ])
    }

    @Test("a rewritten link destination reaches the HTML; others stay as written")
    func rewriteLinks() {
        let rendered = safe.render("[a](other.md) [b](https://x.org/)") { link in
            link.destination == "other.md" ? "/2025/05/16/other/" : nil
        }
        #expect(rendered.html == "<p><a href=\"/2025/05/16/other/\">a</a> <a href=\"https://x.org/\">b</a></p>\n")
    }
}

@Suite("Links between content files")
struct ContentLinksTests {
    let links = ContentLinks(urlOfPath: [
        "2025/2025-05-16-talks.md": "/2025/05/16/talks/",
        "2025/05/deep.md": "/2025/05/20/deep/",
        "top.md": "/2025/01/01/top/",
    ])

    @Test("relative .md paths resolve against the linking file's folder")
    func relative() {
        #expect(links.resolve("2025-05-16-talks.md", from: "2025/other.md") == .briefing("/2025/05/16/talks/"))
        #expect(links.resolve("./05/deep.md", from: "2025/other.md") == .briefing("/2025/05/20/deep/"))
        #expect(links.resolve("../top.md", from: "2025/other.md") == .briefing("/2025/01/01/top/"))
        #expect(links.resolve("2025/05/deep.md", from: "top.md") == .briefing("/2025/05/20/deep/"))
    }

    @Test("fragments are kept, queries dropped and percent escapes decoded")
    func fragmentsAndEscapes() {
        #expect(links.resolve("../top.md#who", from: "2025/x.md") == .briefing("/2025/01/01/top/#who"))
        #expect(links.resolve("../top.md?x=1", from: "2025/x.md") == .briefing("/2025/01/01/top/"))
        #expect(links.resolve("2025-05-16-talks%2Emd", from: "2025/x.md") == .briefing("/2025/05/16/talks/"))
    }

    @Test("web, absolute, anchor, mail and non-Markdown links are not content links")
    func notContent() {
        for destination in ["https://x.org/a.md", "/2025/a.md", "#top", "mailto:a@b.org", "img.png", "", "notes.txt"] {
            #expect(links.resolve(destination, from: "2025/x.md") == .notContent)
        }
    }

    @Test("a link to a file that is not published, or above content/, is missing")
    func missing() {
        #expect(links.resolve("nope.md", from: "2025/x.md") == .missing("nope.md"))
        #expect(links.resolve("../../top.md", from: "2025/x.md") == .missing("../../top.md"))
    }

    /// Bodies are rendered as their files are read, before the table exists,
    /// unless a link needs it: any link naming a content file, found or not.
    @Test("before every URL is known, only a link naming a file in content/ waits for the table")
    func withoutTable() {
        for destination in ["../top.md#who", "nope.md", "2025-05-16-talks%2Emd", "./05/deep.md?x=1", "Other.MD"] {
            #expect(ContentLinks.resolveWithoutTable(destination, from: "2025/x.md") == nil, "\(destination)")
        }
        #expect(ContentLinks.resolveWithoutTable("../../top.md", from: "2025/x.md") == .missing("../../top.md"))
        for destination in ["https://x.org/a.md", "/2025/a.md", "#top", "mailto:a@b.org", "img.png", "", "notes.txt"] {
            #expect(ContentLinks.resolveWithoutTable(destination, from: "2025/x.md") == .notContent, "\(destination)")
        }
    }
}
