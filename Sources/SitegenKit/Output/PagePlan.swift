/// Every HTML page of a site: its URL, which template draws it and from what.
public struct PlannedPage: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case briefing(Int)
        case home(page: Int)
        case tags
        case tag(Int, page: Int)
        case archive
        case year(Int)
        case month(year: Int, month: Int)
        case stories
        case story(Int)
        case search
        case notFound
    }

    public let url: String
    public let kind: Kind
    /// The file under the output folder: `index.html` inside the URL's folder.
    /// Stored, not computed: a warm build looks every page's file up several
    /// times, and building the path each time was thousands of allocations.
    public let outputPath: String

    public init(url: String, kind: Kind) {
        (self.url, self.kind) = (url, kind)
        let path = String(decoding: url.utf8.dropFirst(), as: UTF8.self)  // Every URL starts with "/".
        outputPath = url.utf8.last == UInt8(ascii: "/") ? path + "index.html" : path
    }

    var isBriefing: Bool {
        if case .briefing = kind { return true }
        return false
    }

    public var template: String {
        switch kind {
        case .briefing: "briefing"
        case .home: "home"
        case .tags: "tags"
        case .tag: "tag"
        case .archive: "archive"
        case .year: "year"
        case .month: "month"
        case .stories: "stories"
        case .story: "story"
        case .search: "search"
        case .notFound: "404"
        }
    }
}

enum PagePlanner {
    static func plan(_ site: Site) -> [PlannedPage] {
        // Most pages are briefings': planned on every core (on one, 6 ms with the other idle),
        // and the rest added to the same array (copied into another, every page's two
        // strings were retained, and released with the first array, on one core).
        let briefings = site.briefings
        var pages = briefings.indices.parallelMap { PlannedPage(url: briefings[$0].url, kind: .briefing($0)) }
        pages.reserveCapacity(site.briefings.count * 2 + site.tags.count + 64)
        let home = Pagination(base: "/", itemCount: site.briefings.count, size: site.config.pageSize)
        for number in 1...home.pageCount { pages.append(PlannedPage(url: home.url(ofPage: number), kind: .home(page: number))) }
        pages.append(PlannedPage(url: "/tags/", kind: .tags))
        for (index, tag) in site.tags.enumerated() {
            let paging = Pagination(base: tag.url, itemCount: tag.briefings.count, size: site.config.pageSize)
            for number in 1...paging.pageCount {
                pages.append(PlannedPage(url: paging.url(ofPage: number), kind: .tag(index, page: number)))
            }
        }
        pages.append(PlannedPage(url: "/archive/", kind: .archive))
        for (yearIndex, year) in site.years.enumerated() {
            pages.append(PlannedPage(url: year.url, kind: .year(yearIndex)))
            for (monthIndex, month) in year.months.enumerated() {
                pages.append(PlannedPage(url: month.url, kind: .month(year: yearIndex, month: monthIndex)))
            }
        }
        pages.append(PlannedPage(url: "/stories/", kind: .stories))
        for (index, story) in site.stories.enumerated() { pages.append(PlannedPage(url: story.url, kind: .story(index))) }
        pages.append(PlannedPage(url: "/search/", kind: .search))
        pages.append(PlannedPage(url: "/404.html", kind: .notFound))
        return pages
    }
}
