extension PageContext {
    /// How many stories, tags and months the first home page lists beside the briefings.
    static let frontPageLimits = (stories: 5, tags: 12, months: 6)

    /// The side column of the first home page: the stories with the latest
    /// developments, the most used tags and the newest months.
    func frontPage() -> TemplateContext {
        let limits = Self.frontPageLimits
        let stories = site.stories.prefix(limits.stories).map { story -> TemplateContext in
            var entry: TemplateContext = [
                "title": .text(story.title), "url": .text(story.url), "count": .number(story.briefings.count),
                "countText": BriefingContext.count(story.briefings.count, "development"),
            ]
            if let latest = story.briefings.last { entry["latest"] = briefings.link(latest) }
            return entry
        }
        // Most used first; ties in slug order (the order of `site.tags`), so the output never varies.
        let topTags = site.tags.indices
            .sorted { (site.tags[$1].briefings.count, $0) < (site.tags[$0].briefings.count, $1) }
            .prefix(limits.tags)
            .map { index -> TemplateContext in
                let tag = site.tags[index]
                return ["name": .text(tag.name), "url": .text(tag.url), "count": .number(tag.briefings.count)]
            }
        let months = site.years.lazy.flatMap(\.months).prefix(limits.months).map { month -> TemplateContext in
            [
                "name": .text(DateFormatting.monthNames[month.month - 1]), "title": .text(DateFormatting.month(month.year, month.month)),
                "url": .text(month.url), "count": .number(month.briefings.count),
                "countText": BriefingContext.count(month.briefings.count, "briefing"),
            ]
        }
        return [
            "stories": .list(Array(stories)), "hasStories": .bool(!stories.isEmpty), "topTags": .list(Array(topTags)),
            "hasTopTags": .bool(!topTags.isEmpty), "months": .list(Array(months)), "hasMonths": .bool(!months.isEmpty),
        ]
    }
}
