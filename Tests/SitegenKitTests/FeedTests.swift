import Foundation
import FoundationXML
import Testing

@testable import SitegenKit

private let atom = "http://www.w3.org/2005/Atom"

private extension XMLElement {
    func children(_ name: String) -> [XMLElement] { elements(forLocalName: name, uri: atom) }
    func child(_ name: String) -> XMLElement? { children(name).first }
    func text(_ name: String) -> String? { child(name)?.stringValue }
    /// By name; `attribute(forName:)` misses plain attributes of namespaced elements in FoundationXML on Linux.
    func attribute(_ name: String) -> String? { attributes?.first { $0.name == name }?.stringValue }
    func link(rel: String) -> String? { children("link").first { $0.attribute("rel") == rel }?.attribute("href") }
}

private func atomFeed(_ site: TestSite, _ path: String) throws -> XMLElement {
    let document = try XMLDocument(data: try site.data(path), options: [])
    return try #require(document.rootElement())
}

/// JSON Feed 1.1, the fields sitegen writes.
private struct JSONFeed: Decodable {
    struct Author: Decodable, Equatable { var name: String }
    struct Item: Decodable {
        var id: String
        var url: String
        var title: String
        var content_html: String
        var summary: String
        var date_published: String
        var date_modified: String
        var tags: [String]?
        var authors: [Author]?
    }
    var version: String
    var title: String
    var home_page_url: String
    var feed_url: String
    var language: String
    var description: String?
    var authors: [Author]
    var items: [Item]
}

@Suite("Feeds and sitemap")
struct FeedTests {
    @Test("the site's Atom feed parses and holds every published briefing, newest first, field by field")
    func siteAtomFeed() throws {
        let site = try NewsSite.make()
        try site.built()
        let feed = try atomFeed(site, "feed.xml")
        #expect(feed.localName == "feed")
        #expect(feed.uri == atom)
        #expect(feed.attribute("xml:lang") == "en")
        #expect(feed.text("title") == "Test Briefings")
        #expect(feed.text("subtitle") == "Daily notes on the talks.")
        #expect(feed.text("id") == "https://news.example.org/feed.xml")
        #expect(feed.link(rel: "self") == "https://news.example.org/feed.xml")
        #expect(feed.link(rel: "alternate") == "https://news.example.org/")
        #expect(feed.text("updated") == "2025-06-02T00:00:00+03:00")
        #expect(feed.child("author")?.text("name") == "Test Briefings")

        let entries = feed.children("entry")
        #expect(entries.compactMap { $0.text("title") } == ["Second Round", "Talks Open", "Prelude", "Year End"])
        #expect(entries.compactMap { $0.text("id") } == NewsSite.publishedURLs.map { "https://news.example.org" + $0 })

        let talks = try #require(entries.first { $0.text("title") == "Talks Open" })
        #expect(talks.link(rel: "alternate") == "https://news.example.org/2025/05/16/talks-open/")
        #expect(talks.text("published") == "2025-05-16T14:30:00+03:00")
        #expect(talks.text("updated") == "2025-05-16T14:30:00+03:00")
        #expect(talks.child("author")?.text("name") == "Ayşe Demir")
        #expect(talks.children("category").map { $0.attribute("term") } == ["erdogan", "istanbul"])
        #expect(talks.children("category").map { $0.attribute("label") } == ["Erdoğan", "Istanbul"])
        #expect(talks.text("summary") == "The first direct talks opened at Dolmabahçe.")
        let content = try #require(talks.child("content"))
        #expect(content.attribute("type") == "html")
        #expect(content.stringValue?.hasPrefix("<p>The first direct talks opened at Dolmabahçe.</p>") == true)
        #expect(content.stringValue?.contains(#"<a href="/2025/05/14/prelude/">the prelude</a>"#) == true)
    }

    @Test("a tag's Atom feed holds only that tag's briefings and is titled by it")
    func tagAtomFeed() throws {
        let site = try NewsSite.make()
        try site.built()
        let feed = try atomFeed(site, "tags/erdogan/feed.xml")
        #expect(feed.text("title") == "Test Briefings: Erdoğan")
        #expect(feed.link(rel: "self") == "https://news.example.org/tags/erdogan/feed.xml")
        #expect(feed.link(rel: "alternate") == "https://news.example.org/tags/erdogan/")
        #expect(feed.children("entry").compactMap { $0.text("title") } == ["Talks Open", "Prelude"])
        #expect(feed.text("updated") == "2025-05-16T14:30:00+03:00")
    }

    @Test("a story's feed lists its briefings newest first")
    func storyFeed() throws {
        let site = try NewsSite.make()
        try site.built()
        let feed = try atomFeed(site, "stories/istanbul-talks/feed.xml")
        #expect(feed.text("title") == "Test Briefings: The Istanbul Talks")
        #expect(feed.children("entry").compactMap { $0.text("title") } == ["Second Round", "Talks Open", "Prelude"])
    }

    @Test("the JSON Feed decodes as version 1.1, field by field")
    func jsonFeed() throws {
        let site = try NewsSite.make()
        try site.built()
        let feed = try JSONDecoder().decode(JSONFeed.self, from: try site.data("feed.json"))
        #expect(feed.version == "https://jsonfeed.org/version/1.1")
        #expect(feed.title == "Test Briefings")
        #expect(feed.home_page_url == "https://news.example.org/")
        #expect(feed.feed_url == "https://news.example.org/feed.json")
        #expect(feed.language == "en")
        #expect(feed.description == "Daily notes on the talks.")
        #expect(feed.authors == [.init(name: "Test Briefings")])
        #expect(feed.items.map(\.id) == NewsSite.publishedURLs.map { "https://news.example.org" + $0 })
        #expect(feed.items.map(\.url) == feed.items.map(\.id))
        let talks = try #require(feed.items.first { $0.title == "Talks Open" })
        #expect(talks.summary == "The first direct talks opened at Dolmabahçe.")
        #expect(talks.date_published == "2025-05-16T14:30:00+03:00")
        #expect(talks.date_modified == "2025-05-16T14:30:00+03:00")
        #expect(talks.tags == ["Erdoğan", "Istanbul"])
        #expect(talks.authors == [.init(name: "Ayşe Demir")])
        #expect(talks.content_html.contains(#"<h2 id="delegations">Delegations</h2>"#))
        let yearEnd = try #require(feed.items.last)
        #expect(yearEnd.authors == nil)
        #expect(yearEnd.date_published == "2025-01-01T02:30:00+03:00")
    }

    @Test("a briefing in several feeds has the same entry in each, in both formats")
    func sharedEntries() throws {
        let site = try NewsSite.make()
        try site.built()
        let feeds = ["", "tags/erdogan/", "tags/istanbul/", "stories/istanbul-talks/"]
        // Each feed encodes its entries itself: the same briefing must come out byte for byte alike.
        let atomEntries = try feeds.map { folder in
            let xml = String(decoding: try site.data(folder + "feed.xml"), as: UTF8.self)
            let title = try #require(xml.range(of: "<title>Talks Open</title>"))
            let start = try #require(xml.range(of: "  <entry>", options: .backwards, range: xml.startIndex..<title.lowerBound))
            let end = try #require(xml.range(of: "</entry>\n", range: title.upperBound..<xml.endIndex))
            return String(xml[start.lowerBound..<end.upperBound])
        }
        #expect(Set(atomEntries).count == 1)
        let jsonItems = try feeds.map { folder in
            let object = try JSONSerialization.jsonObject(with: try site.data(folder + "feed.json")) as? [String: Any]
            let items = try #require(object?["items"] as? [[String: Any]])
            return try #require(items.first { $0["title"] as? String == "Talks Open" }.map { NSDictionary(dictionary: $0) })
        }
        #expect(jsonItems.allSatisfy { $0.isEqual(jsonItems[0]) })
    }

    @Test("a tag's JSON Feed points at the tag page")
    func tagJSONFeed() throws {
        let site = try NewsSite.make()
        try site.built()
        let feed = try JSONDecoder().decode(JSONFeed.self, from: try site.data("tags/istanbul/feed.json"))
        #expect(feed.home_page_url == "https://news.example.org/tags/istanbul/")
        #expect(feed.feed_url == "https://news.example.org/tags/istanbul/feed.json")
        #expect(feed.items.map(\.title) == ["Second Round", "Talks Open"])
    }

    @Test("'updated' moves the entry's updated date and the feed's, not its published date")
    func updatedDates() throws {
        let site = try TestSite(
            PlainTheme.site([
                "content/a.md": briefing("A", date: "2025-05-16", "updated: 2025-07-01T12:00:00Z"),
                "content/b.md": briefing("B", date: "2025-06-01"),
            ]))
        try site.built()
        let feed = try atomFeed(site, "feed.xml")
        #expect(feed.text("updated") == "2025-07-01T12:00:00Z")
        let a = try #require(feed.children("entry").first { $0.text("title") == "A" })
        #expect(a.text("published") == "2025-05-16T00:00:00Z")
        #expect(a.text("updated") == "2025-07-01T12:00:00Z")
        let json = try JSONDecoder().decode(JSONFeed.self, from: try site.data("feed.json"))
        #expect(json.items.first { $0.title == "A" }?.date_modified == "2025-07-01T12:00:00Z")
    }

    @Test("markup and control characters in titles cannot break the Atom feed")
    func hostileText() throws {
        let site = try TestSite(
            PlainTheme.site([
                "content/a.md": "---\ntitle: \"<b>Tom & Jerry</b> \\u0001 ]]>\"\ndate: 2025-05-16\ntags: [\"R&D\"]\n---\nx < y & z\n"
            ]))
        try site.built()
        let feed = try atomFeed(site, "feed.xml")
        let entry = try #require(feed.child("entry"))
        #expect(entry.text("title") == "<b>Tom & Jerry</b>  ]]>")
        #expect(entry.child("category")?.attribute("label") == "R&D")
        let json = try JSONDecoder().decode(JSONFeed.self, from: try site.data("feed.json"))
        #expect(json.items.first?.title == "<b>Tom & Jerry</b> \u{1} ]]>")
    }

    @Test("an entry's HTML reaches Atom as CDATA and JSON Feed unescaped, and reads back exactly, ]]> and all")
    func entryHTMLReadsBack() throws {
        // Raw HTML is let through, so the body can hold "]]>", which would end a CDATA section.
        let site = try TestSite(
            PlainTheme.site([
                "site.yml": "unsafeHTML: true\n",
                "content/a.md": "---\ntitle: A\ndate: 2025-05-16\n---\n<p class=\"x\">one]]>two ]] > & </p>\n\nx < y & z\n",
            ]))
        try site.built()
        let html = "<p class=\"x\">one]]>two ]] > & </p>\n<p>x &lt; y &amp; z</p>\n"
        let atom = try site.read("feed.xml")
        #expect(atom.contains("<![CDATA[<p class=\"x\">one]]]]><![CDATA[>two"))
        let entry = try #require(try atomFeed(site, "feed.xml").child("entry"))
        #expect(entry.text("content") == html)
        let json = try site.read("feed.json")
        #expect(json.contains(#""content_html":"<p class=\"x\">one]]>two"#))
        let item = try #require(try JSONDecoder().decode(JSONFeed.self, from: try site.data("feed.json")).items.first)
        #expect(item.content_html == html)
    }

    @Test("the sitemap parses and lists every index.html page, and nothing else")
    func sitemap() throws {
        let site = try NewsSite.make()
        try site.built()
        let document = try XMLDocument(data: try site.data("sitemap.xml"), options: [])
        let root = try #require(document.rootElement())
        #expect(root.localName == "urlset")
        #expect(root.uri == "http://www.sitemaps.org/schemas/sitemap/0.9")
        let urls = root.elements(forLocalName: "url", uri: root.uri)
        let locations = urls.compactMap { $0.elements(forLocalName: "loc", uri: root.uri).first?.stringValue }
        let pages = site.outputFiles().filter { $0.hasSuffix("index.html") }
            .map { NewsSite.baseURL + $0.dropLast("index.html".count) }
        #expect(locations.count == urls.count)
        #expect(Set(locations) == Set(pages))
        #expect(locations.count == pages.count)
        #expect(!locations.contains { $0.hasSuffix("404.html") })
        let talks = try #require(
            urls.first { $0.elements(forLocalName: "loc", uri: root.uri).first?.stringValue?.hasSuffix("/talks-open/") == true })
        #expect(talks.elements(forLocalName: "lastmod", uri: root.uri).first?.stringValue == "2025-05-16T14:30:00+03:00")
    }

    @Test("above the URL limit, a sitemap index lists numbered parts holding every URL, each with its newest date")
    func sitemapIndex() throws {
        let source = try NewsSite.make()
        let site = try SiteGenerator.buildSite(source.options()).site
        let pages = PagePlanner.plan(site)
        let whole = try #require(SitemapWriter(site: site).files(for: pages).first?.1)
        let files = SitemapWriter(site: site, maxURLsPerFile: 3).files(for: pages)
        // The paths known before the files are made (folders, the static files' check) are theirs.
        for limit in [1, 2, 3, pages.count - 2, pages.count - 1, pages.count, 50_000] {
            let writer = SitemapWriter(site: site, maxURLsPerFile: limit)
            #expect(writer.paths(for: pages) == writer.files(for: pages).map(\.0), "\(limit)")
        }
        let parts = files.dropLast()
        #expect(parts.map(\.0) == (1...parts.count).map { "sitemap-\($0).xml" })
        #expect(files.last?.0 == "sitemap.xml")
        let index = try #require(files.last?.1)
        #expect(index.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex"))
        let first = "<sitemap><loc>https://news.example.org/sitemap-1.xml</loc><lastmod>2025-06-02T00:00:00+03:00</lastmod></sitemap>"
        #expect(index.contains("\n  " + first + "\n"))
        func lines(_ text: String) -> [Substring] { text.split(separator: "\n").filter { $0.hasPrefix("  <url>") } }
        #expect(parts.allSatisfy { lines($0.1).count <= 3 })
        #expect(parts.flatMap { lines($0.1) } == lines(whole))
        // Each part's entry in the index carries the newest date among its URLs
        // (one clock, so the latest date is the largest text).
        func dates(_ text: Substring) -> [Substring] {
            text.split(separator: "<lastmod>").dropFirst().map { $0.prefix { $0 != "<" } }
        }
        let entries = index.split(separator: "\n").filter { $0.contains("<sitemap>") }
        #expect(entries.count == parts.count)
        for (entry, part) in zip(entries, parts) {
            let newest = dates(part.1[...]).max()
            #expect(dates(entry) == [newest], "\(part.0)")
        }
    }

    @Test("robots.txt allows everything and points at the sitemap")
    func robots() throws {
        let site = try NewsSite.make()
        try site.built()
        #expect(try site.read("robots.txt") == "User-agent: *\nAllow: /\n\nSitemap: https://news.example.org/sitemap.xml\n")
    }
}
