/// Up to five related briefings for each briefing: most shared tags first, then
/// nearest in date, then newest-first order, so the choice is deterministic.
enum RelatedFinder {
    static let limit = 5

    static func find(briefings: [Briefing], tagsOfBriefing: [[Int]], tags: [TagGroup]) -> [[Int]] {
        let indices = Array(briefings.indices)
        return indices.parallelMap { index -> [Int] in
            var shared: [Int: Int] = [:]
            for tag in tagsOfBriefing[index] {
                for other in tags[tag].briefings where other != index { shared[other, default: 0] += 1 }
            }
            let seconds = briefings[index].date.epochSeconds
            let ranked = shared.sorted { a, b in
                if a.value != b.value { return a.value > b.value }
                let da = abs(briefings[a.key].date.epochSeconds - seconds)
                let db = abs(briefings[b.key].date.epochSeconds - seconds)
                return da != db ? da < db : a.key < b.key
            }
            return ranked.prefix(limit).map(\.key)
        }
    }
}
