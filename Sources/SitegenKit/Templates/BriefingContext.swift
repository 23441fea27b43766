import Foundation

/// Template contexts for briefings. What lists show of a briefing (its summary)
/// is built once per build and shared by every page that lists it.
struct BriefingContext: Sendable {
    let site: Site
    private let builder: SummaryBuilder
    /// `summary(i)` for every briefing, built in parallel up front; nil when
    /// only a few pages are rendered, which build the summaries they show.
    /// Lists pick from it without retaining an entry (`TemplateTable`).
    private let summaries: TemplateTable?
    private let jsonLD: JSONLD
    /// `site.related`, taken once: it waits for the search (see `Site.related`),
    /// and each read through `site` retained and released the lists.
    private let related: [[Int]]

    /// `upFront`: build every summary now, for a build that renders most pages.
    init(site: Site, upFront: Bool = true) {
        self.site = site
        let builder = SummaryBuilder(site: site)
        self.builder = builder
        summaries = upFront ? TemplateTable(site.briefings.indices.parallelMap { builder.summary($0) }) : nil
        jsonLD = JSONLD(site: site)
        related = site.related
    }

    /// What a list shows of a briefing: title, link, date, summary, tags.
    func summary(_ index: Int) -> TemplateValue { summaries?[index] ?? builder.summary(index) }

    /// Per briefing, a hash that changes whenever its list entry (`summary`) would:
    /// made from what `SummaryBuilder.fields` reads (title, URL, date and its
    /// offset, summary, each tag's name and slug), not from the built values.
    /// Formatting three dates and building an entry for each of ten thousand
    /// briefings was a tenth of a warm build's CPU. The time zone is not here:
    /// every fingerprint includes the settings. `CardTests` holds the two together.
    static func cards(site: Site) -> [UInt64] {
        let tagCards = site.tags.map { tag in
            var card = FingerprintBuilder()
            card.add(tag.name)
            card.add(tag.slug)
            return card.finish()
        }
        // The arrays taken out of `site` first: read through it, each was retained
        // and released for every briefing, by both cores at once.
        let (briefings, tagsOfBriefing) = (site.briefings, site.tagsOfBriefing)
        return briefings.indices.parallelMap { index in
            let briefing = briefings[index]
            var card = FingerprintBuilder()
            card.add(briefing.title)
            card.add(briefing.url)
            card.add(Int(briefing.date.epochSeconds))
            card.add(briefing.date.offsetSeconds)
            card.add(briefing.summary)
            card.add(tagsOfBriefing[index].count)
            for tag in tagsOfBriefing[index] { card.add(tagCards[tag]) }
            return card.finish()
        }
    }

    /// The list entries of `indices`, picked from those built up front when they
    /// were. (A closure, not `map(summary)`: the method reference copied this
    /// struct, retaining each of its members, for every list a page shows.)
    /// `recurring`: other pages list these briefings too (a tag's, related
    /// briefings), not each briefing's one month, year or story.
    func summaries(_ indices: some Sequence<Int>, recurring: Bool = true) -> TemplateValue {
        summaries.map { $0.picking(Array(indices), recurring: recurring) } ?? .list(indices.map { summary($0) })
    }

    /// Everything about one briefing, for its own page.
    func full(_ index: Int) -> TemplateValue {
        let briefing = site.briefings[index]
        // The page copies from other briefings' list entries (older, newer,
        // related), strewn over the heap: their storage objects are asked for now
        // and their member blocks once the page's own members are made, so they
        // are in the cache by the time they are read.
        prefetchNeighbours(of: index, headerOnly: true)
        let summary = summary(index)
        guard case .object(var context) = summary else { return summary }
        context.reserveCapacity(32)
        context["content"] = .text(briefing.body.html)
        let permalink = absolute(briefing.url)
        context["permalink"] = .text(permalink)
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
        context["params"] = .object(TemplateObject(briefing.params.all.map { ($0.0, $0.1.templateValue) }))
        context["jsonLD"] = .text(jsonLD.newsArticle(briefing, permalink: permalink))
        prefetchNeighbours(of: index, headerOnly: false)
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
        context["related"] = summaries(related[index])
        context["hasRelated"] = .bool(!related[index].isEmpty)
        return .object(context)
    }

    /// Starts loading the list entries of the briefings before and after this one
    /// and of its related briefings, when every entry was built up front.
    private func prefetchNeighbours(of index: Int, headerOnly: Bool) {
        guard let summaries else { return }
        if index > 0 { summaries.address(index - 1).prefetchObject(headerOnly: headerOnly) }
        if index + 1 < summaries.count { summaries.address(index + 1).prefetchObject(headerOnly: headerOnly) }
        for other in related[index] { summaries.address(other).prefetchObject(headerOnly: headerOnly) }
    }

    /// A link to a briefing (previous, next, in a story): taken from its list
    /// entry when that is built already, not formatted again.
    func link(_ index: Int) -> TemplateValue {
        if case .object(let card)? = summaries?[index] { return .object(card.picking(Self.linkMembers)) }
        let briefing = site.briefings[index]
        return [
            "title": .text(briefing.title), "url": .text(briefing.url), "date": .text(DateFormatting.day(briefing.date)),
            "dateISO": .text(briefing.date.rfc3339),
        ]
    }

    /// What a link shows of a briefing's list entry.
    private static let linkMembers = TemplateObject.Names(["title", "url", "date", "dateISO"])

    /// "1 briefing", "3 briefings": counts in running text.
    static func count(_ number: Int, _ noun: String) -> TemplateValue {
        .text("\(number) \(noun)\(number == 1 ? "" : "s")")
    }

    func absolute(_ url: String) -> String {
        site.config.baseURL + url.dropFirst()
    }
}

/// Builds one briefing's list entry; `fields` is the one list of what it holds,
/// for the template value and for its hash alike.
private struct SummaryBuilder: Sendable {
    let site: Site
    /// Each tag's entry (name, URL), made once and shared by every list entry
    /// that shows the tag: made per entry, forty thousand small objects were
    /// strewn over the heap, and rendering missed the cache on each. Picked, not
    /// copied, into each entry's `tags`: every copy retained the tag's entry,
    /// from both cores at once.
    private let tagEntries: TemplateTable

    init(site: Site) {
        self.site = site
        tagEntries = TemplateTable(site.tags.map { tag in ["name": .text(tag.name), "url": .text(tag.url)] })
    }

    func summary(_ index: Int) -> TemplateValue {
        var context = TemplateContext(minimumCapacity: 9)
        fields(index) { context[$0] = $1 }
        // Shown by many pages: its title, URL and summary kept beside its members.
        context.compact()
        return .object(context)
    }

    func fields(_ index: Int, _ field: (String, TemplateValue) -> Void) {
        let briefing = site.briefings[index]
        let tags = site.tagsOfBriefing[index]
        field("title", .text(briefing.title))
        field("url", .text(briefing.url))
        field("date", .text(DateFormatting.day(briefing.date)))
        field("dateTime", .text(DateFormatting.dayAndTime(briefing.date)))
        field("dateISO", .text(briefing.date.rfc3339))
        field("summary", .text(briefing.summary))
        field("hasSummary", .bool(!briefing.summary.isEmpty))
        field("tags", tagEntries.picking(tags))
        field("hasTags", .bool(!tags.isEmpty))
    }
}
