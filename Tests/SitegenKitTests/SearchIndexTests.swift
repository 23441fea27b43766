import Foundation
import Testing

@testable import SitegenKit

/// The search index under `/search/` and the page that reads it.
@Suite("Search index")
struct SearchIndexTests {
    static func manifest(_ site: TestSite) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: site.data("search/index.json")) as? [String: Any])
    }

    static func entries(_ site: TestSite, _ file: String) throws -> [[Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: site.data(file)) as? [String: Any])
        return try #require(object["entries"] as? [[Any]])
    }

    static func twoYears() throws -> TestSite {
        try TestSite([
            "content/a.md": briefing("Erdoğan hosts Zelensky", date: "2025-05-15 19:30", "tags: [Türkiye, Erdoğan]\nsummary: Ankara."),
            "content/b.md": briefing("Talks open", date: "2025-05-16", "tags: [Türkiye]"),
            "content/c.md": briefing("An older year", date: "2024-12-31 23:00", body: "First paragraph here."),
            "content/d.md": briefing("A draft", date: "2025-05-17", "draft: true\ntags: [Secret]"),
            "content/e.md": briefing("From the future", date: "2030-01-01"),
        ])
    }

    @Test("the manifest lists one file per year, newest first, with counts, date bounds and the tags")
    func manifestListsYears() throws {
        let site = try Self.twoYears()
        try site.built()
        let manifest = try Self.manifest(site)
        #expect(manifest["version"] as? Int == 1)
        #expect(manifest["count"] as? Int == 3)
        let files = try #require(manifest["files"] as? [[String: Any]])
        #expect(files.map { $0["url"] as? String } == ["/search/2025.json", "/search/2024.json"])
        #expect(files.map { $0["count"] as? Int } == [2, 1])
        #expect(files[0]["from"] as? String == "2025-05-15" && files[0]["to"] as? String == "2025-05-16")
        #expect(files[1]["from"] as? String == "2024-12-31" && files[1]["to"] as? String == "2024-12-31")
        let tags = try #require(manifest["tags"] as? [[Any]])
        #expect(tags.map { $0[0] as? String } == ["erdogan", "turkiye"])
        #expect(tags.map { $0[1] as? String } == ["Erdoğan", "Türkiye"])
        #expect(tags.map { $0[2] as? Int } == [1, 2])
    }

    @Test("each year's file holds exactly its published briefings, newest first: URL, title, day, tag slugs, summary")
    func yearFilesHoldTheirEntries() throws {
        let site = try Self.twoYears()
        try site.built()
        let recent = try Self.entries(site, "search/2025.json")
        #expect(recent.map { $0[0] as? String } == ["/2025/05/16/b/", "/2025/05/15/a/"])
        let first = try #require(recent.last)
        #expect(first[1] as? String == "Erdoğan hosts Zelensky")
        #expect(first[2] as? String == "2025-05-15")
        #expect(first[3] as? [String] == ["turkiye", "erdogan"])
        #expect(first[4] as? String == "Ankara.")
        let older = try Self.entries(site, "search/2024.json")
        #expect(older.count == 1)
        #expect(older[0][4] as? String == "First paragraph here.")
        let all = try site.outputFiles().filter { $0.hasPrefix("search/") && $0.hasSuffix(".json") }.map { try site.read($0) }
        #expect(all.allSatisfy { !$0.contains("A draft") && !$0.contains("From the future") && !$0.contains("secret") })
    }

    @Test("a year with more briefings than one file should hold is split by month")
    func bigYearsSplitByMonth() throws {
        let site = try TestSite([
            "content/a.md": briefing("A", date: "2025-01-05"),
            "content/b.md": briefing("B", date: "2025-03-01"),
            "content/c.md": briefing("C", date: "2025-03-02"),
            "content/d.md": briefing("D", date: "2024-07-01"),
        ])
        let built = try SiteGenerator.buildSite(site.options()).site
        let writer = SearchIndexWriter(site: built, maxEntriesPerFile: 2)
        #expect(writer.parts().map(\.name) == ["2025-03", "2025-01", "2024"])
        #expect(writer.parts().map(\.briefings.count) == [2, 1, 1])
        let files = writer.files()
        #expect(files.map(\.0) == ["search/index.json", "search/2025-03.json", "search/2025-01.json", "search/2024.json"])
        #expect(files[0].1.contains(#"{"url":"/search/2025-03.json","from":"2025-03-01","to":"2025-03-02","count":2}"#))
    }

    @Test("hostile titles, summaries and tags are escaped: the index parses and reads back exactly")
    func hostileTextIsEscaped() throws {
        let title = #"Talks </script><script>alert("x")</script> & \ back"# + "\u{2028}line"
        let site = try TestSite([
            "content/a.md": """
            ---
            title: "Talks </script><script>alert(\\"x\\")</script> & \\\\ back\\u2028line"
            date: 2025-05-16
            tags: ["<b>bold</b>", "Tab\\there"]
            summary: "Quote \\" and newline\\nand NUL-free control \\u0001 end"
            ---
            Body.
            """
        ])
        try site.built()
        let entry = try #require(try Self.entries(site, "search/2025.json").first)
        #expect(entry[1] as? String == title)
        #expect(entry[4] as? String == "Quote \" and newline\nand NUL-free control \u{1} end")
        let tags = try #require(try Self.manifest(site)["tags"] as? [[Any]])
        #expect(Set(tags.compactMap { $0[1] as? String }) == ["<b>bold</b>", "Tab\there"])
        for file in ["search/index.json", "search/2025.json"] {
            let text = try site.read(file)
            #expect(!text.contains("<") && !text.contains(">"), "\(file) holds a raw angle bracket")
            #expect(!text.contains("\u{2028}") && !text.contains("\u{1}") && !text.contains("\t"), "\(file) holds a raw control character")
        }
    }

    @Test("the index is byte-identical from one build to the next")
    func deterministic() throws {
        let site = try Self.twoYears()
        try site.built()
        let first = try site.snapshot().filter { $0.key.hasPrefix("search/") }
        try site.built()
        let second = try site.snapshot().filter { $0.key.hasPrefix("search/") }
        #expect(first.count == 4)
        #expect(first == second)
    }

    @Test("an empty site still gets a manifest, with no files, and a search page")
    func emptySite() throws {
        let site = try TestSite(["content/.keep": ""])
        try site.built()
        let manifest = try Self.manifest(site)
        #expect(manifest["count"] as? Int == 0)
        #expect((manifest["files"] as? [Any])?.isEmpty == true)
        #expect(site.exists("search/index.html"))
    }

    @Test("a static file cannot take the place of the index")
    func staticFileClash() throws {
        let site = try TestSite([
            "content/a.md": briefing("A", date: "2025-05-16"),
            "static/search/2025.json": "{}",
        ])
        let problems = site.failure()
        #expect(problems.map(\.message).contains { $0.contains("/search/2025.json") })
    }

    @Test("the search page reads the manifest, says search needs JavaScript without it, and every page's navigation links it")
    func searchPageIsLinked() throws {
        let site = try Self.twoYears()
        try site.built()
        let page = try site.read("search/index.html")
        #expect(page.contains(#"data-index="/search/index.json""#))
        #expect(page.contains(#"<a href="/search/" aria-current="page">Search</a>"#))
        let fallback = try #require(page.range(of: "<noscript>")).upperBound
        let end = try #require(page.range(of: "</noscript>")).lowerBound
        let message = page[fallback..<end]
        #expect(message.contains("Search needs JavaScript"))
        #expect(message.contains(#"href="/archive/""#) && message.contains(#"href="/tags/""#))
        #expect(page.contains("<title>Search · Briefings</title>"))
        let pages = site.outputFiles().filter { $0.hasSuffix(".html") }
        #expect(pages.count > 8)
        for path in pages { #expect(try site.read(path).contains(#"<a href="/search/""#), "\(path)") }
        #expect(try site.read("sitemap.xml").contains("/search/</loc>"))
    }

    @Test("the search page's script holds no Mustache tag or early </script>")
    func scriptSurvivesTheTemplate() throws {
        let template = try #require(DefaultTheme.templates["search"])
        let script = try #require(template.range(of: "<script>")).upperBound
        let end = try #require(template.range(of: "</script>")).lowerBound
        let code = template[script..<end]
        #expect(!code.contains("{{"))
        #expect(!code.contains("</"))
        let site = try Self.twoYears()
        try site.built()
        #expect(try site.read("search/index.html").contains(String(code)))
    }
}
