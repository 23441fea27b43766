import Foundation

/// schema.org `NewsArticle` metadata for a briefing page, as a JSON string that
/// is safe inside `<script type="application/ld+json">`: `<`, `>` and `&` are
/// written as `\u003c`-style escapes, so no front-matter text can close the
/// script element or open a comment.
enum JSONLD {
    static func newsArticle(_ briefing: Briefing, site: Site) -> String {
        let permalink = site.config.baseURL + briefing.url.dropFirst()
        var article: [String: Any] = [
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": briefing.title,
            "datePublished": briefing.date.rfc3339,
            "dateModified": (briefing.updated ?? briefing.date).rfc3339,
            "url": permalink,
            "mainEntityOfPage": permalink,
            "description": briefing.summary,
            "inLanguage": site.config.language,
            "wordCount": briefing.body.wordCount,
            "publisher": ["@type": "Organization", "name": site.config.title, "url": site.config.baseURL],
        ]
        if !briefing.tags.isEmpty { article["keywords"] = briefing.tags.joined(separator: ", ") }
        if let author = briefing.author { article["author"] = ["@type": "Person", "name": author] }
        if !briefing.sources.isEmpty {
            article["isBasedOn"] = briefing.sources.map { source -> [String: Any] in
                var work: [String: Any] = ["@type": "CreativeWork", "name": source.name]
                if let url = source.url { work["url"] = url }
                return work
            }
        }
        return scriptSafeJSON(article)
    }

    static func scriptSafeJSON(_ object: Any) -> String {
        // Only strings, numbers, arrays and dictionaries go in, so serialization cannot fail.
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]),
            let json = String(data: data, encoding: .utf8)
        else { return "{}" }
        var safe = ""
        safe.reserveCapacity(json.utf8.count + 16)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": safe += "\\u003c"
            case ">": safe += "\\u003e"
            case "&": safe += "\\u0026"
            case "\u{2028}": safe += "\\u2028"
            case "\u{2029}": safe += "\\u2029"
            default: safe.unicodeScalars.append(scalar)
            }
        }
        return safe
    }
}
