import Foundation

/// Atom (RFC 4287) and JSON Feed 1.1 documents for a list of briefings: the
/// site's newest, a tag's, or a story's. Ids are the briefings' permalinks, which
/// never change between builds.
struct FeedWriter {
    static let limit = 50

    let site: Site

    struct Feed {
        var title: String
        /// Site-relative URL of the HTML page the feed follows, e.g. `/tags/x/`.
        var pageURL: String
        /// Site-relative folder of the feed files, e.g. `/tags/x/`.
        var feedBase: String
        /// Newest first.
        var briefings: [Int]
    }

    func feeds() -> [Feed] {
        var feeds = [Feed(title: site.config.title, pageURL: "/", feedBase: "/", briefings: Array(site.briefings.indices))]
        for tag in site.tags {
            feeds.append(Feed(title: "\(site.config.title): \(tag.name)", pageURL: tag.url, feedBase: tag.url, briefings: tag.briefings))
        }
        for story in site.stories {
            feeds.append(Feed(title: "\(site.config.title): \(story.title)", pageURL: story.url, feedBase: story.url,
                briefings: story.briefings.reversed()))
        }
        return feeds
    }

    private func absolute(_ url: String) -> String { site.config.baseURL + url.dropFirst() }

    func atom(_ feed: Feed) -> String {
        let entries = feed.briefings.prefix(Self.limit)
        let updated = entries.map { site.briefings[$0].updated ?? site.briefings[$0].date }.max()
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(XMLEscaping.escape(site.config.language))">
              <title>\(XMLEscaping.escape(feed.title))</title>
              <id>\(XMLEscaping.escape(absolute(feed.feedBase + "feed.xml")))</id>
              <link rel="self" type="application/atom+xml" href="\(XMLEscaping.escape(absolute(feed.feedBase + "feed.xml")))"/>
              <link rel="alternate" type="text/html" href="\(XMLEscaping.escape(absolute(feed.pageURL)))"/>
              <updated>\(updated?.rfc3339 ?? "1970-01-01T00:00:00Z")</updated>
              <author><name>\(XMLEscaping.escape(site.config.title))</name></author>

            """
        if !site.config.description.isEmpty { xml += "  <subtitle>\(XMLEscaping.escape(site.config.description))</subtitle>\n" }
        for index in entries {
            let briefing = site.briefings[index]
            let link = XMLEscaping.escape(absolute(briefing.url))
            xml += "  <entry>\n"
            xml += "    <title>\(XMLEscaping.escape(briefing.title))</title>\n"
            xml += "    <id>\(link)</id>\n"
            xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(link)\"/>\n"
            xml += "    <published>\(briefing.date.rfc3339)</published>\n"
            xml += "    <updated>\((briefing.updated ?? briefing.date).rfc3339)</updated>\n"
            if let author = briefing.author { xml += "    <author><name>\(XMLEscaping.escape(author))</name></author>\n" }
            for tag in site.tagsOfBriefing[index] {
                xml += "    <category term=\"\(XMLEscaping.escape(site.tags[tag].slug))\" label=\"\(XMLEscaping.escape(site.tags[tag].name))\"/>\n"
            }
            xml += "    <summary>\(XMLEscaping.escape(briefing.summary))</summary>\n"
            xml += "    <content type=\"html\" xml:base=\"\(link)\">\(XMLEscaping.escape(briefing.body.html))</content>\n"
            xml += "  </entry>\n"
        }
        xml += "</feed>\n"
        return xml
    }

    func json(_ feed: Feed) -> String {
        var document: [String: Any] = [
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed.title,
            "home_page_url": absolute(feed.pageURL),
            "feed_url": absolute(feed.feedBase + "feed.json"),
            "language": site.config.language,
            "authors": [["name": site.config.title]],
        ]
        if !site.config.description.isEmpty { document["description"] = site.config.description }
        document["items"] = feed.briefings.prefix(Self.limit).map { index -> [String: Any] in
            let briefing = site.briefings[index]
            var item: [String: Any] = [
                "id": absolute(briefing.url),
                "url": absolute(briefing.url),
                "title": briefing.title,
                "content_html": briefing.body.html,
                "summary": briefing.summary,
                "date_published": briefing.date.rfc3339,
                "date_modified": (briefing.updated ?? briefing.date).rfc3339,
            ]
            let tags = site.tagsOfBriefing[index].map { site.tags[$0].name }
            if !tags.isEmpty { item["tags"] = tags }
            if let author = briefing.author { item["authors"] = [["name": author]] }
            return item
        }
        // Strings, numbers, arrays and dictionaries only: serialization cannot fail.
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return (String(data: data, encoding: .utf8) ?? "{}") + "\n"
    }
}
