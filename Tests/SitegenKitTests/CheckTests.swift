import Foundation
import Testing

@testable import SitegenKit

/// `sitegen check`: sites with planted broken links, each expected at the file,
/// line and column where it was written.
@Suite("Check")
struct CheckTests {
    private func check(_ site: TestSite, external: Bool = false, timeout: Double = 5) async -> CheckReport {
        await SiteChecker.check(
            CheckOptions(source: site.root, policy: PublishPolicy(now: TestSite.now), external: external, timeout: timeout, jobs: 4))
    }

    /// (path, line, column) of each diagnostic, for exact comparisons.
    private func places(_ report: CheckReport) -> [String] {
        report.diagnostics.map { "\($0.path):\($0.line):\($0.column)" }
    }

    private let talks = """
        ---
        title: "Talks"
        date: 2025-05-17
        tags: [Istanbul]
        ---
        The talks opened.

        ## Day one

        Delegations met.
        """

    @Test("a broken link in a briefing body is reported at its line and column in the content file")
    func brokenBodyLink() async throws {
        let site = try TestSite([
            "content/2025/2025-05-17-talks.md": talks,
            "content/2025/2025-05-16-a.md": """
            ---
            title: "A"
            date: 2025-05-16
            ---
            Intro, with [a good link](../../17/talks/) and [the talks](2025-05-17-talks.md).

            See [x](/2025/01/01/nope/) here.
            """,
        ])
        let report = await check(site)
        #expect(report.built)
        #expect(places(report) == ["\(site.sourcePath("content/2025/2025-05-16-a.md")):7:9"])
        #expect(report.diagnostics.first?.message == #"broken link "/2025/01/01/nope/": nothing at /2025/01/01/nope/ in the built site"#)
        #expect(report.pages > 5)
    }

    @Test("a link to a missing #fragment of another briefing is reported where it was written")
    func missingFragment() async throws {
        let site = try TestSite([
            "content/2025/2025-05-17-talks.md": talks,
            "content/2025/2025-05-16-a.md": """
            ---
            title: "A"
            date: 2025-05-16
            ---
            Good: [day one](2025-05-17-talks.md#day-one), [by URL](/2025/05/17/talks/#day-one), [top](#top).

            Bad: [day two](2025-05-17-talks.md#day-two),
            and [by URL](/2025/05/17/talks/#nope).
            """,
        ])
        let report = await check(site)
        let file = site.sourcePath("content/2025/2025-05-16-a.md")
        #expect(places(report) == ["\(file):7:16", "\(file):8:14"])
        #expect(
            report.diagnostics.map(\.message) == [
                #"broken link "2025-05-17-talks.md#day-two": /2025/05/17/talks/ has no element with id "day-two""#,
                #"broken link "/2025/05/17/talks/#nope": /2025/05/17/talks/ has no element with id "nope""#,
            ])
    }

    @Test("a missing image is reported; a static image that exists passes")
    func images() async throws {
        let site = try TestSite([
            "static/img/present.png": "png",
            "content/2025/2025-05-16-a.md": """
            ---
            title: "A"
            date: 2025-05-16
            ---
            ![here](/img/present.png)

            ![a](/img/missing.png) and ![relative](img/x.png)
            """,
        ])
        let report = await check(site)
        let file = site.sourcePath("content/2025/2025-05-16-a.md")
        #expect(places(report) == ["\(file):7:6", "\(file):7:40"])
        #expect(
            report.diagnostics.map(\.message) == [
                #"broken image "/img/missing.png": nothing at /img/missing.png in the built site"#,
                #"broken image "img/x.png": nothing at /2025/05/16/a/img/x.png in the built site"#,
            ])
    }

    @Test("a broken link in a site template is reported once, at its line in the template")
    func brokenTemplateLink() async throws {
        let site = try TestSite([
            "content/2025/2025-05-17-talks.md": talks,
            "templates/base.mustache": """
            <!doctype html>
            <html><head><title>{{page.title}}</title></head>
            <body>
            <nav><a href="/">Home</a> <a href="/archive/">Archive</a>
            <a href="/about/">About</a></nav>
            {{$content}}{{/content}}
            </body></html>
            """,
        ])
        let report = await check(site)
        #expect(places(report) == ["\(site.sourcePath("templates/base.mustache")):5:10"])
        #expect(report.diagnostics.first?.message == #"broken link "/about/": nothing at /about/ in the built site"#)
        #expect(report.pages > 5)
    }

    @Test("a link a template builds from data is reported at that template line, naming the pages")
    func patternTemplateLink() async throws {
        let site = try TestSite([
            "content/2025/2025-05-17-talks.md": talks,
            "content/2025/2025-05-16-a.md": "---\ntitle: A\ndate: 2025-05-16\ntags: [Ankara]\n---\nText.\n",
            "templates/tag.mustache": """
            {{<base}}
            {{$content}}
            <h1>{{tag.name}}</h1>
            <p><a href="/topics/{{tag.name}}/">More on this topic</a></p>
            {{/content}}
            {{/base}}
            """,
        ])
        let report = await check(site)
        let template = site.sourcePath("templates/tag.mustache")
        #expect(places(report) == ["\(template):4:13", "\(template):4:13"])
        #expect(
            report.diagnostics.map(\.message).sorted() == [
                #"broken link "/topics/Ankara/": nothing at /topics/Ankara/ in the built site (on /tags/ankara/)"#,
                #"broken link "/topics/Istanbul/": nothing at /topics/Istanbul/ in the built site (on /tags/istanbul/)"#,
            ])
    }

    @Test("a link that cannot be traced to a template line is reported on the page's template, naming the page")
    func untracedTemplateLink() async throws {
        let site = try TestSite([
            "site.yml": "title: Test Briefings\n",
            "content/2025/2025-05-17-talks.md": talks,
            "templates/home.mustache": "{{<base}}{{$content}}<a href=\"{{site.title}}\">x</a>{{/content}}{{/base}}\n",
        ])
        let report = await check(site)
        #expect(places(report) == ["\(site.sourcePath("templates/home.mustache")):0:0"])
        #expect(report.diagnostics.first?.message.hasSuffix("nothing at /Test Briefings in the built site (on /)") == true)
    }

    @Test("a static HTML file is checked too, each srcset candidate included, and reported at its own line")
    func staticHTML() async throws {
        let site = try TestSite([
            "content/a.md": "---\ntitle: A\ndate: 2025-05-16\n---\nText.\n",
            "static/img/a.png": "png",
            "static/about.html": "<!doctype html>\n<p><a href=\"/\">Home</a></p>\n<img srcset=\"/img/a.png 1x, /img/b.png 2x\">\n",
        ])
        let report = await check(site)
        #expect(places(report) == ["\(site.sourcePath("static/about.html")):3:29"])
        #expect(report.diagnostics.first?.message.hasPrefix(#"broken image "/img/b.png""#) == true)
    }

    @Test("a broken source url in front matter is reported at its line in the front matter")
    func brokenSourceURL() async throws {
        let site = try TestSite([
            "content/2025/2025-05-16-a.md": """
            ---
            title: "A"
            date: 2025-05-16
            sources:
              - name: Desk notes
                url: "/notes/nope/"
            ---
            Text.
            """
        ])
        let report = await check(site)
        #expect(places(report) == ["\(site.sourcePath("content/2025/2025-05-16-a.md")):6:11"])
    }

    @Test("absolute links to the site's own baseURL are checked against the output, without the network")
    func baseURLLinksAreInternal() async throws {
        let site = try TestSite([
            "site.yml": "baseURL: https://news.example.org/\n",
            "content/2025/2025-05-16-a.md": """
            ---
            title: "A"
            date: 2025-05-16
            ---
            [home](https://news.example.org/) and [gone](https://news.example.org/2025/01/01/gone/)
            """,
        ])
        let report = await check(site)
        #expect(places(report) == ["\(site.sourcePath("content/2025/2025-05-16-a.md")):5:46"])
    }

    @Test("the built-in theme's links all resolve on a clean site")
    func cleanSiteWithBuiltInTheme() async throws {
        let site = try TestSite([
            "stories.yml": "talks: The talks\n",
            "content/2025/2025-05-17-talks.md": talks.replacingOccurrences(of: "tags: [Istanbul]", with: "tags: [Istanbul]\nstory: talks"),
            "content/2025/2025-05-16-a.md": """
            ---
            title: "A"
            date: 2025-05-16
            tags: [Istanbul, Ankara]
            story: talks
            sources:
              - name: Agency
                url: https://agency.example.com/a
            ---
            See [day one](2025-05-17-talks.md#day-one).
            """,
        ])
        let report = await check(site)
        #expect(report.diagnostics == [])
        #expect(report.links > 100)
    }

    @Test("the repository's sample archive checks clean")
    func sampleArchive() async {
        let report = await SiteChecker.check(
            CheckOptions(source: SampleArchiveAuditTests.repositoryRoot, policy: PublishPolicy(now: Date())))
        #expect(report.built)
        #expect(report.diagnostics == [])
        #expect(report.pages > 40)
        #expect(report.links > 500)
    }

    @Test("a site that does not build reports the build's diagnostics")
    func buildFailure() async throws {
        let site = try TestSite(["content/a.md": "---\ntitle: A\ndate: 2025-05-16\n---\nSee [b](b.md).\n"])
        let report = await check(site)
        #expect(!report.built)
        #expect(places(report) == ["\(site.sourcePath("content/a.md")):5:1"])
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }

    @Test("--external: a 200 passes, a 404 and an unreachable port are reported at their lines; HEAD refused falls back to GET")
    func externalLinks() async throws {
        let server = try LoopbackServer(routes: ["/ok": 200, "/head-refused": 200], refusingHead: ["/head-refused"])
        defer { server.stop() }
        let closed = try LoopbackServer.closedPort()
        let site = try TestSite([
            "content/2025/2025-05-16-a.md": """
            ---
            title: "A"
            date: 2025-05-16
            ---
            [ok](\(server.base)/ok) and [head](\(server.base)/head-refused) and [again](\(server.base)/ok#part).

            [gone](\(server.base)/gone)

            [down](http://127.0.0.1:\(closed)/x)
            """
        ])
        let report = await check(site, external: true)
        let file = site.sourcePath("content/2025/2025-05-16-a.md")
        #expect(places(report) == ["\(file):7:8", "\(file):9:8"])
        #expect(report.diagnostics.first?.message.contains("HTTP 404") == true)
        #expect(report.diagnostics.last?.message.contains("could not connect") == true)

        let offline = await check(site, external: false)
        #expect(offline.diagnostics == [])
        #expect(report.links == offline.links + 4)
    }

    @Test("--external: a server that never answers is reported once the timeout passes")
    func externalTimeout() async throws {
        let silent = try LoopbackServer.silentListener()
        defer { close(silent.socket) }
        let site = try TestSite([
            "content/2025/2025-05-16-a.md": "---\ntitle: A\ndate: 2025-05-16\n---\n[slow](http://127.0.0.1:\(silent.port)/slow)\n"
        ])
        let started = Date()
        let report = await check(site, external: true, timeout: 1)
        #expect(places(report) == ["\(site.sourcePath("content/2025/2025-05-16-a.md")):5:8"])
        #expect(report.diagnostics.first?.message.hasSuffix("no answer within 1 s") == true)
        // Only a hang is caught by the clock: the answer comes back through the
        // test run's cooperative threads, which other suites' builds can keep
        // busy for a minute on two cores. The test below checks the timeout itself.
        #expect(Date().timeIntervalSince(started) < 300)
    }

    @Test("--external: a request is given up once the timeout passes, on the checker's own threads")
    func externalTimeoutItself() throws {
        let silent = try LoopbackServer.silentListener()
        defer { close(silent.socket) }
        let started = Date()
        let failures = ExternalLinkChecker(timeout: 1.5, jobs: 1).failuresWaiting(among: ["http://127.0.0.1:\(silent.port)/slow"])
        let waited = Date().timeIntervalSince(started)
        #expect(failures == ["http://127.0.0.1:\(silent.port)/slow": "no answer within 1.5 s"])
        #expect(waited >= 1.4 && waited < 15)
    }

    @Test("--external: a request says who sends it and tries HEAD first; a refused HEAD is asked again with GET")
    func externalRequests() throws {
        let server = try LoopbackServer(routes: ["/ok": 200, "/head-refused": 200], refusingHead: ["/head-refused"])
        defer { server.stop() }
        let checker = ExternalLinkChecker(timeout: 5, jobs: 1)
        #expect(checker.failuresWaiting(among: ["\(server.base)/ok", "\(server.base)/head-refused"]) == [:])
        let agent = "sitegen-check/\(SitegenVersion.current)"
        #expect(
            server.requests == [
                .init(method: "HEAD", path: "/ok", userAgent: agent), .init(method: "HEAD", path: "/head-refused", userAgent: agent),
                .init(method: "GET", path: "/head-refused", userAgent: agent),
            ])
    }

    @Test("--external: redirects are followed to the page they lead to, and a loop of them is reported")
    func externalRedirects() throws {
        let server = try LoopbackServer(
            routes: ["/ok": 200], refusingHead: ["/ok"], redirects: ["/moved": "/ok", "/moved-away": "/gone", "/loop": "/loop"])
        defer { server.stop() }
        let failures = ExternalLinkChecker(timeout: 5, jobs: 3).failuresWaiting(
            among: ["/moved", "/moved-away", "/loop"].map { server.base + $0 })
        #expect(failures == ["\(server.base)/moved-away": "HTTP 404 Not Found", "\(server.base)/loop": "too many or broken redirects"])
    }

    @Test("--external: URLs that are not http(s) with a host are reported without a request")
    func externalInvalidURLs() {
        let failures = ExternalLinkChecker(timeout: 1, jobs: 2).failuresWaiting(among: ["http://", "ftp://example.com/x"])
        #expect(failures == ["http://": "not a valid URL", "ftp://example.com/x": "not a valid URL"])
    }

    @Test("HTTP reason phrases: the common ones by name, the rest by class")
    func reasonPhrases() {
        #expect(HTTPStatus.reason(404) == "Not Found")
        #expect(HTTPStatus.reason(503) == "Service Unavailable")
        #expect(HTTPStatus.reason(499) == "Client Error")
        #expect(HTTPStatus.reason(599) == "Server Error")
    }
}
