/// One briefing, read and validated: front matter fields plus the rendered body.
public struct Briefing: Sendable, Equatable {
    /// Path shown in diagnostics (relative to where sitegen runs).
    public var sourcePath: String
    /// Path inside `content/`, with `/` separators: the tie-breaker in sort order.
    public var contentPath: String
    public var title: String
    public var date: SiteDate
    public var updated: SiteDate?
    /// Tag names as written (deduplicated by slug within the briefing).
    public var tags: [String]
    public var summary: String
    public var slug: String
    public var draft: Bool
    public var sources: [BriefingSource]
    /// The story key as written, and its slug for `/stories/SLUG/`.
    public var story: String?
    public var storySlug: String?
    public var author: String?
    /// Every front matter key sitegen does not know, for templates as `params`.
    public var params: [(String, ParamValue)]
    public var body: RenderedMarkdown
    /// Line of the file where the Markdown body starts (link diagnostics add to it).
    public var bodyFirstLine: Int

    /// `/YYYY/MM/DD/slug/`, from the date on the site's clock.
    public var url: String { Self.url(date: date, slug: slug) }

    /// The one rule for briefing URLs, used before and after the body is rendered.
    static func url(date: SiteDate, slug: String) -> String {
        let day = date.local
        return "/\(pad(day.year, 4))/\(pad(day.month))/\(pad(day.day))/\(slug)/"
    }

    public var readingMinutes: Int { max(1, (body.wordCount + 229) / 230) }

    public static func == (a: Briefing, b: Briefing) -> Bool {
        a.contentPath == b.contentPath && a.title == b.title && a.date == b.date && a.updated == b.updated
            && a.tags == b.tags && a.summary == b.summary && a.slug == b.slug && a.draft == b.draft
            && a.sources == b.sources && a.story == b.story && a.author == b.author && a.body == b.body
            && a.params.map(\.0) == b.params.map(\.0) && a.params.map(\.1) == b.params.map(\.1)
    }
}

public struct BriefingSource: Sendable, Equatable {
    public var name: String
    public var url: String?
}

/// A front matter value of a key sitegen does not know, kept for templates.
public indirect enum ParamValue: Sendable, Equatable {
    case string(String)
    case bool(Bool)
    case number(String)
    case list([ParamValue])
    case map([String], [ParamValue])

    /// As a template value.
    var templateValue: TemplateValue {
        switch self {
        case .string(let text), .number(let text): .text(text)
        case .bool(let value): .bool(value)
        case .list(let items): .list(items.map(\.templateValue))
        case .map(let keys, let values): .object(Dictionary(zip(keys, values.map(\.templateValue))) { first, _ in first })
        }
    }
}
