import Foundation
import Testing

@testable import SitegenKit

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Script payloads for every context a front-matter value can reach: HTML text
/// and attributes, `<script type="application/ld+json">`, XML, JSON, URLs.
private let payloads = [
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(2)>", "'><svg onload=alert(3)>", "</script><script>alert(4)</script>",
    "</title><script>alert(5)</script>", "]]><script>alert(6)</script><![CDATA[", "--><script>alert(7)</script><!--",
    "javascript:alert(8)", "data:text/html,<script>alert(9)</script>", "{{site.title}}{{{briefing.content}}}", "\u{2028}\u{2029}",
    "<a href=javascript:alert(10)>x</a>", "&lt;script&gt;alert(11)&lt;/script&gt;", "<iframe srcdoc='<script>alert(12)</script>'>",
]

/// One payload per field: the same payload everywhere would hide a context that drops it.
private func hostileBriefing(date: String, slug: String, linkTo other: String) -> String {
    let all = payloads.joined(separator: " ")
    return """
        ---
        title: \(YAMLText.quoted("Title " + all))
        date: \(date)
        slug: \(slug)
        tags: \(YAMLText.quotedList(payloads.map { "tag " + $0 }))
        summary: \(YAMLText.quoted("Summary " + all))
        author: \(YAMLText.quoted("Author " + all))
        story: \(YAMLText.quoted("story " + all))
        sources:
          - name: \(YAMLText.quoted("Source " + all))
            url: \(YAMLText.quoted("https://example.org/\"><script>alert(13)</script>?q=' onmouseover='alert(14)"))
          - name: \(YAMLText.quoted("Relative " + payloads[1]))
            url: \(YAMLText.quoted("../x\"><img src=x onerror=alert(15)>"))
          - name: \(YAMLText.quoted("Mail " + payloads[0]))
            url: \(YAMLText.quoted("mailto:a@example.org?subject=</script><script>alert(16)</script>"))
        region: \(YAMLText.quoted("Region " + all))
        nested: {list: [\(YAMLText.quoted(payloads[0])), \(YAMLText.quoted(payloads[1]))]}
        ---
        Body <script>alert(17)</script> <img src=x onerror=alert(18)> ]]> --> </script>

        [js](javascript:alert(19)) [JS](JaVaScRiPt:alert(20)) [tab](java\tscript:alert(21)) [entity](javascript&colon;alert(22))
        [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgyMyk8L3NjcmlwdD4=) [vb](vbscript:msgbox(24))
        <javascript:alert(25)> <data:text/html,<script>alert(26)</script>>
        ![img](javascript:alert(27)) ![svg](data:image/svg+xml,<svg/onload=alert(28)>)
        [ref][r] [other](\(other)#"><script>alert(29)</script>) [attr](https://x.example/" onclick="alert(30))

        [r]: javascript:alert(31)

        <div onclick="alert(32)">raw block</div>

        ## Heading <script>alert(33)</script> "quoted" 'single'
        """
}

/// Every output file, checked by its kind; the findings, by path.
private func executableFindings(in site: TestSite) throws -> [String: [String]] {
    var found: [String: [String]] = [:]
    for path in site.outputFiles() {
        let data = try site.data(path)
        let findings: [String]
        switch (path as NSString).pathExtension {
        case "html": findings = ExecutableContent.findings(inHTML: String(decoding: data, as: UTF8.self))
        case "xml" where path.hasSuffix("feed.xml"): findings = ExecutableContent.findings(inAtom: data)
        case "xml": findings = XMLParser(data: data).parse() ? [] : ["does not parse as XML"]
        case "json" where path.hasSuffix("feed.json"): findings = ExecutableContent.findings(inJSONFeed: data)
        case "json": findings = searchIndexFindings(data)
        default: findings = []
        }
        if !findings.isEmpty { found[path] = findings }
    }
    return found
}

/// The search index is data the search page puts into the DOM as text; what it
/// makes links of (URLs and tag slugs) must stay site paths.
private func searchIndexFindings(_ data: Data) -> [String] {
    guard let object = try? JSONSerialization.jsonObject(with: data) else { return ["does not parse as JSON"] }
    var findings: [String] = []
    func visit(_ value: Any) {
        if let array = value as? [Any] {
            // An entry: [url, title, date, [tag slugs], summary].
            if let url = array.first as? String, array.count == 5, !url.hasPrefix("/") || ExecutableContent.isScriptURL(url) {
                findings.append("entry URL \(url)")
            }
            if array.count == 5, let slugs = array[3] as? [String], let bad = slugs.first(where: { Slugger.slug($0) != $0 }) {
                findings.append("tag slug \(bad)")
            }
            array.forEach(visit)
        } else if let dictionary = value as? [String: Any] {
            if let url = dictionary["url"] as? String, !url.hasPrefix("/") { findings.append("file URL \(url)") }
            dictionary.values.forEach(visit)
        }
    }
    visit(object)
    return findings
}

@Suite("No script from content")
struct ScriptSafetyTests {
    @Test("script payloads in every field and in the body reach no page, feed, sitemap or index as something that runs")
    func builtInTheme() throws {
        let site = try TestSite([
            "site.yml":
                "title: \(YAMLText.quoted("Desk " + payloads[0]))\ndescription: \(YAMLText.quoted(payloads[1]))\nbaseURL: https://desk.example.org/\n",
            "content/2025/2025-05-16-a.md": hostileBriefing(date: "2025-05-16 10:00", slug: "a", linkTo: "2025-05-17-b.md"),
            "content/2025/2025-05-17-b.md": hostileBriefing(date: "2025-05-17 10:00", slug: "b", linkTo: "2025-05-16-a.md"),
            "stories.yml":
                "\(YAMLText.quoted("story " + payloads.joined(separator: " "))):\n  title: \(YAMLText.quoted(payloads[3]))\n  description: \(YAMLText.quoted(payloads[2]))\n",
        ])
        let report = try site.built()
        #expect(report.briefings == 2)
        let findings = try executableFindings(in: site)
        #expect(findings.isEmpty, "\(findings)")

        // The test is only worth something if the payloads did reach the output, as text.
        let page = try site.read("2025/05/16/a/index.html")
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("Author "))
        #expect(page.contains("https://example.org/&quot;&gt;&lt;script&gt;alert(13)"))
        let jsonLD = try #require(HTMLTokens.tags(in: page).first { $0.name == "script" }?.rawText)
        let article = try #require(try JSONSerialization.jsonObject(with: Data(jsonLD.utf8)) as? [String: Any])
        #expect((article["headline"] as? String)?.contains("</script><script>alert(4)</script>") == true)
        let feed = try site.data("feed.xml")
        #expect(String(decoding: feed, as: UTF8.self).contains("]]&gt;&lt;script&gt;"))
        let jsonFeed = try #require(try JSONSerialization.jsonObject(with: try site.data("feed.json")) as? [String: Any])
        let item = try #require((jsonFeed["items"] as? [[String: Any]])?.first)
        #expect((item["title"] as? String)?.contains("<script>alert(1)</script>") == true)
        // Markdown script links lose their target; the .md link keeps its fragment, escaped.
        #expect(!page.contains("alert(19)\"") && page.contains(">js</a>"))
        #expect(page.contains("href=\"/2025/05/17/b/#%22%3E%3Cscript%3Ealert(29)%3C/script%3E\""))
    }

    @Test("params reach templates escaped by {{ }}")
    func params() throws {
        let site = try TestSite(
            PlainTheme.site([
                "content/2025/2025-05-16-a.md": hostileBriefing(date: "2025-05-16 10:00", slug: "a", linkTo: "2025-05-17-b.md"),
                "content/2025/2025-05-17-b.md": hostileBriefing(date: "2025-05-17 10:00", slug: "b", linkTo: "2025-05-16-a.md"),
            ]))
        try site.built()
        let page = try site.read("2025/05/16/a/index.html")
        #expect(page.contains("params=Region &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(ExecutableContent.findings(inHTML: page) == [])
    }

    @Test(
        "script URLs in sources are refused at the URL",
        arguments: [
            "javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "\u{1}javascript:alert(1)", "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>", "DATA:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd",
        ])
    func sourceURLs(url: String) throws {
        let site = try TestSite([
            "content/x.md": "---\ntitle: A\ndate: 2025-05-16\nsources:\n  - name: Wire\n    url: \(YAMLText.quoted(url))\n---\nBody\n"
        ])
        let problems = site.failure()
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.line == 6)
        #expect(problems.first?.column == 10)
        #expect(problems.first?.message.contains("must be an http(s), mailto: or relative URL") == true)
    }

    @Test("the oracle itself finds what a browser would run")
    func oracle() {
        let runs = [
            "<script>x</script>", "<SCRIPT SRC=x>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">",
            "<a href=' java&#x09;script&colon;alert(1)'>", "<a href=&#106;avascript:alert(1)>", "<iframe src=x>",
            "<a href=\"data:text/html,x\">", "<div style=\"background:url(javascript:alert(1))\">", "<object data=x>",
            "<script type=\"application/ld+json\">{\"a\":\"</script><script>alert(1)</script>\"}</script>",
            "<form action=\"javascript:alert(1)\">", "<svg><a xlink:href=\"javascript:alert(1)\">",
        ]
        for html in runs { #expect(!ExecutableContent.findings(inHTML: html).isEmpty, "\(html)") }
        let inert = [
            "<p>&lt;script&gt;</p>", "<a href=\"/x/\">javascript:alert(1)</a>", "<img src=\"data:image/png;base64,AA\">",
            "<script type=\"application/ld+json\">{\"a\":\"\\u003c/script\\u003e\"}</script>", "<!-- <script>x</script> -->",
            "<a href=\"https://example.org/?q=javascript:x\">",
        ]
        for html in inert { #expect(ExecutableContent.findings(inHTML: html).isEmpty, "\(html)") }
        #expect(
            !ExecutableContent.findings(
                inAtom: Data("<feed><entry><content type=\"html\">&lt;script&gt;x&lt;/script&gt;</content></entry></feed>".utf8)
            ).isEmpty)
        #expect(!ExecutableContent.findings(inJSONFeed: Data(#"{"items":[{"content_html":"<img src=x onerror=y>"}]}"#.utf8)).isEmpty)
    }
}
