/// Builds the Mustache context of each planned page.
struct PageContext {
    let site: Site
    var briefings: BriefingContext { BriefingContext(site: site) }

    func context(for page: PlannedPage) -> [String: Any] {
        var context: [String: Any] = ["site": siteContext]
        var pageInfo: [String: Any] = [
            "url": page.url, "permalink": briefings.absolute(page.url), "kind": page.template,
            "description": site.config.description,
        ]
        var feeds: [[String: Any]] = [
            ["type": "application/atom+xml", "title": "\(site.config.title) (Atom)", "url": "/feed.xml"],
            ["type": "application/feed+json", "title": "\(site.config.title) (JSON Feed)", "url": "/feed.json"],
        ]
        switch page.kind {
        case .briefing(let index):
            let briefing = site.briefings[index]
            context["briefing"] = briefings.full(index)
            pageInfo["title"] = briefing.title
            pageInfo["description"] = briefing.summary
            pageInfo["isBriefing"] = true
        case .home(let number):
            let paging = Pagination(base: "/", itemCount: site.briefings.count, size: site.config.pageSize)
            context["briefings"] = paging.range(ofPage: number).map(briefings.summary)
            context["pagination"] = pagination(paging, number)
            pageInfo["title"] = number == 1 ? site.config.title : "\(site.config.title), page \(number)"
            pageInfo["isHome"] = number == 1
        case .tags:
            context["tags"] = site.tags.map { tag -> [String: Any] in
                ["name": tag.name, "url": tag.url, "count": tag.briefings.count]
            }
            context["hasTopTags"] = !site.tags.isEmpty
            context["topTags"] = site.tags.sorted { $0.briefings.count > $1.briefings.count }.prefix(10).map {
                ["name": $0.name, "url": $0.url, "count": $0.briefings.count] as [String: Any]
            }
            pageInfo["title"] = "Tags"
        case .tag(let index, let number):
            let tag = site.tags[index]
            let paging = Pagination(base: tag.url, itemCount: tag.briefings.count, size: site.config.pageSize)
            context["tag"] =
                [
                    "name": tag.name, "url": tag.url, "count": tag.briefings.count,
                    "countText": BriefingContext.count(tag.briefings.count, "briefing"), "feedURL": "\(tag.url)feed.xml",
                    "jsonFeedURL": "\(tag.url)feed.json",
                ] as [String: Any]
            context["briefings"] = paging.range(ofPage: number).map { briefings.summary(tag.briefings[$0]) }
            context["pagination"] = pagination(paging, number)
            pageInfo["title"] = number == 1 ? "Tag: \(tag.name)" : "Tag: \(tag.name), page \(number)"
            feeds = feedLinks(title: tag.name, base: tag.url)
        case .archive:
            context["years"] = site.years.map { year -> [String: Any] in
                [
                    "year": year.year, "url": year.url, "count": year.count,
                    "countText": BriefingContext.count(year.count, "briefing"), "months": year.months.map { monthSummary($0) },
                ]
            }
            pageInfo["title"] = "Archive"
        case .year(let index):
            let year = site.years[index]
            context["year"] =
                [
                    "year": year.year, "url": year.url, "count": year.count, "countText": BriefingContext.count(year.count, "briefing"),
                ] as [String: Any]
            context["months"] = year.months.map { month -> [String: Any] in
                var entry = monthSummary(month)
                entry["briefings"] = month.briefings.map(briefings.summary)
                return entry
            }
            if index + 1 < site.years.count { context["previous"] = yearLink(site.years[index + 1]) }
            if index > 0 { context["next"] = yearLink(site.years[index - 1]) }
            pageInfo["title"] = "\(year.year)"
        case .month(let yearIndex, let monthIndex):
            monthContext(yearIndex, monthIndex, into: &context, page: &pageInfo)
        case .stories:
            context["stories"] = site.stories.map { story -> [String: Any] in
                var entry: [String: Any] = [
                    "title": story.title, "url": story.url, "count": story.briefings.count, "description": story.description,
                    "hasDescription": !story.description.isEmpty,
                    "countText": BriefingContext.count(story.briefings.count, "development"),
                ]
                if let latest = story.briefings.last { entry["latest"] = briefings.link(latest) }
                if let first = story.briefings.first { entry["first"] = briefings.link(first) }
                return entry
            }
            pageInfo["title"] = "Stories"
        case .story(let index):
            let story = site.stories[index]
            context["story"] =
                [
                    "title": story.title, "url": story.url, "count": story.briefings.count, "description": story.description,
                    "hasDescription": !story.description.isEmpty,
                    "countText": BriefingContext.count(story.briefings.count, "development"), "feedURL": "\(story.url)feed.xml",
                    "jsonFeedURL": "\(story.url)feed.json",
                ] as [String: Any]
            context["briefings"] = story.briefings.map(briefings.summary)
            pageInfo["title"] = "Story: \(story.title)"
            feeds = feedLinks(title: story.title, base: story.url)
        case .notFound:
            pageInfo["title"] = "Page not found"
            context["briefings"] = site.briefings.prefix(5).indices.map(briefings.summary)
        }
        if let list = context["briefings"] as? [[String: Any]] { context["hasBriefings"] = !list.isEmpty }
        // Empty strings are truthy in swift-mustache, so templates test these flags.
        pageInfo["hasDescription"] = !((pageInfo["description"] as? String) ?? "").isEmpty
        pageInfo["feeds"] = feeds
        context["page"] = pageInfo
        return context
    }

    private var siteContext: [String: Any] {
        [
            "title": site.config.title, "baseURL": site.config.baseURL, "language": site.config.language,
            "description": site.config.description, "hasDescription": !site.config.description.isEmpty, "feedURL": "/feed.xml",
            "jsonFeedURL": "/feed.json",
            "briefingCount": site.briefings.count,
        ]
    }

    private func feedLinks(title: String, base: String) -> [[String: Any]] {
        [
            ["type": "application/atom+xml", "title": "\(title) (Atom)", "url": "\(base)feed.xml"],
            ["type": "application/feed+json", "title": "\(title) (JSON Feed)", "url": "\(base)feed.json"],
        ]
    }

    private func pagination(_ paging: Pagination, _ number: Int) -> [String: Any] {
        var context: [String: Any] = ["current": number, "total": paging.pageCount, "hasPages": paging.pageCount > 1]
        if number > 1 { context["prev"] = paging.url(ofPage: number - 1) }
        if number < paging.pageCount { context["next"] = paging.url(ofPage: number + 1) }
        return context
    }

    private func monthSummary(_ month: MonthGroup) -> [String: Any] {
        [
            "name": DateFormatting.monthNames[month.month - 1], "title": DateFormatting.month(month.year, month.month),
            "url": month.url, "count": month.briefings.count, "countText": BriefingContext.count(month.briefings.count, "briefing"),
        ]
    }

    private func yearLink(_ year: YearGroup) -> [String: Any] {
        ["title": "\(year.year)", "url": year.url]
    }

    /// A month page: its briefings grouped by day, oldest day last, with links to
    /// the nearest earlier and later months that have briefings.
    private func monthContext(_ yearIndex: Int, _ monthIndex: Int, into context: inout [String: Any], page: inout [String: Any]) {
        let month = site.years[yearIndex].months[monthIndex]
        var days: [[String: Any]] = []
        var currentDay = -1
        var members: [[String: Any]] = []
        for index in month.briefings {
            let date = site.briefings[index].date
            if date.local.day != currentDay, !members.isEmpty {
                days.append(dayGroup(site.briefings[month.briefings[0]].date, currentDay, members))
                members = []
            }
            currentDay = date.local.day
            members.append(briefings.summary(index))
        }
        if !members.isEmpty { days.append(dayGroup(site.briefings[month.briefings[0]].date, currentDay, members)) }
        context["month"] = monthSummary(month)
        context["days"] = days
        let all = site.years.flatMap(\.months)  // Newest first, a few hundred at most.
        if let position = all.firstIndex(of: month) {
            if position + 1 < all.count { context["previous"] = monthSummary(all[position + 1]) }
            if position > 0 { context["next"] = monthSummary(all[position - 1]) }
        }
        page["title"] = DateFormatting.month(month.year, month.month)
    }

    private func dayGroup(_ sample: SiteDate, _ day: Int, _ members: [[String: Any]]) -> [String: Any] {
        let iso = "\(pad(sample.local.year, 4))-\(pad(sample.local.month))-\(pad(day))"
        return [
            "date": "\(day) \(DateFormatting.monthNames[sample.local.month - 1]) \(sample.local.year)", "dateISO": iso,
            "briefings": members,
        ]
    }
}
