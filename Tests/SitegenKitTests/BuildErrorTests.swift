import Foundation
import Testing

@testable import SitegenKit

/// Builds a site with one briefing `content/x.md` of the given text (plus `files`)
/// and returns the diagnostics of the failed build.
private func problems(
    _ text: String?, _ files: [String: String] = [:],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> [Diagnostic] {
    var all = files
    if let text { all["content/x.md"] = text }
    let site = try TestSite(all)
    return site.failure(sourceLocation: sourceLocation)
}

/// Expects exactly one diagnostic, at `path:line:column`, whose message holds every `fragment`.
private func expectOne(
    _ diagnostics: [Diagnostic], _ path: String, _ line: Int, _ column: Int, _ fragments: String...,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    #expect(diagnostics.count == 1, "\(diagnostics)", sourceLocation: sourceLocation)
    guard let diagnostic = diagnostics.first else { return }
    #expect(diagnostic.path.hasSuffix(path), "\(diagnostic)", sourceLocation: sourceLocation)
    #expect(diagnostic.line == line, "\(diagnostic)", sourceLocation: sourceLocation)
    #expect(diagnostic.column == column, "\(diagnostic)", sourceLocation: sourceLocation)
    #expect(diagnostic.severity == .error, sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(diagnostic.message.contains(fragment), "\(diagnostic.message)", sourceLocation: sourceLocation)
    }
}

private let good = "---\ntitle: Fine\ndate: 2025-05-16\n---\nBody\n"

@Suite("Build error messages")
struct BuildErrorTests {
    @Test("a YAML syntax error is reported at its line in the file, not in the front matter")
    func yamlSyntax() throws {
        let found = try problems("---\ntitle: A\ndate: 2025-05-16\n  summary: bad\n---\n")
        expectOne(found, "content/x.md", 4, 10, "invalid YAML", "mapping values are not allowed")
    }

    @Test("a missing title is reported at the front matter")
    func missingTitle() throws {
        expectOne(try problems("---\ndate: 2025-05-16\n---\n"), "content/x.md", 2, 1, "missing required field 'title'")
    }

    @Test("a missing date is reported at the front matter")
    func missingDate() throws {
        expectOne(try problems("---\ntitle: A\n---\n"), "content/x.md", 2, 1, "missing required field 'date'")
    }

    @Test("a title or date with no value is an error, not a silently skipped briefing")
    func emptyRequiredValues() throws {
        for (text, line, field) in [("---\ntitle:\ndate: 2025-05-16\n---\n", 2, "title"), ("---\ntitle: A\ndate:\n---\n", 3, "date")] {
            let found = try problems(text)
            #expect(found.count == 1, "\(field): \(found)")
            #expect(found.first?.path.hasSuffix("content/x.md") == true)
            #expect(found.first?.line == line)
            #expect(found.first?.message.contains("'\(field)'") == true)
        }
        expectOne(try problems("---\ntitle: \"  \"\ndate: 2025-05-16\n---\n"), "content/x.md", 2, 8, "'title' must not be empty")
    }

    @Test("an unparseable date is quoted and the accepted forms are listed")
    func badDate() throws {
        let found = try problems("---\ntitle: A\ndate: 16 May 2025\n---\n")
        expectOne(found, "content/x.md", 3, 7, "\"16 May 2025\"", "is not a date", DateParser.acceptedForms)
    }

    @Test("a date that does not exist says why")
    func impossibleDate() throws {
        let found = try problems("---\ntitle: A\ndate: 2025-02-29\n---\n")
        expectOne(found, "content/x.md", 3, 7, "\"2025-02-29\"", "day 29 does not exist in 2025-02")
    }

    @Test("a tag that is a list or a number is reported at the tag")
    func tagNotString() throws {
        expectOne(
            try problems("---\ntitle: A\ndate: 2025-05-16\ntags: [ok, [nested]]\n---\n"),
            "content/x.md", 4, 12, "a tag must be a string, found a list")
        expectOne(
            try problems("---\ntitle: A\ndate: 2025-05-16\ntags: [1]\n---\n"),
            "content/x.md", 4, 8, "a tag must be a string, found a number")
        expectOne(
            try problems("---\ntitle: A\ndate: 2025-05-16\ntags: [\"!!!\"]\n---\n"),
            "content/x.md", 4, 8, "tag \"!!!\" has no letters or digits")
    }

    @Test("fields of the wrong type are each reported at their value")
    func wrongTypes() throws {
        let found = try problems("---\ntitle: A\ndate: 2025-05-16\ndraft: \"maybe\"\nsources: \"x\"\n---\n")
        #expect(found.count == 2)
        expectOne(Array(found.prefix(1)), "content/x.md", 4, 8, "'draft' must be true or false, found a string")
        expectOne(Array(found.dropFirst()), "content/x.md", 5, 10, "'sources' must be a list of {name, url} entries, found a string")
    }

    @Test("a source with a script URL is refused")
    func scriptSource() throws {
        let found = try problems("---\ntitle: A\ndate: 2025-05-16\nsources:\n  - name: X\n    url: javascript:alert(1)\n---\n")
        expectOne(found, "content/x.md", 6, 10, "source url \"javascript:alert(1)\"")
    }

    @Test("a file that is not UTF-8 is reported at its first bad byte")
    func notUTF8() throws {
        let site = try TestSite()
        try site.write(Data("---\ntitle: caf".utf8) + Data([0xE9]) + Data("\ndate: 2025-05-16\n---\n".utf8), to: "content/x.md")
        expectOne(site.failure(), "content/x.md", 2, 11, "not valid UTF-8", "0xE9")
    }

    @Test("an empty file is reported for the whole file")
    func emptyFile() throws {
        expectOne(try problems(""), "content/x.md", 0, 0, "file is empty")
    }

    @Test("a file without front matter is reported at line 1")
    func noFrontMatter() throws {
        expectOne(try problems("# Just Markdown\n"), "content/x.md", 1, 1, "must start with front matter")
    }

    @Test("front matter that is never closed is reported at line 1")
    func unclosedFrontMatter() throws {
        expectOne(try problems("---\ntitle: A\ndate: 2025-05-16\n"), "content/x.md", 1, 1, "never closed")
    }

    @Test("front matter that is not a mapping says so")
    func notAMapping() throws {
        let found = try problems("---\n- a\n- b\n---\n")
        #expect(found.contains { $0.line == 2 && $0.message.contains("must be a mapping") })
    }

    @Test("a duplicate front matter key is reported at the repeated key")
    func duplicateKey() throws {
        expectOne(try problems("---\ntitle: A\ndate: 2025-05-16\ntitle: B\n---\n"), "content/x.md", 4, 1, "duplicate key 'title'")
    }

    @Test("a link to a missing content file is reported at its body line")
    func missingLink() throws {
        let found = try problems("---\ntitle: A\ndate: 2025-05-16\n---\nIntro\n\nSee [x](missing.md).\n")
        expectOne(found, "content/x.md", 7, 1, "link to missing.md", "not a published briefing")
    }

    /// A body without links into content/ is rendered as soon as its file is read;
    /// one with such a link, once every URL is known. Problems found either
    /// way are reported together, file by file.
    @Test("a link climbing out of content/ and one to a missing file are both reported, in file order")
    func missingLinksFoundEarlyAndLate() throws {
        let found = try problems(
            nil,
            [
                "content/a.md": "---\ntitle: A\ndate: 2025-05-16\n---\nSee [b](b.md) and [x](missing.md).\n",
                "content/b.md": "---\ntitle: B\ndate: 2025-05-17\n---\nIntro\n\nSee [x](../../up.md).\n",
            ])
        #expect(found.count == 2)
        #expect(zip(found, ["content/a.md", "content/b.md"]).allSatisfy { $0.path.hasSuffix($1) })
        #expect(found.map(\.line) == [5, 7])
        #expect(found.first?.message.contains("link to missing.md") == true)
        #expect(found.last?.message.contains("link to ../../up.md") == true)
    }

    @Test("a link ending in .MD is a link into content/ too, and one to a missing file is reported")
    func missingLinkInCapitals() throws {
        let found = try problems("---\ntitle: A\ndate: 2025-05-16\n---\nSee [x](Missing.MD).\n")
        expectOne(found, "content/x.md", 5, 1, "link to Missing.MD", "not a published briefing")
    }

    @Test("a missing content/ folder is reported")
    func missingContent() throws {
        expectOne(try problems(nil, ["site.yml": "title: X\n"]), "content", 0, 0, "no content/ folder")
    }

    @Test("an unknown site.yml key is named and the accepted keys are listed")
    func unknownSiteKey() throws {
        let found = try problems(good, ["site.yml": "title: X\nbasURL: https://x.org/\n"])
        expectOne(found, "site.yml", 2, 1, "unknown key 'basURL'", SiteConfig.acceptedKeys.joined(separator: ", "))
    }

    @Test("a duplicate site.yml key is reported at the repeated key and names site.yml")
    func duplicateSiteKey() throws {
        expectOne(try problems(good, ["site.yml": "title: X\ntitle: Y\n"]), "site.yml", 2, 1, "duplicate key 'title' in site.yml")
    }

    @Test("bad site.yml values are each reported at their value")
    func badSiteValues() throws {
        let found = try problems(good, ["site.yml": "pageSize: 0\ntimeZone: Mars/Base\nbaseURL: ftp://x\n"])
        #expect(found.map(\.line) == [1, 2, 3])
        #expect(found.map(\.column) == [11, 11, 10])
        #expect(found[0].message.contains("pageSize must be between 1 and 10000, found 0"))
        #expect(found[1].message.contains("unknown time zone \"Mars/Base\""))
        #expect(found[2].message.contains("baseURL must be an absolute http(s) URL"))
    }

    @Test("an unknown key in a stories.yml entry lists the accepted keys")
    func unknownStoryKey() throws {
        let found = try problems(good, ["stories.yml": "talks:\n  title: Talks\n  summary: no\n"])
        expectOne(found, "stories.yml", 3, 3, "unknown key 'summary' in story 'talks'", "title, description")
    }

    @Test("two briefings on one URL are an error naming both files")
    func duplicateURL() throws {
        let found = try problems(good, ["content/sub/y.md": "---\ntitle: Other\ndate: 2025-05-16\nslug: x\n---\n"])
        expectOne(found, "content/x.md", 1, 1, "/2025/05/16/x/", "content/sub/y.md", "slug")
    }

    @Test("a template syntax error names the template file and line")
    func templateSyntax() throws {
        let found = try problems(good, ["templates/briefing.mustache": "line one\n{{#briefing}}\n{{title}}\n{{/brief}}\n"])
        #expect(found.count == 1)
        let problem = try #require(found.first)
        #expect(problem.path.hasSuffix("templates/briefing.mustache"))
        #expect(problem.line == 4)
        #expect((1...4).contains(problem.column))
        #expect(problem.message.contains("closed with a different name"))
    }

    @Test("an unclosed template tag is reported where it opens, in words")
    func templateUnclosedTag() throws {
        let found = try problems(good, ["templates/briefing.mustache": "one\n{{title\n"])
        expectOne(found, "templates/briefing.mustache", 2, 1, "not closed")
    }

    @Test("a partial that does not exist is an error at its tag")
    func missingPartial() throws {
        let found = try problems(good, ["templates/briefing.mustache": "one\n  two {{> missing}}\n"])
        expectOne(found, "templates/briefing.mustache", 2, 7, "template 'missing' does not exist", "briefing")
    }

    @Test("problems in several files are all reported by one build, ordered by path")
    func everyProblemAtOnce() throws {
        let found = try problems(
            "---\ntitle: A\n---\n",
            [
                "content/a.md": "---\ndate: 2025-05-16\n---\n",
                "content/b.md": "---\ntitle: B\ndate: someday\n---\n",
                "content/ok.md": good,
                "site.yml": "colour: red\n",
                "templates/home.mustache": "{{> nope}}",
            ])
        #expect(found.count == 5)
        let places = found.map { ($0.path.split(separator: "/").suffix(2).joined(separator: "/"), $0.line) }
        #expect(places.map(\.0) == ["content/a.md", "content/b.md", "content/x.md", "site/site.yml", "templates/home.mustache"])
        #expect(places.map(\.1) == [2, 3, 2, 1, 1])
        #expect(found.allSatisfy { $0.description.contains(": error: ") })
    }

    @Test("two briefings on one URL: an error at each later file, by path, naming the file that has it first")
    func urlCollision() throws {
        let same = "---\ntitle: Talks\ndate: 2025-05-16\nslug: talks\n---\nBody\n"
        let found = try problems(
            nil, ["content/b/talks.md": same, "content/a/talks.md": same, "content/c.md": same, "content/ok.md": good])
        #expect(found.count == 2, "\(found)")
        #expect(zip(found.map(\.path), ["content/b/talks.md", "content/c.md"]).allSatisfy { $0.hasSuffix($1) }, "\(found)")
        #expect(found.allSatisfy { $0.line == 1 && $0.column == 1 })
        #expect(
            found.allSatisfy {
                $0.message.hasPrefix("/2025/05/16/talks/ is already the URL of ") && $0.message.contains("content/a/talks.md")
                    && $0.message.hasSuffix("; give one of them a different 'slug:'")
            }, "\(found)")
    }

    @Test("a draft on a published briefing's URL collides only in a build with drafts, read from the files or from the cache")
    func urlCollisionWithDraft() throws {
        let published = "---\ntitle: Talks\ndate: 2025-05-16\nslug: talks\n---\nBody\n"
        let draft = "---\ntitle: Talks, again\ndate: 2025-05-16\nslug: talks\ndraft: true\n---\nBody\n"
        let site = try TestSite(["content/a.md": published, "content/b.md": draft])
        // The second build takes both briefings from the cache, the third too.
        for _ in 0..<2 { #expect(throws: Never.self) { try site.build().get() } }
        let found = site.failure(drafts: true)
        #expect(found.map(\.path) == [site.sourcePath("content/b.md")], "\(found)")
        #expect(
            found.first?.message
                == "/2025/05/16/talks/ is already the URL of \(site.sourcePath("content/a.md")); give one of them a different 'slug:'")
    }

    @Test("the URL check finds a repeat among thousands, and only a repeat")
    func urlCollisionsAtScale() {
        let briefings = (0..<5000).map { (url: "/2025/05/16/b\($0)/", sourcePath: "content/b\($0).md", contentPath: "b\($0).md") }
        #expect(SiteBuilder.urlCollisions(briefings).isEmpty)
        let repeated = briefings + [(url: "/2025/05/16/b4321/", sourcePath: "content/a.md", contentPath: "a.md")]
        let found = SiteBuilder.urlCollisions(repeated)
        // In path order, a.md comes first: the error is at b4321.md.
        #expect(found.map(\.path) == ["content/b4321.md"])
        #expect(found.first?.message.contains("is already the URL of content/a.md") == true)
    }

    @Test("a diagnostic prints as path:line:column: error: message")
    func diagnosticFormat() {
        #expect(Diagnostic(path: "content/x.md", line: 3, column: 7, message: "bad").description == "content/x.md:3:7: error: bad")
        #expect(Diagnostic(path: "content/x.md", line: 3, message: "bad").description == "content/x.md:3: error: bad")
        #expect(Diagnostic(path: "content", message: "none").description == "content: error: none")
        #expect(Diagnostic(.warning, path: "a", line: 1, column: 1, message: "w").description == "a:1:1: warning: w")
    }
}
