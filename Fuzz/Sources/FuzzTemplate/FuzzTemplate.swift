import Foundation
import FuzzSupport

@testable import SitegenKit

#if canImport(FoundationXML)
    import FoundationXML
#endif

// Template rendering with hostile values: every front-matter field of two
// briefings, and the site's title and description, come from the input. They go
// through the real loader (so its refusals apply), the site builder, the page
// contexts and the built-in templates (TemplateLibrary.render), the feeds and
// the sitemap. Every page must hold nothing executable (ExecutableContent parses
// the HTML), the JSON-LD must parse, the Atom feeds and sitemap must parse as
// XML, and the JSON Feeds as JSON, with no script URLs in any of them.
//
// Input: fields separated by the byte 0xFF (never part of UTF-8 text):
// title, tag, tag, summary, author, story, source name, source URL, param,
// body, site title, site description, slug.

private let templates: TemplateLibrary = {
    switch TemplateLibrary.load(siteTemplates: URL(fileURLWithPath: "/nonexistent-sitegen-templates"), displayPath: { $0.path }) {
    case .success(let library): return library
    case .failure(let failure): fatalError("built-in templates do not load: \(failure.diagnostics)")
    }
}()

private func fail(_ message: String, _ fields: [String]) -> Never {
    invariantBroken(message, "\(fields.map(\.debugDescription))")
}

private struct Fields {
    var title, tag1, tag2, summary, author, story, sourceName, sourceURL, param, body, slug: String

    func file(date: String, link: String) -> String {
        var yaml = "---\ntitle: \(YAMLText.quoted(title))\ndate: \(date)\n"
        let tags = [tag1, tag2].filter { !$0.isEmpty }
        if !tags.isEmpty { yaml += "tags: \(YAMLText.quotedList(tags))\n" }
        if !summary.isEmpty { yaml += "summary: \(YAMLText.quoted(summary))\n" }
        if !author.isEmpty { yaml += "author: \(YAMLText.quoted(author))\n" }
        if !story.isEmpty { yaml += "story: \(YAMLText.quoted(story))\n" }
        if !slug.isEmpty { yaml += "slug: \(YAMLText.quoted(slug))\n" }
        if !sourceName.isEmpty {
            yaml += "sources:\n  - name: \(YAMLText.quoted(sourceName))\n"
            if !sourceURL.isEmpty { yaml += "    url: \(YAMLText.quoted(sourceURL))\n" }
        }
        yaml += "region: \(YAMLText.quoted(param))\nnested: {list: [\(YAMLText.quoted(param)), 1, true, null]}\n"
        return yaml + "---\n" + body + "\n\n[link](\(link))\n"
    }

    /// The same fields with what the loader refuses taken out, so the rest still reaches the templates.
    var acceptable: Fields {
        var fields = self
        if title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { fields.title = "T" + title }
        if Slugger.slug(tag1.trimmingCharacters(in: .whitespacesAndNewlines)) == nil { fields.tag1 = "" }
        if Slugger.slug(tag2.trimmingCharacters(in: .whitespacesAndNewlines)) == nil { fields.tag2 = "" }
        if Slugger.slug(story) == nil { fields.story = "" }
        if Slugger.slug(slug) == nil { fields.slug = "" }
        if !URLSafety.isSafeLink(sourceURL) { fields.sourceURL = "" }
        return fields
    }
}

private let loader = BriefingLoader(config: SiteConfig(), renderer: MarkdownRenderer(unsafeHTML: false))

private func load(_ fields: Fields, path: String, date: String, link: String, links: ContentLinks) -> Briefing? {
    let text = fields.file(date: date, link: link)
    guard case .success(let parsed) = loader.parse(text: text, sourcePath: "content/" + path, contentPath: path) else {
        return nil
    }
    guard case .success(let briefing) = loader.render(parsed, links: links) else { return nil }
    return briefing
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: start, count: count)
    var parts = bytes.split(separator: 0xFF, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    while parts.count < 13 { parts.append("") }
    var fields = Fields(
        title: parts[0], tag1: parts[1], tag2: parts[2], summary: parts[3], author: parts[4], story: parts[5],
        sourceName: parts[6], sourceURL: parts[7], param: parts[8], body: parts[9], slug: parts[12])
    let raw = fields
    fields = fields.acceptable
    var config = SiteConfig()
    config.title = parts[10].isEmpty ? "Briefings" : parts[10]
    config.description = parts[11]

    // The second briefing shares tags and story, so tag, story and related pages all show the hostile values.
    let paths = ["2025/2025-05-16-a.md", "2025/2025-05-17-b.md"]
    var second = fields
    second.slug = "second"
    let links = ContentLinks(urlOfPath: [paths[0]: "/2025/05/16/\(Slugger.slug(fields.slug) ?? "a")/", paths[1]: "/2025/05/17/second/"])
    guard let first = load(fields, path: paths[0], date: "2025-05-16 10:00", link: "2025-05-17-b.md#x", links: links),
        let other = load(second, path: paths[1], date: "2025-05-17 10:00", link: "2025-05-16-a.md", links: links)
    else { return 0 }
    // A script URL in a source is refused, not published.
    if !raw.sourceName.isEmpty, !raw.sourceURL.isEmpty, !URLSafety.isSafeLink(raw.sourceURL) {
        var unsafe = fields
        unsafe.sourceURL = raw.sourceURL
        if load(unsafe, path: paths[0], date: "2025-05-16 10:00", link: "2025-05-17-b.md", links: links) != nil {
            fail("source URL \(raw.sourceURL.debugDescription) accepted", parts)
        }
    }

    let site = SiteBuilder.build(
        config: config, briefings: [first, other], stories: StoryCatalog(),
        policy: PublishPolicy(now: Date(timeIntervalSince1970: 2_000_000_000)))
    let pages = PagePlanner.plan(site)
    let context = PageContext(site: site, styleURL: "/style.css")
    for page in pages {
        let html = templates.renderText(context.context(for: page), template: page.template)
        let findings = ExecutableContent.findings(inHTML: html)
        if !findings.isEmpty { fail("page \(page.url): \(findings)", parts) }
    }
    let feedList = FeedWriter.feeds(of: site)
    let feeds = FeedWriter(site: site, writing: feedList)
    for feed in feedList {
        let atom = ExecutableContent.findings(inAtom: Data(feeds.atom(feed)))
        if !atom.isEmpty { fail("Atom feed \(feed.feedBase): \(atom)", parts) }
        let json = ExecutableContent.findings(inJSONFeed: Data(feeds.json(feed)))
        if !json.isEmpty { fail("JSON Feed \(feed.feedBase): \(json)", parts) }
    }
    for (path, xml) in SitemapWriter(site: site).files(for: pages) {
        let parser = XMLParser(data: Data(xml.utf8))
        if !parser.parse() { fail("\(path) does not parse as XML", parts) }
    }
    return 0
}
