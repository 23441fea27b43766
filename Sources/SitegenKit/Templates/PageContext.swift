/// Builds the template context of each planned page.
struct PageContext: Sendable {
    let site: Site
    let briefings: BriefingContext
    private let siteContext: TemplateValue
    /// The site's own feeds, which every page but a tag's or a story's advertises: made once.
    private let siteFeeds: TemplateValue

    /// `summariesUpFront`: see `BriefingContext`.
    init(site: Site, styleURL: String, summariesUpFront: Bool = true) {
        self.site = site
        briefings = BriefingContext(site: site, upFront: summariesUpFront)
        siteContext = Self.siteValue(site, styleURL: styleURL)
        siteFeeds = Self.feedLinks(title: site.config.title, base: "/")
    }

    /// `site.…` in every template, the stylesheet included.
    static func siteValue(_ site: Site, styleURL: String) -> TemplateValue {
        [
            "title": .text(site.config.title), "baseURL": .text(site.config.baseURL), "language": .text(site.config.language),
            "description": .text(site.config.description), "hasDescription": .bool(!site.config.description.isEmpty),
            "feedURL": "/feed.xml", "jsonFeedURL": "/feed.json", "briefingCount": .number(site.briefings.count),
            "styleURL": .text(styleURL),
        ]
    }

    func context(for page: PlannedPage) -> TemplateContext {
        var context: TemplateContext = ["site": siteContext]
        var pageInfo: TemplateContext = [
            "url": .text(page.url), "permalink": .text(briefings.absolute(page.url)), "kind": .text(page.template),
            "description": .text(site.config.description),
        ]
        var feeds = siteFeeds
        switch page.kind {
        case .briefing(let index):
            let briefing = site.briefings[index]
            context["briefing"] = briefings.full(index)
            pageInfo["title"] = .text(briefing.title)
            pageInfo["description"] = .text(briefing.summary)
            pageInfo["isBriefing"] = true
        case .home(let number):
            let paging = Pagination(base: "/", itemCount: site.briefings.count, size: site.config.pageSize)
            context["briefings"] = briefings.summaries(paging.range(ofPage: number))
            context["pagination"] = pagination(paging, number)
            pageInfo["title"] = .text(number == 1 ? site.config.title : "\(site.config.title), page \(number)")
            pageInfo["isHome"] = .bool(number == 1)
            if number == 1 { context.merge(frontPage()) { _, side in side } }
        case .tags:
            let tagLink = { (tag: TagGroup) -> TemplateValue in
                ["name": .text(tag.name), "url": .text(tag.url), "count": .number(tag.briefings.count)]
            }
            context["tags"] = .list(site.tags.map(tagLink))
            context["hasTopTags"] = .bool(!site.tags.isEmpty)
            context["topTags"] = .list(site.tags.sorted { $0.briefings.count > $1.briefings.count }.prefix(10).map(tagLink))
            pageInfo["title"] = "Tags"
        case .tag(let index, let number):
            let tag = site.tags[index]
            let paging = Pagination(base: tag.url, itemCount: tag.briefings.count, size: site.config.pageSize)
            context["tag"] = [
                "name": .text(tag.name), "url": .text(tag.url), "count": .number(tag.briefings.count),
                "countText": BriefingContext.count(tag.briefings.count, "briefing"), "feedURL": .text("\(tag.url)feed.xml"),
                "jsonFeedURL": .text("\(tag.url)feed.json"),
            ]
            context["briefings"] = briefings.summaries(paging.range(ofPage: number).map { tag.briefings[$0] })
            context["pagination"] = pagination(paging, number)
            pageInfo["title"] = .text(number == 1 ? "Tag: \(tag.name)" : "Tag: \(tag.name), page \(number)")
            feeds = Self.feedLinks(title: tag.name, base: tag.url)
        case .archive:
            context["years"] = .list(
                site.years.map { year -> TemplateValue in
                    [
                        "year": .number(year.year), "url": .text(year.url), "count": .number(year.count),
                        "countText": BriefingContext.count(year.count, "briefing"), "months": .list(year.months.map(monthSummary)),
                    ]
                })
            pageInfo["title"] = "Archive"
        case .year(let index):
            let year = site.years[index]
            context["year"] = [
                "year": .number(year.year), "url": .text(year.url), "count": .number(year.count),
                "countText": BriefingContext.count(year.count, "briefing"),
            ]
            context["months"] = .list(
                year.months.map { month -> TemplateValue in
                    guard case .object(var entry) = monthSummary(month) else { return monthSummary(month) }
                    entry["briefings"] = briefings.summaries(month.briefings, recurring: false)
                    return .object(entry)
                })
            if index + 1 < site.years.count { context["previous"] = yearLink(site.years[index + 1]) }
            if index > 0 { context["next"] = yearLink(site.years[index - 1]) }
            pageInfo["title"] = .text("\(year.year)")
        case .month(let yearIndex, let monthIndex):
            monthContext(yearIndex, monthIndex, into: &context, page: &pageInfo)
        case .stories:
            context["stories"] = .list(
                site.stories.map { story -> TemplateValue in
                    var entry: TemplateContext = [
                        "title": .text(story.title), "url": .text(story.url), "count": .number(story.briefings.count),
                        "description": .text(story.description), "hasDescription": .bool(!story.description.isEmpty),
                        "countText": BriefingContext.count(story.briefings.count, "development"),
                    ]
                    if let latest = story.briefings.last { entry["latest"] = briefings.link(latest) }
                    if let first = story.briefings.first { entry["first"] = briefings.link(first) }
                    return .object(entry)
                })
            pageInfo["title"] = "Stories"
        case .story(let index):
            let story = site.stories[index]
            context["story"] = [
                "title": .text(story.title), "url": .text(story.url), "count": .number(story.briefings.count),
                "description": .text(story.description), "hasDescription": .bool(!story.description.isEmpty),
                "countText": BriefingContext.count(story.briefings.count, "development"), "feedURL": .text("\(story.url)feed.xml"),
                "jsonFeedURL": .text("\(story.url)feed.json"),
            ]
            context["briefings"] = briefings.summaries(story.briefings, recurring: false)
            pageInfo["title"] = .text("Story: \(story.title)")
            feeds = Self.feedLinks(title: story.title, base: story.url)
        case .search:
            context["search"] = ["indexURL": .text("/" + SearchIndexWriter.manifestPath)]
            pageInfo["title"] = "Search"
            pageInfo["isSearch"] = true
        case .notFound:
            pageInfo["title"] = "Page not found"
            context["briefings"] = briefings.summaries(site.briefings.prefix(5).indices)
        }
        if let count = context["briefings"]?.itemCount { context["hasBriefings"] = .bool(count > 0) }
        // Empty strings are truthy in Mustache, so templates test these flags.
        if case .text(let description) = pageInfo["description"] { pageInfo["hasDescription"] = .bool(!description.isEmpty) }
        pageInfo["feeds"] = feeds
        pageInfo["nav"] = .object(TemplateObject(page.navigation.map { ($0.key, TemplateValue.text($0.value)) }))
        context["page"] = .object(pageInfo)
        return context
    }

    private static func feedLinks(title: String, base: String) -> TemplateValue {
        [
            ["type": "application/atom+xml", "title": .text("\(title) (Atom)"), "url": .text("\(base)feed.xml")],
            ["type": "application/feed+json", "title": .text("\(title) (JSON Feed)"), "url": .text("\(base)feed.json")],
        ]
    }

    private func pagination(_ paging: Pagination, _ number: Int) -> TemplateValue {
        var context: TemplateContext = [
            "current": .number(number), "total": .number(paging.pageCount), "hasPages": .bool(paging.pageCount > 1),
        ]
        if number > 1 { context["prev"] = .text(paging.url(ofPage: number - 1)) }
        if number < paging.pageCount { context["next"] = .text(paging.url(ofPage: number + 1)) }
        return .object(context)
    }

    private func monthSummary(_ month: MonthGroup) -> TemplateValue {
        [
            "name": .text(DateFormatting.monthNames[month.month - 1]), "title": .text(DateFormatting.month(month.year, month.month)),
            "url": .text(month.url), "count": .number(month.briefings.count),
            "countText": BriefingContext.count(month.briefings.count, "briefing"),
        ]
    }

    private func yearLink(_ year: YearGroup) -> TemplateValue {
        ["title": .text("\(year.year)"), "url": .text(year.url)]
    }

    /// A month page: its briefings grouped by day, oldest day last, with links to
    /// the nearest earlier and later months that have briefings.
    private func monthContext(_ yearIndex: Int, _ monthIndex: Int, into context: inout TemplateContext, page: inout TemplateContext) {
        let month = site.years[yearIndex].months[monthIndex]
        var days: [TemplateValue] = []
        var currentDay = -1
        var members: [Int] = []
        for index in month.briefings {
            let date = site.briefings[index].date
            if date.local.day != currentDay, !members.isEmpty {
                days.append(dayGroup(site.briefings[month.briefings[0]].date, currentDay, members))
                members = []
            }
            currentDay = date.local.day
            members.append(index)
        }
        if !members.isEmpty { days.append(dayGroup(site.briefings[month.briefings[0]].date, currentDay, members)) }
        context["month"] = monthSummary(month)
        context["days"] = .list(days)
        let (earlier, later) = site.neighbours(ofMonth: monthIndex, inYear: yearIndex)
        if let earlier { context["previous"] = monthSummary(earlier) }
        if let later { context["next"] = monthSummary(later) }
        page["title"] = .text(DateFormatting.month(month.year, month.month))
    }

    private func dayGroup(_ sample: SiteDate, _ day: Int, _ members: [Int]) -> TemplateValue {
        let iso = "\(pad(sample.local.year, 4))-\(pad(sample.local.month))-\(pad(day))"
        return [
            "date": .text("\(day) \(DateFormatting.monthNames[sample.local.month - 1]) \(sample.local.year)"), "dateISO": .text(iso),
            "briefings": briefings.summaries(members, recurring: false),
        ]
    }
}
