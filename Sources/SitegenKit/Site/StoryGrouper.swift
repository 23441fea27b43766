import Foundation

/// Story titles and descriptions from the optional `stories.yml`.
public struct StoryCatalog: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var title: String?
        public var description: String?
    }

    public var entries: [String: Entry] = [:]
    public init(entries: [String: Entry] = [:]) { self.entries = entries }
}

/// Briefings sharing a `story:` key become one story, read oldest first.
enum StoryGrouper {
    static func group(_ briefings: [Briefing], catalog: StoryCatalog) -> ([StoryGroup], [Int?]) {
        var members: [String: [Int]] = [:]
        var keyOfSlug: [String: String] = [:]
        for (index, briefing) in briefings.enumerated() {
            guard let key = briefing.story, let slug = briefing.storySlug else { continue }
            members[slug, default: []].append(index)
            // Keys that slug alike are one story, named by a key stories.yml lists if any.
            if let current = keyOfSlug[slug], catalog.entries[current] != nil || catalog.entries[key] == nil { continue }
            keyOfSlug[slug] = key
        }
        var stories = members.map { slug, newestFirst in
            let key = keyOfSlug[slug] ?? slug
            let oldestFirst = Array(newestFirst.reversed())
            let entry = catalog.entries[key]
            return StoryGroup(
                key: key, slug: slug, title: entry?.title ?? briefings[oldestFirst[0]].title,
                description: entry?.description ?? "", briefings: oldestFirst)
        }
        // Latest development first; ties by slug.
        stories.sort { a, b in
            let (x, y) = (a.briefings.last ?? 0, b.briefings.last ?? 0)
            return x != y ? x < y : a.slug < b.slug
        }
        var storyOfBriefing = [Int?](repeating: nil, count: briefings.count)
        for (storyIndex, story) in stories.enumerated() {
            for index in story.briefings { storyOfBriefing[index] = storyIndex }
        }
        return (stories, storyOfBriefing)
    }
}
