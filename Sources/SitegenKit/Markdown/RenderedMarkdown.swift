/// A briefing body rendered by libcmark, and what the pipeline learns from the
/// same parse: a word count, heading ids and the links the body makes. (The first
/// paragraph's text, a summary when the front matter has none, is not kept with
/// it: see `MarkdownRenderer.renderWithFirstParagraph`.)
public struct RenderedMarkdown: Sendable, Equatable {
    /// The HTML with its hash; from the cache, decoded only when read.
    public var rendered: RenderedHTML
    public var html: String {
        get { rendered.text }
        set { rendered = RenderedHTML(newValue) }
    }
    public var wordCount: Int
    /// Heading ids in document order.
    public var headingIDs: [String] { details.headingIDs }
    /// Link and image destinations with their line in the body, in document order.
    public var links: [MarkdownLink] { details.links }

    /// What the rest of the parse learnt; from the cache, left in the mapping
    /// until read. A warm build reads none of it for an unchanged briefing, and
    /// decoding ten thousand sets of heading ids and links (with the first
    /// paragraphs the details then held) was a third of loading the cache.
    struct Details: Sendable, Equatable {
        var headingIDs: [String]
        var links: [MarkdownLink]
    }

    private enum DetailsStorage: Sendable {
        case values(Details)
        /// Bytes `CacheReader.details()` checked; see `CachedBriefing`.
        case mapped(MappedFile, Range<Int>)
    }

    private let detailsStorage: DetailsStorage

    var details: Details {
        switch detailsStorage {
        case .values(let details): details
        case .mapped(let file, let range): Details.decode(file, range)
        }
    }

    public init(html: String, wordCount: Int, headingIDs: [String], links: [MarkdownLink]) {
        self.init(rendered: RenderedHTML(html), wordCount: wordCount, details: Details(headingIDs: headingIDs, links: links))
    }

    init(rendered: RenderedHTML, wordCount: Int, details: Details) {
        self.rendered = rendered
        self.wordCount = wordCount
        detailsStorage = .values(details)
    }

    /// The same HTML and word count, with no heading ids or links: for a build
    /// that neither caches nor checks them.
    var withoutDetails: RenderedMarkdown {
        RenderedMarkdown(rendered: rendered, wordCount: wordCount, details: Details(headingIDs: [], links: []))
    }

    /// The same with the HTML's hash made now (`RenderedHTML.hashed`).
    var withHashedHTML: RenderedMarkdown {
        var copy = self
        copy.rendered = rendered.hashed
        return copy
    }

    /// From a cache file: `details` are bytes of it, checked but not decoded.
    init(rendered: RenderedHTML, wordCount: Int, mappedDetails file: MappedFile, range: Range<Int>) {
        self.rendered = rendered
        self.wordCount = wordCount
        detailsStorage = .mapped(file, range)
    }

    /// The details as `CacheReader.details()` reads them: mapped bytes copied as they are.
    func writeDetails(to out: inout CacheWriter) {
        switch detailsStorage {
        case .values(let details): out.blob { details.write(to: &$0) }
        case .mapped(let file, let range): withExtendedLifetime(file) { out.blob(UnsafeRawBufferPointer(rebasing: file.bytes[range])) }
        }
    }

    public static func == (a: RenderedMarkdown, b: RenderedMarkdown) -> Bool {
        a.rendered == b.rendered && a.wordCount == b.wordCount && a.details == b.details
    }
}

public struct MarkdownLink: Sendable, Equatable {
    public var destination: String
    public var line: Int
    public var isImage: Bool
}
