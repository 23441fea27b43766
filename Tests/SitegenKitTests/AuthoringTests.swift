import Foundation
import Testing

@testable import SitegenKit

/// A temporary folder, removed with everything in it when released.
private final class Scratch: Sendable {
    let base: URL
    init() throws {
        base = FileManager.default.temporaryDirectory.appending(path: "sitegen-authoring-\(UUID().uuidString)").standardizedFileURL
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: base) }

    func url(_ path: String) -> URL { base.appending(path: path) }
    func text(_ path: String) throws -> String { try String(contentsOf: url(path), encoding: .utf8) }
    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: url(path).path) }
    /// Every file below `path`, relative to it, sorted.
    func files(_ path: String = "") -> [String] { TestSite.files(under: url(path)) }
    func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url(path))
    }
}

/// 2025-05-16T14:30:45Z.
private let now = Date(timeIntervalSince1970: 1_747_405_845)

/// A site folder with an empty `content/` and, when given, this `site.yml`.
private func site(_ settings: String? = nil) throws -> Scratch {
    let scratch = try Scratch()
    try FileManager.default.createDirectory(at: scratch.url("content"), withIntermediateDirectories: true)
    if let settings { try scratch.write(settings, to: "site.yml") }
    return scratch
}

/// Runs `sitegen new` in `site` and returns the new file's path inside the site folder.
private func new(_ site: Scratch, _ title: String, tags: [String] = [], story: String? = nil, date: String? = nil, at clock: Date = now)
    throws -> String
{
    let file = try BriefingScaffold.create(siteRoot: site.base, title: title, tags: tags, story: story, date: date, now: clock)
    return String(file.path.dropFirst(site.base.path.count + 1))
}

private func newProblems(_ site: Scratch, _ title: String, tags: [String] = [], story: String? = nil, date: String? = nil)
    -> [Diagnostic]
{
    let result = Result { () throws(BuildFailure) in
        try BriefingScaffold.create(siteRoot: site.base, title: title, tags: tags, story: story, date: date, now: now)
    }
    guard case .failure(let failure) = result else { Issue.record("expected sitegen new to fail"); return [] }
    return failure.diagnostics
}

/// Builds the site in `root` into `root/public`, by default with drafts and future briefings.
@discardableResult
private func build(_ root: URL, at clock: Date = now, everything: Bool = true) throws -> BuildReport {
    let options = BuildOptions(source: root, policy: PublishPolicy(includeDrafts: everything, includeFuture: everything, now: clock))
    return try Result { () throws(BuildFailure) in try SiteGenerator.build(options) }.get()
}

/// Reads a briefing file back the way `sitegen build` does.
private func frontMatter(_ site: Scratch, _ path: String) throws -> FrontMatter {
    let loader = BriefingLoader(config: SiteConfig(), renderer: MarkdownRenderer(unsafeHTML: false))
    return try loader.parse(text: try site.text(path), sourcePath: path, contentPath: String(path.dropFirst(8))).get().front
}

/// `sitegen new` and `sitegen init`, grouped so `swift test --filter AuthoringTests` runs them all.
@Suite("Authoring")
struct AuthoringTests {}

extension AuthoringTests {
    @Suite("sitegen new")
    struct NewBriefingTests {
        @Test("writes content/YYYY/YYYY-MM-DD-slug.md with the front matter filled in, and the site builds")
        func writesBriefing() throws {
            let site = try site()
            let path = try new(site, "Talks open in Istanbul", tags: ["Istanbul talks", "Türkiye"], story: "istanbul-talks")
            #expect(path == "content/2025/2025-05-16-talks-open-in-istanbul.md")
            #expect(
                try site.text(path) == """
                    ---
                    title: "Talks open in Istanbul"
                    date: 2025-05-16 14:30
                    tags: ["Istanbul talks", "Türkiye"]
                    story: "istanbul-talks"
                    # summary: "One or two sentences for lists and feeds; without it, the first paragraph is used."
                    ---

                    Write the briefing here.

                    """)
            try build(site.base)
            let page = try site.text("public/2025/05/16/talks-open-in-istanbul/index.html")
            #expect(page.contains("Talks open in Istanbul") && page.contains("Write the briefing here."))
            #expect(site.exists("public/tags/turkiye/index.html") && site.exists("public/stories/istanbul-talks/index.html"))
        }

        @Test(
            "a title is slugged for the file name and read back exactly as given, quotes and all",
            arguments: [
                ("Erdoğan meets Zelensky", "erdogan-meets-zelensky"),
                ("\"No deal\", says Kyiv's envoy", "no-deal-says-kyivs-envoy"),
                ("yes", "yes"),
                ("Київ: talks # 2 \\ [draft] {x} & *y* 'z'", "kyiv-talks-2-draft-x-y-z"),
                ("Tab\there, bell\u{07}\u{FEFF}, next\u{85}line\u{2028}end", "tab-here-bell-next-line-end"),
            ])
        func titleRoundTrips(title: String, slug: String) throws {
            let site = try site()
            let tags = ["Türkiye", "\"quoted\" tag", "back\\slash", "no: colon"]
            let path = try new(site, title, tags: tags, story: "talks: \"round\" 2")
            #expect(path == "content/2025/2025-05-16-\(slug).md")
            let front = try frontMatter(site, path)
            #expect(front.title == title)
            #expect(front.tags == tags)
            #expect(front.story == "talks: \"round\" 2")
            #expect(front.slug == slug)
            #expect(try build(site.base).briefings == 1)
        }

        @Test("the date is read and written on the site's clock, which picks the folder and file name")
        func siteTimeZone() throws {
            let site = try site("timeZone: Asia/Tokyo\n")
            // 20:30 UTC on New Year's Eve is 05:30 on New Year's Day in Tokyo: a new day, month and year.
            let path = try new(site, "New year talks", date: "2024-12-31T20:30:00Z")
            #expect(path == "content/2025/2025-01-01-new-year-talks.md")
            #expect(try site.text(path).contains("\ndate: 2025-01-01 05:30\n"))
            // The default, now, is on the site's clock too: 15:30 UTC is 00:30 the next day in Tokyo.
            let late = try new(site, "After midnight", at: Date(timeIntervalSince1970: 1_747_409_400))
            #expect(late == "content/2025/2025-05-17-after-midnight.md")
            #expect(try site.text(late).contains("\ndate: 2025-05-17 00:30\n"))
            try build(site.base)
            #expect(
                site.exists("public/2025/01/01/new-year-talks/index.html") && site.exists("public/2025/05/17/after-midnight/index.html"))
        }

        @Test(
            "--date takes every form a briefing's date may have and keeps the precision given",
            arguments: [
                ("2025-05-16", "2025-05-16"), ("2025-05-16 09:05", "2025-05-16 09:05"), ("2025-05-16T09:05:07", "2025-05-16 09:05:07"),
                ("2025-05-16T09:05:00+03:00", "2025-05-16 06:05"), ("2025-05-16t09:05:07.250z", "2025-05-16 09:05:07"),
            ])
        func dateForms(given: String, written: String) throws {
            let site = try site()
            let path = try new(site, "Dated", date: given)
            #expect(try site.text(path).contains("\ndate: \(written)\n"))
        }

        @Test("an existing file is never overwritten, even by a title that slugs alike")
        func neverOverwrites() throws {
            let site = try site()
            let path = try new(site, "Talks")
            try site.write("---\ntitle: Mine\ndate: 2025-05-16\n---\nMy words.\n", to: path)
            for title in ["Talks", "TALKS!"] {
                let found = newProblems(site, title)
                #expect(found.count == 1)
                #expect(found.first?.path.hasSuffix("content/2025/2025-05-16-talks.md") == true)
                #expect(
                    found.first?.message
                        == "a file with this name already exists and was left as it is; choose another title, or another day with --date")
            }
            #expect(try site.text(path) == "---\ntitle: Mine\ndate: 2025-05-16\n---\nMy words.\n")
            #expect(try new(site, "Talks", date: "2025-05-17") == "content/2025/2025-05-17-talks.md")
        }

        @Test("without a content/ folder it suggests sitegen init and writes nothing")
        func needsContentFolder() throws {
            let scratch = try Scratch()
            let found = newProblems(scratch, "Talks")
            #expect(found.count == 1)
            #expect(found.first?.path.hasSuffix("/content") == true || found.first?.path == "content")
            #expect(found.first?.message == "no content/ folder here; create a site with `sitegen init DIR`, or pass --source DIR")
            #expect(scratch.files().isEmpty)
        }

        @Test("every problem with the arguments is reported at once, and nothing is written")
        func argumentProblems() throws {
            let site = try site()
            let found = newProblems(site, "!!!", tags: ["fine", "??"], story: "--", date: "2025-02-30")
            #expect(
                found.map(\.description) == [
                    "--date: error: \"2025-02-30\" is not a valid date: day 30 does not exist in 2025-02",
                    "--story: error: story key \"--\" has no letters or digits to make a URL from",
                    "--tags: error: tag \"??\" has no letters or digits to make a URL from",
                    "title: error: \"!!!\" has no letters or digits to make a file name from; give the title some words",
                ])
            #expect(newProblems(site, " \n ").map(\.description) == ["title: error: the title is empty"])
            #expect(
                newProblems(site, "A", date: "16 May 2025").map(\.message) == [
                    "\"16 May 2025\" is not a date; use \(DateParser.acceptedForms)"
                ])
            #expect(site.files().isEmpty)
        }

        @Test("problems in site.yml are reported with their place, and nothing is written")
        func badSettings() throws {
            let site = try site("timeZone: Mars/Olympus\npageSize: 0\n")
            let found = newProblems(site, "Talks")
            #expect(found.map(\.line) == [1, 2])
            #expect(found.first?.message == "unknown time zone \"Mars/Olympus\"; use an IANA name such as \"Europe/Istanbul\" or \"UTC\"")
            #expect(site.files("content").isEmpty)
        }

        @Test("tags are trimmed, empty ones dropped, and spellings that slug alike kept once")
        func tagCleanup() throws {
            let site = try site()
            let path = try new(site, "  Tagged  ", tags: ["Erdoğan", " erdogan ", "", "Istanbul talks "])
            #expect(path == "content/2025/2025-05-16-tagged.md")
            #expect(
                try site.text(path).hasPrefix("---\ntitle: \"Tagged\"\ndate: 2025-05-16 14:30\ntags: [\"Erdoğan\", \"Istanbul talks\"]\n"))
        }

        @Test("YAML escapes cover quotes, backslashes, control characters and line separators")
        func yamlEscapes() {
            #expect(
                YAMLText.quoted("a\"b\\c\n\t\u{0}\u{1B}\u{7F}\u{85}\u{2028}\u{2029}\u{FFFE}\u{FEFF}é")
                    == #""a\"b\\c\n\t\0\e\x7F\N\L\P\uFFFE\uFEFFé""#)
            #expect(YAMLText.quotedList([]) == "[]" && YAMLText.quotedList(["a", "b c"]) == #"["a", "b c"]"#)
        }
    }

    @Suite("sitegen init")
    struct InitSiteTests {
        @Test("creates site.yml, a first briefing and a .gitignore in a new folder, and the site builds")
        func createsSite() throws {
            let scratch = try Scratch()
            let files = try SiteScaffold.create(at: scratch.url("sites/news"), withTemplates: false, now: now)
            #expect(
                files.map { String($0.path.dropFirst(scratch.base.path.count + 1)) } == [
                    "sites/news/site.yml", "sites/news/.gitignore", "sites/news/content/2025/2025-05-16-welcome.md",
                ])
            let (config, problems) = ConfigLoader.load(siteRoot: scratch.url("sites/news"), displayPath: \.path)
            #expect(problems.isEmpty)
            #expect(config.title == "news" && config.baseURL == "https://example.org/" && config.language == "en")
            #expect(config.timeZone == TimeZone(identifier: "UTC") && config.pageSize == 20)
            let ignored = try scratch.text("sites/news/.gitignore").split(separator: "\n")
            #expect(ignored.contains("/public/") && ignored.contains("/.sitegen-cache/") && ignored.contains("/.public.sitegen-*"))
            #expect(try scratch.text("sites/news/content/2025/2025-05-16-welcome.md").contains("\ndate: 2025-05-16 14:30\n"))

            // Built as a user would, without --drafts or --future, a minute after it was made.
            #expect(try build(scratch.url("sites/news"), at: now + 60, everything: false).briefings == 1)
            #expect(try scratch.text("sites/news/public/index.html").contains("Welcome"))
            #expect(try scratch.text("sites/news/public/2025/05/16/welcome/index.html").contains("sitegen new"))
        }

        @Test("the folder name becomes the site title, however it is spelled")
        func titleFromFolder() throws {
            let scratch = try Scratch()
            let name = "Kyiv \"daily\": notes #1 \\ yes"
            _ = try SiteScaffold.create(at: scratch.url(name), withTemplates: false, now: now)
            let (config, problems) = ConfigLoader.load(siteRoot: scratch.url(name), displayPath: \.path)
            #expect(problems.isEmpty)
            #expect(config.title == name)
        }

        @Test("an existing empty folder, or one holding only .git, is filled and .git left alone")
        func emptyFolders() throws {
            let scratch = try Scratch()
            try FileManager.default.createDirectory(at: scratch.url("empty"), withIntermediateDirectories: true)
            try scratch.write("ref: refs/heads/main\n", to: "repo/.git/HEAD")
            #expect(try SiteScaffold.create(at: scratch.url("empty"), withTemplates: false, now: now).count == 3)
            #expect(try SiteScaffold.create(at: scratch.url("repo"), withTemplates: false, now: now).count == 3)
            #expect(try scratch.text("repo/.git/HEAD") == "ref: refs/heads/main\n")
        }

        @Test("a folder with anything else in it, or a file, is refused and left untouched")
        func refusesNonEmpty() throws {
            let scratch = try Scratch()
            let existing = ["notes.txt": "mine\n", "a/b.md": "x\n", "c/d": "", ".env": "", "e": ""]
            for (path, text) in existing { try scratch.write(text, to: "site/\(path)") }
            for templates in [false, true] {
                let error = #expect(throws: Diagnostic.self) {
                    try SiteScaffold.create(at: scratch.url("site"), withTemplates: templates, now: now)
                }
                #expect(
                    error?.message
                        == "folder is not empty (it holds .env, a, c, …); sitegen init only fills a new or empty folder, so nothing was changed"
                )
                #expect(error?.path.hasSuffix("/site") == true)
            }
            #expect(scratch.files("site") == existing.keys.sorted())
            #expect(try scratch.text("site/notes.txt") == "mine\n")
            let error = #expect(throws: Diagnostic.self) {
                try SiteScaffold.create(at: scratch.url("site/notes.txt"), withTemplates: false, now: now)
            }
            #expect(error?.message == "is a file, not a folder; give sitegen init a new or empty folder")
        }

        @Test("--templates copies every built-in template, unchanged, into templates/")
        func copiesTemplates() throws {
            let scratch = try Scratch()
            let files = try SiteScaffold.create(at: scratch.url("news"), withTemplates: true, now: now)
            #expect(files.count == 3 + DefaultTheme.templates.count)
            #expect(scratch.files("news/templates") == DefaultTheme.names.map { "\($0).mustache" }.sorted())
            for (name, text) in DefaultTheme.templates {
                #expect(try scratch.text("news/templates/\(name).mustache") == text, "\(name)")
            }
        }

        @Test("a site made with --templates builds byte for byte like one using the built-in theme")
        func copiedTemplatesRenderAlike() throws {
            let (plain, themed) = (try Scratch(), try Scratch())
            for (scratch, templates) in [(plain, false), (themed, true)] {
                _ = try SiteScaffold.create(at: scratch.url("news"), withTemplates: templates, now: now)
                try build(scratch.url("news"))
            }
            let outputs = plain.files("news/public")
            #expect(outputs.contains("index.html") && outputs == themed.files("news/public"))
            for path in outputs {
                #expect(try plain.text("news/public/\(path)") == themed.text("news/public/\(path)"), "\(path)")
            }
        }
    }
}
