import Foundation
import Testing

@testable import SitegenKit

/// Pages kept by fingerprint: a page is rendered again only when something it
/// shows changed, and the site still equals a clean build after every change.
extension BuildCacheTests {
    @Test("a body edit renders only the pages that show the briefing; the others are kept")
    func bodyEditKeepsOtherPages() throws {
        let site = try makeSite()
        let first = try site.built()
        #expect(first.pagesKept == 0)
        // Charlie has no summary, so its first paragraph is its summary in every list:
        // lists showing it change. Alpha's page and the "talks" tag page do not show it.
        try edit(site, ["content/c.md": Self.files["content/c.md"]!.replacingOccurrences(of: "Text.", with: "Other text.")])
        let report = try expectSameAsCleanBuild(site)
        #expect(report.pagesKept == 2)
        // A blank line added: only Alpha's own page (made from its file's bytes) and
        // the pages drawn from the whole site are rendered again.
        try edit(site, ["content/a.md": Self.files["content/a.md"]! + "\n"])
        #expect(try expectSameAsCleanBuild(site).pagesKept == report.pages - Self.alwaysRendered - 1)
    }

    /// Pages drawn from the whole site, rendered on every build: the first home
    /// page, the tag, archive and story indexes, search and 404.
    static let alwaysRendered = 6

    @Test("front matter shown on other pages reaches them: titles, summaries, tags, stories, dates")
    func frontMatterReachesOtherPages() throws {
        let site = try makeSite()
        try site.built()
        let a = Self.files["content/a.md"]!
        let c = Self.files["content/c.md"]!
        let changes: [(String, [String: String])] = [
            ("a retitled briefing", ["content/c.md": c.replacingOccurrences(of: "Charlie", with: "Charlie renamed")]),
            ("a new summary", ["content/a.md": a.replacingOccurrences(of: "tags:", with: "summary: Short.\ntags:")]),
            ("a new tag", ["content/a.md": a.replacingOccurrences(of: "[talks]", with: "[talks, ankara]")]),
            (
                "a tag's spelling",
                [
                    "content/a.md": a.replacingOccurrences(of: "[talks]", with: "[Ankara]"),
                    "content/c.md": c.replacingOccurrences(of: "[ankara]", with: "[Ankara]"),
                ]
            ),
            ("a briefing joining a story", ["content/a.md": a.replacingOccurrences(of: "tags:", with: "story: istanbul\ntags:")]),
            ("a story's title", ["stories.yml": "istanbul:\n  title: The Istanbul talks\n  description: Talks.\n"]),
            ("a briefing moved to another month", ["content/c.md": c.replacingOccurrences(of: "2025-05-16", with: "2025-06-02")]),
            ("a smaller page size", ["site.yml": "title: Desk\npageSize: 1\n"]),
            ("a changed partial", ["templates/briefing-list.mustache": "<ul>{{#briefings}}<li>{{title}}</li>{{/briefings}}</ul>\n"]),
        ]
        for (change, files) in changes {
            try edit(site, files)
            let report = try expectSameAsCleanBuild(site)
            #expect(report.pagesKept < report.pages, "\(change)")
        }
    }

    @Test("a theme that shows site.briefingCount renders every page again when a briefing is added")
    func briefingCountInTheme() throws {
        let site = try makeSite()
        try edit(site, ["templates/briefing.mustache": "<h1>{{briefing.title}}</h1><p>{{site.briefingCount}} in all</p>\n"])
        try site.built()
        try edit(site, ["content/d.md": "---\ntitle: Delta\ndate: 2025-05-17\ntags: [other]\n---\nDelta.\n"])
        #expect(try expectSameAsCleanBuild(site).pagesKept == 0)
        #expect(try site.read("2025/05/14/a/index.html").contains("<p>4 in all</p>"))
    }

    @Test("the search index's parts are kept until an entry in them changes, each part on its own, and a changed entry reaches its part")
    func searchPartsKept() throws {
        let site = try makeSite()
        try edit(site, ["content/d.md": "---\ntitle: Delta\ndate: 2024-03-01\ntags: [other]\n---\nDelta.\n"])
        try site.built()
        // A kept file is the published one linked into the new site: its inode stays.
        // A link to each first file keeps its inode taken, so no new file can get it.
        func inode(_ part: String) throws -> Int {
            let attributes = try FileManager.default.attributesOfItem(atPath: site.output.appending(path: "search/\(part).json").path)
            return try #require(attributes[.systemFileNumber] as? Int)
        }
        for part in ["2024", "2025"] {
            try FileManager.default.linkItem(
                at: site.output.appending(path: "search/\(part).json"), to: site.root.appending(path: "first-\(part).json"))
        }
        let (year2024, year2025) = (try inode("2024"), try inode("2025"))
        // A new paragraph changes no entry (Alpha's summary is its first one): both parts are kept.
        try edit(site, ["content/a.md": Self.files["content/a.md"]! + "\nMore text.\n"])
        try expectSameAsCleanBuild(site)
        #expect(try inode("2024") == year2024)
        #expect(try inode("2025") == year2025)
        // A new title changes Alpha's entry: only 2025 is written again.
        try edit(site, ["content/a.md": Self.files["content/a.md"]!.replacingOccurrences(of: "Alpha", with: "Alpha, retitled")])
        try expectSameAsCleanBuild(site)
        #expect(try inode("2024") == year2024)
        #expect(try inode("2025") != year2025)
        #expect(try site.read("search/2025.json").contains("Alpha, retitled"))
    }

    @Test("the sitemap is kept while every page's URL and date are as they were, and made again when one changes")
    func sitemapKept() throws {
        let site = try makeSite()
        try site.built()
        func inode() throws -> Int {
            let attributes = try FileManager.default.attributesOfItem(atPath: site.output.appending(path: "sitemap.xml").path)
            return try #require(attributes[.systemFileNumber] as? Int)
        }
        // A link to the first file keeps its inode taken, so no new file can get it.
        try FileManager.default.linkItem(at: site.output.appending(path: "sitemap.xml"), to: site.root.appending(path: "first-sitemap.xml"))
        let first = try inode()
        // A new paragraph moves no date and no URL: the sitemap is the published file, linked.
        try edit(site, ["content/a.md": Self.files["content/a.md"]! + "\nMore text.\n"])
        try expectSameAsCleanBuild(site)
        #expect(try inode() == first)
        // An update date is a page's lastmod: the sitemap is made again, with it.
        let a = Self.files["content/a.md"]!
        try edit(site, ["content/a.md": a.replacingOccurrences(of: "date: 2025-05-14", with: "date: 2025-05-14\nupdated: 2025-05-20")])
        try expectSameAsCleanBuild(site)
        #expect(try inode() != first)
        let entry = "<loc>http://localhost:8000/2025/05/14/a/</loc><lastmod>2025-05-20T00:00:00Z</lastmod>"
        #expect(try site.read("sitemap.xml").contains(entry))
        // A new base URL reaches every <loc>.
        try edit(site, ["site.yml": "title: Desk\nbaseURL: https://desk.example.org/\n"])
        try expectSameAsCleanBuild(site)
        #expect(try site.read("sitemap.xml").contains("<loc>https://desk.example.org/2025/05/14/a/</loc>"))
    }

    @Test("related lists kept by the cache are used only while every date and tag is as it was")
    func knownRelated() throws {
        let site = try makeSite()
        let built = try Result { () throws(BuildFailure) in try SiteGenerator.buildSite(site.options()) }.get().site
        let marked = Array(repeating: [0], count: built.briefings.count)
        let reassemble = { (briefings: [Briefing]) in
            SiteBuilder.build(
                config: built.config, briefings: briefings, stories: StoryCatalog(), policy: site.options().policy,
                knownRelated: KnownRelated(signature: built.relatedSignature, lists: marked))
        }
        var edited = built.briefings
        edited[0] = edited[0].changing(body: "<p>A new body.</p>")
        edited[1] = edited[1].changing(summary: "A new summary.")
        #expect(reassemble(edited).related == marked)
        var retagged = built.briefings
        retagged[0] = retagged[0].changing(tags: ["elsewhere"])
        #expect(
            reassemble(retagged).related
                == RelatedFinder.find(
                    briefings: retagged, tagsOfBriefing: reassemble(retagged).tagsOfBriefing, tags: reassemble(retagged).tags))
        var redated = built.briefings
        redated[2] = redated[2].changing(date: redated[0].date)
        #expect(reassemble(redated).related != marked)
    }
}

extension Briefing {
    /// A copy with some fields changed: briefings are immutable.
    func changing(
        body: String? = nil, summary: String? = nil, tags: [String]? = nil, date: SiteDate? = nil, title: String? = nil
    ) -> Briefing {
        var rendered = self.body
        if let body { rendered.html = body }
        return Briefing(
            sourcePath: sourcePath, contentPath: contentPath, title: title ?? self.title, date: date ?? self.date, updated: updated,
            tags: tags ?? self.tags, summary: summary ?? self.summary, slug: slug, draft: draft, sources: sources, story: story,
            storySlug: storySlug, author: author, params: params, body: rendered, bodyFirstLine: bodyFirstLine)
    }
}
