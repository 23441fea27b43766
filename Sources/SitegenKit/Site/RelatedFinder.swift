/// Up to five related briefings for each briefing: most shared tags first, then
/// nearest in date, then newest-first order, so the choice is deterministic.
enum RelatedFinder {
    static let limit = 5
    private static let batchSize = 256

    static func find(briefings: [Briefing], tagsOfBriefing: [[Int]], tags: [TagGroup]) -> [[Int]] {
        let seconds = briefings.map(\.date.epochSeconds)
        // The walk along the largest tag needs briefings in date order, as a site keeps them.
        let pairs = zip(seconds, seconds.dropFirst())
        let inDateOrder = pairs.allSatisfy { $0 >= $1 } || pairs.allSatisfy { $0 <= $1 }
        // Counting in a dense array beats hashing thousands of candidates; each
        // batch of briefings shares one array, cleared entry by entry after use.
        let members = Membership(tags: tags, count: briefings.count)
        let batchStarts = Array(stride(from: 0, to: briefings.count, by: batchSize))
        let batches = batchStarts.parallelMap { start -> [[Int]] in
            var counts = [UInt16](repeating: 0, count: briefings.count)
            return (start..<min(start + batchSize, briefings.count)).map { index in
                related(
                    to: index, counts: &counts, seconds: seconds, tagsOfBriefing: tagsOfBriefing, tags: tags, members: members,
                    walkLargest: inDateOrder)
            }
        }
        return batches.flatMap { $0 }
    }

    /// Every tag but the largest is counted in full. The largest (often one
    /// holding thousands of briefings) adds one to the candidates already
    /// found, and of its other members only the nearest in date can be among
    /// the best five, so it is walked outward from the briefing's own place.
    private static func related(
        to index: Int, counts: inout [UInt16], seconds: [Int64], tagsOfBriefing: [[Int]], tags: [TagGroup], members membership: Membership,
        walkLargest: Bool
    ) -> [Int] {
        let own = tagsOfBriefing[index]
        let largest = walkLargest ? own.max(by: { (tags[$0].briefings.count, $1) < (tags[$1].briefings.count, $0) }) : nil
        var candidates: [Int] = []
        for tag in own where tag != largest {
            for other in tags[tag].briefings where other != index {
                if counts[other] == 0 { candidates.append(other) }
                counts[other] &+= 1
            }
        }
        if let largest {
            let members = tags[largest].briefings  // In index order, so in date order.
            for other in candidates where membership.contains(other, in: largest) { counts[other] &+= 1 }
            candidates += nearestOnlyIn(members, around: index, skipping: counts, seconds: seconds)
            for candidate in candidates where counts[candidate] == 0 { counts[candidate] = 1 }
        }

        let time = seconds[index]
        func better(_ a: (Int, Int), than b: (Int, Int)) -> Bool {
            if a.1 != b.1 { return a.1 > b.1 }
            let (da, db) = (abs(seconds[a.0] - time), abs(seconds[b.0] - time))
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

    /// The members of `members` that share no other tag (count 0), nearest in
    /// date to `index` first: at least `limit` of them, and every one as near
    /// as the last, since ties are settled by index afterwards.
    private static func nearestOnlyIn(_ members: [Int], around index: Int, skipping counts: [UInt16], seconds: [Int64]) -> [Int] {
        let place = binarySearch(members, index) ?? 0
        var (left, right) = (place - 1, place + 1)
        let time = seconds[index]
        func distance(_ position: Int) -> Int64 { abs(seconds[members[position]] - time) }
        var found: [Int] = []
        var farthest: Int64 = 0
        while left >= 0 || right < members.count {
            let takeLeft = right >= members.count || (left >= 0 && distance(left) <= distance(right))
            let position = takeLeft ? left : right
            if found.count >= limit, distance(position) > farthest { break }
            if takeLeft { left -= 1 } else { right += 1 }
            if counts[members[position]] == 0 {
                found.append(members[position])
                farthest = distance(position)
            }
        }
        return found
    }

    /// The position of `value` in an ascending array.
    fileprivate static func binarySearch(_ sorted: [Int], _ value: Int) -> Int? {
        var (low, high) = (0, sorted.count)
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == value ? low : nil
    }
}

/// "Is this briefing in this tag?" in constant time for large tags (a bit per
/// briefing), by binary search in the small ones.
private struct Membership: Sendable {
    static let bitsetThreshold = 256
    let tags: [TagGroup]
    let bits: [Int: [UInt64]]

    init(tags: [TagGroup], count: Int) {
        self.tags = tags
        var bits: [Int: [UInt64]] = [:]
        for (tag, group) in tags.enumerated() where group.briefings.count >= Self.bitsetThreshold {
            var words = [UInt64](repeating: 0, count: (count + 63) / 64)
            for member in group.briefings { words[member >> 6] |= 1 << UInt64(member & 63) }
            bits[tag] = words
        }
        self.bits = bits
    }

    func contains(_ briefing: Int, in tag: Int) -> Bool {
        if let words = bits[tag] { return words[briefing >> 6] & (1 << UInt64(briefing & 63)) != 0 }
        return RelatedFinder.binarySearch(tags[tag].briefings, briefing) != nil
    }
}
