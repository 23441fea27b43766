/// Groups briefings by tag. Spellings that slug alike ("Erdoğan", "erdogan",
/// "ERDOGAN") are one tag, shown with its most common spelling.
enum TagGrouper {
    static func group(_ briefings: [Briefing]) -> ([TagGroup], [[Int]]) {
        var members: [String: [Int]] = [:]
        var spellings: [String: [String: Int]] = [:]
        var slugsOfBriefing: [[String]] = []
        slugsOfBriefing.reserveCapacity(briefings.count)
        // An archive has a few hundred spellings among tens of thousands of uses: each is slugged once.
        var slugOfName: [String: String?] = [:]
        for (index, briefing) in briefings.enumerated() {
            var slugs: [String] = []
            for name in briefing.tags {
                if slugOfName[name] == nil { slugOfName[name] = .some(Slugger.slug(name)) }
                guard let slug = slugOfName[name] ?? nil else { continue }  // The loader refuses tags without a slug.
                members[slug, default: []].append(index)
                spellings[slug, default: [:]][name, default: 0] += 1
                slugs.append(slug)
            }
            slugsOfBriefing.append(slugs)
        }
        let slugs = members.keys.sorted()
        let tags = slugs.map { slug in
            // Most used spelling; ties go to the alphabetically first, for determinism.
            let name = spellings[slug, default: [:]].max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key ?? slug
            return TagGroup(name: name, slug: slug, briefings: members[slug, default: []])
        }
        let position = Dictionary(uniqueKeysWithValues: slugs.enumerated().map { ($1, $0) })
        let tagsOfBriefing = slugsOfBriefing.map { $0.compactMap { position[$0] } }
        return (tags, tagsOfBriefing)
    }
}
