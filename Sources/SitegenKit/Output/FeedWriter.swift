/// Atom (RFC 4287) and JSON Feed 1.1 documents for a list of briefings: the
/// site's newest, a tag's, or a story's. Ids are the briefings' permalinks, which
/// never change between builds.
///
/// Each entry is encoded straight into the feed being written, also when the
/// briefing is in several feeds (the site's, each of its tags', its story's).
/// Encoded once and kept, the shared entries were 43 MiB for 10,000 briefings,
/// memory the build touched for nothing else: 11,700 page faults, each dear
/// when the host must supply the page, for no time saved in a calm spell
/// (the performance notes, round of `7f69010` and `ddf205f`).
struct FeedWriter: Sendable {
    static let limit = 50

    let site: Site
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

    init(site: Site) {
        self.site = site
        encoder = EntryEncoder(site: site)
    }

    private func absolute(_ url: String) -> String { site.config.baseURL + url.dropFirst() }

    func atom(_ feed: Feed) -> [UInt8] {
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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(capacity(for: feed, around: xml.utf8.count + 16))
        bytes += xml.utf8
        for index in feed.briefings { encoder.atomEntry(index, into: &bytes) }
        bytes += "</feed>\n"
        return bytes
    }

    /// Room for the feed's entries and about `extra` bytes more (the head and the
    /// end), reserved before the feed is filled: a feed is half a megabyte, and
    /// grown by doubling it was copied (and its new pages faulted in) several
    /// times over. A body's HTML is most of its entry, in either format.
    private func capacity(for feed: Feed, around extra: Int) -> Int {
        feed.briefings.reduce(extra) { room, index in
            let briefing = site.briefings[index]
            let html = briefing.body.rendered.utf8Count
            return room + html + html / 4 + briefing.summary.utf8.count + 1024
        }
    }

    func json(_ feed: Feed) -> [UInt8] {
        var json = JSONWriter(capacity: capacity(for: feed, around: 1024))
        json.beginObject()
        json.member("version", "https://jsonfeed.org/version/1.1")
        json.member("title", feed.title)
        json.member("home_page_url", absolute(feed.pageURL))
        json.member("feed_url", absolute(feed.feedBase + "feed.json"))
        json.member("language", site.config.language)
        EntryEncoder.authors(site.config.title, into: &json)
        if !site.config.description.isEmpty { json.member("description", site.config.description) }
        json.key("items")
        json.beginArray()
        for index in feed.briefings { encoder.jsonItem(index, into: &json) }
        json.endArray()
        json.endObject()
        json.endLine()
        return json.bytes
    }
}

/// One briefing as an Atom `<entry>` and as a JSON Feed item.
///
/// What entries share is spelled once, when the encoder is made: the site's
/// base URL and each tag's `<category>` line and JSON name, escaped. Spelled
/// for every entry, each tag was copied out of the site (retaining its name,
/// slug and briefing list) and escaped again, and each permalink was made as a
/// new string: encoding entries was the largest user of reference counting in
/// a cold build, 2.5% of its CPU.
private struct EntryEncoder: Sendable {
    private let briefings: [Briefing]
    private let tagsOfBriefing: [[Int]]
    /// Per tag: `    <category term="…" label="…"/>` and a line feed.
    private let categories: [[UInt8]]
    /// Per tag: its name as a JSON string, quotes included.
    private let tagNames: [[UInt8]]
    /// The base URL, escaped for XML and for a JSON string (without quotes).
    private let xmlBase: [UInt8]
    private let jsonBase: [UInt8]

    init(site: Site) {
        (briefings, tagsOfBriefing) = (site.briefings, site.tagsOfBriefing)
        categories = site.tags.map { tag in
            var line = Array("    <category term=\"".utf8)
            XMLEscaping.escape(tag.slug, into: &line)
            line += "\" label=\"".utf8
            XMLEscaping.escape(tag.name, into: &line)
            line += "\"/>\n".utf8
            return line
        }
        tagNames = site.tags.map { tag in
            var name: [UInt8] = []
            JSONText.string(tag.name, into: &name)
            return name
        }
        var (xml, json): ([UInt8], [UInt8]) = ([], [])
        XMLEscaping.escape(site.config.baseURL, into: &xml)
        JSONText.escape(site.config.baseURL, into: &json)
        (xmlBase, jsonBase) = (xml, json)
    }

    /// Appends the briefing's `<entry>` to `xml`.
    func atomEntry(_ index: Int, into xml: inout [UInt8]) {
        let briefing = briefings[index]
        // Written as bytes: built as interpolated strings, each entry's ten small
        // texts were made, escaped into new strings and copied again.
        var link = xmlBase
        XMLEscaping.escape(briefing.url.dropFirst(), into: &link)
        xml += "  <entry>\n    <title>".utf8
        XMLEscaping.escape(briefing.title, into: &xml)
        xml += "</title>\n    <id>".utf8
        xml += link
        xml += "</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"".utf8
        xml += link
        xml += "\"/>\n    <published>".utf8
        briefing.date.appendRFC3339(to: &xml)
        xml += "</published>\n    <updated>".utf8
        (briefing.updated ?? briefing.date).appendRFC3339(to: &xml)
        xml += "</updated>\n".utf8
        if let author = briefing.author {
            xml += "    <author><name>".utf8
            XMLEscaping.escape(author, into: &xml)
            xml += "</name></author>\n".utf8
        }
        for tag in tagsOfBriefing[index] { xml += categories[tag] }
        xml += "    <summary>".utf8
        XMLEscaping.escape(briefing.summary, into: &xml)
        xml += "</summary>\n    <content type=\"html\" xml:base=\"".utf8
        xml += link
        xml += "\">".utf8
        // The HTML, the bulk of the entry, goes straight into the bytes as a CDATA section.
        XMLEscaping.cdata(briefing.body.rendered, into: &xml)
        xml += "</content>\n  </entry>\n".utf8
    }

    /// Writes the briefing's item as the next value of `json`'s open array.
    func jsonItem(_ index: Int, into json: inout JSONWriter) {
        let briefing = briefings[index]
        var permalink = jsonBase
        JSONText.escape(briefing.url.dropFirst(), into: &permalink)
        json.beginObject()
        json.member("id", escaped: permalink)
        json.member("url", escaped: permalink)
        json.member("title", briefing.title)
        json.key("content_html")
        json.string(briefing.body.rendered, inScript: false)
        json.member("summary", briefing.summary)
        json.member("date_published", date: briefing.date)
        json.member("date_modified", date: briefing.updated ?? briefing.date)
        let tags = tagsOfBriefing[index]
        if !tags.isEmpty {
            json.key("tags")
            json.beginArray()
            for tag in tags { json.encoded(tagNames[tag]) }
            json.endArray()
        }
        if let author = briefing.author { Self.authors(author, into: &json) }
        json.endObject()
    }

    /// `"authors":[{"name":…}]`, as JSON Feed 1.1 names them.
    static func authors(_ name: String, into json: inout JSONWriter) {
        json.key("authors")
        json.beginArray()
        json.beginObject()
        json.member("name", name)
        json.endObject()
        json.endArray()
    }
}
