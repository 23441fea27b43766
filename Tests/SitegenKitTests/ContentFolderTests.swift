import Foundation
import FoundationXML
import Testing

@testable import SitegenKit

@Suite("Reading the content folder")
struct ContentFolderTests {
    @Test("briefings are found at any depth, and files that are not .md are ignored")
    func nestingAndOtherFiles() throws {
        let site = try TestSite(
            PlainTheme.site([
                "content/a.md": briefing("A", date: "2025-05-16"),
                "content/2025/05/deep/b.md": briefing("B", date: "2025-05-17"),
                "content/notes.txt": "not a briefing",
                "content/image.png": "png",
            ]))
        let report = try site.built()
        #expect(report.briefings == 2)
        #expect(site.exists("2025/05/17/b/index.html"))
        #expect(!site.exists("notes.txt"))
    }

    @Test("hidden files and folders in content/ are skipped")
    func hiddenSkipped() throws {
        let site = try TestSite(
            PlainTheme.site([
                "content/a.md": briefing("A", date: "2025-05-16"),
                "content/.b.md": "not even front matter",
                "content/.git/c.md": "not even front matter",
            ]))
        #expect(try site.built().briefings == 1)
    }

    @Test("a symbolic link in content/ is an error, not followed")
    func symlinkRefused() throws {
        let site = try TestSite(PlainTheme.site(["content/a.md": briefing("A", date: "2025-05-16")]))
        try FileManager.default.createSymbolicLink(
            atPath: site.root.appending(path: "content/b.md").path,
            withDestinationPath: site.root.appending(path: "content/a.md").path)
        // With the cache the scan reads each file's details; without, the listing's kinds.
        for useCache in [true, false] {
            var options = site.options()
            options.useCache = useCache
            var problems: [Diagnostic] = []
            do throws(BuildFailure) { _ = try SiteGenerator.build(options) } catch { problems = error.diagnostics }
            #expect(problems.count == 1, "useCache: \(useCache)")
            #expect(problems.first?.path.hasSuffix("content/b.md") == true)
            #expect(problems.first?.message.contains("symbolic links are not followed") == true)
        }
    }

    @Test("a New York site files an evening briefing under its own day, not the UTC one")
    func newYorkClock() throws {
        let site = try TestSite(
            PlainTheme.site([
                "site.yml": "timeZone: America/New_York\n",
                "content/late.md": briefing("Late", date: "2025-07-04T23:30:00-04:00"),
                "content/early.md": briefing("Early", date: "2025-07-05T02:00:00Z"),
            ]))
        try site.built()
        #expect(try site.read("2025/07/04/late/index.html").contains("date=2025-07-04T23:30:00-04:00"))
        #expect(try site.read("2025/07/04/early/index.html").contains("date=2025-07-04T22:00:00-04:00"))
        #expect(links(in: try site.read("2025/07/index.html")) == ["/2025/07/04/late/", "/2025/07/04/early/"])
    }

    @Test("briefings of the same moment are ordered by title on every list")
    func tiesOrderedByTitle() throws {
        let site = try TestSite(
            PlainTheme.site([
                "content/z.md": briefing("Alpha", date: "2025-05-16"),
                "content/a.md": briefing("Beta", date: "2025-05-16"),
                "content/m.md": briefing("Gamma", date: "2025-05-16"),
            ]))
        try site.built()
        #expect(links(in: try site.read("index.html")) == ["/2025/05/16/z/", "/2025/05/16/a/", "/2025/05/16/m/"])
    }

    @Test("feeds hold the newest 50 briefings; list pages hold them all")
    func feedLimit() throws {
        var files = PlainTheme.site(["site.yml": "pageSize: 100\n"])
        for number in 1...51 {
            let date = Date(timeIntervalSince1970: 1_735_689_600 + Double(number) * 86_400)  // From 2025-01-02.
            let day = ISO8601DateFormatter().string(from: date)
            files["content/n\(number).md"] = briefing("N\(number)", date: day, "tags: [t]")
        }
        let site = try TestSite(files)
        try site.built()
        let feed = try #require(try XMLDocument(data: try site.data("feed.xml"), options: []).rootElement())
        let entries = feed.elements(forLocalName: "entry", uri: "http://www.w3.org/2005/Atom")
        #expect(entries.count == 50)
        #expect(entries.first?.elements(forLocalName: "title", uri: "http://www.w3.org/2005/Atom").first?.stringValue == "N51")
        #expect(entries.last?.elements(forLocalName: "title", uri: "http://www.w3.org/2005/Atom").first?.stringValue == "N2")
        let json = try #require(try JSONSerialization.jsonObject(with: try site.data("tags/t/feed.json")) as? [String: Any])
        #expect((json["items"] as? [Any])?.count == 50)
        #expect(links(in: try site.read("index.html")).count == 51)
    }

    @Test("the sitemap dates each briefing page by its update, else its date")
    func sitemapLastmod() throws {
        let site = try TestSite(
            PlainTheme.site([
                "content/a.md": briefing("A", date: "2025-05-16", "updated: 2025-05-20T08:00:00Z"),
                "content/b.md": briefing("B", date: "2025-05-18"),
            ]))
        try site.built()
        let sitemap = try site.read("sitemap.xml")
        #expect(sitemap.contains("<loc>http://localhost:8000/2025/05/16/a/</loc><lastmod>2025-05-20T08:00:00Z</lastmod>"))
        #expect(sitemap.contains("<loc>http://localhost:8000/2025/05/18/b/</loc><lastmod>2025-05-18T00:00:00Z</lastmod>"))
        #expect(sitemap.contains("<loc>http://localhost:8000/</loc><lastmod>2025-05-20T08:00:00Z</lastmod>"))
    }
}
