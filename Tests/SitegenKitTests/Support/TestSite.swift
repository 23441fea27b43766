import Foundation
import Testing

@testable import SitegenKit

/// A site written from an inline `path → text` table into a fresh temporary
/// folder, built with a fixed clock, and read back. The folder is removed when
/// the last reference to the site goes away.
final class TestSite: Sendable {
    /// The build's "now": 2026-01-01T00:00:00Z.
    static let now = Date(timeIntervalSince1970: 1_767_225_600)

    /// The site folder (holds `content/`, `site.yml`, … and the default `public/`).
    let root: URL
    /// Where builds of this site go.
    let output: URL

    init(_ files: [String: String] = [:], output outputName: String = "public") throws {
        let base = FileManager.default.temporaryDirectory.appending(path: "sitegen-tests-\(UUID().uuidString)")
        root = base.appending(path: "site").standardizedFileURL
        output = root.appending(path: outputName)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try write(files)
    }

    deinit {
        try? FileManager.default.removeItem(at: root.deletingLastPathComponent())
    }

    // MARK: - Writing the source

    func write(_ files: [String: String]) throws {
        for (path, text) in files { try write(Data(text.utf8), to: path) }
    }

    func write(_ data: Data, to path: String) throws {
        let url = root.appending(path: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appending(path: path))
    }

    /// Absolute path of a source file, as diagnostics show it outside the working folder.
    func sourcePath(_ path: String) -> String {
        root.appending(path: path).standardizedFileURL.path
    }

    // MARK: - Building

    func options(drafts: Bool = false, future: Bool = false, baseURL: String? = nil) -> BuildOptions {
        BuildOptions(
            source: root, output: output,
            policy: PublishPolicy(includeDrafts: drafts, includeFuture: future, now: Self.now), baseURL: baseURL)
    }

    func build(drafts: Bool = false, future: Bool = false, baseURL: String? = nil) -> Result<BuildReport, BuildFailure> {
        let options = options(drafts: drafts, future: future, baseURL: baseURL)
        return Result { () throws(BuildFailure) in try SiteGenerator.build(options) }
    }

    /// Builds and expects success; the failure's diagnostics become the thrown error.
    @discardableResult
    func built(drafts: Bool = false, future: Bool = false, baseURL: String? = nil) throws -> BuildReport {
        try build(drafts: drafts, future: future, baseURL: baseURL).get()
    }

    /// Builds and expects failure; records an issue (and returns no diagnostics) when the build succeeds.
    func failure(drafts: Bool = false, future: Bool = false, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        -> [Diagnostic]
    {
        switch build(drafts: drafts, future: future) {
        case .success(let report):
            Issue.record("expected the build to fail, but it built \(report.briefings) briefings", sourceLocation: sourceLocation)
            return []
        case .failure(let failure):
            return failure.diagnostics
        }
    }

    // MARK: - Reading the output

    func read(_ path: String) throws -> String {
        let url = output.appending(path: path)
        guard let text = String(data: try Data(contentsOf: url), encoding: .utf8) else {
            throw TestSiteError.notUTF8(path)
        }
        return text
    }

    func data(_ path: String) throws -> Data {
        try Data(contentsOf: output.appending(path: path))
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: output.appending(path: path).path)
    }

    /// Whether a file or folder exists beside or in the site folder (e.g. `.public.sitegen-staging`).
    func siteEntryExists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appending(path: path).path)
    }

    /// Every regular file of the output, as sorted relative paths.
    func outputFiles() -> [String] {
        Self.files(under: output)
    }

    /// Every output file with its bytes.
    func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in outputFiles() { files[path] = try data(path) }
        return files
    }

    static func files(under folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appending(path: path).path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                paths.append(path)
            }
        }
        return paths.sorted()
    }
}

enum TestSiteError: Error {
    case notUTF8(String)
}

/// Front matter + body for a briefing file.
func briefing(_ title: String, date: String, _ extra: String = "", body: String = "Body text.") -> String {
    var text = "---\ntitle: \"\(title)\"\ndate: \(date)\n"
    if !extra.isEmpty { text += extra.hasSuffix("\n") ? extra : extra + "\n" }
    return text + "---\n" + body + "\n"
}

/// Small templates with known markup, for asserting exact output. Each page lists
/// its links as `<a href="URL">TITLE</a>` so tests can follow them.
enum PlainTheme {
    static let templates: [String: String] = [
        "templates/briefing.mustache": """
        title={{briefing.title}}
        url={{briefing.url}}
        date={{briefing.dateISO}}
        summary={{briefing.summary}}
        tags={{#briefing.tags}}<a href="{{url}}">{{name}}</a>{{/briefing.tags}}
        story={{#briefing.story}}<a href="{{url}}">{{title}}</a> {{position}}/{{count}}{{/briefing.story}}
        previous={{#briefing.previous}}<a href="{{url}}">{{title}}</a>{{/briefing.previous}}
        next={{#briefing.next}}<a href="{{url}}">{{title}}</a>{{/briefing.next}}
        sources={{#briefing.sources}}[{{name}}|{{url}}]{{/briefing.sources}}
        author={{briefing.author}}
        params={{briefing.params.region}}
        content={{{briefing.content}}}
        """,
        "templates/home.mustache": """
        {{page.title}}
        {{#briefings}}<a href="{{url}}">{{title}}</a>
        {{/briefings}}page={{pagination.current}}/{{pagination.total}} prev={{pagination.prev}} next={{pagination.next}}
        """,
        "templates/tags.mustache": """
        {{#tags}}<a href="{{url}}">{{name}}</a> ({{count}})
        {{/tags}}
        """,
        "templates/tag.mustache": """
        tag={{tag.name}} count={{tag.count}} feed={{tag.feedURL}}
        {{#briefings}}<a href="{{url}}">{{title}}</a>
        {{/briefings}}page={{pagination.current}}/{{pagination.total}} prev={{pagination.prev}} next={{pagination.next}}
        """,
        "templates/archive.mustache": """
        {{#years}}<a href="{{url}}">{{year}}</a> ({{count}}){{#months}} <a href="{{url}}">{{title}}</a>{{/months}}
        {{/years}}
        """,
        "templates/year.mustache": """
        year={{year.year}}
        {{#months}}<a href="{{url}}">{{title}}</a>{{#briefings}} <a href="{{url}}">{{title}}</a>{{/briefings}}
        {{/months}}
        """,
        "templates/month.mustache": """
        month={{month.title}}
        {{#days}}[{{date}}]{{#briefings}} <a href="{{url}}">{{title}}</a>{{/briefings}}
        {{/days}}
        """,
        "templates/stories.mustache": """
        {{#stories}}<a href="{{url}}">{{title}}</a> ({{count}})
        {{/stories}}
        """,
        "templates/story.mustache": """
        story={{story.title}}|{{story.description}}
        {{#briefings}}<a href="{{url}}">{{title}}</a>
        {{/briefings}}
        """,
        "templates/404.mustache": "not found",
    ]

    /// The theme plus the given files (files win).
    static func site(_ files: [String: String]) -> [String: String] {
        templates.merging(files) { _, file in file }
    }
}

/// The `href` targets of `<a>` links in a page, in order.
func links(in html: String) -> [String] {
    var found: [String] = []
    var rest = html[...]
    while let start = rest.range(of: "<a href=\"") {
        let after = rest[start.upperBound...]
        guard let end = after.firstIndex(of: "\"") else { break }
        found.append(String(after[..<end]))
        rest = after[end...]
    }
    return found
}
