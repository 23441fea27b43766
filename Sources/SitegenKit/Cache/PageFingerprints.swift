/// A 64-bit fingerprint of everything one page or feed is made from, computed
/// without rendering it. The output manifest keeps each file's fingerprint, so
/// the next build renders only the pages whose fingerprint changed and takes
/// every other page from the site it already published.
///
/// What goes in, and why it is enough:
/// - `global`: the cache fingerprint (sitegen version, time zone), every setting
///   of site.yml, every template's source and the stylesheet URL. A change to any
///   of these renders every page again.
/// - a briefing's `card`: a hash that changes whenever its list entry as
///   templates see it does (title, URL, dates, summary, tag names and URLs),
///   made from what `SummaryBuilder.fields` reads (`BriefingContext.cards`);
///   `CardTests` checks the two agree, so nothing a list shows can be missed.
/// - a briefing's `whole`: its card, the hash of its source file's bytes (every
///   front matter field), its content path, and the hash of its rendered body
///   (links to other briefings are resolved into it).
/// - per page: its kind and URL, and the cards, wholes and counts the page shows;
///   per feed and per search index part, the same for the entries it holds.
///
/// Pages that draw on the whole site (the first home page with its side
/// column, the tag, archive and story indexes, search, 404) have no
/// fingerprint: they are rendered on every build. There are only a few.
struct PageFingerprints: Sendable {
    private let site: Site
    private let global: UInt64
    private let cards: [UInt64]
    private let wholes: [UInt64]
    /// `site.related`, taken once (see `BriefingContext.related`).
    private let related: [[Int]]

    init(site: Site, templates: TemplateLibrary, styleURL: String, cacheFingerprint: String) {
        self.site = site
        related = site.related
        var global = FingerprintBuilder()
        global.add(cacheFingerprint)
        global.add(site.config)
        global.add(templates.sourceHash)
        global.add(styleURL)
        // Only a theme that shows the count makes every page depend on it.
        global.add(templates.mentions("briefingCount") ? site.briefings.count : -1)
        self.global = global.finish()
        let cards = BriefingContext.cards(site: site)
        self.cards = cards
        wholes = site.briefings.indices.parallelMap { index in
            let briefing = site.briefings[index]
            var whole = FingerprintBuilder()
            whole.add(cards[index])
            whole.add(briefing.contentPath)
            whole.add(briefing.sourceHash)
            whole.add(briefing.body.rendered.hash)
            return whole.finish()
        }
    }

    /// The page's fingerprint, or nil for a page rendered on every build.
    func page(_ page: PlannedPage) -> UInt64? {
        var builder = FingerprintBuilder()
        builder.add(global)
        builder.add(page.url)
        builder.add(page.template)
        switch page.kind {
        case .briefing(let index): addBriefingPage(index, to: &builder)
        case .home(let number):
            guard number > 1 else { return nil }
            let paging = Pagination(base: "/", itemCount: site.briefings.count, size: site.config.pageSize)
            builder.add(paging.pageCount)
            addCards(paging.range(ofPage: number), to: &builder)
        case .tag(let index, let number):
            let tag = site.tags[index]
            let paging = Pagination(base: tag.url, itemCount: tag.briefings.count, size: site.config.pageSize)
            builder.add(tag.name)
            builder.add(tag.url)
            builder.add(tag.briefings.count)
            builder.add(paging.pageCount)
            addCards(paging.range(ofPage: number).map { tag.briefings[$0] }, to: &builder)
        case .year(let index):
            let year = site.years[index]
            builder.add(index + 1 < site.years.count ? site.years[index + 1].year : 0)
            builder.add(index > 0 ? site.years[index - 1].year : 0)
            for month in year.months {
                builder.add(month.month)
                addCards(month.briefings, to: &builder)
            }
        case .month(let yearIndex, let monthIndex):
            // The neighbouring months are linked with their counts.
            let (earlier, later) = site.neighbours(ofMonth: monthIndex, inYear: yearIndex)
            for neighbour in [earlier, later] {
                builder.add(neighbour?.url ?? "")
                builder.add(neighbour?.briefings.count ?? 0)
            }
            addCards(site.years[yearIndex].months[monthIndex].briefings, to: &builder)
        case .story(let index):
            let story = site.stories[index]
            builder.add(story.title)
            builder.add(story.description)
            addCards(story.briefings, to: &builder)
        case .tags, .archive, .stories, .search, .notFound: return nil
        }
        return builder.finish()
    }

    /// A feed's fingerprint: its title and links, and every entry in full.
    func feed(_ feed: FeedWriter.Feed) -> UInt64 {
        var builder = FingerprintBuilder()
        builder.add(global)
        builder.add(feed.title)
        builder.add(feed.pageURL)
        builder.add(feed.feedBase)
        for index in feed.briefings { builder.add(wholes[index]) }
        return builder.finish()
    }

    /// The sitemap's fingerprint, shared by its files: what `SitemapWriter` lists.
    func sitemap(_ writer: SitemapWriter, pages: [PlannedPage]) -> UInt64 {
        var builder = FingerprintBuilder()
        builder.add(global)
        writer.addFingerprint(of: pages, to: &builder)
        return builder.finish()
    }

    /// A search index part's fingerprint: its name and each entry's card, which
    /// holds everything an entry shows (URL, title, date, tags, summary).
    func searchPart(_ part: SearchIndexWriter.Part) -> UInt64 {
        var builder = FingerprintBuilder()
        builder.add(global)
        builder.add(part.path)
        addCards(part.briefings, to: &builder)
        return builder.finish()
    }

    /// A briefing's page: the briefing itself, the neighbours it links to (older,
    /// newer, in its story) and its related briefings.
    private func addBriefingPage(_ index: Int, to builder: inout FingerprintBuilder) {
        builder.add(wholes[index])
        builder.add(index + 1 < site.briefings.count ? cards[index + 1] : 0)
        builder.add(index > 0 ? cards[index - 1] : 0)
        if let storyIndex = site.storyOfBriefing[index] {
            let story = site.stories[storyIndex]
            builder.add(story.title)
            builder.add(story.url)
            builder.add(story.briefings.count)
            if let position = story.briefings.firstIndex(of: index) {
                builder.add(position)
                builder.add(position > 0 ? cards[story.briefings[position - 1]] : 0)
                builder.add(position + 1 < story.briefings.count ? cards[story.briefings[position + 1]] : 0)
            }
        }
        addCards(related[index], to: &builder)
    }

    private func addCards(_ indices: some Sequence<Int>, to builder: inout FingerprintBuilder) {
        var count = 0
        for index in indices {
            builder.add(cards[index])
            count += 1
        }
        builder.add(count)
    }
}

/// Hashes values as a sequence of 64-bit words, a text as its length and its
/// hash, so that different sequences of values give different words (texts
/// apart from a 2^-64 chance). Words are mixed in as they come
/// (`XXHash64.absorb`): a buffer per fingerprint, grown by appending, was a
/// tenth of a warm build, for thirty thousand fingerprints of a few hundred
/// bytes each.
struct FingerprintBuilder {
    private var state = XXHash64.streamStart
    private var words: UInt64 = 0

    mutating func add(_ value: UInt64) {
        state = XXHash64.absorb(state, value)
        words &+= 1
    }

    mutating func add(_ value: Int) { add(UInt64(bitPattern: Int64(value))) }

    /// A text as its length and XXH64, which reads long texts (summaries,
    /// templates) four words at a time.
    mutating func add(_ text: String) {
        add(text.utf8.count)
        add(XXHash64.hash(text))
    }

    func finish() -> UInt64 { XXHash64.finishStream(state, words: words) }

    /// Every setting of site.yml, one by one: `String(describing:)` of the
    /// settings, which took them all without naming them, cost 4.3 million
    /// instructions of reflection on every warm build. `SettingsFingerprintTests`
    /// fails when SiteConfig gains a setting this does not add.
    mutating func add(_ config: SiteConfig) {
        add(config.title)
        add(config.baseURL)
        add(config.language)
        add(config.timeZone.identifier)
        add(config.description)
        add(config.pageSize)
        add(config.unsafeHTML ? 1 : 0)
    }
}
