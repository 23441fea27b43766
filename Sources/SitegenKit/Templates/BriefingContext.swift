import Foundation

/// Template contexts for briefings. What lists show of a briefing (its summary)
/// is built once per build and shared by every page that lists it.
struct BriefingContext: Sendable {
    let site: Site
    /// `summary(i)` for every briefing, built in parallel up front.
    private let summaries: [TemplateValue]

    init(site: Site) {
        self.site = site
        let builder = SummaryBuilder(site: site)
        summaries = site.briefings.indices.parallelMap { builder.summary($0) }
    }

    /// What a list shows of a briefing: title, link, date, summary, tags.
    func summary(_ index: Int) -> TemplateValue { summaries[index] }

    func summaries(_ indices: some Sequence<Int>) -> TemplateValue { .list(indices.map { summaries[$0] }) }

    /// Everything about one briefing, for its own page.
    func full(_ index: Int) -> TemplateValue {
        let briefing = site.briefings[index]
        guard case .object(var context) = summaries[index] else { return summaries[index] }
        context["content"] = .text(briefing.body.html)
        context["permalink"] = .text(absolute(briefing.url))
        context["slug"] = .text(briefing.slug)
        context["wordCount"] = .number(briefing.body.wordCount)
        context["readingMinutes"] = .number(briefing.readingMinutes)
        context["sources"] = .list(
            briefing.sources.map { source -> TemplateContext in
                // `hasURL` is always set: Mustache would otherwise look `url` up in the
                // enclosing briefing and link a source to the briefing itself.
                var entry: TemplateContext = ["name": .text(source.name), "hasURL": .bool(source.url != nil)]
                entry["url"] = .optional(source.url)
                return entry
            })
        context["hasSources"] = .bool(!briefing.sources.isEmpty)
        if let updated = briefing.updated {
            context["updated"] = .text(DateFormatting.dayAndTime(updated))
            context["updatedISO"] = .text(updated.rfc3339)
        }
        context["author"] = .optional(briefing.author)
        context["params"] = .object(Dictionary(briefing.params.map { ($0.0, $0.1.templateValue) }) { first, _ in first })
        context["jsonLD"] = .text(JSONLD.newsArticle(briefing, site: site))
        // Older and newer in time: the list is newest first.
        if index + 1 < site.briefings.count { context["previous"] = link(index + 1) }
        if index > 0 { context["next"] = link(index - 1) }
        if let storyIndex = site.storyOfBriefing[index] {
            let story = site.stories[storyIndex]
            var storyContext: TemplateContext = [
                "title": .text(story.title), "url": .text(story.url), "count": .number(story.briefings.count),
            ]
            if let position = story.briefings.firstIndex(of: index) {
                storyContext["position"] = .number(position + 1)
                if position > 0 { storyContext["previous"] = link(story.briefings[position - 1]) }
                if position + 1 < story.briefings.count { storyContext["next"] = link(story.briefings[position + 1]) }
            }
            context["story"] = .object(storyContext)
        }
        context["related"] = summaries(site.related[index])
        context["hasRelated"] = .bool(!site.related[index].isEmpty)
        return .object(context)
    }

    func link(_ index: Int) -> TemplateValue {
        let briefing = site.briefings[index]
        return [
            "title": .text(briefing.title), "url": .text(briefing.url), "date": .text(DateFormatting.day(briefing.date)),
            "dateISO": .text(briefing.date.rfc3339),
        ]
    }

    /// "1 briefing", "3 briefings": counts in running text.
    static func count(_ number: Int, _ noun: String) -> TemplateValue {
        .text("\(number) \(noun)\(number == 1 ? "" : "s")")
    }

    func absolute(_ url: String) -> String {
        site.config.baseURL + url.dropFirst()
    }
}

/// Builds one briefing's list entry.
private struct SummaryBuilder: Sendable {
    let site: Site

    func summary(_ index: Int) -> TemplateValue {
        let briefing = site.briefings[index]
        let tags = site.tagsOfBriefing[index].map { tag -> TemplateValue in
            ["name": .text(site.tags[tag].name), "url": .text(site.tags[tag].url)]
        }
        return [
            "title": .text(briefing.title),
            "url": .text(briefing.url),
            "date": .text(DateFormatting.day(briefing.date)),
            "dateTime": .text(DateFormatting.dayAndTime(briefing.date)),
            "dateISO": .text(briefing.date.rfc3339),
            "summary": .text(briefing.summary),
            "hasSummary": .bool(!briefing.summary.isEmpty),
            "tags": .list(tags),
            "hasTags": .bool(!tags.isEmpty),
        ]
    }
}
