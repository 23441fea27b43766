import Foundation

/// A link in the built site that leads nowhere.
struct BrokenLink: Sendable {
    /// Output file holding it (`2025/05/16/x/index.html`).
    var page: String
    var link: HTMLLink
    /// Why: "nothing at /x/", "HTTP 404 not found"…
    var reason: String
    var isExternal = false
}

/// Turns broken links in the output into diagnostics at the spot a person wrote
/// them: the line of a briefing's Markdown (or front matter), or of a template.
/// A link drawn by a template on every page is reported once per place.
struct LinkTracer {
    let site: Site
    let templates: TemplateSources
    let output: URL
    let staticFolder: URL
    let display: DisplayPath

    struct Origin: Hashable {
        var path: String
        var line = 0
        var column = 0
        /// The URL as the author wrote it, when that differs from the output (`other.md#x`).
        var written: String?
        var isImage = false
        /// Whether the message names the page: when the URL came from data, the same
        /// template line can be broken on one page and fine on another.
        var namesPage = false
    }

    func diagnostics(for broken: [BrokenLink]) -> [Diagnostic] {
        let planned = Dictionary(PagePlanner.plan(site).map { ($0.outputPath, $0) }) { first, _ in first }
        let contentLinks = ContentLinks(urlOfPath: Dictionary(site.briefings.map { ($0.contentPath, $0.url) }) { first, _ in first })
        var sources: [String: SourceText] = [:]
        var grouped: [String: (diagnostic: Diagnostic, origin: Origin, pages: [String])] = [:]
        for (page, links) in Dictionary(grouping: broken, by: \.page) {
            // Only a briefing's page (to find its body) and static files (to give a line) are read again.
            let isTemplatePage = planned[page].map { !$0.isBriefing } ?? false
            let html = isTemplatePage ? "" : OutputScan.read(output.appending(path: page))
            var tracer = PageTrace(page: page, html: html, planned: planned[page], site: site, contentLinks: contentLinks)
            for broken in links.sorted(by: { $0.link.offset < $1.link.offset }) {
                for origin in origins(of: broken, in: &tracer, sources: &sources) {
                    let kind =
                        broken.isExternal
                        ? "broken external link" : (origin.isImage || broken.link.isImage ? "broken image" : "broken link")
                    let message = "\(kind) \"\(origin.written ?? HTMLScan.unescape(broken.link.raw))\": \(broken.reason)"
                    let key = "\(origin.path)\u{0}\(origin.line)\u{0}\(origin.column)\u{0}\(message)"
                    let diagnostic = Diagnostic(path: origin.path, line: origin.line, column: origin.column, message: message)
                    grouped[key, default: (diagnostic, origin, [])].pages.append(OutputFiles.url(of: page))
                }
            }
        }
        return grouped.values.map { entry in
            guard entry.origin.namesPage else { return entry.diagnostic }
            let pages = entry.pages.sorted()
            let more = pages.count > 1 ? " and \(pages.count - 1) more page\(pages.count == 2 ? "" : "s")" : ""
            let plain = entry.diagnostic
            return Diagnostic(
                path: plain.path, line: plain.line, column: plain.column,
                message: plain.message + " (on \(pages[0])\(more))")
        }.sorted(by: Diagnostic.reportOrder)
    }

    private func origins(of broken: BrokenLink, in trace: inout PageTrace, sources: inout [String: SourceText]) -> [Origin] {
        guard let planned = trace.planned else {
            // Not a generated page: a file from static/, copied byte for byte.
            let place = SourceText.position(ofUTF8Offset: broken.link.offset, in: trace.html)
            return [Origin(path: display(staticFolder.appending(path: broken.page)), line: place.line, column: place.column)]
        }
        let briefing: Briefing? = if case .briefing(let index) = planned.kind { site.briefings[index] } else { nil }
        if let briefing, let body = trace.bodyLink(broken.link) {
            let text = source(briefing.sourcePath, &sources)
            guard let markdown = body else {
                // Raw HTML in the body (unsafeHTML): find its text.
                let place = text?.find(broken.link.raw, from: briefing.bodyFirstLine)
                return [Origin(path: briefing.sourcePath, line: place?.line ?? 0, column: place?.column ?? 0, namesPage: place == nil)]
            }
            let line = briefing.bodyFirstLine + markdown.line - 1
            let place = text.flatMap { text in
                // `(url` or `<url>` first, so `a.png` is not found inside an earlier `/img/a.png`.
                let end = text.paragraphEnd(from: line)
                let inline = ["(", "<", ""].lazy.compactMap { lead in
                    text.find(lead + markdown.destination, from: line, through: end).map {
                        SourceLocationInFile(line: $0.line, column: $0.column + lead.count)
                    }
                }.first
                // A reference link's URL sits in its definition, anywhere in the body.
                return inline
                    ?? text.find("]: " + markdown.destination, from: briefing.bodyFirstLine).map {
                        SourceLocationInFile(line: $0.line, column: $0.column + 3)
                    }
            }
            return [
                Origin(
                    path: briefing.sourcePath, line: place?.line ?? line, column: place?.column ?? 1,
                    written: markdown.destination, isImage: markdown.isImage)
            ]
        }
        return templateOrigins(of: broken.link, template: planned.template, briefing: briefing, sources: &sources)
    }

    /// The template line that wrote the URL: a literal match, else the pattern with
    /// the most literal text (`/tags/{{slug}}/`), else the briefing's front matter
    /// (a source's `url:`), else a lone `{{url}}`, else the page's template file.
    private func templateOrigins(of link: HTMLLink, template name: String, briefing: Briefing?, sources: inout [String: SourceText])
        -> [Origin]
    {
        let candidates = templates.reachable(from: name).compactMap { templates.templates[$0] }.flatMap { template in
            template.links.filter { $0.matches(link.raw) }.map { (template.path, $0) }
        }
        let literal = candidates.filter(\.1.isLiteral)
        if !literal.isEmpty { return literal.map { Origin(path: $0.0, line: $0.1.line, column: $0.1.column) } }
        let best = candidates.map(\.1.literalLength).max() ?? 0
        if best > 0 {
            return candidates.filter { $0.1.literalLength == best }.map {
                Origin(path: $0.0, line: $0.1.line, column: $0.1.column, namesPage: true)
            }
        }
        if let briefing, let text = source(briefing.sourcePath, &sources),
            let place = text.findValue(HTMLScan.unescape(link.raw), from: 1, through: briefing.bodyFirstLine - 1)
        {
            return [Origin(path: briefing.sourcePath, line: place.line, column: place.column)]
        }
        if candidates.count == 1, let only = candidates.first {
            return [Origin(path: only.0, line: only.1.line, column: only.1.column, namesPage: true)]
        }
        return [Origin(path: templates.templates[name]?.path ?? "templates/\(name).mustache", namesPage: true)]
    }

    private func source(_ path: String, _ cache: inout [String: SourceText]) -> SourceText? {
        if let text = cache[path] { return text }
        let text = SourceText.read(displayPath: path)
        cache[path] = text
        return text
    }
}

/// One output page, read back to tell its briefing's body from the template around it.
struct PageTrace {
    let page: String
    let html: String
    let planned: PlannedPage?
    /// UTF-8 range of the briefing's rendered body in the page, and its Markdown links
    /// with the URL each became (other briefings' `.md` paths turned into URLs).
    private var body: (range: Range<Int>, links: [(MarkdownLink, String)])?
    /// How many times each URL has been matched so far, so the second `[x](/a/)`
    /// in a body is traced to the second Markdown link to `/a/`.
    private var seen: [String: [Int]] = [:]

    init(page: String, html: String, planned: PlannedPage?, site: Site, contentLinks: ContentLinks) {
        self.page = page
        self.html = html
        self.planned = planned
        guard let planned, case .briefing(let index) = planned.kind else { return }
        let briefing = site.briefings[index]
        guard !briefing.body.html.isEmpty, let range = html.range(of: briefing.body.html) else { return }
        let start = html.utf8.distance(from: html.startIndex, to: range.lowerBound)
        let links = briefing.body.links.map { link -> (MarkdownLink, String) in
            if case .briefing(let url) = contentLinks.resolve(link.destination, from: briefing.contentPath) { return (link, url) }
            return (link, link.destination)
        }
        body = (start..<start + briefing.body.html.utf8.count, links)
    }

    /// Nil when the link is not in the body; `.some(nil)` when it is but matches no
    /// Markdown link (raw HTML); else the Markdown link that wrote it.
    mutating func bodyLink(_ link: HTMLLink) -> MarkdownLink?? {
        guard let body, body.range.contains(link.offset) else { return nil }
        let value = Self.comparable(HTMLScan.unescape(link.raw))
        let matching = body.links.filter { Self.comparable($0.1) == value }.map(\.0)
        guard !matching.isEmpty else { return .some(nil) }
        // Offsets of earlier matches of the same URL decide which Markdown link this is.
        let earlier = seen[value, default: []].filter { $0 < link.offset }.count
        seen[value, default: []].append(link.offset)
        return .some(matching[min(earlier, matching.count - 1)])
    }

    /// libcmark percent-encodes URLs it writes; compare them decoded.
    static func comparable(_ url: String) -> String { url.removingPercentEncoding ?? url }
}
