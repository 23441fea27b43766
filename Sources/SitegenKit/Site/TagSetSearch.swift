/// The search for one briefing's related briefings through a `TagSetIndex`,
/// with scratch space reused from one briefing to the next. Needs the
/// briefings in date order, so that walking a list outward from a briefing
/// meets the others nearest in date first.
///
/// A briefing sharing `c` tags with this one is in the list of every set of
/// `c` of them (or of four, when `c` is more). So the search takes the
/// briefing's sets from the largest down, and walks the lists of each size
/// together, outward from its own place, nearest briefing first; each
/// briefing met is counted in full (its tags against this one's) and offered.
/// A walk stops as soon as nothing farther could enter the best five: at sets
/// of `s` tags no briefing not yet met shares more than `s`, as those share a
/// larger set whose walk has met them or stopped short of them, except at the
/// largest size, where a briefing may share all of this one's tags.
struct TagSetSearch {
    let index: TagSetIndex
    let seconds: [Int64]
    /// Briefings already offered (or the briefing itself), by index.
    private var seen: Set<Int> = []
    private var best = BestFive()
    /// The lists being walked, as ranges of `index.members`, and each list's
    /// next position below and above the briefing's own.
    private var lists: [Range<Int>] = []
    private var lower: [Int] = []
    private var upper: [Int] = []

    init(index: TagSetIndex, seconds: [Int64]) {
        self.index = index
        self.seconds = seconds
    }

    mutating func related(to briefing: Int) -> [Int] {
        let tagCount = index.tagCount(of: briefing)
        best.removeAll()
        seen.removeAll(keepingCapacity: true)
        seen.insert(briefing)
        let largest = min(tagCount, TagSetIndex.maxSetSize)
        for size in stride(from: largest, through: 1, by: -1) {
            let bound = size == largest ? tagCount : size
            if best.rejects(count: bound, distance: 0) { break }
            startWalk(size: size, around: briefing)
            walk(around: briefing, bound: bound)
        }
        return best.indices
    }

    /// The lists of every set of `size` of the briefing's tags, each from the briefing's place in it.
    private mutating func startWalk(size: Int, around briefing: Int) {
        lists.removeAll(keepingCapacity: true)
        lower.removeAll(keepingCapacity: true)
        upper.removeAll(keepingCapacity: true)
        let entries = index.entries(of: briefing)
        for (offset, mask) in TagSetIndex.masks[..<entries.count].enumerated() where mask.nonzeroBitCount == size {
            let place = index.place(entries.lowerBound + offset)
            lists.append(index.list(entries.lowerBound + offset))
            lower.append(place - 1)
            upper.append(place + 1)
        }
    }

    /// Offers the briefings of the lists being walked, nearest first, until
    /// the nearest left could not enter the best five sharing `bound` tags.
    private mutating func walk(around briefing: Int, bound: Int) {
        let members = index.members
        while true {
            // Lists run in index order, so the nearest below is the highest index there.
            var below = -1
            var above = Int.max
            for list in lists.indices {
                if lower[list] >= lists[list].lowerBound { below = max(below, Int(members[lower[list]])) }
                if upper[list] < lists[list].upperBound { above = min(above, Int(members[upper[list]])) }
            }
            if below < 0 && above == Int.max { return }
            let takeBelow = above == Int.max || (below >= 0 && distance(briefing, below) <= distance(briefing, above))
            let other = takeBelow ? below : above
            if best.rejects(count: bound, distance: distance(briefing, other)) { return }
            // The same briefing may head several lists: every one moves past it.
            for list in lists.indices {
                if takeBelow {
                    if lower[list] >= lists[list].lowerBound && Int(members[lower[list]]) == other { lower[list] -= 1 }
                } else if upper[list] < lists[list].upperBound && Int(members[upper[list]]) == other {
                    upper[list] += 1
                }
            }
            if seen.insert(other).inserted {
                best.offer(other, count: shared(briefing, other), distance: distance(briefing, other))
            }
        }
    }

    private func distance(_ a: Int, _ b: Int) -> Int64 { abs(seconds[a] - seconds[b]) }

    /// How many tags two briefings have in common (their lists are ascending),
    /// read in place: a slice of the list for each would retain it.
    private func shared(_ a: Int, _ b: Int) -> Int {
        let (tags, starts) = (index.tagList, index.tagStarts)
        var (i, j, count) = (starts[a], starts[b], 0)
        let (aEnd, bEnd) = (starts[a + 1], starts[b + 1])
        while i < aEnd && j < bEnd {
            if tags[i] == tags[j] {
                count += 1
                i += 1
                j += 1
            } else if tags[i] < tags[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return count
    }
}
