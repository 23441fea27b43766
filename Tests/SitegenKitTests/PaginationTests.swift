import Foundation
import Testing

@testable import SitegenKit

/// A site of `count` briefings, one a day from 2025-05-01, all tagged "Kyiv", with pages of `pageSize`.
private func pagedSite(count: Int, pageSize: Int = 3) throws -> TestSite {
    var files = PlainTheme.site(["site.yml": "pageSize: \(pageSize)\n"])
    for day in stride(from: 1, through: count, by: 1) {
        let name = String(format: "2025-05-%02d", day)
        files["content/\(name)-day-\(day).md"] = briefing("Day \(day)", date: name, "tags: [Kyiv]")
    }
    let site = try TestSite(files)
    if count == 0 { try FileManager.default.createDirectory(at: site.root.appending(path: "content"), withIntermediateDirectories: true) }
    return site
}

private func dayURL(_ day: Int) -> String {
    String(format: "/2025/05/%02d/day-%d/", day, day)
}

@Suite("Pagination")
struct PaginationTests {
    @Test("an empty site still has a home page, with no second page and no tag pages")
    func noBriefings() throws {
        let site = try pagedSite(count: 0)
        let report = try site.built()
        #expect(report.briefings == 0)
        let home = try site.read("index.html")
        #expect(links(in: home).isEmpty)
        #expect(home.contains("page=1/1 prev= next=\n") || home.hasSuffix("page=1/1 prev= next="))
        #expect(!site.exists("page/2/index.html"))
        #expect(!site.exists("tags/kyiv/index.html"))
        #expect(site.exists("tags/index.html"))
        #expect(site.exists("feed.xml"))
    }

    @Test("one briefing makes one page")
    func oneBriefing() throws {
        let site = try pagedSite(count: 1)
        try site.built()
        #expect(links(in: try site.read("index.html")) == [dayURL(1)])
        #expect(try site.read("index.html").contains("page=1/1 prev= next="))
        #expect(!site.exists("page/2/index.html"))
        #expect(links(in: try site.read("tags/kyiv/index.html")) == [dayURL(1)])
        #expect(!site.exists("tags/kyiv/page/2/index.html"))
    }

    @Test("exactly a page of briefings fills one page and makes no empty second page")
    func exactlyOnePage() throws {
        let site = try pagedSite(count: 3)
        try site.built()
        #expect(links(in: try site.read("index.html")) == [dayURL(3), dayURL(2), dayURL(1)])
        #expect(try site.read("index.html").contains("page=1/1 prev= next="))
        #expect(!site.exists("page/2/index.html"))
        #expect(try site.read("tags/kyiv/index.html").contains("page=1/1 prev= next="))
        #expect(!site.exists("tags/kyiv/page/2/index.html"))
    }

    @Test("one briefing more than a page spills onto a second page, linked both ways")
    func onePastAPage() throws {
        let site = try pagedSite(count: 4)
        try site.built()
        let first = try site.read("index.html")
        #expect(links(in: first) == [dayURL(4), dayURL(3), dayURL(2)])
        #expect(first.contains("page=1/2 prev= next=/page/2/"))
        let second = try site.read("page/2/index.html")
        #expect(links(in: second) == [dayURL(1)])
        #expect(second.contains("page=2/2 prev=/ next="))
        #expect(!site.exists("page/3/index.html"))
        #expect(!site.exists("page/1/index.html"))
    }

    @Test("tag pages paginate the same way under the tag's URL")
    func tagPages() throws {
        let site = try pagedSite(count: 4)
        try site.built()
        let first = try site.read("tags/kyiv/index.html")
        #expect(first.contains("tag=Kyiv count=4"))
        #expect(links(in: first) == [dayURL(4), dayURL(3), dayURL(2)])
        #expect(first.contains("page=1/2 prev= next=/tags/kyiv/page/2/"))
        let second = try site.read("tags/kyiv/page/2/index.html")
        #expect(links(in: second) == [dayURL(1)])
        #expect(second.contains("page=2/2 prev=/tags/kyiv/ next="))
        #expect(!site.exists("tags/kyiv/page/3/index.html"))
    }

    @Test("every briefing appears on exactly one home page")
    func everyBriefingOnce() throws {
        let site = try pagedSite(count: 7, pageSize: 2)
        try site.built()
        var listed: [String] = []
        for path in ["index.html", "page/2/index.html", "page/3/index.html", "page/4/index.html"] {
            listed += links(in: try site.read(path))
        }
        #expect(listed == (1...7).reversed().map(dayURL))
        #expect(!site.exists("page/5/index.html"))
    }

    @Test("page ranges cover the list without gaps or overlap", arguments: [0, 1, 2, 3, 4, 5, 20])
    func ranges(count: Int) {
        let paging = Pagination(base: "/tags/x/", itemCount: count, size: 2)
        #expect(paging.pageCount == max(1, (count + 1) / 2))
        let covered = (1...paging.pageCount).flatMap { Array(paging.range(ofPage: $0)) }
        #expect(covered == Array(0..<count))
        #expect(paging.url(ofPage: 1) == "/tags/x/")
        #expect(paging.url(ofPage: 2) == "/tags/x/page/2/")
    }
}
