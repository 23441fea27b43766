import Foundation

/// `sitegen init`: makes a new site that builds as it is — `site.yml` with every
/// key explained, a first briefing, a `.gitignore` for what builds make, and on
/// request a copy of the built-in templates to customise.
public enum SiteScaffold {
    /// Entries a folder may already hold and still count as empty: a fresh
    /// `git init` or clone of an empty repository is the usual place for a site.
    public static let ignoredEntries: Set<String> = [".git"]

    /// Creates the site in `folder` (made if missing; otherwise it must be empty
    /// but for `.git`) and returns the files written. On any failure nothing is
    /// left behind: files and folders made so far are taken away again.
    public static func create(at folder: URL, withTemplates: Bool, now: Date = Date()) throws(Diagnostic) -> [URL] {
        let display = DisplayPath()
        let folder = folder.standardizedFileURL
        try checkEmpty(folder, display: display)

        var madeFolders: [URL] = []
        var files: [URL] = []
        do throws(Diagnostic) {
            madeFolders += try makeFolder(folder, display: display)
            files.append(try write(siteSettings(title: siteTitle(of: folder)), to: folder.appending(path: "site.yml"), display: display))
            files.append(try write(gitignore, to: folder.appending(path: ".gitignore"), display: display))
            let welcome = try welcomeBriefing(now: now).write(into: folder.appending(path: "content"), display: display)
            madeFolders += welcome.madeFolders
            files.append(welcome.file)
            if withTemplates {
                let templates = folder.appending(path: "templates")
                madeFolders += try makeFolder(templates, display: display)
                for name in DefaultTheme.names {
                    // `names` comes from `templates`, so the lookup cannot fail.
                    let text = DefaultTheme.templates[name] ?? ""
                    files.append(try write(text, to: templates.appending(path: "\(name).mustache"), display: display))
                }
            }
        } catch {
            for file in files.reversed() { try? FileManager.default.removeItem(at: file) }
            NewFile.removeFolders(madeFolders)
            throw error
        }
        return files
    }

    /// Refuses a folder with anything in it, naming a few entries so the user
    /// sees why, before a single file is written.
    private static func checkEmpty(_ folder: URL, display: DisplayPath) throws(Diagnostic) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw Diagnostic(path: display(folder), message: "is a file, not a folder; give sitegen init a new or empty folder")
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw Diagnostic(path: display(folder), message: "cannot read folder: \(TextFile.reason(for: error))")
        }
        let present = entries.filter { !ignoredEntries.contains($0) }.sorted()
        guard present.isEmpty else {
            let shown = present.prefix(3).joined(separator: ", ") + (present.count > 3 ? ", …" : "")
            throw Diagnostic(
                path: display(folder),
                message: "folder is not empty (it holds \(shown)); sitegen init only fills a new or empty folder, so nothing was changed")
        }
    }

    private static func makeFolder(_ folder: URL, display: DisplayPath) throws(Diagnostic) -> [URL] {
        do {
            return try NewFile.makeFolder(folder)
        } catch {
            throw Diagnostic(path: display(folder), message: "cannot create folder: \(error.reason)")
        }
    }

    private static func write(_ text: String, to file: URL, display: DisplayPath) throws(Diagnostic) -> URL {
        do {
            try NewFile.create(file, contents: text)
        } catch {
            // Only a file that appeared after the emptiness check can exist here.
            throw Diagnostic(path: display(file), message: "cannot create file: \(error.reason)")
        }
        return file
    }

    /// The folder's name, as the user named it: a title they will want to change anyway.
    static func siteTitle(of folder: URL) -> String {
        let name = folder.lastPathComponent
        return name.isEmpty || name == "/" ? "Briefings" : name
    }

    static func siteSettings(title: String) -> String {
        """
        # Settings of this site. Every key is optional; a missing one takes the default
        # shown in the README ("site.yml reference"). Unknown keys are errors.

        # The site's name: page titles, the header and the feeds.
        title: \(YAMLText.quoted(title))

        # The absolute address the site is published under. Canonical links, feeds,
        # the sitemap and robots.txt use it; `sitegen build --base-url URL` overrides it.
        baseURL: "https://example.org/"

        # The language of the briefings: <html lang>, the feeds and JSON-LD.
        language: en

        # An IANA time zone name such as Europe/Istanbul. Dates without an offset are
        # read in it, and URLs (/YYYY/MM/DD/slug/) and shown dates follow its clock.
        timeZone: UTC

        # Briefings per page on the home page and the tag pages (1 to 10000).
        pageSize: 20

        # One sentence about the site, for feeds and <meta name="description">.
        # description: "Daily briefings on …"

        # Let raw HTML in Markdown through. Leave it off unless you trust every writer.
        # unsafeHTML: false

        """
    }

    static let gitignore = """
        # Made by `sitegen build`: the site, replaced whole on every build; the staging
        # folder and lock file it keeps beside it; and a place kept for a build cache.
        /public/
        /.public.sitegen-*
        /.sitegen-cache/

        """

    static func welcomeBriefing(now: Date) throws(Diagnostic) -> BriefingDraft {
        let utc = TimeZone(identifier: "UTC") ?? .gmt  // Matches `timeZone: UTC` in the new site.yml.
        let (date, dateText) = try BriefingScaffold.dateAndText(nil, now: now, timeZone: utc)
        var draft = BriefingDraft(title: "Welcome", slug: "welcome", date: date, dateText: dateText, tags: ["Site news"], body: "")
        draft.summary = "The first briefing of this site, and how to write the next one."
        draft.body = """
            This is the first briefing of the new site. It is a Markdown file, \
            `content/\(draft.relativePath)`, whose front matter (between the `---` lines) gives its \
            title, date, tags and summary.

            Start the next briefing with

                sitegen new "Title of the next briefing" --tags "Tag one,Tag two"

            write it in the file that command prints, and run `sitegen build` to turn the \
            briefings into a site in `public/`. The site's title, address and time zone are \
            in `site.yml`.

            Delete this briefing when you no longer need it.
            """
        return draft
    }
}
