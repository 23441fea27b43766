/// Up to five related briefings for each briefing: most shared tags first, then
/// nearest in date, then newest-first order, so the choice is deterministic.
enum RelatedFinder {
    static let limit = 5
    /// A briefing with more large tags than this counts the rest by listing
    /// their members: rare, and it keeps the walk's counters to four bits.
    static let maxWalkedTags = 15
    private static let batchSize = 256

    static func find(briefings: [Briefing], tagsOfBriefing: [[Int]], tags: [TagGroup]) -> [[Int]] {
        find(briefings: briefings, tagsOfBriefing: tagsOfBriefing, tags: tags, denseFrom: nil)
    }

    /// `denseFrom` overrides the tag size from which a tag is kept as a bitset
    /// and walked rather than listed, so tests can take either way on small archives.
    static func find(briefings: [Briefing], tagsOfBriefing: [[Int]], tags: [TagGroup], denseFrom: Int?) -> [[Int]] {
        let archive = RelatedArchive(briefings: briefings, tagsOfBriefing: tagsOfBriefing, tags: tags, denseFrom: denseFrom)
        let batchStarts = Array(stride(from: 0, to: briefings.count, by: batchSize))
        let batches = batchStarts.parallelMap { start -> [[Int]] in
            // Each batch reuses one set of scratch arrays, cleared entry by entry after each briefing.
            var search = RelatedSearch(archive)
            return (start..<min(start + batchSize, briefings.count)).map { search.related(to: $0) }
        }
        return batches.flatMap { $0 }
    }
}

/// What the search reads for every briefing, built once: dates, each
/// briefing's tags in one flat list, and a bitset of every large tag.
private struct RelatedArchive: Sendable {
    let seconds: [Int64]
    let tagStarts: [Int]
    let tagList: [Int]
    let members: [[Int]]
    /// For each tag, where its bitset starts in `bits`, or -1 when it is small.
    let bitsetStart: [Int]
    let bits: [UInt64]
    let words: Int

    init(briefings: [Briefing], tagsOfBriefing: [[Int]], tags: [TagGroup], denseFrom: Int?) {
        seconds = briefings.map(\.date.epochSeconds)
        tagStarts = tagsOfBriefing.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        tagList = tagsOfBriefing.flatMap { $0 }
        members = tags.map(\.briefings)
        words = (briefings.count + 63) / 64
        // Walking a tag outward by date needs briefings in date order, as a site
        // keeps them; otherwise every tag is listed in full.
        let pairs = zip(seconds, seconds.dropFirst())
        let inDateOrder = pairs.allSatisfy { $0 >= $1 } || pairs.allSatisfy { $0 <= $1 }
        // A bitset costs `words` to scan where listing costs a tag's size, so only
        // tags this large get one; that also keeps the bitsets' memory linear.
        let threshold = inDateOrder ? (denseFrom ?? max(64, words / 2)) : Int.max
        var bitsetStart = [Int](repeating: -1, count: tags.count)
        var bits: [UInt64] = []
        for (tag, group) in tags.enumerated() where group.briefings.count >= threshold {
            bitsetStart[tag] = bits.count
            bits += repeatElement(0, count: words)
            for member in group.briefings { bits[bitsetStart[tag] + member >> 6] |= 1 << UInt64(member & 63) }
        }
        self.bitsetStart = bitsetStart
        self.bits = bits
    }

    func distance(_ a: Int, _ b: Int) -> Int64 { abs(seconds[a] - seconds[b]) }
}

/// The search for one briefing's related briefings, with scratch space reused
/// from one briefing to the next.
///
/// A candidate sharing a small tag is found by listing that tag's members.
/// A candidate sharing only large tags cannot be listed cheaply, since large
/// tags hold thousands of briefings, but the number of large tags it shares
/// can be read from the bitsets 64 briefings at a time. For each such number,
/// highest first, the search walks outward from the briefing's own place
/// (dates are in index order) and stops as soon as nothing farther could
/// enter the best five.
private struct RelatedSearch {
    /// One side of a walk: the word it has reached and the bits there not yet offered.
    typealias WalkSide = (word: Int, bits: UInt64)

    let archive: RelatedArchive
    /// The briefing's own tags, by tag.
    var isOwn: [Bool]
    /// Briefings already offered (or the briefing itself), by index.
    var seen: [UInt64]
    var smallTags: [Int] = []
    var largeBitsets: [Int] = []
    var best = BestFive()

    init(_ archive: RelatedArchive) {
        self.archive = archive
        isOwn = [Bool](repeating: false, count: archive.members.count)
        seen = [UInt64](repeating: 0, count: archive.words)
    }

    mutating func related(to index: Int) -> [Int] {
        sortOwnTags(of: index)
        best.removeAll()
        markSeen(index)
        for tag in smallTags {
            for other in archive.members[tag] where !isSeen(other) {
                markSeen(other)
                best.offer(other, count: sharedCount(other), distance: archive.distance(index, other))
            }
        }
        if !largeBitsets.isEmpty {
            // A count below the fifth best's cannot enter the list.
            for count in stride(from: largeBitsets.count, through: 1, by: -1) where !best.rejects(count: count, distance: 0) {
                walk(around: index, sharing: count)
            }
        }
        // Every bit set was set for this briefing, so whole words can be cleared.
        for tag in smallTags {
            for other in archive.members[tag] { seen[other >> 6] = 0 }
        }
        seen[index >> 6] = 0
        for position in archive.tagStarts[index]..<archive.tagStarts[index + 1] { isOwn[archive.tagList[position]] = false }
        return best.indices
    }

    /// Marks the briefing's tags as its own and splits them into small ones,
    /// listed in full, and large ones, walked through their bitsets.
    private mutating func sortOwnTags(of index: Int) {
        smallTags.removeAll(keepingCapacity: true)
        largeBitsets.removeAll(keepingCapacity: true)
        for position in archive.tagStarts[index]..<archive.tagStarts[index + 1] {
            let tag = archive.tagList[position]
            guard !isOwn[tag] else { continue }
            isOwn[tag] = true
            let start = archive.bitsetStart[tag]
            if start >= 0, largeBitsets.count < RelatedFinder.maxWalkedTags {
                largeBitsets.append(start)
            } else {
                smallTags.append(tag)
            }
        }
    }

    private func sharedCount(_ other: Int) -> Int {
        var count = 0
        for position in archive.tagStarts[other]..<archive.tagStarts[other + 1] where isOwn[archive.tagList[position]] { count += 1 }
        return count
    }

    private func isSeen(_ briefing: Int) -> Bool { seen[briefing >> 6] & (1 << UInt64(briefing & 63)) != 0 }
    private mutating func markSeen(_ briefing: Int) { seen[briefing >> 6] |= 1 << UInt64(briefing & 63) }

    /// Offers the unseen briefings that share exactly `count` of the large tags,
    /// nearest in date first, until the rest are too far to enter the best five.
    /// Each side (lower and higher indices) keeps the unoffered bits of the
    /// word it has reached; an empty side's next word is read only when the
    /// nearest briefing it could hold is nearer than the other side's.
    private mutating func walk(around index: Int, sharing count: Int) {
        let home = index >> 6
        let homeBits = candidates(inWord: home, sharing: count)
        let below: UInt64 = (1 << UInt64(index & 63)) &- 1
        var lower: WalkSide = (home, homeBits & below)
        var upper: WalkSide = (home, homeBits & ~below)
        while true {
            // The nearest briefing each side holds, or the nearest its next word could hold.
            let lowerNext = lower.bits != 0 ? lower.word * 64 + 63 - lower.bits.leadingZeroBitCount : lower.word * 64 - 1
            let upperNext = upper.bits != 0 ? upper.word * 64 + upper.bits.trailingZeroBitCount : upper.word * 64 + 64
            let lowerOpen = lower.bits != 0 || lower.word > 0
            let upperOpen = upper.bits != 0 || upper.word < archive.words - 1
            guard lowerOpen || upperOpen else { return }
            let takeLower = lowerOpen && (!upperOpen || archive.distance(index, lowerNext) <= archive.distance(index, upperNext))
            let next = takeLower ? lowerNext : upperNext
            let distance = archive.distance(index, next)
            if best.rejects(count: count, distance: distance) { return }
            if takeLower {
                advance(&lower, by: -1, to: next, sharing: count, distance: distance)
            } else {
                advance(&upper, by: 1, to: next, sharing: count, distance: distance)
            }
        }
    }

    /// Offers a side's nearest briefing, `next`, or when the side holds none
    /// yet, reads its next word instead.
    private mutating func advance(_ side: inout WalkSide, by step: Int, to next: Int, sharing count: Int, distance: Int64) {
        if side.bits == 0 {
            side.word += step
            side.bits = candidates(inWord: side.word, sharing: count)
        } else {
            side.bits &= ~(1 << UInt64(next & 63))
            best.offer(next, count: count, distance: distance)
        }
    }

    /// The unseen briefings in one word of 64 that are in exactly `count` of
    /// the large tags: the tags' bits are added up bit-parallel in four planes.
    private func candidates(inWord word: Int, sharing count: Int) -> UInt64 {
        var (one, two, four, eight): (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for start in largeBitsets {
            let bits = archive.bits[start + word]
            let carryOne = one & bits
            one ^= bits
            let carryTwo = two & carryOne
            two ^= carryOne
            let carryFour = four & carryTwo
            four ^= carryTwo
            eight ^= carryFour
        }
        func plane(_ plane: UInt64, _ bit: Int) -> UInt64 { count & bit != 0 ? plane : ~plane }
        return plane(one, 1) & plane(two, 2) & plane(four, 4) & plane(eight, 8) & ~seen[word]
    }
}

/// The best five candidates so far, best first: most shared tags, then
/// nearest in date, then lowest index.
private struct BestFive {
    private var entries: [(index: Int, count: Int, distance: Int64)] = []

    init() { entries.reserveCapacity(RelatedFinder.limit + 1) }

    var isFull: Bool { entries.count == RelatedFinder.limit }
    var indices: [Int] { entries.map(\.index) }

    /// Whether no candidate with this count, this far or farther, can enter
    /// the list; one exactly as far may still win on index.
    func rejects(count: Int, distance: Int64) -> Bool {
        guard isFull, let worst = entries.last else { return false }
        return count < worst.count || (count == worst.count && distance > worst.distance)
    }

    mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    mutating func offer(_ index: Int, count: Int, distance: Int64) {
        func precedes(_ entry: (index: Int, count: Int, distance: Int64)) -> Bool {
            if count != entry.count { return count > entry.count }
            return distance != entry.distance ? distance < entry.distance : index < entry.index
        }
        if isFull, !precedes(entries[entries.count - 1]) { return }
        var position = entries.count
        while position > 0, precedes(entries[position - 1]) { position -= 1 }
        entries.insert((index, count, distance), at: position)
        if entries.count > RelatedFinder.limit { entries.removeLast() }
    }
}
