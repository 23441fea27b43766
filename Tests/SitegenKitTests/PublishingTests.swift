import Foundation
import Testing

@testable import SitegenKit

@Suite("Publishing the output folder")
struct PublishingTests {
    @Test("two builds of the same site are byte-identical, file by file")
    func deterministic() throws {
        let site = try NewsSite.make()
        try site.built()
        let first = try site.snapshot()
        try site.built()
        let second = try site.snapshot()
        #expect(first.keys.sorted() == second.keys.sorted())
        for (path, data) in first {
            #expect(second[path] == data, "\(path) differs between builds")
        }
        #expect(first.count > 30)
    }

    @Test("the same site built in two different folders gives identical files (no source paths leak)")
    func independentOfLocation() throws {
        let one = try NewsSite.make()
        let two = try NewsSite.make()
        try one.built()
        try two.built()
        let a = try one.snapshot()
        let b = try two.snapshot()
        #expect(a.keys.sorted() == b.keys.sorted())
        for (path, data) in a {
            #expect(b[path] == data, "\(path) depends on where the site is")
        }
    }

    @Test("the same site built with the built-in theme is byte-identical too")
    func deterministicDefaultTheme() throws {
        let files = NewsSite.files.filter { !$0.key.hasPrefix("templates/") }
        let site = try TestSite(files)
        try site.built()
        let first = try site.snapshot()
        try site.built()
        #expect(try site.snapshot() == first)
    }

    @Test("a failed build leaves the previous output untouched and no staging folder behind")
    func failedBuildKeepsOutput() throws {
        let site = try NewsSite.make()
        try site.built()
        let before = try site.snapshot()
        try site.write(["content/broken.md": "---\ntitle: Broken\n---\n"])
        let problems = site.failure()
        #expect(problems.contains { $0.path.hasSuffix("content/broken.md") })
        #expect(try site.snapshot() == before)
        #expect(!site.siteEntryExists(".public.sitegen-staging"))
        #expect(!site.siteEntryExists(".public.sitegen-old"))
    }

    @Test("a successful rebuild replaces the output: files of removed briefings disappear")
    func rebuildRemovesStaleFiles() throws {
        let site = try NewsSite.make()
        try site.built()
        #expect(site.exists("2025/06/02/second-round/index.html"))
        try site.remove("content/2025/2025-06-02-second-round.md")
        try site.built()
        #expect(!site.exists("2025/06/02/second-round/index.html"))
        #expect(!site.exists("2025/06/index.html"))
        #expect(site.exists("2025/05/16/talks-open/index.html"))
        #expect(!site.siteEntryExists(".public.sitegen-staging"))
    }

    @Test("a staging folder left by a killed build is cleared by the next build")
    func staleStagingCleared() throws {
        let site = try NewsSite.make()
        try site.write(["public/old.html": "old", ".public.sitegen-staging/leftover.html": "half-written"])
        try site.built()
        #expect(!site.siteEntryExists(".public.sitegen-staging"))
        #expect(!site.exists("leftover.html"))
        #expect(!site.exists("old.html"))
        #expect(site.exists("index.html"))
    }

    @Test("an output folder elsewhere is used, and the source gets no public/ folder")
    func customOutput() throws {
        let site = try TestSite(PlainTheme.site(["content/a.md": briefing("A", date: "2025-05-16")]), output: "../out")
        try site.built()
        #expect(site.exists("2025/05/16/a/index.html"))
        #expect(!site.siteEntryExists("public"))
    }

    @Test("an output folder that would replace the site's own files is refused", arguments: [".", "content", "static", "templates"])
    func outputGuard(folder: String) throws {
        let site = try TestSite(
            PlainTheme.site(["content/a.md": briefing("A", date: "2025-05-16"), "static/x.txt": "x"]),
            output: folder)
        let problems = site.failure()
        #expect(problems.first?.message.contains("output folder would replace") == true)
        #expect(FileManager.default.fileExists(atPath: site.root.appending(path: "content/a.md").path))
    }

    @Test("static/ is copied byte for byte, folders included")
    func staticCopied() throws {
        let site = try NewsSite.make()
        let image = Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0x0D, 0x0A])
        try site.write(image, to: "static/images/pixel.png")
        try site.built()
        #expect(try site.data("images/pixel.png") == image)
        #expect(try site.read("css/site.css") == "body { color: #222; }\n")
    }

    @Test("static dot-files hosts rely on (.nojekyll, .well-known/) are copied as is")
    func staticDotFiles() throws {
        let site = try NewsSite.make()
        try site.write(["static/.nojekyll": "", "static/.well-known/security.txt": "Contact: mailto:a@b.org\n"])
        try site.built()
        #expect(site.exists(".nojekyll"))
        #expect(site.exists(".well-known/security.txt"))
    }

    @Test("editor and version-control leftovers in static/ (.DS_Store, .git/) are never copied")
    func staticLeftovers() throws {
        let site = try NewsSite.make()
        try site.write(["static/.DS_Store": "x", "static/.git/config": "[core]\n", "static/css/.DS_Store": "x", "static/.nojekyll": ""])
        try site.built()
        #expect(!site.exists(".DS_Store") && !site.exists(".git/config") && !site.exists("css/.DS_Store"))
        #expect(site.exists(".nojekyll"))
    }

    @Test("a static file on a generated page's path is an error naming both")
    func staticCollision() throws {
        let site = try NewsSite.make()
        try site.write(["static/feed.xml": "<mine/>"])
        let problems = site.failure()
        #expect(problems.count == 1)
        #expect(problems.first?.path.hasSuffix("static/feed.xml") == true)
        #expect(problems.first?.message.contains("/feed.xml") == true)
    }

    @Test("a site template replaces the built-in one of the same name")
    func templateOverride() throws {
        let site = try TestSite([
            "content/alpha.md": briefing("Alpha & Omega", date: "2025-05-16", body: "Hello *there*."),
            "templates/briefing.mustache": "{{briefing.title}}|{{{briefing.content}}}",
        ])
        try site.built()
        #expect(try site.read("2025/05/16/alpha/index.html") == "Alpha &amp; Omega|<p>Hello <em>there</em>.</p>\n")
    }

    @Test("site templates may include their own partials")
    func templatePartials() throws {
        let site = try TestSite([
            "content/a.md": briefing("A", date: "2025-05-16"),
            "templates/briefing.mustache": "[{{> byline}}]",
            "templates/byline.mustache": "by {{site.title}}",
            "site.yml": "title: Desk\n",
        ])
        try site.built()
        #expect(try site.read("2025/05/16/a/index.html") == "[by Desk]")
    }

    @Test("overriding base changes the layout of the built-in pages")
    func baseOverride() throws {
        let site = try TestSite([
            "content/a.md": briefing("A", date: "2025-05-16"),
            "templates/base.mustache": "<main data-test=\"layout\">{{$content}}{{/content}}</main>",
        ])
        try site.built()
        for path in ["index.html", "2025/05/16/a/index.html", "tags/index.html", "404.html"] {
            let page = try site.read(path)
            #expect(page.hasPrefix("<main data-test=\"layout\">"), "\(path)")
            #expect(page.hasSuffix("</main>"), "\(path)")
        }
    }

    @Test("the built-in theme names the briefing and links its tags")
    func builtInTheme() throws {
        let site = try TestSite([
            "content/talks-in-istanbul.md": briefing("Talks in Istanbul", date: "2025-05-16", "tags: [Istanbul]")
        ])
        try site.built()
        let page = try site.read("2025/05/16/talks-in-istanbul/index.html")
        #expect(page.contains("Talks in Istanbul"))
        #expect(page.contains(#"href="/tags/istanbul/""#))
        #expect(try site.read("index.html").contains(#"href="/2025/05/16/talks-in-istanbul/""#))
    }
}
