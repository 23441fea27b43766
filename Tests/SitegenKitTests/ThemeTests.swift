import Foundation
import Testing

@testable import SitegenKit

/// The default theme as a reader meets it: weight, landmarks, navigation, and
/// the home page's side column. (How it looks and behaves in a real browser is
/// checked by scripts/browser-test.sh.)
@Suite("Default theme")
struct ThemeTests {
    static let navigation = ["/", "/archive/", "/tags/", "/stories/", "/search/", "/feed.xml"]

    @Test("the built-in templates name only built-in templates (a build does not check them again)")
    func builtInPartialsExist() {
        let known = DefaultTheme.templates.mapValues { (text: $0, path: "") }
        for (name, text) in DefaultTheme.templates {
            #expect(TemplateLibrary.missingPartials(in: text, path: name, known: known).isEmpty, "\(name)")
        }
        // The check itself finds a missing one.
        #expect(TemplateLibrary.missingPartials(in: "{{> heaedr}}", path: "x", known: known).count == 1)
    }

    @Test("a briefing page of the sample archive weighs at most 30 KB more than its article text, CSS included")
    func briefingPageWeight() throws {
        let output = FileManager.default.temporaryDirectory.appending(path: "sitegen-weight-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let options = BuildOptions(source: SampleArchiveAuditTests.repositoryRoot, output: output, policy: PublishPolicy(now: Date()))
        let site = try SiteGenerator.buildSite(options).site
        #expect(site.briefings.count > 10)
        let stylesheet = try Data(contentsOf: output.appending(path: "style.css"))
        for briefing in site.briefings {
            let page = try Data(contentsOf: output.appending(path: String(briefing.url.dropFirst()) + "index.html"))
            #expect(String(decoding: page, as: UTF8.self).contains(#"<link rel="stylesheet" href="/style.css?v="#))
            let overhead = page.count + stylesheet.count - briefing.body.html.utf8.count
            #expect(overhead <= 30_000, "\(briefing.url) carries \(overhead) bytes besides its article")
        }
    }

    @Test("every page has lang, a skip link to main, the landmarks and the full site navigation")
    func landmarksAndNavigation() throws {
        let site = try TestSite([
            "site.yml": "language: tr\n",
            "stories.yml": "talks: The talks\n",
            "content/a.md": briefing("A", date: "2025-05-16 10:00", "tags: [Ankara]\nstory: talks"),
            "content/b.md": briefing("B", date: "2025-06-01", "tags: [Ankara]\nstory: talks"),
        ])
        try site.built()
        let pages = site.outputFiles().filter { $0.hasSuffix(".html") }
        #expect(pages.count >= 12)
        for path in pages {
            let page = try site.read(path)
            #expect(page.hasPrefix("<!doctype html>\n<html lang=\"tr\">"), "\(path)")
            #expect(page.contains(##"<a class="skip" href="#main">Skip to content</a>"##), "\(path)")
            #expect(page.contains(#"<main id="main""#) && page.contains("<header") && page.contains("<footer"), "\(path)")
            #expect(page.contains(#"<nav class="site" aria-label="Site">"#), "\(path)")
            for url in Self.navigation { #expect(page.contains("<a href=\"\(url)\""), "\(path) lacks \(url)") }
            #expect(!page.contains("<time>"), "\(path) has a <time> without datetime")
            // The one stylesheet is the site's own: no CDN, no external font.
            let sheets = page.components(separatedBy: #"<link rel="stylesheet" href=""#).dropFirst()
            #expect(sheets.count == 1 && sheets.allSatisfy { $0.hasPrefix("/style.css?v=") }, "\(path) loads another stylesheet")
            #expect(!page.contains("<script src="), "\(path) loads a script")
        }
    }

    @Test("the navigation marks the current page, and the section of a page below it")
    func currentSection() throws {
        let site = try TestSite(["content/a.md": briefing("A", date: "2025-05-16", "tags: [Ankara]")])
        try site.built()
        let current = [
            "index.html": #"<a href="/" aria-current="page">Latest</a>"#,
            "archive/index.html": #"<a href="/archive/" aria-current="page">Archive</a>"#,
            "2025/05/index.html": #"<a href="/archive/" aria-current="true">Archive</a>"#,
            "tags/ankara/index.html": #"<a href="/tags/" aria-current="true">Tags</a>"#,
            "stories/index.html": #"<a href="/stories/" aria-current="page">Stories</a>"#,
        ]
        for (path, link) in current {
            let page = try site.read(path)
            #expect(page.contains(link), "\(path)")
            #expect(page.components(separatedBy: "aria-current=").count == 2, "\(path) marks more than one link")
        }
        #expect(!(try site.read("2025/05/16/a/index.html")).contains("aria-current="))
    }

    @Test("the first home page lists stories, the most used tags and recent months beside the briefings")
    func frontPageSideColumn() throws {
        var files = [
            "stories.yml": "talks: The Istanbul talks\n",
            "site.yml": "pageSize: 2\n",
        ]
        for day in 1...4 {
            files["content/\(day).md"] = briefing(
                "Day \(day)", date: "2025-0\(day)-0\(day)", "tags: [Common\(day == 1 ? ", Rare" : "")]\nstory: talks")
        }
        let site = try TestSite(files)
        try site.built()
        let home = try site.read("index.html")
        #expect(home.contains(#"<a href="/stories/talks/">The Istanbul talks</a>"#))
        #expect(home.contains("4 developments"))
        let common = try #require(home.range(of: #"<a href="/tags/common/">Common <span class="count">4</span>"#))
        let rare = try #require(home.range(of: #"<a href="/tags/rare/">Rare <span class="count">1</span>"#))
        #expect(common.lowerBound < rare.lowerBound)
        #expect(home.contains(#"<a href="/2025/04/">April 2025</a>"#))
        #expect(home.contains(#"<form class="find" action="/search/" method="get" role="search">"#))
        let second = try site.read("page/2/index.html")
        #expect(!second.contains("The Istanbul talks") && !second.contains(#"class="find""#))
    }
}
