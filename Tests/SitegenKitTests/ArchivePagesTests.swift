import Foundation
import Testing

@testable import SitegenKit

/// The reading-by-time and reading-by-topic pages of the default theme, on
/// sites shaped to hit their edges: years with gaps, stories across years.
@Suite("Archive pages")
struct ArchivePagesTests {
    static func page(_ title: String, _ date: String, tags: [String] = [], story: String? = nil, extra: String = "") -> String {
        var text = "---\ntitle: \"\(title)\"\ndate: \(date)\n"
        if !tags.isEmpty { text += "tags: [\(tags.map { "\"\($0)\"" }.joined(separator: ", "))]\n" }
        if let story { text += "story: \(story)\n" }
        text += extra + "---\nBody of \(title).\n"
        return text
    }

    /// 2023-01, 2023-03 and 2025-06: a month gap inside a year and a missing year.
    static func gappySite() throws -> TestSite {
        try TestSite([
            "site.yml": "title: Gaps\nbaseURL: https://gaps.example.org/\n",
            "content/a.md": Self.page("January story start", "2023-01-10", tags: ["Talks"], story: "long-talks"),
            "content/b.md": Self.page("March follow-up", "2023-03-05", tags: ["Talks"], story: "long-talks"),
            "content/c.md": Self.page("June resolution", "2025-06-01", tags: ["Talks"], story: "long-talks"),
        ])
    }

    @Test("month pages link to the nearest months that have briefings, across a gap and across years")
    func monthNeighboursSkipGaps() throws {
        let site = try Self.gappySite()
        _ = try site.built()
        let march = try site.read("2023/03/index.html")
        #expect(march.contains(#"href="/2023/01/""#))
        #expect(march.contains(#"href="/2025/06/""#))
        #expect(!site.exists("2023/02/index.html"))
        #expect(!site.exists("2024/index.html"))
        let january = try site.read("2023/01/index.html")
        #expect(january.contains(#"href="/2023/03/""#))
        #expect(!january.contains(#"rel="prev""#))
    }

    @Test("the archive lists each year with only its months that have briefings, with counts")
    func archiveListsYearsAndMonths() throws {
        let site = try Self.gappySite()
        _ = try site.built()
        let archive = try site.read("archive/index.html")
        for url in ["/2025/", "/2023/", "/2025/06/", "/2023/03/", "/2023/01/"] { #expect(archive.contains("href=\"\(url)\"")) }
        #expect(!archive.contains("/2023/02/"))
        #expect(archive.contains("2 briefings"))
        #expect(archive.contains("1 briefing<"))
        let year = try site.read("2023/index.html")
        #expect(year.contains("January story start") && year.contains("March follow-up"))
        #expect(year.contains(#"href="/2025/""#))
    }

    @Test("a story across years reads oldest first and each development links to its neighbours")
    func storyAcrossYears() throws {
        let site = try Self.gappySite()
        _ = try site.built()
        let story = try site.read("stories/long-talks/index.html")
        let order = ["January story start", "March follow-up", "June resolution"].map { story.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order[0]! < order[1]! && order[1]! < order[2]!)  // Checked non-nil just above.
        let middle = try site.read("2023/03/05/b/index.html")
        #expect(middle.contains(#"href="/stories/long-talks/""#))
        #expect(
            middle.contains(
                #"<a href="/2023/01/10/a/" rel="prev"><span class="label">Earlier in the story</span><b>January story start</b>"#))
        #expect(middle.contains(#"<a href="/2025/06/01/c/" rel="next"><span class="label">Next in the story</span><b>June resolution</b>"#))
        let stories = try site.read("stories/index.html")
        #expect(stories.contains("3 developments"))
        #expect(try site.read("stories/long-talks/feed.xml").contains("June resolution"))
    }

    @Test("the tags page lists every tag with its count, and the most used first among the top tags")
    func tagsPageCounts() throws {
        let site = try TestSite([
            "content/a.md": Self.page("One", "2025-01-01", tags: ["Rare", "Common"]),
            "content/b.md": Self.page("Two", "2025-01-02", tags: ["Common"]),
            "content/c.md": Self.page("Three", "2025-01-03", tags: ["Common"]),
        ])
        _ = try site.built()
        let tags = try site.read("tags/index.html")
        let common = try #require(tags.range(of: "Common (3)"))
        let rare = try #require(tags.range(of: "Rare (1)"))
        #expect(common.lowerBound < rare.lowerBound)
        let tag = try site.read("tags/common/index.html")
        #expect(tag.contains("3 briefings"))
        #expect(tag.contains(#"href="/tags/common/feed.xml""#))
    }

    @Test("a briefing page carries canonical, Open Graph, Twitter, feed links and NewsArticle JSON-LD")
    func headMetadata() throws {
        let site = try TestSite([
            "site.yml": "title: Desk\nbaseURL: https://desk.example.org/\n",
            "content/a.md": Self.page(
                "Talks </script><script>alert(1)</script>", "2025-05-16 15:45", tags: ["Istanbul"],
                extra: "author: Desk\nupdated: 2025-05-17\nsources:\n  - name: Wire\n    url: https://wire.example.org/\n"),
        ])
        _ = try site.built()
        let page = try site.read("2025/05/16/a/index.html")
        #expect(page.contains(#"<link rel="canonical" href="https://desk.example.org/2025/05/16/a/">"#))
        #expect(page.contains(#"<meta property="og:type" content="article">"#))
        #expect(page.contains(#"<meta name="twitter:card" content="summary">"#))
        #expect(page.contains(#"<link rel="alternate" type="application/atom+xml""#))
        let start = try #require(page.range(of: #"<script type="application/ld+json">"#))
        let end = try #require(page[start.upperBound...].range(of: "</script>"))
        let json = String(page[start.upperBound..<end.lowerBound])
        // The title's "</script>" must not end the element early: the JSON parses whole.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["@type"] as? String == "NewsArticle")
        #expect(object["headline"] as? String == "Talks </script><script>alert(1)</script>")
        #expect(object["datePublished"] as? String == "2025-05-16T15:45:00Z")
        #expect(object["dateModified"] as? String == "2025-05-17T00:00:00Z")
        #expect(object["keywords"] as? String == "Istanbul")
        #expect((object["author"] as? [String: Any])?["name"] as? String == "Desk")
        #expect(((object["isBasedOn"] as? [[String: Any]])?.first)?["url"] as? String == "https://wire.example.org/")
        #expect(!page.contains("<script>alert(1)</script>"))
    }
}
