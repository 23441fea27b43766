import Foundation

/// `sitegen new`: writes a new briefing at `content/YYYY/YYYY-MM-DD-slug.md`
/// with its front matter filled in, dated on the site's clock, and never over an
/// existing file.
public enum BriefingScaffold {
    /// The body of a new briefing: guidance, not lorem ipsum, in case it is published as is.
    public static let placeholder = "Write the briefing here."

    /// Creates the briefing and returns its file. `date` takes the forms of
    /// `DateParser` (default: `now`, to the minute); `tags` are trimmed, and
    /// spellings that slug alike are kept once. Every problem with the
    /// arguments is reported at once, as are those of `site.yml`.
    public static func create(
        siteRoot: URL, title: String, tags: [String] = [], story: String? = nil, date: String? = nil,
        now: Date = Date()
    ) throws(BuildFailure) -> URL {
        let display = DisplayPath()
        let content = try ContentFolder.require(
            in: siteRoot, display: display, hint: "create a site with `sitegen init DIR`, or pass --source DIR")
        let (config, configProblems) = ConfigLoader.load(siteRoot: siteRoot, displayPath: display.callAsFunction)
        guard configProblems.isEmpty else { throw BuildFailure(configProblems) }

        var problems: [Diagnostic] = []
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let slug = Slugger.slug(title)
        if title.isEmpty {
            problems.append(Diagnostic(path: "title", message: "the title is empty"))
        } else if slug == nil {
            problems.append(
                Diagnostic(
                    path: "title",
                    message: "\"\(title)\" has no letters or digits to make a file name from; give the title some words"))
        }
        var tagSlugs: Set<String> = []
        var keptTags: [String] = []
        for tag in tags.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !tag.isEmpty {
            guard let tagSlug = Slugger.slug(tag) else {
                problems.append(Diagnostic(path: "--tags", message: "tag \"\(tag)\" has no letters or digits to make a URL from"))
                continue
            }
            if tagSlugs.insert(tagSlug).inserted { keptTags.append(tag) }
        }
        let story = story?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let story, Slugger.slug(story) == nil {
            problems.append(Diagnostic(path: "--story", message: "story key \"\(story)\" has no letters or digits to make a URL from"))
        }
        let when: (date: SiteDate, text: String)?
        do throws(Diagnostic) {
            when = try dateAndText(date, now: now, timeZone: config.timeZone)
        } catch {
            problems.append(error)
            when = nil
        }
        guard problems.isEmpty, let slug, let when else { throw BuildFailure(problems) }

        let draft = BriefingDraft(
            title: title, slug: slug, date: when.date, dateText: when.text, tags: keptTags, story: story,
            body: placeholder)
        do throws(Diagnostic) {
            return try draft.write(into: content, display: display).file
        } catch {
            throw BuildFailure([error])
        }
    }

    /// The moment and how to write it: `now` to the minute (never ahead of the
    /// clock, so the briefing is not "in the future"), or `text` as the writer
    /// gave it, on the site's clock.
    static func dateAndText(_ text: String?, now: Date, timeZone: TimeZone) throws(Diagnostic) -> (SiteDate, String) {
        guard let text else {
            let date = SiteDate(epochSeconds: Int64(now.timeIntervalSince1970.rounded(.down)), timeZone: timeZone)
            return (date, minuteText(date))
        }
        let date: SiteDate
        do {
            date = try DateParser.parse(text, timeZone: timeZone)
        } catch {
            switch error {
            case .malformed: throw Diagnostic(path: "--date", message: "\"\(text)\" is not a date; use \(DateParser.acceptedForms)")
            case .outOfRange(let why): throw Diagnostic(path: "--date", message: "\"\(text)\" is not a valid date: \(why)")
            }
        }
        // A bare day stays a bare day; anything with a time is written on the site's clock.
        if text.trimmingCharacters(in: .whitespaces).count == 10 { return (date, date.local.isoDate) }
        let seconds = date.local.second == 0 ? "" : ":\(pad(date.local.second))"
        return (date, minuteText(date) + seconds)
    }

    private static func minuteText(_ date: SiteDate) -> String {
        "\(date.local.isoDate) \(pad(date.local.hour)):\(pad(date.local.minute))"
    }
}

/// One briefing to be written: its front matter, body and place in `content/`.
struct BriefingDraft {
    var title: String
    var slug: String
    var date: SiteDate
    var dateText: String
    var tags: [String] = []
    var story: String?
    var summary: String?
    var body: String

    /// `YYYY/YYYY-MM-DD-slug.md`: the year folder and date prefix follow the
    /// site's clock, as the URL does.
    var relativePath: String { "\(pad(date.local.year, 4))/\(date.local.isoDate)-\(slug).md" }

    var text: String {
        var lines = ["---", "title: \(YAMLText.quoted(title))", "date: \(dateText)", "tags: \(YAMLText.quotedList(tags))"]
        if let story { lines.append("story: \(YAMLText.quoted(story))") }
        if let summary {
            lines.append("summary: \(YAMLText.quoted(summary))")
        } else {
            lines.append("# summary: \"One or two sentences for lists and feeds; without it, the first paragraph is used.\"")
        }
        lines += ["---", "", body]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the file under `content`, making its year folder if needed, and
    /// returns it with the folders made (outermost first).
    func write(into content: URL, display: DisplayPath) throws(Diagnostic) -> (file: URL, madeFolders: [URL]) {
        let file = content.appending(path: relativePath)
        let folder = file.deletingLastPathComponent()
        let made: [URL]
        do {
            made = try NewFile.makeFolder(folder)
        } catch {
            throw Diagnostic(path: display(folder), message: "cannot create folder: \(error.reason)")
        }
        do {
            try NewFile.create(file, contents: text)
        } catch {
            NewFile.removeFolders(made)
            switch error {
            case .exists:
                throw Diagnostic(
                    path: display(file),
                    message: "a file with this name already exists and was left as it is; choose another title, or another day with --date")
            case .system(let reason):
                throw Diagnostic(path: display(file), message: "cannot write file: \(reason)")
            }
        }
        return (file, made)
    }
}

extension NewFile.Failure {
    var reason: String {
        switch self {
        case .exists: "it already exists"
        case .system(let reason): reason
        }
    }
}
