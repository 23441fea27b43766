/// The index the `/search/` page searches: a small manifest, `search/index.json`,
/// and the briefings split into one file per year, or per month for a year with
/// more than `maxEntriesPerFile` briefings. The client (`templates/search.mustache`)
/// reads the manifest, then fetches the files of the dates searched, newest first,
/// only until it has a page of results or has read 5,000 entries, so a search in a
/// 100,000-briefing archive does not download the whole index unasked.
///
/// Manifest: `{"version":1,"count":N,"files":[{"url","from","to","count"}…],
/// "tags":[[slug,name,count]…]}`, files newest first, `from`/`to` the oldest and
/// newest day in the file, tags by slug.
/// A file: `{"entries":[[url,title,"YYYY-MM-DD",[tag slugs],summary]…]}`, newest
/// first, one entry a line. Tags are slugs, not positions in the manifest, so an
/// old year's file keeps its bytes when a new tag appears.
struct SearchIndexWriter {
    static let folder = "search/"
    static let manifestPath = folder + "index.json"
    static let defaultMaxEntriesPerFile = 2_000

    let site: Site
    var maxEntriesPerFile = Self.defaultMaxEntriesPerFile

    /// One part of the index: the briefings of a year or of a month.
    struct Part: Equatable {
        var name: String
        var briefings: [Int]
        var path: String { SearchIndexWriter.folder + name + ".json" }
    }

    /// Files to write, by output path: the manifest first, then the parts newest first.
    func files() -> [(String, String)] {
        let parts = self.parts()
        return [(Self.manifestPath, manifest(parts))] + parts.map { ($0.path, entries($0)) }
    }

    func parts() -> [Part] {
        var parts: [Part] = []
        for year in site.years {
            let name = pad(year.year, 4)
            if year.count <= maxEntriesPerFile {
                parts.append(Part(name: name, briefings: year.months.flatMap(\.briefings)))
            } else {
                for month in year.months { parts.append(Part(name: "\(name)-\(pad(month.month))", briefings: month.briefings)) }
            }
        }
        return parts
    }

    private func manifest(_ parts: [Part]) -> String {
        let files = parts.map { part -> String in
            // Briefings are newest first within a part.
            let newest = part.briefings.first.map { site.briefings[$0].date.local.isoDate } ?? ""
            let oldest = part.briefings.last.map { site.briefings[$0].date.local.isoDate } ?? ""
            return JSONText.object([
                ("url", JSONText.string("/" + part.path)), ("from", JSONText.string(oldest)), ("to", JSONText.string(newest)),
                ("count", String(part.briefings.count)),
            ])
        }
        let tags = site.tags.map { tag in
            JSONText.array([JSONText.string(tag.slug), JSONText.string(tag.name), String(tag.briefings.count)])
        }
        return JSONText.object([
            ("version", "1"), ("count", String(site.briefings.count)),
            ("files", "[\n" + files.joined(separator: ",\n") + "\n]"),
            ("tags", "[\n" + tags.joined(separator: ",\n") + "\n]"),
        ]) + "\n"
    }

    private func entries(_ part: Part) -> String {
        let lines = part.briefings.map { index -> String in
            let briefing = site.briefings[index]
            let tags = site.tagsOfBriefing[index].map { JSONText.string(site.tags[$0].slug) }
            return JSONText.array([
                JSONText.string(briefing.url), JSONText.string(briefing.title), JSONText.string(briefing.date.local.isoDate),
                JSONText.array(tags), JSONText.string(briefing.summary),
            ])
        }
        return "{\"entries\":[\n" + lines.joined(separator: ",\n") + "\n]}\n"
    }
}
