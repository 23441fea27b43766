import Foundation
import Testing

@testable import SitegenKit

/// A small deterministic generator, so every archive below is the same on every run.
struct Dice {
    var seed: UInt64
    mutating func next(_ bound: Int) -> Int {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((seed >> 33) % UInt64(bound))
    }
}

/// A briefing with only what `RelatedFinder` reads: its date and tags.
private func briefing(_ number: Int, seconds: Int64, tags: [String]) -> Briefing {
    Briefing(
        sourcePath: "content/n\(number).md", contentPath: "n\(number).md", title: "n\(number)",
        date: SiteDate(epochSeconds: seconds, offsetSeconds: 0), updated: nil, tags: tags, summary: "", slug: "n\(number)",
        draft: false, sources: [], story: nil, storySlug: nil, author: nil, params: [],
        body: RenderedMarkdown(html: "", wordCount: 0, headingIDs: [], links: []), bodyFirstLine: 5)
}

/// Tags drawn like the reference corpus's: a few tags are on thousands of
/// briefings, most on a handful. Newest first, about one briefing an hour
/// apart over the years, as `gen_corpus.py` spreads them.
private func zipfArchive(count: Int, tagPool: Int, seed: UInt64) -> [Briefing] {
    var dice = Dice(seed: seed)
    let weights = (0..<tagPool).map { 1.0 / Double($0 + 1) }
    let total = weights.reduce(0, +)
    func pick() -> Int {
        var roll = Double(dice.next(1 << 30)) / Double(1 << 30) * total
        for (tag, weight) in weights.enumerated() {
            roll -= weight
            if roll < 0 { return tag }
        }
        return tagPool - 1
    }
    let span: Int64 = 400_000_000
    return (0..<count).map { number in
        let seconds = 1_388_556_000 + span * Int64(count - number) / Int64(count) + Int64(dice.next(3600))
        let tags = Set((0..<(2 + dice.next(5))).map { _ in pick() }).sorted().map { "t\($0)" }
        return briefing(number, seconds: seconds, tags: tags)
    }
    .sorted { $0.date.epochSeconds > $1.date.epochSeconds }
}

/// The definition `RelatedFinder` must match, applied to every candidate:
/// most shared tags, then nearest in date, then lowest index.
private func reference(_ index: Int, briefings: [Briefing], tagsOfBriefing: [[Int]], tags: [TagGroup]) -> [Int] {
    var shared = [Int](repeating: 0, count: briefings.count)
    for tag in Set(tagsOfBriefing[index]) {
        for other in tags[tag].briefings where other != index { shared[other] += 1 }
    }
    let time = briefings[index].date.epochSeconds
    func rank(_ other: Int) -> (Int, Int64, Int) { (-shared[other], abs(briefings[other].date.epochSeconds - time), other) }
    var candidates = briefings.indices.filter { shared[$0] > 0 }
    var chosen: [Int] = []
    while chosen.count < RelatedFinder.limit, let next = candidates.min(by: { rank($0) < rank($1) }) {
        chosen.append(next)
        candidates.removeAll { $0 == next }
    }
    return chosen
}

/// An archive built to catch shortcuts: a few tags on most briefings and many
/// on few, whole days of briefings at the same second, briefings without tags,
/// with one tag, and with up to `mostTags` (twenty or more, unless the archive
/// is for the tag-set index).
private func skewedArchive(count: Int, seed: UInt64, mostTags: Int = 40) -> [Briefing] {
    var dice = Dice(seed: seed)
    var seconds: Int64 = 1_750_000_000
    return (0..<count).map { number in
        if dice.next(4) == 0 { seconds -= Int64(dice.next(3) == 0 ? 86_400 : 1 + dice.next(7_200)) }
        let tagCount = [0, 1, 1, 2, 3, 3, 4, 5, 6, mostTags][dice.next(10)]
        // Half the draws are from a pool of 40; the other half favour tag k
        // twice as much as tag k + 1, which puts the first few on thousands of briefings.
        let tags = Set(
            (0..<tagCount).map { _ in
                "t\(dice.next(2) == 0 ? dice.next(40) : (dice.next(1 << 20) | 1).leadingZeroBitCount - 44)"
            })
        return briefing(number, seconds: seconds, tags: tags.sorted())
    }
}

@Suite("Related briefings")
struct RelatedFinderTests {
    /// `find` against `reference` for every `stride`-th briefing: through the
    /// tag-set index when the archive allows one, and with tags kept as bitsets
    /// from the default size, from size 1, and never.
    private func expectMatchesReference(
        _ briefings: [Briefing], stride step: Int = 1,
        methods: [RelatedFinder.Method] = [.automatic, .bitsets(denseFrom: nil), .bitsets(denseFrom: 1), .bitsets(denseFrom: Int.max)]
    ) {
        let (tags, tagsOfBriefing) = TagGrouper.group(briefings)
        let checked = Array(stride(from: 0, to: briefings.count, by: step))
        let expected = checked.map { reference($0, briefings: briefings, tagsOfBriefing: tagsOfBriefing, tags: tags) }
        for method in methods {
            let related = RelatedFinder.find(briefings: briefings, tagsOfBriefing: tagsOfBriefing, tags: tags, method: method)
            for (index, expected) in zip(checked, expected) {
                #expect(related[index] == expected, "briefing \(index), \(method)")
            }
        }
    }

    /// Whether `find` takes the tag-set index on this archive.
    private func indexes(_ briefings: [Briefing]) -> Bool {
        let (tags, tagsOfBriefing) = TagGrouper.group(briefings)
        return TagSetIndex(tagsOfBriefing: tagsOfBriefing, tagCount: tags.count) != nil
    }

    @Test("archives with tags on thousands of briefings, ties in date, and no, one or many tags match a full ranking")
    func skewedArchives() {
        let briefings = skewedArchive(count: 4_000, seed: 11)
        let (tags, tagsOfBriefing) = TagGrouper.group(briefings)
        #expect(tags.filter { $0.briefings.count >= 1_000 }.count >= 3)
        #expect(tagsOfBriefing.contains { $0.isEmpty } && tagsOfBriefing.contains { $0.count == 1 })
        #expect(tagsOfBriefing.contains { $0.count > RelatedFinder.maxWalkedTags })
        #expect(!indexes(briefings))
        // Listing every tag in full is what the unordered archives below test; here it would be slow.
        expectMatchesReference(briefings, stride: 7, methods: [.automatic, .bitsets(denseFrom: 1)])
    }

    @Test("the same archives with at most eight tags a briefing match it through the tag-set index")
    func skewedArchivesIndexed() {
        for (count, seed) in [(4_000, 11), (3_000, 12)] {
            let briefings = skewedArchive(count: count, seed: UInt64(seed), mostTags: TagSetIndex.maxTags)
            let (tags, tagsOfBriefing) = TagGrouper.group(briefings)
            #expect(tags.filter { $0.briefings.count >= 1_000 }.count >= 2)
            #expect(tagsOfBriefing.contains { $0.count == TagSetIndex.maxTags })
            #expect(indexes(briefings))
            expectMatchesReference(briefings, stride: 5, methods: [.automatic])
        }
    }

    @Test("an archive indexed by tag sets lists, for each set of up to four tags, the briefings that have them all")
    func tagSetIndex() {
        let tagsOfBriefing = [[2, 0], [0], [0, 2, 2, 5], [1, 2, 0, 5, 7], []]
        let index = TagSetIndex(tagsOfBriefing: tagsOfBriefing, tagCount: 8)!
        // The briefings having every tag of `tags`, as `briefing` finds them, and its place among them.
        func members(_ tags: [UInt16], from briefing: Int) -> [UInt32] {
            let own = Array(index.tags(of: briefing))
            let mask = tags.reduce(UInt32(0)) { $0 | 1 << own.firstIndex(of: $1)! }
            let entry = index.entries(of: briefing).lowerBound + TagSetIndex.masks.firstIndex(of: mask)!
            let list = Array(index.members[index.list(entry)])
            #expect(list[index.place(entry) - index.list(entry).lowerBound] == UInt32(briefing))
            return list
        }
        #expect(index.tags(of: 2) == [0, 2, 5])
        #expect(index.entries(of: 0).count == 3 && index.entries(of: 2).count == 7 && index.entries(of: 4).isEmpty)
        #expect(index.entries(of: 3).count == 5 + 10 + 10 + 5)
        #expect(members([0], from: 1) == [0, 1, 2, 3])
        #expect(members([0], from: 3) == [0, 1, 2, 3])
        #expect(members([0, 2], from: 0) == [0, 2, 3])
        #expect(members([0, 2, 5], from: 2) == [2, 3])
        #expect(members([0, 1, 2, 5], from: 3) == [3])
        #expect(members([1, 2, 5, 7], from: 3) == [3])
        // Nine tags on one briefing, or more tags than 16 bits number, take the bitset search.
        #expect(TagSetIndex(tagsOfBriefing: [Array(0..<9)], tagCount: 9) == nil)
        #expect(TagSetIndex(tagsOfBriefing: [[0]], tagCount: 70_000) == nil)
    }

    @Test("small random archives match a full ranking")
    func smallArchives() {
        for seed in 1...40 {
            expectMatchesReference(skewedArchive(count: 1 + seed * 5, seed: UInt64(seed)))
            expectMatchesReference(skewedArchive(count: 1 + seed * 5, seed: UInt64(seed), mostTags: 5), methods: [.automatic])
        }
    }

    @Test("oldest-first and unordered archives match a full ranking too")
    func otherOrders() {
        let briefings = skewedArchive(count: 1_000, seed: 5)
        expectMatchesReference(Array(briefings.reversed()), stride: 3)
        var dice = Dice(seed: 3)
        var shuffled = briefings
        for position in shuffled.indices.reversed() { shuffled.swapAt(position, dice.next(position + 1)) }
        expectMatchesReference(shuffled, stride: 3)
        // Oldest first, the tag-set index walks its lists the other way round.
        let indexed = Array(skewedArchive(count: 1_000, seed: 5, mostTags: TagSetIndex.maxTags).reversed())
        #expect(indexes(indexed))
        expectMatchesReference(indexed, stride: 3, methods: [.automatic])
    }

    @Test("the 10,000-briefing benchmark archive matches a full ranking")
    func largeArchive() {
        let briefings = zipfArchive(count: 10_000, tagPool: 300, seed: 1)
        #expect(indexes(briefings))
        expectMatchesReference(briefings, stride: 97, methods: [.automatic, .bitsets(denseFrom: nil)])
    }
}

extension RelatedFinderTests {
    @Test("lists updated after briefings are added, removed, redated, retagged or retitled equal a full search")
    func updatesMatchFullSearch() {
        var updated = 0
        for seed in 1...40 {
            var dice = Dice(seed: UInt64(seed) * 7919)
            let old = skewedArchive(count: 300 + dice.next(300), seed: UInt64(seed)).sorted(by: SiteBuilder.newestFirst)
            let (oldTags, oldTagsOf) = TagGrouper.group(old)
            var known = KnownRelated(signature: 0, lists: RelatedFinder.find(briefings: old, tagsOfBriefing: oldTagsOf, tags: oldTags))
            known.identities = old.map(KnownRelated.identity(of:))
            known.inputs = KnownRelated.inputs(briefings: old, tagsOfBriefing: oldTagsOf, tags: oldTags)

            var new = old
            let pool = (0..<40).map { "t\($0)" }
            for _ in 0..<dice.next(4) { new.remove(at: dice.next(new.count)) }
            for number in 0..<dice.next(4) {
                let tags = Set((0..<dice.next(5)).map { _ in pool[dice.next(dice.next(2) == 0 ? 3 : 40)] })
                new.append(briefing(10_000 + number, seconds: new[dice.next(new.count)].date.epochSeconds, tags: tags.sorted()))
            }
            for _ in 0..<dice.next(3) {
                let at = dice.next(new.count)
                switch dice.next(4) {
                case 0: new[at] = new[at].changing(date: new[dice.next(new.count)].date)
                case 1: new[at] = new[at].changing(tags: [pool[dice.next(40)]])
                case 2: new[at] = new[at].changing(title: "retitled \(at)")
                default: new[at] = new[at].changing(summary: "only the summary")
                }
            }
            new.sort(by: SiteBuilder.newestFirst)
            let (tags, tagsOfBriefing) = TagGrouper.group(new)
            let expected = RelatedFinder.find(briefings: new, tagsOfBriefing: tagsOfBriefing, tags: tags)
            guard let lists = RelatedUpdate.lists(known: known, briefings: new, tagsOfBriefing: tagsOfBriefing, tags: tags) else {
                continue
            }
            updated += 1
            #expect(lists == expected, "seed \(seed)")
        }
        // Most changes are updated rather than searched again, so the comparison above is made.
        #expect(updated >= 30)
    }

    @Test("too many changes, briefings reordered among themselves, or a list kept without identities mean a full search")
    func updateDeclines() {
        let old = skewedArchive(count: 200, seed: 9)
        let (tags, tagsOfBriefing) = TagGrouper.group(old)
        let lists = RelatedFinder.find(briefings: old, tagsOfBriefing: tagsOfBriefing, tags: tags)
        var known = KnownRelated(signature: 0, lists: lists)
        #expect(RelatedUpdate.lists(known: known, briefings: old, tagsOfBriefing: tagsOfBriefing, tags: tags) == nil)
        known.identities = old.map(KnownRelated.identity(of:))
        known.inputs = KnownRelated.inputs(briefings: old, tagsOfBriefing: tagsOfBriefing, tags: tags)
        #expect(RelatedUpdate.lists(known: known, briefings: old, tagsOfBriefing: tagsOfBriefing, tags: tags) == lists)
        let reversed = Array(old.reversed())
        let (reversedTags, reversedTagsOf) = TagGrouper.group(reversed)
        #expect(RelatedUpdate.lists(known: known, briefings: reversed, tagsOfBriefing: reversedTagsOf, tags: reversedTags) == nil)
        let many = old + (0..<(RelatedUpdate.maxChanged + 1)).map { briefing(5_000 + $0, seconds: 0, tags: ["t1"]) }
        let (manyTags, manyTagsOf) = TagGrouper.group(many)
        #expect(RelatedUpdate.lists(known: known, briefings: many, tagsOfBriefing: manyTagsOf, tags: manyTags) == nil)
    }
}

private let benchmarkRequested = ProcessInfo.processInfo.environment["RELATED_BENCH"] == "1"

@Suite("Related briefings benchmark")
struct RelatedFinderBenchmark {
    /// Times `RelatedFinder.find` on a 10,000-briefing archive; run with
    /// RELATED_BENCH=1 on a release build. It asserts nothing: the checksum of
    /// the results is printed so that two versions can be compared.
    @Test("related briefings of a 10,000-briefing archive, timed", .enabled(if: benchmarkRequested))
    func timing() {
        let briefings = zipfArchive(count: 10_000, tagPool: 300, seed: 1)
        let (tags, tagsOfBriefing) = TagGrouper.group(briefings)
        var times: [Double] = []
        var checksum = 0
        for _ in 0..<7 {
            let start = DispatchTime.now().uptimeNanoseconds
            let related = RelatedFinder.find(briefings: briefings, tagsOfBriefing: tagsOfBriefing, tags: tags)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            checksum = related.joined(separator: [-1]).reduce(0) { $0 &* 131 &+ $1 }
        }
        let runs = times.map { String(format: "%.1f", $0) }.joined(separator: " ")
        let median = String(format: "%.1f", times.sorted()[times.count / 2])
        print("RELATED_BENCH runs (ms) \(runs), median \(median), checksum \(checksum)")
    }
}
