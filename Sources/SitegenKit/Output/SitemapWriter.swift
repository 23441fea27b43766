/// `sitemap.xml` (sitemaps.org 0.9) listing every HTML page with the newest date
/// of what it shows; above 50,000 URLs, a sitemap index over numbered parts.
/// Built as bytes, line after line: it lists every page of the archive.
struct SitemapWriter: Sendable {
    static let defaultMaxURLsPerFile = 50_000

    let site: Site
    var maxURLsPerFile = Self.defaultMaxURLsPerFile

    /// Whether the sitemap lists the page: every page but 404. The paths, the
    /// fingerprint and the files all go by this one rule.
    static func lists(_ page: PlannedPage) -> Bool { page.kind != .notFound }

    /// The paths `files(for:)` writes, known without making them.
    func paths(for pages: [PlannedPage]) -> [String] {
        let count = pages.count(where: Self.lists)
        guard count > maxURLsPerFile else { return ["sitemap.xml"] }
        let parts = (count + maxURLsPerFile - 1) / maxURLsPerFile
        return (1...parts).map { "sitemap-\($0).xml" } + ["sitemap.xml"]
    }

    /// Adds what the files are made from: the base URL, how many URLs a file
    /// holds, and each listed page's URL and date, the dates as they are
    /// spelled (an instant and its offset). A warm build whose pages and dates
    /// are as they were keeps the sitemap instead of making 1.7 MB again.
    func addFingerprint(of pages: [PlannedPage], to builder: inout FingerprintBuilder) {
        builder.add(site.config.baseURL)
        builder.add(maxURLsPerFile)
        for page in pages where Self.lists(page) {
            builder.add(page.url)
            if let lastmod = lastModified(page) {
                builder.add(Int(lastmod.epochSeconds))
                builder.add(lastmod.offsetSeconds)
            } else {
                builder.add(-1)
            }
        }
    }

    /// Files to write, by output path.
    func files(for pages: [PlannedPage]) -> [(String, String)] {
        let listed = pages.filter(Self.lists)
        if listed.count <= maxURLsPerFile {
            return [("sitemap.xml", urlset(listed[...]).xml)]
        }
        var files: [(String, String)] = []
        var index = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".utf8)
        index += "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for (number, start) in stride(from: 0, to: listed.count, by: maxURLsPerFile).enumerated() {
            let part = listed[start..<min(listed.count, start + maxURLsPerFile)]
            let name = "sitemap-\(number + 1).xml"
            let (xml, newest) = urlset(part)
            files.append((name, xml))
            index += "  <sitemap><loc>"
            XMLEscaping.escape(site.config.baseURL + name, into: &index)
            index += "</loc>"
            if let newest { Self.append(lastmod: newest, to: &index) }
            index += "</sitemap>\n"
        }
        index += "</sitemapindex>\n"
        files.append(("sitemap.xml", String(decoding: index, as: UTF8.self)))
        return files
    }

    /// The part's XML, and the newest date its pages show (for the index):
    /// found as the lines are made, on every core, not in a second pass on one.
    private func urlset(_ pages: ArraySlice<PlannedPage>) -> (xml: String, newest: SiteDate?) {
        // Escaping the base once is the same as escaping it before each URL: no
        // escaped sequence spans the joint of two whole UTF-8 strings.
        var escapedBase: [UInt8] = []
        XMLEscaping.escape(site.config.baseURL, into: &escapedBase)
        let base = escapedBase
        // Lines are made a run of pages at a time on every core, then joined in
        // order: made on one, they were a serial stretch of every build.
        let runs = pages.indices.runs(of: Self.linesPerRun)
        let lines = runs.parallelMap { run -> ([UInt8], SiteDate?) in
            var xml: [UInt8] = []
            xml.reserveCapacity(run.count * (base.count + 90))
            var newest: SiteDate?
            for page in pages[run] {
                xml += "  <url><loc>"
                xml += base
                XMLEscaping.escape(Substring(page.url.utf8.dropFirst()), into: &xml)
                xml += "</loc>"
                if let lastmod = lastModified(page) {
                    Self.append(lastmod: lastmod, to: &xml)
                    Self.keepNewest(lastmod, in: &newest)
                }
                xml += "</url>\n"
            }
            return (xml, newest)
        }
        var xml = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".utf8)
        xml.reserveCapacity(lines.reduce(100) { $0 + $1.0.count })
        xml += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for run in lines { xml += run.0 }
        xml += "</urlset>\n"
        var newest: SiteDate?
        for case (_, let date?) in lines { Self.keepNewest(date, in: &newest) }
        return (String(decoding: xml, as: UTF8.self), newest)
    }

    private static let linesPerRun = 1024

    /// `date` in `newest` when it is later: of equal dates the first is kept, as `max()` keeps it.
    private static func keepNewest(_ date: SiteDate, in newest: inout SiteDate?) {
        if newest.map({ $0 < date }) ?? true { newest = date }
    }

    private static func append(lastmod: SiteDate, to xml: inout [UInt8]) {
        xml += "<lastmod>"
        lastmod.appendRFC3339(to: &xml)
        xml += "</lastmod>"
    }

    /// The newest `updated` or `date` among the briefings a page shows.
    private func lastModified(_ page: PlannedPage) -> SiteDate? {
        func newest(_ indices: some Sequence<Int>) -> SiteDate? {
            var newest: SiteDate?
            for index in indices { Self.keepNewest(site.briefings[index].updated ?? site.briefings[index].date, in: &newest) }
            return newest
        }
        switch page.kind {
        case .briefing(let index): return newest(CollectionOfOne(index))
        case .home, .archive, .stories, .tags: return newest(site.briefings.indices.prefix(site.config.pageSize))
        case .tag(let index, _): return newest(site.tags[index].briefings.prefix(1))
        case .year(let index): return newest(site.years[index].months.first?.briefings.prefix(1) ?? [])
        case .month(let year, let month): return newest(site.years[year].months[month].briefings)
        case .story(let index): return newest(site.stories[index].briefings)
        case .search, .notFound: return nil
        }
    }
}
