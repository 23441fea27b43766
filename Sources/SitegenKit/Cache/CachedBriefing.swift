/// What the cache keeps of one content file: enough to skip reading, parsing
/// and rendering it when the file has not changed since.
struct CachedBriefing: Sendable {
    /// The file's size and modification time (ns) when it was read: if either
    /// differs now, the file is hashed before the record is used. The time is
    /// kept in `RecordTimes`, not with the record (-1: not to be trusted).
    var size: Int
    var modified: Int
    /// Where the record stands in the shard file it was read from (-1: not read
    /// from one): the shard's times are written in that order while the shard
    /// file stays as it is.
    var ordinal = -1
    /// XXH64 of the file's bytes: a fresh checkout (CI) gives every file a new
    /// mtime, so a changed mtime with the same bytes is still a hit.
    var contentHash: UInt64
    /// What was read and rendered, shared by every copy of the record: a build
    /// passes ten thousand records around, and copying one then retains one
    /// object instead of twenty strings and arrays.
    let content: Content

    final class Content: Sendable {
        let front: FrontMatter
        let bodyFirstLine: Int
        let body: RenderedMarkdown
        /// The summary made from the body's first paragraph, when the front
        /// matter gives none (nil when it does): the body's details do not keep
        /// that paragraph.
        let bodySummary: String?
        /// How each link to another content file was resolved, in order. Moving or
        /// renaming the target changes its URL, so the body is rendered again.
        let links: [LinkOutcome]

        init(front: FrontMatter, bodyFirstLine: Int, body: RenderedMarkdown, bodySummary: String?, links: [LinkOutcome]) {
            (self.front, self.bodyFirstLine, self.body, self.bodySummary, self.links) = (front, bodyFirstLine, body, bodySummary, links)
        }
    }

    init(
        size: Int, modified: Int, contentHash: UInt64, front: FrontMatter, bodyFirstLine: Int, body: RenderedMarkdown,
        bodySummary: String?, links: [LinkOutcome]
    ) {
        (self.size, self.modified, self.contentHash) = (size, modified, contentHash)
        content = Content(front: front, bodyFirstLine: bodyFirstLine, body: body, bodySummary: bodySummary, links: links)
    }

    /// The time to save: a file changed twice within one clock tick keeps its
    /// mtime, so one written this recently is read again next time, not trusted.
    func trustedTime(before cutoff: Int) -> Int { modified >= cutoff ? -1 : modified }

    var front: FrontMatter { content.front }
    var bodyFirstLine: Int { content.bodyFirstLine }
    var body: RenderedMarkdown { content.body }
    var bodySummary: String? { content.bodySummary }
    var links: [LinkOutcome] { content.links }

    struct LinkOutcome: Sendable, Equatable {
        var destination: String
        var resolution: ContentLinks.Resolution
    }
}

extension CachedBriefing {
    func write(to out: inout CacheWriter) {
        out.int(size)
        out.fixed(contentHash)
        out.string(front.title)
        Self.write(front.date, to: &out)
        out.optional(front.updated) { Self.write($1, to: &$0) }
        out.list(front.tags) { $0.string($1) }
        out.optional(front.summary) { $0.string($1) }
        out.optional(bodySummary) { $0.string($1) }
        out.string(front.slug)
        out.bool(front.draft)
        out.list(front.sources) { out, source in
            out.string(source.name)
            out.optional(source.url) { $0.string($1) }
        }
        out.optional(front.story) { $0.string($1) }
        out.optional(front.author) { $0.string($1) }
        if let (file, range) = front.params.mapped {
            out.blob(UnsafeRawBufferPointer(rebasing: file.bytes[range]))
        } else {
            out.blob { out in
                out.list(front.params.all) { out, param in
                    out.string(param.0)
                    Self.write(param.1, to: &out)
                }
            }
        }
        out.int(bodyFirstLine)
        out.html(body.rendered)
        out.int(body.wordCount)
        body.writeDetails(to: &out)
        out.list(links) { out, outcome in
            out.string(outcome.destination)
            switch outcome.resolution {
            case .notContent: out.int(0)
            case .briefing(let url):
                out.int(1)
                out.string(url)
            case .missing(let target):
                out.int(2)
                out.string(target)
            }
        }
    }

    /// The record at `ordinal` in its shard file, whose file's time is `modified`.
    init(from input: inout CacheReader, ordinal: Int, modified: Int) throws(CacheDamage) {
        let size = try input.int()
        let contentHash = try input.fixed()
        let title = try input.string()
        let date = try Self.readDate(&input)
        let updated = try input.optional { (input: inout CacheReader) throws(CacheDamage) in try Self.readDate(&input) }
        let tags = try input.list { (input: inout CacheReader) throws(CacheDamage) in try input.string() }
        let summary = try input.optional { (input: inout CacheReader) throws(CacheDamage) in try input.string() }
        let bodySummary = try input.optional { (input: inout CacheReader) throws(CacheDamage) in try input.string() }
        let slug = try input.string()
        let draft = try input.bool()
        let sources = try input.list { (input: inout CacheReader) throws(CacheDamage) in
            BriefingSource(
                name: try input.string(), url: try input.optional { (input: inout CacheReader) throws(CacheDamage) in try input.string() })
        }
        let story = try input.optional { (input: inout CacheReader) throws(CacheDamage) in try input.string() }
        let author = try input.optional { (input: inout CacheReader) throws(CacheDamage) in try input.string() }
        let (paramsFile, paramsRange) = try input.blob { (input: inout CacheReader) throws(CacheDamage) in
            for _ in 0..<(try input.count()) {
                try input.skipString()
                try Self.skipParam(&input, depth: 0)
            }
        }
        let params = BriefingParams(mapped: paramsFile, range: paramsRange)
        let front = FrontMatter(
            title: title, date: date, updated: updated, tags: tags, summary: summary, slug: slug, draft: draft, sources: sources,
            story: story, author: author, params: params)
        let bodyFirstLine = try input.int()
        let rendered = try input.html()
        let wordCount = try input.int()
        let (file, details) = try input.details()
        let body = RenderedMarkdown(rendered: rendered, wordCount: wordCount, mappedDetails: file, range: details)
        let links = try input.list { (input: inout CacheReader) throws(CacheDamage) in
            let destination = try input.string()
            let resolution: ContentLinks.Resolution
            switch try input.int() {
            case 0: resolution = .notContent
            case 1: resolution = .briefing(try input.string())
            case 2: resolution = .missing(try input.string())
            default: throw CacheDamage()
            }
            return LinkOutcome(destination: destination, resolution: resolution)
        }
        self.init(
            size: size, modified: modified, contentHash: contentHash, front: front, bodyFirstLine: bodyFirstLine, body: body,
            bodySummary: bodySummary, links: links)
        self.ordinal = ordinal
    }

    private static func write(_ date: SiteDate, to out: inout CacheWriter) {
        out.int(Int(date.epochSeconds))
        out.int(date.offsetSeconds)
    }

    private static func readDate(_ input: inout CacheReader) throws(CacheDamage) -> SiteDate {
        let epoch = try input.int()
        let offset = try input.int()
        guard abs(offset) <= 26 * 3600 else { throw CacheDamage() }
        return SiteDate(epochSeconds: Int64(epoch), offsetSeconds: offset)
    }

    private static func write(_ value: ParamValue, to out: inout CacheWriter) {
        switch value {
        case .string(let text):
            out.int(0)
            out.string(text)
        case .bool(let flag):
            out.int(1)
            out.bool(flag)
        case .number(let text):
            out.int(2)
            out.string(text)
        case .list(let items):
            out.int(3)
            out.list(items) { write($1, to: &$0) }
        case .map(let keys, let values):
            out.int(4)
            out.list(keys) { $0.string($1) }
            out.list(values) { write($1, to: &$0) }
        }
    }

    /// Params `skipParam` walked when the file was read, so decoding cannot
    /// fail; were it to, the briefing would show no params rather than stop the build.
    static func decodeParams(_ file: MappedFile, _ range: Range<Int>) -> [(String, ParamValue)] {
        var input = CacheReader(file, from: range.lowerBound, to: range.upperBound)
        let params = try? input.list { (input: inout CacheReader) throws(CacheDamage) in
            (try input.string(), try Self.readParam(&input, depth: 0))
        }
        return params ?? []
    }

    private static func skipParam(_ input: inout CacheReader, depth: Int) throws(CacheDamage) {
        guard depth < 64 else { throw CacheDamage() }
        switch try input.int() {
        case 0, 2: try input.skipString()
        case 1: _ = try input.bool()
        case 3: for _ in 0..<(try input.count()) { try skipParam(&input, depth: depth + 1) }
        case 4:
            let keys = try input.count()
            for _ in 0..<keys { try input.skipString() }
            guard try input.count() == keys else { throw CacheDamage() }
            for _ in 0..<keys { try skipParam(&input, depth: depth + 1) }
        default: throw CacheDamage()
        }
    }

    private static func readParam(_ input: inout CacheReader, depth: Int) throws(CacheDamage) -> ParamValue {
        guard depth < 64 else { throw CacheDamage() }
        switch try input.int() {
        case 0: return .string(try input.string())
        case 1: return .bool(try input.bool())
        case 2: return .number(try input.string())
        case 3: return .list(try input.list { (input: inout CacheReader) throws(CacheDamage) in try readParam(&input, depth: depth + 1) })
        case 4:
            let keys = try input.list { (input: inout CacheReader) throws(CacheDamage) in try input.string() }
            let values = try input.list { (input: inout CacheReader) throws(CacheDamage) in try readParam(&input, depth: depth + 1) }
            guard keys.count == values.count else { throw CacheDamage() }
            return .map(keys, values)
        default: throw CacheDamage()
        }
    }
}

/// A body's details as the cache keeps them (`RenderedMarkdown.writeDetails`,
/// `CacheReader.details()`).
extension RenderedMarkdown.Details {
    func write(to out: inout CacheWriter) {
        out.list(headingIDs) { $0.string($1) }
        out.list(links) { out, link in
            out.string(link.destination)
            out.int(link.line)
            out.bool(link.isImage)
        }
    }

    init(from input: inout CacheReader) throws(CacheDamage) {
        headingIDs = try input.list { (input: inout CacheReader) throws(CacheDamage) in try input.string() }
        links = try input.list { (input: inout CacheReader) throws(CacheDamage) in
            MarkdownLink(destination: try input.string(), line: try input.int(), isImage: try input.bool())
        }
    }

    /// Walks what `write` wrote without making anything: a cache file's
    /// details are checked when it is read, and decoded only when asked for.
    static func skip(_ input: inout CacheReader) throws(CacheDamage) {
        for _ in 0..<(try input.count()) { try input.skipString() }
        for _ in 0..<(try input.count()) {
            try input.skipString()
            _ = try input.int()
            _ = try input.bool()
        }
    }

    /// Bytes `skip` walked to their end when the file was read, so reading
    /// them again cannot fail; were it to, the body would show no details
    /// rather than stop the build.
    static func decode(_ file: MappedFile, _ range: Range<Int>) -> Self {
        var input = CacheReader(file, from: range.lowerBound)
        return (try? Self(from: &input)) ?? Self(headingIDs: [], links: [])
    }
}
