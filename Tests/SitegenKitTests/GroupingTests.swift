import Foundation
import Testing

@testable import SitegenKit

private let istanbul = TimeZone(identifier: "Europe/Istanbul")!

/// A briefing value as the loader would make it; `date` is read on the Istanbul clock.
private func item(_ title: String, _ date: String, tags: [String] = [], story: String? = nil, path: String? = nil) throws -> Briefing {
    Briefing(
        sourcePath: "content/\(path ?? "\(title).md")", contentPath: path ?? "\(title).md", title: title,
        date: try DateParser.parse(date, timeZone: istanbul), updated: nil, tags: tags, summary: "", slug: Slugger.slug(title) ?? "x",
        draft: false, sources: [], story: story, storySlug: story.flatMap { Slugger.slug($0) }, author: nil, params: [],
        body: RenderedMarkdown(html: "", wordCount: 0, headingIDs: [], links: []), bodyFirstLine: 5)
}

@Suite("Grouping briefings")
struct GroupingTests {
    @Test("tags are grouped by slug, sorted by slug, each with its briefings in list order")
    func tagGroups() throws {
        let briefings = [
            try item("c", "2025-05-18", tags: ["Kyiv", "erdogan"]),
            try item("b", "2025-05-17", tags: ["Erdoğan"]),
            try item("a", "2025-05-16", tags: ["ERDOGAN", "Istanbul"]),
        ]
        let (tags, tagsOfBriefing) = TagGrouper.group(briefings)
        #expect(tags.map(\.slug) == ["erdogan", "istanbul", "kyiv"])
        #expect(tags[0].briefings == [0, 1, 2])
        #expect(tags[0].url == "/tags/erdogan/")
        #expect(tagsOfBriefing == [[2, 0], [0], [0, 1]])
    }

    @Test("a briefing listing two spellings of one tag is on that tag once, and shares it once")
    func spellingsInOneBriefing() throws {
        // The loader keeps one spelling per slug; briefings made another way must group the same.
        let briefings = [
            try item("a", "2025-05-18", tags: ["erdogan", "Kyiv"]), try item("b", "2025-05-17", tags: ["Kyiv"]),
            try item("c", "2025-05-16", tags: ["Erdoğan", "erdogan"]),
        ]
        let (tags, tagsOfBriefing) = TagGrouper.group(briefings)
        #expect(tags.map(\.briefings) == [[0, 2], [0, 1]])
        #expect(tagsOfBriefing == [[0, 1], [1], [0]])
        // Counting c on "erdogan" twice would rank it (a day farther) before b.
        for method: RelatedFinder.Method in [.automatic, .bitsets(denseFrom: nil), .bitsets(denseFrom: 1), .bitsets(denseFrom: Int.max)] {
            let related = RelatedFinder.find(briefings: briefings, tagsOfBriefing: tagsOfBriefing, tags: tags, method: method)
            #expect(related[0] == [1, 2], "\(method)")
        }
    }

    @Test("an archive counted in runs on every core groups as one counted in a single pass")
    func tagGroupsAcrossRuns() throws {
        // Spellings meet first in different runs (1,024 briefings each), and one
        // spelling wins on uses summed over runs.
        let spellings = ["Erdoğan", "erdogan", "ERDOGAN", "Kyiv", "kyiv", "Istanbul", "Ankara", "ankara"]
        var random = Dice(seed: 5)
        var briefings: [Briefing] = []
        for number in 0..<3_000 {
            let tags = (0..<random.next(4)).map { _ in spellings[random.next(number < 1_500 ? 4 : spellings.count)] }
            briefings.append(try item("b\(number)", "2025-05-16", tags: tags, path: "\(number).md"))
        }
        let (tags, tagsOfBriefing) = TagGrouper.group(briefings)
        // The same, one briefing at a time.
        var uses: [String: Int] = [:]
        var members: [String: [Int]] = [:]
        var expectedTags: [[String]] = []
        for (index, briefing) in briefings.enumerated() {
            var slugs: [String] = []
            for name in briefing.tags {
                uses[name, default: 0] += 1
                let slug = Slugger.slug(name)!
                if !slugs.contains(slug) { slugs.append(slug) }
            }
            for slug in slugs { members[slug, default: []].append(index) }
            expectedTags.append(slugs)
        }
        #expect(tags.map(\.slug) == members.keys.sorted())
        #expect(tags.map(\.briefings) == members.keys.sorted().map { members[$0]! })
        #expect(tagsOfBriefing.map { $0.map { tags[$0].slug } } == expectedTags)
        for tag in tags {
            let names = uses.keys.filter { Slugger.slug($0) == tag.slug }
            let best = names.max { (uses[$0]!, $1) < (uses[$1]!, $0) }
            #expect(tag.name == best, "\(tag.slug)")
        }
    }

    @Test("a tag is shown with its most used spelling, ties going to the alphabetically first")
    func tagSpelling() throws {
        let mostUsed = TagGrouper.group([
            try item("a", "2025-05-16", tags: ["erdogan"]), try item("b", "2025-05-17", tags: ["Erdoğan"]),
            try item("c", "2025-05-18", tags: ["erdogan"]),
        ]).0
        #expect(mostUsed.map(\.name) == ["erdogan"])
        let tie = TagGrouper.group([try item("a", "2025-05-16", tags: ["erdogan"]), try item("b", "2025-05-17", tags: ["Erdoğan"])]).0
        #expect(tie.map(\.name) == ["Erdoğan"])
    }

    @Test("the timeline groups by year and month on the site's clock, newest first")
    func timeline() throws {
        let briefings = [
            try item("d", "2025-06-02"),
            try item("c", "2025-05-16"),
            try item("b", "2025-05-01T00:30:00+03:00"),
            try item("a", "2024-12-31T23:30:00Z"),  // 2025-01-01 02:30 in Istanbul
            try item("z", "2024-12-31T20:00:00Z"),  // 2024-12-31 23:00 in Istanbul
        ]
        let years = Timeline.group(briefings)
        #expect(years.map(\.year) == [2025, 2024])
        #expect(years[0].months.map(\.month) == [6, 5, 1])
        #expect(years[0].months[1].briefings == [1, 2])
        #expect(years[0].months[2].briefings == [3])
        #expect(years[1].months.map(\.month) == [12])
        #expect(years[0].count == 4)
        #expect(years[0].url == "/2025/")
        #expect(years[0].months[2].url == "/2025/01/")
    }

    @Test("an empty list has no timeline, tags or stories")
    func emptyGroups() {
        #expect(Timeline.group([]).isEmpty)
        #expect(TagGrouper.group([]).0.isEmpty)
        #expect(StoryGrouper.group([], catalog: StoryCatalog()).0.isEmpty)
    }

    @Test("stories read oldest first, are listed latest development first, and take titles from stories.yml")
    func stories() throws {
        let briefings = [
            try item("Round Two", "2025-06-02", story: "talks"),
            try item("Grain Deal", "2025-05-20", story: "grain"),
            try item("Round One", "2025-05-16", story: "Talks"),
            try item("Alone", "2025-05-10"),
        ]
        let catalog = StoryCatalog(entries: ["talks": .init(title: "The Talks", description: "Direct talks.")])
        let (stories, storyOfBriefing) = StoryGrouper.group(briefings, catalog: catalog)
        #expect(stories.map(\.slug) == ["talks", "grain"])
        #expect(stories[0].briefings == [2, 0])
        #expect(stories[0].title == "The Talks")
        #expect(stories[0].description == "Direct talks.")
        #expect(stories[0].key == "talks")
        #expect(stories[1].title == "Grain Deal")  // No catalog entry: the first briefing's title.
        #expect(stories[1].url == "/stories/grain/")
        #expect(storyOfBriefing == [0, 1, 0, nil])
    }

    @Test("related briefings share the most tags first, then are nearest in date, never the briefing itself")
    func related() throws {
        let briefings = [
            try item("e", "2025-05-20", tags: ["x"]),
            try item("d", "2025-05-19", tags: ["x", "y"]),
            try item("c", "2025-05-18", tags: ["x", "y", "z"]),
            try item("b", "2025-05-10", tags: ["x"]),
            try item("a", "2025-05-01", tags: ["q"]),
        ]
        let (tags, tagsOfBriefing) = TagGrouper.group(briefings)
        let related = RelatedFinder.find(briefings: briefings, tagsOfBriefing: tagsOfBriefing, tags: tags)
        #expect(related[2] == [1, 0, 3])
        #expect(related[0] == [1, 2, 3])
        #expect(related[4].isEmpty)
        for (index, list) in related.enumerated() { #expect(!list.contains(index)) }
    }

    @Test("at most five related briefings are chosen")
    func relatedLimit() throws {
        let briefings = try (1...9).map { try item("n\($0)", String(format: "2025-05-%02d", $0), tags: ["t"]) }
        let (tags, tagsOfBriefing) = TagGrouper.group(briefings)
        let related = RelatedFinder.find(briefings: briefings, tagsOfBriefing: tagsOfBriefing, tags: tags)
        #expect(related.allSatisfy { $0.count == RelatedFinder.limit })
        #expect(related[4] == [3, 5, 2, 6, 1])
    }

    @Test("related briefings on random archives match a ranking of every candidate")
    func relatedMatchesBruteForce() throws {
        var seed: UInt64 = 7
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        for _ in 0..<20 {
            // Newest first, as a site orders them; several briefings share a day.
            var day = 28
            var briefings: [Briefing] = []
            for number in 0..<(20 + next(60)) {
                if next(3) == 0, day > 1 { day -= 1 }
                let tags = Set((0..<(1 + next(4))).map { _ in ["big", "big", "big", "mid", "mid", "a", "b", "c"][next(8)] }).sorted()
                briefings.append(try item("n\(number)", String(format: "2025-05-%02d", day), tags: tags))
            }
            let (tags, tagsOfBriefing) = TagGrouper.group(briefings)
            let related = RelatedFinder.find(briefings: briefings, tagsOfBriefing: tagsOfBriefing, tags: tags)
            for index in briefings.indices {
                let mine = Set(tagsOfBriefing[index])
                let ranked = briefings.indices.filter { $0 != index }
                    .map { ($0, Set(tagsOfBriefing[$0]).intersection(mine).count) }
                    .filter { $0.1 > 0 }
                    .sorted { a, b in
                        let (da, db) = (
                            abs(briefings[a.0].date.epochSeconds - briefings[index].date.epochSeconds),
                            abs(briefings[b.0].date.epochSeconds - briefings[index].date.epochSeconds)
                        )
                        return a.1 != b.1 ? a.1 > b.1 : da != db ? da < db : a.0 < b.0
                    }
                #expect(related[index] == Array(ranked.prefix(RelatedFinder.limit).map(\.0)))
            }
        }
    }

    @Test("briefings sort newest first, then by title, then by path")
    func sortOrder() throws {
        let sameTime = try item("B", "2025-05-16")
        let other = try item("A", "2025-05-16")
        let newer = try item("Z", "2025-05-17")
        #expect(SiteBuilder.newestFirst(newer, other))
        #expect(SiteBuilder.newestFirst(other, sameTime))
        #expect(SiteBuilder.newestFirst(try item("A", "2025-05-16", path: "0.md"), other))
    }
}
