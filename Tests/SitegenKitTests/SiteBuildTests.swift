import Foundation
import Testing

@testable import SitegenKit

@Suite("Building a whole site")
struct SiteBuildTests {
    @Test("every page type of the fixture site is written")
    func everyPageType() throws {
        let site = try NewsSite.make()
        try site.built()
        let expected = [
            "index.html", "page/2/index.html", "404.html", "robots.txt", "sitemap.xml", "feed.xml", "feed.json",
            "2025/06/02/second-round/index.html", "2025/05/16/talks-open/index.html", "2025/05/14/prelude/index.html",
            "2025/01/01/year-end/index.html",
            "tags/index.html", "tags/diplomacy/index.html", "tags/erdogan/index.html", "tags/istanbul/index.html",
            "tags/istanbul/feed.xml", "tags/istanbul/feed.json", "tags/erdogan/feed.xml", "tags/erdogan/feed.json",
            "archive/index.html", "2025/index.html", "2025/06/index.html", "2025/05/index.html", "2025/01/index.html",
            "stories/index.html", "stories/istanbul-talks/index.html", "stories/istanbul-talks/feed.xml",
            "stories/istanbul-talks/feed.json", "css/site.css", "robots-extra.txt",
        ]
        for path in expected {
            #expect(site.exists(path), "missing \(path)")
        }
        #expect(!site.exists("2024/index.html"))
        #expect(!site.exists("page/3/index.html"))
    }

    @Test("the build report counts briefings, pages, files and what was left out")
    func report() throws {
        let site = try NewsSite.make()
        let report = try site.built()
        #expect(report.briefings == 4)
        #expect(report.excluded == ExcludedCount(drafts: 1, future: 1))
        let html = site.outputFiles().filter { $0.hasSuffix(".html") }
        #expect(report.pages == html.count)
        #expect(report.files == site.outputFiles().count)
    }

    @Test("every internal link on every page leads to a file of the site")
    func internalLinksResolve() throws {
        let site = try NewsSite.make()
        try site.built()
        var checked = 0
        for page in site.outputFiles() where page.hasSuffix(".html") {
            for link in links(in: try site.read(page)) where link.hasPrefix("/") {
                #expect(site.exists(outputPath(ofURL: link)), "\(page) links to \(link)")
                checked += 1
            }
        }
        #expect(checked > 40)
    }

    @Test("a briefing page shows its fields, tags, story, neighbours, sources and params")
    func briefingPage() throws {
        let site = try NewsSite.make()
        try site.built()
        let page = try site.read("2025/05/16/talks-open/index.html")
        #expect(page.contains("title=Talks Open\n"))
        #expect(page.contains("url=/2025/05/16/talks-open/\n"))
        #expect(page.contains("date=2025-05-16T14:30:00+03:00\n"))
        #expect(page.contains("summary=The first direct talks opened at Dolmabahçe.\n"))
        #expect(page.contains(#"tags=<a href="/tags/erdogan/">Erdoğan</a><a href="/tags/istanbul/">Istanbul</a>"#))
        #expect(page.contains(#"story=<a href="/stories/istanbul-talks/">The Istanbul Talks</a> 2/3"#))
        #expect(page.contains(#"previous=<a href="/2025/05/14/prelude/">Prelude</a>"#))
        #expect(page.contains(#"next=<a href="/2025/06/02/second-round/">Second Round</a>"#))
        #expect(page.contains("sources=[Reuters|https://www.reuters.com/world/][Press pool|]"))
        #expect(page.contains("author=Ayşe Demir"))
        #expect(page.contains("params=Black Sea"))
        #expect(page.contains(#"<h2 id="delegations">Delegations</h2>"#))
    }

    @Test("Markdown links to other content files become those briefings' URLs")
    func contentLinksRewritten() throws {
        let site = try NewsSite.make()
        try site.built()
        let page = try site.read("2025/05/16/talks-open/index.html")
        #expect(page.contains(#"<a href="/2025/05/14/prelude/">the prelude</a>"#))
        #expect(page.contains(#"<a href="/2025/01/01/year-end/#why">the year end</a>"#))
        #expect(!page.contains(".md\""))
    }

    @Test("a link into content/ spelled with an entity or percent-encoding resolves like a plain one")
    func contentLinksSpelledOtherwise() throws {
        // None of these holds ".md" as written; libcmark decodes the entity, the resolver the percent-encoding.
        let site = try TestSite([
            "content/a.md": briefing("A", date: "2025-05-14"),
            "content/b.md": briefing("B", date: "2025-05-15", body: "[entity](a&#46;md)"),
            "content/c.md": briefing("C", date: "2025-05-16", body: "[plain](a.md) and [outside](https://example.org/a.md)"),
            "content/d.md": briefing("D", date: "2025-05-17", body: "[percent](a%2Emd)"),
        ])
        try site.built()
        #expect(try site.read("2025/05/15/b/index.html").contains(#"<a href="/2025/05/14/a/">entity</a>"#))
        #expect(try site.read("2025/05/17/d/index.html").contains(#"<a href="/2025/05/14/a/">percent</a>"#))
        let c = try site.read("2025/05/16/c/index.html")
        #expect(c.contains(#"<a href="/2025/05/14/a/">plain</a>"#) && c.contains(#"href="https://example.org/a.md""#))
    }

    @Test("the URL's date is read on the site's clock: 23:30 UTC on Dec 31 is Jan 1 in Istanbul")
    func urlDateOnSiteClock() throws {
        let site = try NewsSite.make()
        try site.built()
        #expect(try site.read("2025/01/01/year-end/index.html").contains("date=2025-01-01T02:30:00+03:00"))
        #expect(!site.exists("2024/12/31/year-end/index.html"))
    }

    @Test("tags that slug alike share one page, named by the alphabetically first of equally common spellings")
    func collidingTags() throws {
        let site = try NewsSite.make()
        try site.built()
        let tags = try site.read("tags/index.html")
        #expect(tags.contains(#"<a href="/tags/erdogan/">Erdoğan</a> (2)"#))
        #expect(links(in: tags) == ["/tags/diplomacy/", "/tags/erdogan/", "/tags/istanbul/"])
        let tag = try site.read("tags/erdogan/index.html")
        #expect(tag.contains("tag=Erdoğan count=2 feed=/tags/erdogan/feed.xml"))
        #expect(links(in: tag) == ["/2025/05/16/talks-open/", "/2025/05/14/prelude/"])
    }

    @Test("home, archive, year, month and story pages list their briefings in order")
    func listPages() throws {
        let site = try NewsSite.make()
        try site.built()
        #expect(links(in: try site.read("index.html")) == ["/2025/06/02/second-round/", "/2025/05/16/talks-open/"])
        #expect(links(in: try site.read("page/2/index.html")) == ["/2025/05/14/prelude/", "/2025/01/01/year-end/"])
        #expect(links(in: try site.read("archive/index.html")) == ["/2025/", "/2025/06/", "/2025/05/", "/2025/01/"])
        #expect(try site.read("archive/index.html").contains(#"<a href="/2025/">2025</a> (4)"#))
        let year = try site.read("2025/index.html")
        #expect(year.contains("year=2025"))
        #expect(links(in: year).count == 7)
        let month = try site.read("2025/05/index.html")
        #expect(month.contains("month=May 2025"))
        #expect(month.contains(#"[16 May 2025] <a href="/2025/05/16/talks-open/">Talks Open</a>"#))
        #expect(month.contains(#"[14 May 2025] <a href="/2025/05/14/prelude/">Prelude</a>"#))
        let story = try site.read("stories/istanbul-talks/index.html")
        #expect(story.contains("story=The Istanbul Talks|Direct talks between delegations."))
        #expect(links(in: story) == ["/2025/05/14/prelude/", "/2025/05/16/talks-open/", "/2025/06/02/second-round/"])
        #expect(try site.read("stories/index.html").contains(#"<a href="/stories/istanbul-talks/">The Istanbul Talks</a> (3)"#))
    }

    @Test("drafts and future briefings are left out by default")
    func draftsAndFutureLeftOut() throws {
        let site = try NewsSite.make()
        try site.built()
        #expect(!site.exists("2025/05/20/idea/index.html"))
        #expect(!site.exists("2026/03/01/future-summit/index.html"))
        #expect(!(try site.read("feed.xml")).contains("Idea"))
        #expect(!(try site.read("tags/istanbul/index.html")).contains("Future Summit"))
    }

    @Test("drafts are published when asked, and only drafts")
    func draftsIncluded() throws {
        let site = try NewsSite.make()
        let report = try site.built(drafts: true)
        #expect(report.briefings == 5)
        #expect(report.excluded == ExcludedCount(drafts: 0, future: 1))
        #expect(site.exists("2025/05/20/idea/index.html"))
        #expect(!site.exists("2026/03/01/future-summit/index.html"))
    }

    @Test("future briefings are published when asked, and only they")
    func futureIncluded() throws {
        let site = try NewsSite.make()
        let report = try site.built(future: true)
        #expect(report.briefings == 5)
        #expect(report.excluded == ExcludedCount(drafts: 1, future: 0))
        #expect(site.exists("2026/03/01/future-summit/index.html"))
        #expect(site.exists("2026/index.html"))
        #expect(links(in: try site.read("index.html")).first == "/2026/03/01/future-summit/")
    }

    @Test("a briefing dated exactly now is published")
    func datedNow() throws {
        let site = try TestSite(PlainTheme.site(["content/now.md": briefing("Now", date: "2026-01-01T00:00:00Z")]))
        let report = try site.built()
        #expect(report.briefings == 1)
        #expect(site.exists("2026/01/01/now/index.html"))
    }

    @Test("a draft may link to another draft without breaking the normal build")
    func draftLinksToDraft() throws {
        let site = try TestSite(
            PlainTheme.site([
                "content/a.md": briefing("A", date: "2025-05-16", "draft: true", body: "See [b](b.md)."),
                "content/b.md": briefing("B", date: "2025-05-17", "draft: true"),
                "content/c.md": briefing("C", date: "2025-05-18"),
            ]))
        let report = try site.built()
        #expect(report.briefings == 1)
        #expect(report.excluded.drafts == 2)
    }

    @Test("a CRLF file with a byte-order mark builds like any other")
    func crlfAndBOM() throws {
        let site = try TestSite(PlainTheme.site([:]))
        let text = "---\r\ntitle: Windows\r\ndate: 2025-05-16\r\n---\r\nSaved on *Windows*.\r\n"
        try site.write(Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), to: "content/win.md")
        try site.built()
        let page = try site.read("2025/05/16/win/index.html")
        #expect(page.contains("title=Windows\n"))
        #expect(page.contains("content=<p>Saved on <em>Windows</em>.</p>\n"))
    }

    @Test("a site with no site.yml uses the defaults")
    func defaults() throws {
        let site = try TestSite(["content/a.md": briefing("A", date: "2025-05-16")])
        try site.built()
        #expect(site.exists("2025/05/16/a/index.html"))
        #expect(try site.read("robots.txt").contains("Sitemap: http://localhost:8000/sitemap.xml"))
        #expect(try site.read("sitemap.xml").contains("<loc>http://localhost:8000/2025/05/16/a/</loc>"))
    }

    @Test("the base URL given to the build replaces site.yml's everywhere")
    func baseURLOverride() throws {
        let site = try NewsSite.make()
        try site.built(baseURL: "https://preview.example.org/pr-7")
        #expect(try site.read("robots.txt").contains("Sitemap: https://preview.example.org/pr-7/sitemap.xml"))
        let feed = try site.read("feed.xml")
        #expect(feed.contains("<id>https://preview.example.org/pr-7/2025/05/16/talks-open/</id>"))
        #expect(!feed.contains("news.example.org"))
        #expect(!(try site.read("sitemap.xml")).contains("news.example.org"))
    }

    /// Nothing in a build without the cache reads a body's heading ids and links,
    /// so they are let go as it is rendered, unless asked for, as `check` asks;
    /// the cache keeps them in its records. The pages are the same either way.
    /// Both bodies are covered: one linking to another briefing (rendered once
    /// every URL is known) and one that is not (rendered as soon as it is read).
    @Test("bodies' links and heading ids are kept for the cache and for check, and let go otherwise")
    func bodyDetailsKeptOnlyWhenWanted() throws {
        let site = try TestSite([
            "content/a.md": briefing("A", date: "2025-05-16", body: "## Talks\n\nSee [b](b.md) and [x](https://example.org/)."),
            "content/b.md": briefing("B", date: "2025-05-17", body: "## Notes\n\nSee [x](https://example.org/)."),
        ])
        func built(cache: Bool, links: Bool) throws -> (details: [String: [Int]], pages: [String]) {
            var options = site.options()
            options.useCache = cache
            options.keepsBodyLinks = links
            let briefings = try SiteGenerator.buildSite(options).site.briefings
            let details = Dictionary(uniqueKeysWithValues: briefings.map { ($0.title, [$0.body.links.count, $0.body.headingIDs.count]) })
            return (details, try ["2025/05/16/a/index.html", "2025/05/17/b/index.html"].map { try site.read($0) })
        }
        let bare = try built(cache: false, links: false)
        #expect(bare.details == ["A": [0, 0], "B": [0, 0]])
        for (cache, links) in [(false, true), (true, false)] {
            let kept = try built(cache: cache, links: links)
            #expect(kept.details == ["A": [2, 1], "B": [1, 1]], "cache \(cache), links \(links)")
            #expect(kept.pages == bare.pages)
        }
    }
}
