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

    func manifest(_ parts: [Part]) -> String {
        var json = Array("{\"version\":1,\"count\":".utf8)
        json += String(site.briefings.count).utf8
        json += ",\"files\":[\n"
        Self.append(parts, separatedBy: ",\n", to: &json) { part, json in
            json += "{\"url\":"
            JSONText.string("/" + part.path, into: &json)
            // Briefings are newest first within a part.
            json += ",\"from\":"
            appendDay(of: part.briefings.last, to: &json)
            json += ",\"to\":"
            appendDay(of: part.briefings.first, to: &json)
            json += ",\"count\":"
            json += String(part.briefings.count).utf8
            json += "}"
        }
        json += "\n],\"tags\":[\n"
        Self.append(site.tags, separatedBy: ",\n", to: &json) { tag, json in
            json += "["
            JSONText.string(tag.slug, into: &json)
            json += ","
            JSONText.string(tag.name, into: &json)
            json += ","
            json += String(tag.briefings.count).utf8
            json += "]"
        }
        json += "\n]}\n"
        return String(decoding: json, as: UTF8.self)
    }

    /// Built as bytes, entry after entry: the parts hold every briefing.
    func entries(_ part: Part) -> String {
        // The site's arrays taken out once, and each tag's slug spelled once: read
        // through `site` for every briefing, each read copied a tag group (and
        // retained its arrays) or the briefing list.
        let (briefings, tagsOfBriefing) = (site.briefings, site.tagsOfBriefing)
        let slugs = site.tags.map { tag in
            var slug: [UInt8] = []
            JSONText.string(tag.slug, into: &slug)
            return slug
        }
        var json = Array("{\"entries\":[\n".utf8)
        json.reserveCapacity(part.briefings.reduce(20) { $0 + briefings[$1].summary.utf8.count + 200 })
        Self.append(part.briefings, separatedBy: ",\n", to: &json) { index, json in
            let briefing = briefings[index]
            json += "["
            JSONText.string(briefing.url, into: &json)
            json += ","
            JSONText.string(briefing.title, into: &json)
            json += ","
            appendDay(of: index, to: &json)
            json += ",["
            Self.append(tagsOfBriefing[index], separatedBy: ",", to: &json) { tag, json in json += slugs[tag] }
            json += "],"
            JSONText.string(briefing.summary, into: &json)
            json += "]"
        }
        json += "\n]}\n"
        return String(decoding: json, as: UTF8.self)
    }

    /// Each item as `write` spells it, with `separator` between two.
    private static func append<Items: Sequence>(
        _ items: Items, separatedBy separator: String, to json: inout [UInt8],
        _ write: (Items.Element, inout [UInt8]) -> Void
    ) {
        var first = true
        for item in items {
            if !first { json += separator.utf8 }
            first = false
            write(item, &json)
        }
    }

    /// The briefing's day as a JSON string; `""` for none.
    private func appendDay(of index: Int?, to json: inout [UInt8]) {
        json += "\""
        if let index { site.briefings[index].date.local.appendISODate(to: &json) }
        json += "\""
    }
}
