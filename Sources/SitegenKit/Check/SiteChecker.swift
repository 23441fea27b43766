import Foundation

/// What `sitegen check` is asked to do.
public struct CheckOptions: Sendable {
    /// The site folder.
    public var source: URL
    public var policy: PublishPolicy
    /// Also request every http(s) link on another host.
    public var external: Bool
    /// Seconds to wait for one external URL.
    public var timeout: Double
    /// External requests in flight at once.
    public var jobs: Int

    public init(source: URL, policy: PublishPolicy = PublishPolicy(), external: Bool = false, timeout: Double = 10, jobs: Int = 8) {
        self.source = source.standardizedFileURL
        self.policy = policy
        self.external = external
        self.timeout = timeout
        self.jobs = jobs
    }
}

/// What a check found.
public struct CheckReport: Sendable {
    /// Broken links at the place each was written, or the build's own problems.
    public var diagnostics: [Diagnostic]
    /// False when the site does not build (nothing was checked).
    public var built: Bool
    /// HTML pages read.
    public var pages: Int
    /// Links followed: every internal URL on every page, plus each external URL once.
    public var links: Int

    public var errors: Int { diagnostics.filter { $0.severity == .error }.count }
}

/// `sitegen check`: builds the site into a temporary folder, reads every page back
/// and follows every `href`, `src` and `srcset` the way a browser would, then
/// reports each broken one at the line of the briefing or template that wrote it.
public enum SiteChecker {
    public static func check(_ options: CheckOptions) async -> CheckReport {
        let folder = FileManager.default.temporaryDirectory.appending(path: "sitegen-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            let message = "cannot create a temporary folder to build into: \(TextFile.reason(for: error))"
            return CheckReport(diagnostics: [Diagnostic(path: folder.path, message: message)], built: false, pages: 0, links: 0)
        }
        let output = folder.appending(path: "public")
        var build = BuildOptions(source: options.source, output: output, policy: options.policy)
        build.keepsBodyLinks = true  // Broken links are traced to the line of the body that wrote them.
        let site: Site
        let built = Result { () throws(BuildFailure) in try SiteGenerator.buildSite(build) }
        switch built {
        case .success(let result): site = result.site
        case .failure(let failure): return CheckReport(diagnostics: failure.diagnostics, built: false, pages: 0, links: 0)
        }

        let scan = OutputScan(root: output)
        var (broken, links, external) = scan.internalProblems(baseURL: site.config.baseURL)
        var unchecked: [Diagnostic] = []
        if options.external, !external.isEmpty {
            if ExternalLinkChecker.isAvailable {
                let checker = ExternalLinkChecker(timeout: options.timeout, jobs: options.jobs)
                let failures = await checker.failures(among: external.keys.sorted())
                links += external.count
                for (url, reason) in failures {
                    broken += external[url, default: []].map { BrokenLink(page: $0.page, link: $0.link, reason: reason, isExternal: true) }
                }
            } else {  // Said once, not for every external link.
                unchecked.append(Diagnostic(path: "--external", message: ExternalLinkChecker.libraryMissing))
            }
        }
        let tracer = LinkTracer(
            site: site,
            templates: TemplateSources(
                siteTemplates: options.source.appending(path: "templates"),
                displayPath: DisplayPath().callAsFunction), output: output, staticFolder: options.source.appending(path: "static"),
            display: DisplayPath())
        return CheckReport(diagnostics: unchecked + tracer.diagnostics(for: broken), built: true, pages: scan.pages.count, links: links)
    }
}

/// The HTML pages of a built site with their links and anchors.
struct OutputScan {
    struct Page: Sendable {
        var path: String
        var links: [HTMLLink]
        var anchors: Set<String>
    }

    let files: OutputFiles
    let pages: [Page]

    init(root: URL) {
        let all = LinkAuditor.files(under: root)
        files = OutputFiles(files: Set(all))
        // Feeds and the sitemap hold only URLs sitegen made from pages it wrote.
        pages = all.filter { $0.hasSuffix(".html") }.parallelMap { path in
            let html = Self.read(root.appending(path: path))
            return Page(path: path, links: HTMLScan.links(in: html), anchors: HTMLScan.anchors(in: html))
        }
    }

    /// A page's text; bytes that are not UTF-8 (a legacy file in static/) are replaced,
    /// which leaves the ASCII markup the scan looks for intact.
    static func read(_ url: URL) -> String {
        (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Internal links that lead nowhere, how many internal links there are, and
    /// every external URL with the places it is used.
    func internalProblems(baseURL: String) -> ([BrokenLink], Int, [String: [(page: String, link: HTMLLink)]]) {
        let anchors = Dictionary(pages.map { ($0.path, $0.anchors) }) { first, _ in first }
        var broken: [BrokenLink] = []
        var count = 0
        var external: [String: [(page: String, link: HTMLLink)]] = [:]
        for page in pages {
            for link in page.links {
                switch LinkTarget.classify(HTMLScan.unescape(link.raw), onPage: page.path, baseURL: baseURL) {
                case .ignored: continue
                case .external(let url): external[url, default: []].append((page.path, link))
                case .site(let path, let fragment):
                    count += 1
                    guard let file = files.file(for: path) else {
                        broken.append(BrokenLink(page: page.path, link: link, reason: "nothing at \(path) in the built site"))
                        continue
                    }
                    // An empty fragment and `#top` always work: browsers scroll to the top.
                    guard let fragment, !fragment.isEmpty, fragment.lowercased() != "top", file.hasSuffix(".html") else { continue }
                    let id = fragment.removingPercentEncoding ?? fragment
                    if !(anchors[file]?.contains(id) ?? true) {
                        broken.append(
                            BrokenLink(
                                page: page.path, link: link,
                                reason: "\(OutputFiles.url(of: file)) has no element with id \"\(id)\""))
                    }
                }
            }
        }
        return (broken, count, external)
    }
}
