/// schema.org `NewsArticle` metadata for a briefing page, as a JSON string that
/// is safe inside `<script type="application/ld+json">`: `<`, `>` and `&` are
/// written as `\u003c`-style escapes, so no front-matter text can close the
/// script element or open a comment.
enum JSONLD {
    static func newsArticle(_ briefing: Briefing, site: Site) -> String {
        let permalink = site.config.baseURL + briefing.url.dropFirst()
        // JSONText escapes <, > and & as \u003c-style sequences: safe inside <script>.
        var json = JSONWriter(capacity: 1024)
        json.beginObject()
        json.member("@context", "https://schema.org")
        json.member("@type", "NewsArticle")
        json.member("headline", briefing.title)
        json.member("datePublished", date: briefing.date)
        json.member("dateModified", date: briefing.updated ?? briefing.date)
        json.member("url", permalink)
        json.member("mainEntityOfPage", permalink)
        json.member("description", briefing.summary)
        json.member("inLanguage", site.config.language)
        json.key("wordCount")
        json.encoded(String(briefing.body.wordCount).utf8)
        json.key("publisher")
        json.beginObject()
        json.member("@type", "Organization")
        json.member("name", site.config.title)
        json.member("url", site.config.baseURL)
        json.endObject()
        if !briefing.tags.isEmpty { json.member("keywords", briefing.tags.joined(separator: ", ")) }
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
