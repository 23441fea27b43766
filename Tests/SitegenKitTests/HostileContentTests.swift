import Foundation
import Testing

@testable import SitegenKit

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Everything a build leaves outside its output folder, relative to the temporary
/// folder that holds the site: the site's own files plus the output's lock file.
private func entriesOutsideOutput(_ site: TestSite) -> [String] {
    let base = site.root.deletingLastPathComponent()
    let output = site.output.path + "/"
    return TestSite.files(under: base).filter { !(base.appending(path: $0).path + "/").hasPrefix(output) }
}

/// Builds `site` and checks that nothing but the output (and its lock file) appeared.
private func buildWritesOnlyTheOutput(
    _ site: TestSite, future: Bool = false, sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> Result<BuildReport, BuildFailure> {
    let before = Set(entriesOutsideOutput(site))
    let result = site.build(future: future)
    // The lock file and the build cache are the only things a build keeps beside its output.
    let stray = Set(entriesOutsideOutput(site)).subtracting(before).subtracting(["site/.public.sitegen-lock"])
        .filter { !$0.hasPrefix("site/.sitegen-cache/") }
    #expect(stray.isEmpty, "files written outside the output: \(stray.sorted())", sourceLocation: sourceLocation)
    return result
}

/// Expects exactly one diagnostic, at `content/x.md:line:column`, whose message holds every fragment.
private func expectOne(
    _ diagnostics: [Diagnostic], _ line: Int, _ column: Int, _ fragments: String...,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    #expect(diagnostics.count == 1, "\(diagnostics)", sourceLocation: sourceLocation)
    guard let diagnostic = diagnostics.first else { return }
    #expect(diagnostic.path.hasSuffix("content/x.md"), "\(diagnostic)", sourceLocation: sourceLocation)
    #expect(diagnostic.line == line, "\(diagnostic)", sourceLocation: sourceLocation)
    #expect(diagnostic.column == column, "\(diagnostic)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(diagnostic.message.contains(fragment), "\(diagnostic.message)", sourceLocation: sourceLocation)
    }
}

/// Runs `work` on its own thread and gives up waiting after `seconds`: a hang
/// fails the test instead of stalling the suite.
private func finishes<T: Sendable>(within seconds: Double, _ work: @escaping @Sendable () -> T) -> T? {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        box.set(work())
        done.signal()
    }
    return done.wait(timeout: .now() + seconds) == .success ? box.value : nil
}

private final class ResultBox<T: Sendable>: @unchecked Sendable {
    // Written once by the worker before it signals, read after the wait: the semaphore orders them.
    var value: T?
    func set(_ newValue: T) { value = newValue }
}

private func frontMatter(_ lines: String, body: String = "Body.") -> String {
    "---\n" + lines + (lines.hasSuffix("\n") ? "" : "\n") + "---\n" + body + "\n"
}

@Suite("Hostile content: a clear error or a safe page")
struct HostileContentTests {
    // MARK: - Paths from slugs, tags and stories

    @Test("slugs, tags and stories with ../, /, \\, NUL and control characters become plain URL segments")
    func pathCharacters() throws {
        let site = try TestSite([
            "content/x.md": frontMatter(
                #"""
                title: "Traversal\u0000 \u0007 <b>"
                date: 2025-05-16
                slug: "../../../../etc/passwd"
                tags: ["../x", "a/b", "c\\d", "nul\u0000byte", "\u001bescape", "..\\..\\win"]
                story: "../../story\u0000/"
                """#)
        ])
        _ = try buildWritesOnlyTheOutput(site).get()
        #expect(site.exists("2025/05/16/etc-passwd/index.html"))
        for tag in ["x", "a-b", "c-d", "nul-byte", "escape", "win"] { #expect(site.exists("tags/\(tag)/index.html"), "tag \(tag)") }
        #expect(site.exists("stories/story/index.html"))
        // Every output path is made of plain segments.
        for path in site.outputFiles() {
            #expect(!path.contains("..") && !path.contains("\\") && !path.contains("\0"), "\(path)")
        }
        // NUL and other C0 controls cannot make the feeds unparseable.
        #expect(XMLParser(data: try site.data("feed.xml")).parse())
        #expect((try? JSONSerialization.jsonObject(with: try site.data("feed.json"))) != nil)
    }

    @Test("a slug, tag or story with nothing sluggable is an error at its value")
    func unsluggable() throws {
        let cases: [(String, Int, Int, String)] = [
            ("slug: \"../\"", 4, 7, #"slug "../" has no letters or digits"#),
            ("tags: [ok, \"\\u0001/\\u001f\"]", 4, 12, "has no letters or digits"),
            ("story: \"/..\\\\\"", 4, 8, "'story' \"/..\\\" has no letters or digits"),
        ]
        for (line, row, column, message) in cases {
            let site = try TestSite(["content/x.md": frontMatter("title: A\ndate: 2025-05-16\n" + line)])
            expectOne(site.failure(), row, column, message)
            #expect(!site.siteEntryExists("public"))
        }
    }

    @Test("control characters in a file name or a quoted value cannot break the one-line diagnostic or reach the terminal")
    func controlCharactersInDiagnostics() throws {
        let site = try TestSite(["content/a\nb\u{1B}[2J.md": frontMatter("title: A\ndate: \"\\e]0;owned\\a\\u202Enope\"")])
        let problems = site.failure()
        #expect(problems.count == 1)
        let line = try #require(problems.first).description
        #expect(
            line.hasSuffix(
                #"a\u{A}b\u{1B}[2J.md:3:7: error: 'date' "\u{1B}]0;owned\u{7}\u{202E}nope" is not a date; use \#(DateParser.acceptedForms)"#
            ), "\(line)")
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E })
    }

    // MARK: - Sizes

    @Test("a 10 KB title, tag, story and slug build a page; URL segments stay at most 80 characters")
    func tenKilobyteFields() throws {
        let long = String(repeating: "Ankara talks ", count: 800)  // 10,400 bytes
        let site = try TestSite([
            "content/x.md": frontMatter("title: \"\(long)\"\ndate: 2025-05-16\ntags: [\"\(long)\"]\nstory: \"\(long)\"\nslug: \"\(long)\"")
        ])
        _ = try buildWritesOnlyTheOutput(site).get()
        let slug = try #require(Slugger.slug(long))
        #expect(slug.count <= 80)
        let page = try site.read("2025/05/16/\(slug)/index.html")
        #expect(page.contains(long.trimmingCharacters(in: .whitespaces)))
        #expect(site.exists("tags/\(slug)/index.html"))
        #expect(site.exists("stories/\(slug)/index.html"))
    }

    @Test("100,000 nested block quotes and 100,000 nested list levels render without crashing")
    func deepNesting() throws {
        let depth = 100_000
        let quotes = String(repeating: "> ", count: depth) + "deep"
        let lists = String(repeating: "- ", count: depth) + "deep"
        let site = try TestSite([
            "content/quotes.md": frontMatter("title: Quotes\ndate: 2025-05-16", body: quotes),
            "content/lists.md": frontMatter("title: Lists\ndate: 2025-05-17", body: lists),
            "content/brackets.md": frontMatter(
                "title: Brackets\ndate: 2025-05-18",
                body: String(repeating: "[", count: depth) + String(repeating: "*a", count: depth / 2)
                    + String(repeating: "]", count: depth)),
        ])
        let built = finishes(within: 60) { Result { () throws(BuildFailure) in try SiteGenerator.build(site.options()) } }
        let report = try #require(built, "the build did not finish within 60 s").get()
        #expect(report.briefings == 3)
        let quotesPage = try site.read("2025/05/16/quotes/index.html")
        #expect(quotesPage.components(separatedBy: "<blockquote>").count - 1 == depth)
        let listsPage = try site.read("2025/05/17/lists/index.html")
        #expect(listsPage.components(separatedBy: "<ul>").count - 1 >= depth)
        #expect(ExecutableContent.findings(inHTML: quotesPage).isEmpty)
    }

    @Test("100,000 tags on one briefing are refused at the tags field, quickly")
    func hundredThousandTags() throws {
        let tags = (0..<100_000).map { "t\($0)" }.joined(separator: ", ")
        let site = try TestSite(["content/x.md": frontMatter("title: A\ndate: 2025-05-16\ntags: [\(tags)]")])
        let built = finishes(within: 30) { site.build() }
        guard case .failure(let failure) = try #require(built, "the build did not finish within 30 s") else {
            Issue.record("100,000 tags were accepted: their pages and feeds would hold 10^10 tag links")
            return
        }
        expectOne(failure.diagnostics, 4, 7, "'tags' holds 100000 different tags; a briefing may have at most \(FrontMatterFields.maxTags)")
        #expect(!site.siteEntryExists("public"))
    }

    @Test("the most tags a briefing may have still build, and spellings that slug alike count once")
    func tagLimit() throws {
        let tags = (0..<FrontMatterFields.maxTags).map { "t\($0)" } + ["T0", "\"t0 \""]
        let site = try TestSite(["content/x.md": frontMatter("title: A\ndate: 2025-05-16\ntags: [\(tags.joined(separator: ", "))]")])
        #expect(try site.built().briefings == 1)
        #expect(site.exists("tags/t\(FrontMatterFields.maxTags - 1)/index.html"))
    }

    /// 50 MB takes about 17 s in a debug build, too slow for every test run:
    /// `scripts/big-briefing.sh` builds a 50 MB briefing with the release binary.
    @Test("a 10 MB briefing builds into its page and feeds")
    func tenMegabytes() throws {
        let paragraph = String(repeating: "Delegations met in Istanbul to discuss a ceasefire and an exchange. ", count: 14) + "\n\n"
        let body = String(repeating: paragraph, count: 10_000_000 / paragraph.utf8.count)
        let site = try TestSite(["content/x.md": frontMatter("title: Big\ndate: 2025-05-16\ntags: [a]", body: body)])
        let built = finishes(within: 60) { site.build() }
        #expect(try #require(built, "the build did not finish within 60 s").get().briefings == 1)
        #expect(try site.data("2025/05/16/x/index.html").count > body.utf8.count)
        #expect((try? JSONSerialization.jsonObject(with: try site.data("tags/a/feed.json"))) != nil)
    }

    // MARK: - Encodings and line ends

    @Test("a BOM and CRLF line ends keep line numbers exact in errors")
    func bomAndCRLF() throws {
        let bad = try TestSite(["content/x.md": "\u{FEFF}---\r\ntitle: A\r\ndate: nope\r\n---\r\nBody\r\n"])
        expectOne(bad.failure(), 3, 7, "'date' \"nope\" is not a date")
        let good = try TestSite(["content/x.md": "\u{FEFF}---\r\ntitle: \"CRLF\"\r\ndate: 2025-05-16\r\n---\r\nLine one\r\nline two\r\n"])
        try good.built()
        let page = try good.read("2025/05/16/x/index.html")
        #expect(page.contains("CRLF") && !page.contains("\r"))
    }

    @Test("lone CR line ends, a second BOM and UTF-16 are clear errors at line 1")
    func otherEncodings() throws {
        expectOne(try TestSite(["content/x.md": "---\rtitle: A\rdate: 2025-05-16\r---\r"]).failure(), 1, 1, "must start with front matter")
        expectOne(try TestSite(["content/x.md": "\u{FEFF}\u{FEFF}---\ntitle: A\n---\n"]).failure(), 1, 1, "must start with front matter")
        let utf16 = try TestSite()
        try utf16.write(Data([0xFF, 0xFE]) + "---\n".data(using: .utf16LittleEndian)!, to: "content/x.md")
        expectOne(utf16.failure(), 1, 1, "not valid UTF-8 (byte 0xFF)")
    }

    /// Found by FuzzFrontMatter and FuzzMarkdown: the fuzzers' own line counts
    /// missed lone CRs, which libyaml and libcmark both take as line ends.
    @Test("a lone CR inside the front matter or body counts as a line end, as libyaml and libcmark count it")
    func loneCR() throws {
        expectOne(try TestSite(["content/x.md": "---\ntitle: A\rdate: nope\n---\nBody\n"]).failure(), 3, 7, "'date' \"nope\" is not a date")
        expectOne(
            try TestSite(["content/x.md": "---\ntitle: A\ndate: 2025-05-16\n---\nBody\r[x](missing.md)\n"]).failure(), 6, 1,
            "link to missing.md")
    }

    // MARK: - YAML

    /// Nine anchors of nine aliases each: 9^9 (387 million) values once expanded.
    static let bomb = (1...9).map { level in
        let items = level == 1 ? Array(repeating: "lol", count: 9) : Array(repeating: "*l\(level - 1)", count: 9)
        return "l\(level): &l\(level) [\(items.joined(separator: ", "))]"
    }.joined(separator: "\n")

    @Test("a YAML alias bomb in a param is refused quickly")
    func aliasBombParam() throws {
        let site = try TestSite(["content/x.md": frontMatter("title: A\ndate: 2025-05-16\n" + Self.bomb)])
        let problems = try #require(finishes(within: 20) { site.failure() }, "alias bomb: no answer within 20 s")
        #expect(problems.count >= 1)
        #expect(problems.allSatisfy { $0.path.hasSuffix("content/x.md") && (2...12).contains($0.line) }, "\(problems)")
        #expect(problems.contains { $0.message.contains("too large") }, "\(problems)")
    }

    @Test("a YAML alias bomb as tags or title is refused quickly")
    func aliasBombFields() throws {
        for field in ["tags: *l9", "title: *l9", "sources: *l9", "summary: [*l9, *l9]"] {
            let front = "title: A\ndate: 2025-05-16\n" + Self.bomb + "\n" + field
            let site = try TestSite([
                "content/x.md": frontMatter(
                    front.replacingOccurrences(of: "title: A\n", with: field.hasPrefix("title") ? "" : "title: A\n"))
            ])
            let problems = try #require(finishes(within: 20) { site.failure() }, "\(field): no answer within 20 s")
            #expect(!problems.isEmpty, "\(field)")
        }
    }

    @Test("a YAML alias bomb used as a mapping key is refused quickly")
    func aliasBombKey() throws {
        let site = try TestSite(["content/x.md": frontMatter("title: A\ndate: 2025-05-16\n" + Self.bomb + "\n? *l9\n: x\n? *l8\n: y")])
        let problems = try #require(finishes(within: 20) { site.failure() }, "alias bomb as a key: no answer within 20 s")
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { $0.path.hasSuffix("content/x.md") && (2...14).contains($0.line) }, "\(problems)")
    }

    @Test("duplicate keys are reported at the repeated key, however quoted and however deep")
    func duplicateKeys() throws {
        expectOne(
            try TestSite(["content/x.md": frontMatter("title: A\ndate: 2025-05-16\n\"title\": B")]).failure(), 4, 1, "duplicate key 'title'"
        )
        let nested = frontMatter("title: A\ndate: 2025-05-16\nsources:\n  - name: Wire\n    name: Agency")
        expectOne(try TestSite(["content/x.md": nested]).failure(), 6, 5, "duplicate key 'name'")
    }

    @Test("keys that are lists or mappings are errors at the key; number and null keys become params")
    func nonStringKeys() throws {
        expectOne(
            try TestSite(["content/x.md": frontMatter("title: A\ndate: 2025-05-16\n[a, b]: c")]).failure(), 4, 1,
            "front matter keys must be plain words, found a list")
        expectOne(
            try TestSite(["content/x.md": frontMatter("title: A\ndate: 2025-05-16\n? {a: 1}\n: c")]).failure(), 4, 3,
            "front matter keys must be plain words, found a mapping")
        let site = try TestSite(["content/x.md": frontMatter("title: A\ndate: 2025-05-16\n1: one\n~: nothing\ntrue: yes")])
        #expect(try site.built().briefings == 1)
    }

    @Test("tags as a mapping, and a source that is a list, are errors at the value")
    func wrongShapes() throws {
        expectOne(
            try TestSite(["content/x.md": frontMatter("title: A\ndate: 2025-05-16\ntags: {a: 1}")]).failure(), 4, 7,
            "'tags' must be a list of strings, found a mapping")
        expectOne(
            try TestSite(["content/x.md": frontMatter("title: A\ndate: 2025-05-16\nsources:\n  - [a, b]")]).failure(), 5, 5,
            "a source must be a mapping")
    }

    // MARK: - Dates

    @Test("dates in year 0 or 99999 are errors at the date")
    func extremeYears() throws {
        expectOne(
            try TestSite(["content/x.md": frontMatter("title: A\ndate: 0000-01-01")]).failure(), 3, 7, "year 0 is outside 1–9999")
        expectOne(try TestSite(["content/x.md": frontMatter("title: A\ndate: 99999-01-01")]).failure(), 3, 7, "is not a date")
        expectOne(
            try TestSite(["content/x.md": frontMatter("title: A\ndate: 2025-05-16\nupdated: 0000-12-31T23:59:59Z")]).failure(), 4, 10,
            "year 0 is outside 1–9999")
    }

    @Test("the first and last accepted moments build pages, even where the site's clock shows year 0 or 10000")
    func edgeMoments() throws {
        let site = try TestSite([
            "content/first.md": frontMatter("title: First\ndate: 0001-01-01T00:00:00+14:00"),
            "content/last.md": frontMatter("title: Last\ndate: 9999-12-31T23:59:59-12:00"),
        ])
        #expect(try buildWritesOnlyTheOutput(site, future: true).get().briefings == 2)
        #expect(site.exists("0000/12/31/first/index.html"))
        #expect(site.exists("10000/01/01/last/index.html"))
        #expect(ExecutableContent.findings(inAtom: try site.data("feed.xml")).isEmpty)
        #expect(XMLParser(data: try site.data("sitemap.xml")).parse())
    }

    @Test("a moment in local mean time (an offset with seconds) is written in RFC 3339 as the same instant")
    func localMeanTime() throws {
        let istanbul = try #require(TimeZone(identifier: "Europe/Istanbul"))
        let date = try DateParser.parse("1800-01-01 10:00", timeZone: istanbul)
        #expect(date.offsetSeconds % 60 != 0, "Istanbul kept local mean time (+01:55:52) until 1880")
        #expect(date.rfc3339 == "1800-01-01T08:04:08Z")
        #expect(try DateParser.parse(date.rfc3339, timeZone: istanbul).epochSeconds == date.epochSeconds)
    }

    // MARK: - The file system

    @Test("symbolic links in content/ and static/ pointing outside the site are refused, and nothing is published")
    func symlinksOutside() throws {
        let outside = FileManager.default.temporaryDirectory.appending(path: "sitegen-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside.appending(path: "notes"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        try Data("---\ntitle: Secret\ndate: 2025-05-16\n---\nSECRET-MARKER\n".utf8).write(to: outside.appending(path: "notes/secret.md"))
        try Data("SECRET-MARKER".utf8).write(to: outside.appending(path: "key.txt"))
        // Content is checked before anything is written, static/ when it is copied: one site for each.
        let cases: [[(String, URL)]] = [
            [
                ("content/secret.md", outside.appending(path: "notes/secret.md")), ("content/notes", outside.appending(path: "notes")),
                ("content/gone.md", outside.appending(path: "none")),
            ],
            [("static/key.txt", outside.appending(path: "key.txt")), ("static/keys", outside)],
        ]
        for links in cases {
            let site = try TestSite(["content/a.md": briefing("A", date: "2025-05-16"), "static/ok.txt": "ok"])
            try site.built()
            let before = try site.snapshot()
            for (path, target) in links {
                try FileManager.default.createSymbolicLink(atPath: site.root.appending(path: path).path, withDestinationPath: target.path)
            }
            let problems = buildWritesOnlyTheOutput(site).failure?.diagnostics ?? []
            #expect(problems.map(\.path).sorted() == links.map { site.sourcePath($0.0) }.sorted(), "\(problems)")
            #expect(problems.allSatisfy { $0.message == "symbolic links are not followed; copy the file into the site instead" })
            #expect(try site.snapshot() == before)
        }
    }

    @Test(
        "an unreadable briefing is an error naming the file",
        .enabled(if: getuid() != 0, "root reads files whatever their mode; scripts/unreadable.sh runs this case as an unprivileged user"))
    func unreadable() throws {
        let site = try TestSite(["content/x.md": briefing("A", date: "2025-05-16")])
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: site.root.appending(path: "content/x.md").path)
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: site.root.appending(path: "content/x.md").path)
        }
        let problems = site.failure()
        #expect(problems.count == 1)
        #expect(problems.first?.path.hasSuffix("content/x.md") == true)
        #expect(
            problems.first?.message == "cannot read file: permission denied"
                || problems.first?.message.contains("Permission denied") == true)
    }

    @Test("a content folder with no briefings builds an empty site whose feeds and sitemap parse")
    func noBriefings() throws {
        let site = try TestSite(["content/README.txt": "not a briefing"])
        #expect(try buildWritesOnlyTheOutput(site).get().briefings == 0)
        for page in ["index.html", "tags/index.html", "archive/index.html", "stories/index.html", "404.html"] {
            #expect(site.exists(page), "\(page)")
            let findings = ExecutableContent.findings(inHTML: try site.read(page))
            #expect(findings.isEmpty, "\(page): \(findings)")
        }
        #expect(ExecutableContent.findings(inAtom: try site.data("feed.xml")).isEmpty)
        #expect(ExecutableContent.findings(inJSONFeed: try site.data("feed.json")).isEmpty)
        #expect(XMLParser(data: try site.data("sitemap.xml")).parse())
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
