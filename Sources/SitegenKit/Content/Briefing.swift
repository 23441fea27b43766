/// One briefing, read and validated: front matter fields plus the rendered body.
/// A class, immutable once made: the site sorts, groups and lists ten thousand
/// briefings, and every copy of a struct this wide retained twenty strings and arrays.
public final class Briefing: Sendable, Equatable {
    /// Path shown in diagnostics (relative to where sitegen runs).
    public let sourcePath: String
    /// Path inside `content/`, with `/` separators: the tie-breaker in sort order.
    public let contentPath: String
    public let title: String
    public let date: SiteDate
    public let updated: SiteDate?
    /// Tag names as written (deduplicated by slug within the briefing).
    public let tags: [String]
    public let summary: String
    public let slug: String
    public let draft: Bool
    public let sources: [BriefingSource]
    /// The story key as written, and its slug for `/stories/SLUG/`.
    public let story: String?
    public let storySlug: String?
    public let author: String?
    /// Every front matter key sitegen does not know, for templates as `params`.
    public let params: BriefingParams
    public let body: RenderedMarkdown
    /// Line of the file where the Markdown body starts (link diagnostics add to it).
    public let bodyFirstLine: Int
    /// `/YYYY/MM/DD/slug/`, from the date on the site's clock.
    public let url: String
    /// XXH64 of the source file's bytes (0 when not known): page fingerprints include it.
    public let sourceHash: UInt64

    /// `url`: `Briefing.url(date:slug:)` of the same date and slug when the caller
    /// has made it already (the loader makes it once, for the URL check).
    public init(
        sourcePath: String, contentPath: String, title: String, date: SiteDate, updated: SiteDate?, tags: [String], summary: String,
        slug: String, draft: Bool, sources: [BriefingSource], story: String?, storySlug: String?, author: String?,
        params: BriefingParams, body: RenderedMarkdown, bodyFirstLine: Int, sourceHash: UInt64 = 0, url: String? = nil
    ) {
        (self.sourcePath, self.contentPath, self.title, self.date, self.updated) = (sourcePath, contentPath, title, date, updated)
        (self.tags, self.summary, self.slug, self.draft, self.sources) = (tags, summary, slug, draft, sources)
        (self.story, self.storySlug, self.author, self.params) = (story, storySlug, author, params)
        (self.body, self.bodyFirstLine, self.sourceHash) = (body, bodyFirstLine, sourceHash)
        self.url = url ?? Self.url(date: date, slug: slug)
    }

    /// The one rule for briefing URLs, used before and after the body is rendered.
    static func url(date: SiteDate, slug: String) -> String {
        let day = date.local
        guard (0...9999).contains(day.year) else { return "/\(pad(day.year, 4))/\(pad(day.month))/\(pad(day.day))/\(slug)/" }
        // Made as bytes: interpolating seven parts was a tenth of turning ten
        // thousand cache records into briefings, each URL made twice.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(13 + slug.utf8.count)
        bytes.append(UInt8(ascii: "/"))
        day.appendDay(separatedBy: UInt8(ascii: "/"), to: &bytes)
        bytes.append(UInt8(ascii: "/"))
        bytes += slug.utf8
        bytes.append(UInt8(ascii: "/"))
        return String(decoding: bytes, as: UTF8.self)
    }

    public var readingMinutes: Int { max(1, (body.wordCount + 229) / 230) }

    public static func == (a: Briefing, b: Briefing) -> Bool {
        a.contentPath == b.contentPath && a.title == b.title && a.date == b.date && a.updated == b.updated
            && a.tags == b.tags && a.summary == b.summary && a.slug == b.slug && a.draft == b.draft
            && a.sources == b.sources && a.story == b.story && a.author == b.author && a.body == b.body
            && a.params.all.map(\.0) == b.params.all.map(\.0) && a.params.all.map(\.1) == b.params.all.map(\.1)
    }
}

public struct BriefingSource: Sendable, Equatable {
    public var name: String
    public var url: String?
}

/// A front matter value of a key sitegen does not know, kept for templates.
/// Every front matter key sitegen does not know, in file order, for templates as
/// `params`. From the cache they stay encoded in its mapping until a page shows
/// them: decoding ten thousand nested values (boxed, in arrays of their own) on
/// every warm build took a third of decoding the records.
public struct BriefingParams: Sendable, ExpressibleByArrayLiteral {
    private enum Storage: Sendable {
        case decoded([(String, ParamValue)])
        case mapped(MappedFile, Range<Int>)
    }

    private let storage: Storage

    public init(_ params: [(String, ParamValue)]) { storage = .decoded(params) }

    public init(arrayLiteral params: (String, ParamValue)...) { self.init(params) }

    /// Params written by `CachedBriefing.write` and walked when the file was read.
    init(mapped file: MappedFile, range: Range<Int>) { storage = .mapped(file, range) }

    public var all: [(String, ParamValue)] {
        switch storage {
        case .decoded(let params): params
        case .mapped(let file, let range): CachedBriefing.decodeParams(file, range)
        }
    }

    /// The encoded bytes, when the params are still in a cache file's mapping.
    var mapped: (MappedFile, Range<Int>)? {
        guard case .mapped(let file, let range) = storage else { return nil }
        return (file, range)
    }
}

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
        case .map(let keys, let values): .object(TemplateObject(zip(keys, values.map(\.templateValue))))
        }
    }
}
