import Foundation

/// A briefing whose front matter is read and checked, body not yet rendered:
/// a body linking to another briefing renders once every briefing's URL is
/// known, so the link can be resolved; the rest render as soon as they are read.
struct ParsedBriefing: Sendable {
    var sourcePath: String
    var contentPath: String
    let front: FrontMatter
    /// The Markdown: a slice of the file's text, not a copy of it.
    var body: Substring
    var bodyFirstLine: Int
    /// Made once: the URL check and the briefing both need it.
    let url: String

    init(sourcePath: String, contentPath: String, front: FrontMatter, body: Substring, bodyFirstLine: Int) {
        (self.sourcePath, self.contentPath, self.front, self.body, self.bodyFirstLine) = (
            sourcePath, contentPath, front, body, bodyFirstLine
        )
        url = Briefing.url(date: front.date, slug: front.slug)
    }
}

/// Turns one file's text into a `Briefing`, or into every problem it has.
struct BriefingLoader: Sendable {
    let config: SiteConfig
    let renderer: MarkdownRenderer
    /// Whether a rendered body keeps its heading ids and links
    /// (`BuildOptions.keepsBodyLinks`); its HTML and word count are kept either way.
    var keepsBodyDetails = true
    /// Whether a rendered body's HTML is hashed at once (`RenderedHTML.hashed`):
    /// only a build with the cache reads the hash.
    var hashesBodies = true

    static let knownKeys: Set<String> = [
        "title", "date", "tags", "summary", "slug", "draft", "updated", "sources", "story", "author",
    ]
    static let summaryLength = 200

    func parse(text rawText: String, sourcePath: String, contentPath: String) -> Result<ParsedBriefing, BuildFailure> {
        // CRLF files are common from Windows editors; LF from here on keeps lines exact.
        let text = rawText.containsBytes(of: "\r") ? rawText.replacingOccurrences(of: "\r\n", with: "\n") : rawText
        let split: SplitBriefing
        do {
            split = try FrontMatterSplitter.split(text)
        } catch {
            let (message, line): (String, Int) =
                switch error {
                case .empty: ("file is empty; a briefing needs front matter with a title and a date", 0)
                case .missingOpening: ("file must start with front matter: a line '---', then title: and date:, then '---'", 1)
                case .unclosed: ("front matter is never closed: add a line '---' after the last field", 1)
                }
            return .failure(BuildFailure([Diagnostic(path: sourcePath, line: line, column: line == 0 ? 0 : 1, message: message)]))
        }
        let document: YAMLDocument
        do {
            document = try YAMLDocument(text: String(split.yaml), path: sourcePath, firstLine: split.yamlFirstLine)
        } catch {
            return .failure(BuildFailure([error]))
        }
        var fields = FrontMatterFields(reader: FieldReader(document: document, what: "front matter"))
        let front = fields.read(config: config, fileName: contentPath.lastPathComponent)
        guard fields.reader.diagnostics.isEmpty, let front else {
            // Every nil field is reported by FrontMatterFields; this guard keeps a
            // future slip from turning into a silently skipped briefing.
            let diagnostics =
                fields.reader.diagnostics.isEmpty
                ? [Diagnostic(path: sourcePath, line: split.yamlFirstLine, column: 1, message: "front matter could not be read")]
                : fields.reader.diagnostics
            return .failure(BuildFailure(diagnostics))
        }
        return .success(
            ParsedBriefing(
                sourcePath: sourcePath, contentPath: contentPath, front: front, body: split.body,
                bodyFirstLine: split.bodyFirstLine))
    }

    /// Renders the body; links to other content files become their URLs.
    func render(_ parsed: ParsedBriefing, links: ContentLinks, reportMissing: Bool = true) -> Result<Briefing, BuildFailure> {
        renderRecordingLinks(parsed, links: links, reportMissing: reportMissing).briefing
    }

    /// The briefing, and how each link to a content file was resolved (for the build cache).
    func renderRecordingLinks(_ parsed: ParsedBriefing, links: ContentLinks, reportMissing: Bool, sourceHash: UInt64 = 0) -> (
        briefing: Result<Briefing, BuildFailure>, links: [CachedBriefing.LinkOutcome]
    ) {
        let made = render(parsed, links: links, reportMissing: reportMissing, sourceHash: sourceHash)
        return (made.briefing, made.links)
    }

    /// The same while files are still being read, before every briefing's URL is
    /// known: nil when the body links to another content file, and so waits for
    /// `renderRecordingLinks`, which renders it again (the link is only found by
    /// parsing it). Most bodies link to none; rendered as soon as its
    /// file is read, a body's Markdown is rendered while still in the processor's
    /// cache, and let go at once (see `ContentLoader`).
    func renderBeforeURLsAreKnown(_ parsed: ParsedBriefing, reportMissing: Bool, sourceHash: UInt64 = 0) -> (
        briefing: Result<Briefing, BuildFailure>, links: [CachedBriefing.LinkOutcome]
    )? {
        let made = render(parsed, links: nil, reportMissing: reportMissing, sourceHash: sourceHash)
        return made.needsURLs ? nil : (made.briefing, made.links)
    }

    /// `links`: nil while the URLs are not known; `needsURLs` then says whether
    /// a link needed them (with the table given, it is always false).
    private func render(_ parsed: ParsedBriefing, links: ContentLinks?, reportMissing: Bool, sourceHash: UInt64) -> (
        briefing: Result<Briefing, BuildFailure>, links: [CachedBriefing.LinkOutcome], needsURLs: Bool
    ) {
        var problems: [Diagnostic] = []
        var outcomes: [CachedBriefing.LinkOutcome] = []
        var needsURLs = false
        let rewrite: (MarkdownLink) -> String? = { link in
            let known =
                links.map { $0.resolve(link.destination, from: parsed.contentPath) }
                ?? ContentLinks.resolveWithoutTable(link.destination, from: parsed.contentPath)
            guard let resolution = known else {
                needsURLs = true
                return nil
            }
            // Whether a link points into content/ depends on its text alone: only
            // the ones that do can resolve differently next time.
            if resolution != .notContent {
                outcomes.append(CachedBriefing.LinkOutcome(destination: link.destination, resolution: resolution))
            }
            switch resolution {
            case .notContent: return nil
            case .briefing(let url): return url
            case .missing(let target):
                guard reportMissing else { return nil }
                problems.append(
                    Diagnostic(
                        path: parsed.sourcePath, line: parsed.bodyFirstLine + link.line - 1, column: 1,
                        message:
                            "link to \(target), which is not a published briefing in content/ (missing, a draft, or dated in the future)"))
                return nil
            }
        }
        // The first paragraph is made into text only for a briefing without a summary.
        let body: RenderedMarkdown
        var bodySummary: String?
        if parsed.front.summary == nil {
            let rendered = renderer.renderWithFirstParagraph(parsed.body, rewriteLink: rewrite)
            (body, bodySummary) = (rendered.body, Self.summarize(rendered.firstParagraph))
        } else {
            body = renderer.render(parsed.body, keepingDetails: keepsBodyDetails, rewriteLink: rewrite)
        }
        guard problems.isEmpty else { return (.failure(BuildFailure(problems)), outcomes, needsURLs) }
        var kept = keepsBodyDetails ? body : body.withoutDetails
        if hashesBodies { kept = kept.withHashedHTML }
        return (.success(briefing(parsed, body: kept, bodySummary: bodySummary, sourceHash: sourceHash)), outcomes, needsURLs)
    }

    /// A briefing from its front matter and rendered body (fresh, or from the
    /// cache); `bodySummary`, made from the body's first paragraph, stands in
    /// for a summary the front matter does not give.
    func briefing(_ parsed: ParsedBriefing, body: RenderedMarkdown, bodySummary: String?, sourceHash: UInt64 = 0) -> Briefing {
        let front = parsed.front
        return Briefing(
            sourcePath: parsed.sourcePath, contentPath: parsed.contentPath, title: front.title, date: front.date,
            updated: front.updated, tags: front.tags, summary: front.summary ?? bodySummary ?? "",
            slug: front.slug, draft: front.draft, sources: front.sources, story: front.story,
            storySlug: front.story.flatMap { Slugger.slug($0) }, author: front.author, params: front.params, body: body,
            bodyFirstLine: parsed.bodyFirstLine, sourceHash: sourceHash, url: parsed.url)
    }

    /// The first paragraph's text, cut at a word boundary near `summaryLength`.
    static func summarize(_ paragraph: String) -> String {
        let text = paragraph.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard text.count > summaryLength else { return text }
        var cut = text.prefix(summaryLength)
        if let lastSpace = cut.lastIndex(of: " ") { cut = cut[..<lastSpace] }
        while let last = cut.last, last.isPunctuation { cut.removeLast() }
        return cut + "…"
    }
}
