import Foundation

/// Mustache contexts for briefings, built as dictionaries: swift-mustache reads
/// them several times faster than reflected structs (see DESIGN.md).
struct BriefingContext {
    let site: Site

    /// What a list shows of a briefing: title, link, date, summary, tags.
    func summary(_ index: Int) -> [String: Any] {
        let briefing = site.briefings[index]
        return [
            "title": briefing.title,
            "url": briefing.url,
            "date": DateFormatting.day(briefing.date),
            "dateTime": DateFormatting.dayAndTime(briefing.date),
            "dateISO": briefing.date.rfc3339,
            "summary": briefing.summary,
            "hasSummary": !briefing.summary.isEmpty,
            "tags": tagLinks(index),
            "hasTags": !site.tagsOfBriefing[index].isEmpty,
        ]
    }

    func tagLinks(_ index: Int) -> [[String: Any]] {
        site.tagsOfBriefing[index].map { tag in
            ["name": site.tags[tag].name, "url": site.tags[tag].url]
        }
    }

    /// Everything about one briefing, for its own page.
    func full(_ index: Int) -> [String: Any] {
        let briefing = site.briefings[index]
        var context = summary(index)
        context["content"] = briefing.body.html
        context["permalink"] = absolute(briefing.url)
        context["slug"] = briefing.slug
        context["wordCount"] = briefing.body.wordCount
        context["readingMinutes"] = briefing.readingMinutes
        context["sources"] = briefing.sources.map { source -> [String: Any] in
            // `hasURL` is always set: Mustache would otherwise look `url` up in the
            // enclosing briefing and link a source to the briefing itself.
            var entry: [String: Any] = ["name": source.name, "hasURL": source.url != nil]
            if let url = source.url { entry["url"] = url }
            return entry
        }
        context["hasSources"] = !briefing.sources.isEmpty
        if let updated = briefing.updated {
            context["updated"] = DateFormatting.dayAndTime(updated)
            context["updatedISO"] = updated.rfc3339
        }
        if let author = briefing.author { context["author"] = author }
        context["params"] = Dictionary(briefing.params.map { ($0.0, $0.1.templateValue) }) { first, _ in first }
        context["jsonLD"] = JSONLD.newsArticle(briefing, site: site)
        // Older and newer in time: the list is newest first.
        if index + 1 < site.briefings.count { context["previous"] = link(index + 1) }
        if index > 0 { context["next"] = link(index - 1) }
        if let storyIndex = site.storyOfBriefing[index] {
            let story = site.stories[storyIndex]
            var storyContext: [String: Any] = ["title": story.title, "url": story.url, "count": story.briefings.count]
            if let position = story.briefings.firstIndex(of: index) {
                storyContext["position"] = position + 1
                if position > 0 { storyContext["previous"] = link(story.briefings[position - 1]) }
                if position + 1 < story.briefings.count { storyContext["next"] = link(story.briefings[position + 1]) }
            }
            context["story"] = storyContext
        }
        context["related"] = site.related[index].map(summary)
        context["hasRelated"] = !site.related[index].isEmpty
        return context
    }

    func link(_ index: Int) -> [String: Any] {
        let briefing = site.briefings[index]
        return ["title": briefing.title, "url": briefing.url, "date": DateFormatting.day(briefing.date), "dateISO": briefing.date.rfc3339]
    }

    /// "1 briefing", "3 briefings": counts in running text.
    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    func absolute(_ url: String) -> String {
        site.config.baseURL + url.dropFirst()
    }
}
