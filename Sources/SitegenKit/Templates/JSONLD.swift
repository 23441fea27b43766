/// schema.org `NewsArticle` metadata for a briefing page, as a JSON string that
/// is safe inside `<script type="application/ld+json">`: `<`, `>` and `&` are
/// written as `\u003c`-style escapes, so no front-matter text can close the
/// script element or open a comment.
///
/// Made once per build for the site: the members every page shares (context,
/// type, language, publisher) are encoded then, and copied into each page's.
struct JSONLD: Sendable {
    private let opening: [UInt8]
    private let language: [UInt8]
    private let publisher: [UInt8]

    init(site: Site) {
        let config = site.config
        opening = Self.members {
            $0.member("@context", "https://schema.org")
            $0.member("@type", "NewsArticle")
        }
        language = Self.members { $0.member("inLanguage", config.language) }
        publisher = Self.members {
            $0.key("publisher")
            $0.beginObject()
            $0.member("@type", "Organization")
            $0.member("name", config.title)
            $0.member("url", config.baseURL)
            $0.endObject()
        }
    }

    /// Members as an object holds them, without its braces.
    private static func members(_ write: (inout JSONWriter) -> Void) -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        write(&json)
        return Array(json.bytes.dropFirst())
    }

    /// `permalink`: the page's absolute URL, which its context holds already.
    func newsArticle(_ briefing: Briefing, permalink: String) -> String {
        // JSONText escapes <, > and & as \u003c-style sequences: safe inside <script>.
        var json = JSONWriter(capacity: 1024)
        json.beginObject()
        json.encoded(opening)
        json.member("headline", briefing.title)
        json.member("datePublished", date: briefing.date)
        json.member("dateModified", date: briefing.updated ?? briefing.date)
        json.member("url", permalink)
        json.member("mainEntityOfPage", permalink)
        json.member("description", briefing.summary)
        json.encoded(language)
        json.key("wordCount")
        json.encoded(String(briefing.body.wordCount).utf8)
        json.encoded(publisher)
        if !briefing.tags.isEmpty { json.member("keywords", joining: briefing.tags, separator: ", ") }
        if let author = briefing.author {
            json.key("author")
            json.beginObject()
            json.member("@type", "Person")
            json.member("name", author)
            json.endObject()
        }
        if !briefing.sources.isEmpty {
            json.key("isBasedOn")
            json.beginArray()
            for source in briefing.sources {
                json.beginObject()
                json.member("@type", "CreativeWork")
                json.member("name", source.name)
                if let url = source.url { json.member("url", url) }
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
        return json.text
    }
}
