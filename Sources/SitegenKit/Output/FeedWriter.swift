/// Atom (RFC 4287) and JSON Feed 1.1 documents for a list of briefings: the
/// site's newest, a tag's, or a story's. Ids are the briefings' permalinks, which
/// never change between builds. A briefing in several feeds (site, each of its
/// tags, its story) has its entry encoded once and reused.
struct FeedWriter: Sendable {
    static let limit = 50

    let site: Site
    private let atomEntries: [Int: String]
    private let jsonItems: [Int: String]
    private let encoder: EntryEncoder

    struct Feed: Sendable {
        var title: String
        /// Site-relative URL of the HTML page the feed follows, e.g. `/tags/x/`.
        var pageURL: String
        /// Site-relative folder of the feed files, e.g. `/tags/x/`.
        var feedBase: String
        /// Newest first, at most `limit`.
        var briefings: [Int]
    }

    /// The site's feeds: the site's own, then each tag's, then each story's.
    static func feeds(of site: Site) -> [Feed] {
        var feeds = [
            Feed(title: site.config.title, pageURL: "/", feedBase: "/", briefings: Array(site.briefings.indices.prefix(Self.limit)))
        ]
        for tag in site.tags {
            feeds.append(
                Feed(
                    title: "\(site.config.title): \(tag.name)", pageURL: tag.url, feedBase: tag.url,
                    briefings: Array(tag.briefings.prefix(Self.limit))))
        }
        for story in site.stories {
            feeds.append(
                Feed(
                    title: "\(site.config.title): \(story.title)", pageURL: story.url, feedBase: story.url,
                    briefings: Array(story.briefings.reversed().prefix(Self.limit))))
        }
        return feeds
    }

    /// A writer for `feeds`, which may be only the ones a build must write again.
    init(site: Site, writing feeds: [Feed]) {
        self.site = site
        // Entries in several feeds are encoded once and kept; the rest (most of
        // them) are encoded as their one feed is written, so the encoded text of
        // every briefing is never in memory at once.
        var appearances: [Int: Int] = [:]
        for feed in feeds { for index in feed.briefings { appearances[index, default: 0] += 1 } }
        let members = appearances.filter { $0.value > 1 }.keys.sorted()
        let encoder = EntryEncoder(site: site)
        self.encoder = encoder
        let encoded = members.parallelMap { index in (encoder.atomEntry(index), encoder.jsonItem(index)) }
        atomEntries = Dictionary(uniqueKeysWithValues: zip(members, encoded.map(\.0)))
        jsonItems = Dictionary(uniqueKeysWithValues: zip(members, encoded.map(\.1)))
    }

    private func absolute(_ url: String) -> String { site.config.baseURL + url.dropFirst() }

    func atom(_ feed: Feed) -> String {
        let updated = feed.briefings.map { site.briefings[$0].updated ?? site.briefings[$0].date }.max()
        let selfURL = XMLEscaping.escape(absolute(feed.feedBase + "feed.xml"))
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(XMLEscaping.escape(site.config.language))">
              <title>\(XMLEscaping.escape(feed.title))</title>
              <id>\(selfURL)</id>
              <link rel="self" type="application/atom+xml" href="\(selfURL)"/>
              <link rel="alternate" type="text/html" href="\(XMLEscaping.escape(absolute(feed.pageURL)))"/>
              <updated>\(updated?.rfc3339 ?? "1970-01-01T00:00:00Z")</updated>
              <author><name>\(XMLEscaping.escape(site.config.title))</name></author>

            """
        if !site.config.description.isEmpty { xml += "  <subtitle>\(XMLEscaping.escape(site.config.description))</subtitle>\n" }
        for index in feed.briefings { xml += atomEntries[index] ?? encoder.atomEntry(index) }
        xml += "</feed>\n"
        return xml
    }

    func json(_ feed: Feed) -> String {
        var members: [(String, String)] = [
            ("version", JSONText.string("https://jsonfeed.org/version/1.1")),
            ("title", JSONText.string(feed.title)),
            ("home_page_url", JSONText.string(absolute(feed.pageURL))),
            ("feed_url", JSONText.string(absolute(feed.feedBase + "feed.json"))),
            ("language", JSONText.string(site.config.language)),
            ("authors", JSONText.array([JSONText.object([("name", JSONText.string(site.config.title))])])),
        ]
        if !site.config.description.isEmpty { members.append(("description", JSONText.string(site.config.description))) }
        members.append(("items", JSONText.array(feed.briefings.map { jsonItems[$0] ?? encoder.jsonItem($0) })))
        return JSONText.object(members) + "\n"
    }
}

/// One briefing as an Atom `<entry>` and as a JSON Feed item.
private struct EntryEncoder: Sendable {
    let site: Site

    private func absolute(_ url: String) -> String { site.config.baseURL + url.dropFirst() }

    func atomEntry(_ index: Int) -> String {
        let briefing = site.briefings[index]
        let link = XMLEscaping.escape(absolute(briefing.url))
        var xml = "  <entry>\n"
        xml += "    <title>\(XMLEscaping.escape(briefing.title))</title>\n"
        xml += "    <id>\(link)</id>\n"
        xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(link)\"/>\n"
        xml += "    <published>\(briefing.date.rfc3339)</published>\n"
        xml += "    <updated>\((briefing.updated ?? briefing.date).rfc3339)</updated>\n"
        if let author = briefing.author { xml += "    <author><name>\(XMLEscaping.escape(author))</name></author>\n" }
        for tag in site.tagsOfBriefing[index] {
            xml +=
                "    <category term=\"\(XMLEscaping.escape(site.tags[tag].slug))\" label=\"\(XMLEscaping.escape(site.tags[tag].name))\"/>\n"
        }
        xml += "    <summary>\(XMLEscaping.escape(briefing.summary))</summary>\n"
        xml += "    <content type=\"html\" xml:base=\"\(link)\">\(XMLEscaping.escape(briefing.body.html))</content>\n"
        xml += "  </entry>\n"
        return xml
    }

    func jsonItem(_ index: Int) -> String {
        let briefing = site.briefings[index]
        let permalink = JSONText.string(absolute(briefing.url))
        var members: [(String, String)] = [
            ("id", permalink),
            ("url", permalink),
            ("title", JSONText.string(briefing.title)),
            ("content_html", JSONText.string(briefing.body.html)),
            ("summary", JSONText.string(briefing.summary)),
            ("date_published", JSONText.string(briefing.date.rfc3339)),
            ("date_modified", JSONText.string((briefing.updated ?? briefing.date).rfc3339)),
        ]
        let tags = site.tagsOfBriefing[index].map { JSONText.string(site.tags[$0].name) }
        if !tags.isEmpty { members.append(("tags", JSONText.array(tags))) }
        if let author = briefing.author {
            members.append(("authors", JSONText.array([JSONText.object([("name", JSONText.string(author))])])))
        }
        return JSONText.object(members)
    }
}
