/// `sitemap.xml` (sitemaps.org 0.9) listing every HTML page with the newest date
/// of what it shows; above 50,000 URLs, a sitemap index over numbered parts.
struct SitemapWriter {
    static let maxURLsPerFile = 50_000

    let site: Site

    /// Files to write, by output path.
    func files(for pages: [PlannedPage]) -> [(String, String)] {
        let entries = pages.filter { $0.kind != .notFound }.map { page in (url: page.url, lastmod: lastModified(page)) }
        if entries.count <= Self.maxURLsPerFile {
            return [("sitemap.xml", urlset(entries[...]))]
        }
        var files: [(String, String)] = []
        var index = """
            <?xml version="1.0" encoding="UTF-8"?>
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

            """
        for (number, start) in stride(from: 0, to: entries.count, by: Self.maxURLsPerFile).enumerated() {
            let part = entries[start..<min(entries.count, start + Self.maxURLsPerFile)]
            let name = "sitemap-\(number + 1).xml"
            files.append((name, urlset(part)))
            let newest = part.compactMap(\.lastmod).max()
            index += "  <sitemap><loc>\(XMLEscaping.escape(site.config.baseURL + name))</loc>"
            if let newest { index += "<lastmod>\(newest.rfc3339)</lastmod>" }
            index += "</sitemap>\n"
        }
        index += "</sitemapindex>\n"
        files.append(("sitemap.xml", index))
        return files
    }

    private func urlset(_ entries: ArraySlice<(url: String, lastmod: SiteDate?)>) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

            """
        for entry in entries {
            xml += "  <url><loc>\(XMLEscaping.escape(site.config.baseURL + entry.url.dropFirst()))</loc>"
            if let lastmod = entry.lastmod { xml += "<lastmod>\(lastmod.rfc3339)</lastmod>" }
            xml += "</url>\n"
        }
        xml += "</urlset>\n"
        return xml
    }

    /// The newest `updated` or `date` among the briefings a page shows.
    private func lastModified(_ page: PlannedPage) -> SiteDate? {
        func newest(_ indices: some Sequence<Int>) -> SiteDate? {
            indices.map { site.briefings[$0].updated ?? site.briefings[$0].date }.max()
        }
        switch page.kind {
        case .briefing(let index): return newest([index])
        case .home, .archive, .stories, .tags: return newest(site.briefings.indices.prefix(site.config.pageSize))
        case .tag(let index, _): return newest(site.tags[index].briefings.prefix(1))
        case .year(let index): return newest(site.years[index].months.first?.briefings.prefix(1) ?? [])
        case .month(let year, let month): return newest(site.years[year].months[month].briefings)
        case .story(let index): return newest(site.stories[index].briefings)
        case .search, .notFound: return nil
        }
    }
}
