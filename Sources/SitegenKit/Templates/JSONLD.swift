/// schema.org `NewsArticle` metadata for a briefing page, as a JSON string that
/// is safe inside `<script type="application/ld+json">`: `<`, `>` and `&` are
/// written as `\u003c`-style escapes, so no front-matter text can close the
/// script element or open a comment.
enum JSONLD {
    static func newsArticle(_ briefing: Briefing, site: Site) -> String {
        let permalink = JSONText.string(site.config.baseURL + briefing.url.dropFirst())
        var members: [(String, String)] = [
            ("@context", JSONText.string("https://schema.org")),
            ("@type", JSONText.string("NewsArticle")),
            ("headline", JSONText.string(briefing.title)),
            ("datePublished", JSONText.string(briefing.date.rfc3339)),
            ("dateModified", JSONText.string((briefing.updated ?? briefing.date).rfc3339)),
            ("url", permalink),
            ("mainEntityOfPage", permalink),
            ("description", JSONText.string(briefing.summary)),
            ("inLanguage", JSONText.string(site.config.language)),
            ("wordCount", String(briefing.body.wordCount)),
            (
                "publisher",
                JSONText.object([
                    ("@type", JSONText.string("Organization")), ("name", JSONText.string(site.config.title)),
                    ("url", JSONText.string(site.config.baseURL)),
                ])
            ),
        ]
        if !briefing.tags.isEmpty { members.append(("keywords", JSONText.string(briefing.tags.joined(separator: ", ")))) }
        if let author = briefing.author {
            members.append(("author", JSONText.object([("@type", JSONText.string("Person")), ("name", JSONText.string(author))])))
        }
        if !briefing.sources.isEmpty {
            members.append(
                (
                    "isBasedOn",
                    JSONText.array(
                        briefing.sources.map { source in
                            var work = [("@type", JSONText.string("CreativeWork")), ("name", JSONText.string(source.name))]
                            if let url = source.url { work.append(("url", JSONText.string(url))) }
                            return JSONText.object(work)
                        })
                ))
        }
        // JSONText escapes <, > and & as \u003c-style sequences: safe inside <script>.
        return JSONText.object(members)
    }
}
