/// Up to five related briefings for each briefing: most shared tags first, then
/// nearest in date, then newest-first order, so the choice is deterministic.
enum RelatedFinder {
    static let limit = 5
    private static let batchSize = 256

    static func find(briefings: [Briefing], tagsOfBriefing: [[Int]], tags: [TagGroup]) -> [[Int]] {
        let seconds = briefings.map(\.date.epochSeconds)
        // Counting in a dense array beats hashing thousands of candidates; each
        // batch of briefings shares one array, cleared entry by entry after use.
        let batchStarts = Array(stride(from: 0, to: briefings.count, by: batchSize))
        let batches = batchStarts.parallelMap { start -> [[Int]] in
            var counts = [UInt16](repeating: 0, count: briefings.count)
            return (start..<min(start + batchSize, briefings.count)).map { index in
                related(to: index, counts: &counts, seconds: seconds, tagsOfBriefing: tagsOfBriefing, tags: tags)
            }
        }
        return batches.flatMap { $0 }
    }

    private static func related(
        to index: Int, counts: inout [UInt16], seconds: [Int64], tagsOfBriefing: [[Int]], tags: [TagGroup]
    ) -> [Int] {
        var candidates: [Int] = []
        for tag in tagsOfBriefing[index] {
            for other in tags[tag].briefings where other != index {
                if counts[other] == 0 { candidates.append(other) }
                counts[other] &+= 1
            }
        }
        // A broad tag gives thousands of candidates; keeping only the best five
        // as we go costs a few comparisons each, where sorting them all did not.
        let own = seconds[index]
        func better(_ a: (Int, Int), than b: (Int, Int)) -> Bool {
            if a.1 != b.1 { return a.1 > b.1 }
            let (da, db) = (abs(seconds[a.0] - own), abs(seconds[b.0] - own))
            return da != db ? da < db : a.0 < b.0
        }
        var best: [(Int, Int)] = []
        best.reserveCapacity(limit + 1)
        for candidate in candidates {
            let entry = (candidate, Int(counts[candidate]))
            if best.count == limit, let worst = best.last, !better(entry, than: worst) { continue }
            let position = best.firstIndex { better(entry, than: $0) } ?? best.count
            best.insert(entry, at: position)
            if best.count > limit { best.removeLast() }
        }
        for candidate in candidates { counts[candidate] = 0 }
        return best.map(\.0)
    }
}
