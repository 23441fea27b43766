/// Groups briefings by tag. Spellings that slug alike ("Erdoğan", "erdogan",
/// "ERDOGAN") are one tag, shown with its most common spelling.
enum TagGrouper {
    /// An archive has a few hundred spellings among tens of thousands of uses:
    /// each use costs one dictionary lookup, and each spelling is slugged once.
    private struct Spelling {
        var name: String
        var slug: String?
        var uses = 0
    }

    /// One run of briefings with its spellings numbered on its own: runs are
    /// counted on every core and joined, since looking up every use one after
    /// another was a serial stretch of every build.
    private struct Run: Sendable {
        var names: [String] = []
        var uses: [Int] = []
        /// The spelling of each use, briefing after briefing; briefing i's uses end at `ends[i]`.
        var spellings: [Int] = []
        var ends: [Int] = []
    }

    private static let runLength = 1024

    static func group(_ briefings: [Briefing]) -> ([TagGroup], [[Int]]) {
        let runs = briefings.indices.runs(of: runLength).parallelMap { run in count(briefings[run]) }
        // Every run's spellings joined into one numbering.
        var idOfName: [String: Int] = [:]
        var spellings: [Spelling] = []
        let globalIDs = runs.map { run in
            run.names.indices.map { local in
                let name = run.names[local]
                let id = idOfName[name] ?? spellings.count
                if id == spellings.count {
                    idOfName[name] = id
                    spellings.append(Spelling(name: name, slug: Slugger.slug(name)))
                }
                spellings[id].uses += run.uses[local]
                return id
            }
        }
        let slugs = Set(spellings.compactMap(\.slug)).sorted()
        let position = Dictionary(uniqueKeysWithValues: slugs.enumerated().map { ($1, $0) })
        // The loader refuses tags without a slug, so none is dropped here in practice.
        let tagOfSpelling = spellings.map { $0.slug.flatMap { position[$0] } }
        // Each briefing's tags, run by run on every core.
        let tagsOfRuns = runs.indices.parallelMap { index in
            let (run, ids) = (runs[index], globalIDs[index])
            var start = 0
            return run.ends.map { end -> [Int] in
                defer { start = end }
                // Loaded briefings have one spelling per slug; a list built otherwise
                // still puts a briefing on a tag once (related briefings count on it).
                var tags: [Int] = []
                tags.reserveCapacity(end - start)
                for local in run.spellings[start..<end] {
                    if let tag = tagOfSpelling[ids[local]], !tags.contains(tag) { tags.append(tag) }
                }
                return tags
            }
        }
        var members = [[Int]](repeating: [], count: slugs.count)
        var tagsOfBriefing: [[Int]] = []
        tagsOfBriefing.reserveCapacity(briefings.count)
        for tags in tagsOfRuns.joined() {
            for tag in tags { members[tag].append(tagsOfBriefing.count) }
            tagsOfBriefing.append(tags)
        }
        // Most used spelling; ties go to the alphabetically first, for determinism.
        var shown = [Spelling?](repeating: nil, count: slugs.count)
        for (id, spelling) in spellings.enumerated() {
            guard let tag = tagOfSpelling[id] else { continue }
            if let best = shown[tag], best.uses > spelling.uses || (best.uses == spelling.uses && best.name < spelling.name) { continue }
            shown[tag] = spelling
        }
        let tags = slugs.indices.map { TagGroup(name: shown[$0]?.name ?? slugs[$0], slug: slugs[$0], briefings: members[$0]) }
        return (tags, tagsOfBriefing)
    }

    /// One run's spellings, numbered in the order met, with their uses.
    private static func count(_ briefings: ArraySlice<Briefing>) -> Run {
        var run = Run()
        var idOfName: [String: Int] = [:]
        run.ends.reserveCapacity(briefings.count)
        for briefing in briefings {
            for name in briefing.tags {
                let id = idOfName[name] ?? run.names.count
                if id == run.names.count {
                    idOfName[name] = id
                    run.names.append(name)
                    run.uses.append(0)
                }
                run.uses[id] += 1
                run.spellings.append(id)
            }
            run.ends.append(run.spellings.count)
        }
        return run
    }
}
