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

    static func group(_ briefings: [Briefing]) -> ([TagGroup], [[Int]]) {
        var idOfName: [String: Int] = [:]
        var spellings: [Spelling] = []
        var spellingsOfBriefing: [[Int]] = []
        spellingsOfBriefing.reserveCapacity(briefings.count)
        for briefing in briefings {
            var ids: [Int] = []
            ids.reserveCapacity(briefing.tags.count)
            for name in briefing.tags {
                let id = idOfName[name] ?? spellings.count
                if id == spellings.count {
                    idOfName[name] = id
                    spellings.append(Spelling(name: name, slug: Slugger.slug(name)))
                }
                spellings[id].uses += 1
                ids.append(id)
            }
            spellingsOfBriefing.append(ids)
        }
        let slugs = Set(spellings.compactMap(\.slug)).sorted()
        let position = Dictionary(uniqueKeysWithValues: slugs.enumerated().map { ($1, $0) })
        // The loader refuses tags without a slug, so none is dropped here in practice.
        let tagOfSpelling = spellings.map { $0.slug.flatMap { position[$0] } }
        var members = [[Int]](repeating: [], count: slugs.count)
        var tagsOfBriefing: [[Int]] = []
        tagsOfBriefing.reserveCapacity(briefings.count)
        for (index, ids) in spellingsOfBriefing.enumerated() {
            // Loaded briefings have one spelling per slug; a list built otherwise
            // still puts a briefing on a tag once (related briefings count on it).
            var tags: [Int] = []
            tags.reserveCapacity(ids.count)
            for id in ids { if let tag = tagOfSpelling[id], !tags.contains(tag) { tags.append(tag) } }
            for tag in tags { members[tag].append(index) }
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
}
