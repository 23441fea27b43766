/// Up to five related briefings for each briefing: most shared tags first, then
/// nearest in date, then newest-first order, so the choice is deterministic.
enum RelatedFinder {
    static let limit = 5
    /// A briefing with more walked tags than this lists the rest instead:
    /// rare, and it keeps the walk's counters to four bits.
    static let maxWalkedTags = 15
    private static let batchSize = 256

    /// How the lists are found. `automatic`: through a `TagSetIndex` when the
    /// archive allows one (in date order, as a site keeps it, and at most
    /// `TagSetIndex.maxTags` tags a briefing), else by `RelatedSearch`. Tests
    /// name `bitsets` to take the second way on any archive; `denseFrom`
    /// overrides the tag size from which a tag is kept as a bitset and walked
    /// rather than listed.
    enum Method {
        case automatic
        case bitsets(denseFrom: Int?)
    }

    static func find(briefings: [Briefing], tagsOfBriefing: [[Int]], tags: [TagGroup], method: Method = .automatic) -> [[Int]] {
        let seconds = briefings.map(\.date.epochSeconds)
        let pairs = zip(seconds, seconds.dropFirst())
        let inDateOrder = pairs.allSatisfy { $0 >= $1 } || pairs.allSatisfy { $0 <= $1 }
        if case .automatic = method, inDateOrder, let index = TagSetIndex(tagsOfBriefing: tagsOfBriefing, tagCount: tags.count) {
            return inBatches(count: briefings.count) {
                TagSetSearch(index: index, seconds: seconds)
            } each: {
                $0.related(to: $1)
            }
        }
        var denseFrom: Int?
        if case .bitsets(let size) = method { denseFrom = size }
        let archive = RelatedArchive(
            seconds: seconds, inDateOrder: inDateOrder, tagsOfBriefing: tagsOfBriefing, tags: tags, denseFrom: denseFrom)
        return inBatches(count: briefings.count) {
            RelatedSearch(archive)
        } each: {
            $0.related(to: $1)
        }
    }

    /// Every briefing's list, in batches spread over the cores; each batch
    /// reuses one search's scratch space, cleared after each briefing.
    private static func inBatches<Search>(
        count: Int, _ makeSearch: @Sendable () -> Search, each related: @Sendable (inout Search, Int) -> [Int]
    ) -> [[Int]] {
        let batchStarts = Array(stride(from: 0, to: count, by: batchSize))
        let batches = batchStarts.parallelMap { start -> [[Int]] in
            var search = makeSearch()
            return (start..<min(start + batchSize, count)).map { related(&search, $0) }
        }
        return batches.flatMap { $0 }
    }
}

/// What the search reads for every briefing, built once: dates, each
/// briefing's tags and each tag's members in flat lists, and a bitset of every
/// tag large enough to be walked.
private struct RelatedArchive: Sendable {
    let seconds: [Int64]
    let tagStarts: [Int]
    let tagList: [Int]
    /// Each tag's members, in index order, one tag after another.
    let memberStarts: [Int]
    let memberList: [UInt32]
    /// For each tag, where its bitset starts in `bits`, or -1 when it has none.
    let bitsetStart: [Int]
    let bits: [UInt64]
    let words: Int

    init(seconds: [Int64], inDateOrder: Bool, tagsOfBriefing: [[Int]], tags: [TagGroup], denseFrom: Int?) {
        self.seconds = seconds
        tagStarts = tagsOfBriefing.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        tagList = tagsOfBriefing.flatMap { $0 }
        memberStarts = tags.reduce(into: [0]) { $0.append($0.last! + $1.briefings.count) }
        memberList = tags.flatMap { $0.briefings.lazy.map { UInt32($0) } }
        words = (seconds.count + 63) / 64
        // Walking a tag outward by date needs briefings in date order, as a site
        // keeps them; otherwise every tag is listed in full.
        // Listing costs a tag's size where a walk costs up to `words` reads of
        // each walked tag, so only tags this large get a bitset and are walked;
        // that also keeps the bitsets' memory linear.
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

    func size(of tag: Int) -> Int { memberStarts[tag + 1] - memberStarts[tag] }
    func distance(_ a: Int, _ b: Int) -> Int64 { abs(seconds[a] - seconds[b]) }
    func has(bitsetAt start: Int, _ briefing: Int) -> Bool { bits[start + briefing >> 6] & (1 << UInt64(briefing & 63)) != 0 }
}

/// The search for one briefing's related briefings, with scratch space reused
/// from one briefing to the next.
///
/// Each of the briefing's tags is listed or walked. A listed tag's members are
/// counted one by one, and a walked tag's bitset tells whether they are in it
/// too, so every candidate found by listing gets its full count. A candidate
/// in walked tags only cannot be listed cheaply, since those tags hold
/// thousands of briefings, but the number of walked tags it is in can be read
/// from the bitsets 64 briefings at a time. For each such number, highest
/// first, the search walks outward from the briefing's own place (dates are in
/// index order) and stops as soon as nothing farther could enter the best five.
private struct RelatedSearch {
    /// One side of a walk: the word it has reached and the bits there not yet offered.
    typealias WalkSide = (word: Int, bits: UInt64)
    /// Words a walk reads outward before it sweeps the rest, if the list is not full by then.
    static let sweepAfter = 16

    let archive: RelatedArchive
    /// How many of the briefing's tags each listed candidate is in, by index;
    /// zero between searches.
    let counts: ScratchBuffer<UInt32>
    /// Briefings already offered (or the briefing itself), by index.
    let seen: ScratchBuffer<UInt64>
    /// Briefings found by listing, each once.
    var candidates: [Int] = []
    /// How many candidates share each number of tags.
    var histogram: [Int] = []
    var listedTags: [Int] = []
    var walkedTags: [Int] = []
    var walkedBitsets: [Int] = []
    var best = BestFive()

    init(_ archive: RelatedArchive) {
        self.archive = archive
        counts = ScratchBuffer(count: archive.seconds.count)
        seen = ScratchBuffer(count: archive.words)
    }

    mutating func related(to index: Int) -> [Int] {
        splitOwnTags(of: index)
        best.removeAll()
        markSeen(index)
        offerListed(around: index)
        if !walkedBitsets.isEmpty {
            // A count below the fifth best's cannot enter the list.
            for count in stride(from: walkedBitsets.count, through: 1, by: -1) where !best.rejects(count: count, distance: 0) {
                walk(around: index, sharing: count)
            }
        }
        // Every bit set was set for this briefing, so whole words can be cleared.
        for other in candidates { seen[other >> 6] = 0 }
        seen[index >> 6] = 0
        return best.indices
    }

    /// Splits the briefing's tags, each once, into listed ones and walked ones:
    /// tags with a bitset, at most `maxWalkedTags` of them, the largest.
    private mutating func splitOwnTags(of index: Int) {
        listedTags.removeAll(keepingCapacity: true)
        walkedTags.removeAll(keepingCapacity: true)
        walkedBitsets.removeAll(keepingCapacity: true)
        for position in archive.tagStarts[index]..<archive.tagStarts[index + 1] {
            let tag = archive.tagList[position]
            guard !listedTags.contains(tag), !walkedTags.contains(tag) else { continue }
            if archive.bitsetStart[tag] >= 0 {
                walkedTags.append(tag)
            } else {
                listedTags.append(tag)
            }
        }
        if walkedTags.count > RelatedFinder.maxWalkedTags {
            walkedTags.sort { archive.size(of: $0) > archive.size(of: $1) }
            listedTags += walkedTags[RelatedFinder.maxWalkedTags...]
            walkedTags.removeLast(walkedTags.count - RelatedFinder.maxWalkedTags)
        }
        for tag in walkedTags { walkedBitsets.append(archive.bitsetStart[tag]) }
    }

    /// Counts the members of every listed tag, adds the walked tags each is in,
    /// and offers those with enough shared tags to enter the best five.
    private mutating func offerListed(around index: Int) {
        candidates.removeAll(keepingCapacity: true)
        for tag in listedTags {
            for position in archive.memberStarts[tag]..<archive.memberStarts[tag + 1] {
                let other = Int(archive.memberList[position])
                if counts[other] == 0 && other != index { candidates.append(other) }
                counts[other] += 1
            }
        }
        counts[index] = 0
        histogram.removeAll(keepingCapacity: true)
        histogram.append(contentsOf: repeatElement(0, count: listedTags.count + walkedBitsets.count + 1))
        for other in candidates {
            var count = counts[other]
            for start in walkedBitsets where archive.has(bitsetAt: start, other) { count += 1 }
            counts[other] = count
            histogram[Int(count)] += 1
            markSeen(other)
        }
        // Five candidates sharing at least `enough` tags leave no room for one sharing fewer.
        var enough = 1
        var atLeast = 0
        for count in stride(from: histogram.count - 1, through: 1, by: -1) {
            atLeast += histogram[count]
            if atLeast >= RelatedFinder.limit {
                enough = count
                break
            }
        }
        for other in candidates {
            let count = Int(counts[other])
            counts[other] = 0
            if count >= enough && !best.rejects(count: count, distance: 0) {
                best.offer(other, count: count, distance: archive.distance(index, other))
            }
        }
    }

    private func markSeen(_ briefing: Int) { seen[briefing >> 6] |= 1 << UInt64(briefing & 63) }

    /// Offers the unseen briefings that share exactly `count` of the walked tags,
    /// nearest in date first, until the rest are too far to enter the best five.
    /// Each side (lower and higher indices) keeps the unoffered bits of the
    /// word it has reached. Once the best five are full, an empty side's next
    /// word is read only when the nearest briefing it could hold is nearer than
    /// the other side's; until then the sides take turns, and a walk that has
    /// read `sweepAfter` words without filling them sweeps the rest.
    private mutating func walk(around index: Int, sharing count: Int) {
        let home = index >> 6
        let homeBits = candidates(inWord: home, sharing: count)
        let below: UInt64 = (1 << UInt64(index & 63)) &- 1
        var lower: WalkSide = (home, homeBits & below)
        var upper: WalkSide = (home, homeBits & ~below)
        var wordsRead = 1
        while true {
            if wordsRead > RelatedSearch.sweepAfter && !best.isFull {
                // Too few briefings share this many tags to fill the list nearby:
                // the rest of the archive is swept in index order, which reads
                // no dates and runs without the walk's branches.
                offer(lower.bits, inWord: lower.word, around: index, sharing: count)
                offer(upper.bits, inWord: upper.word, around: index, sharing: count)
                sweep(0..<lower.word, around: index, sharing: count)
                sweep(upper.word + 1..<archive.words, around: index, sharing: count)
                return
            }
            // The nearest briefing each side holds, or the nearest its next word could hold.
            let lowerNext = lower.bits != 0 ? lower.word * 64 + 63 - lower.bits.leadingZeroBitCount : lower.word * 64 - 1
            let upperNext = upper.bits != 0 ? upper.word * 64 + upper.bits.trailingZeroBitCount : upper.word * 64 + 64
            let lowerOpen = lower.bits != 0 || lower.word > 0
            let upperOpen = upper.bits != 0 || upper.word < archive.words - 1
            guard lowerOpen || upperOpen else { return }
            let takeLower: Bool
            if best.isFull {
                takeLower = lowerOpen && (!upperOpen || archive.distance(index, lowerNext) <= archive.distance(index, upperNext))
                if best.rejects(count: count, distance: archive.distance(index, takeLower ? lowerNext : upperNext)) { return }
            } else {
                // Nothing is rejected before the list is full, so the sides take
                // turns without reading dates: a sparse count is walked to both
                // ends of the archive, and each date read there misses the cache.
                takeLower = lowerOpen && (!upperOpen || lower.word + upper.word >= 2 * home)
            }
            let reads = takeLower ? lower.bits == 0 : upper.bits == 0
            if takeLower {
                advance(&lower, by: -1, to: lowerNext, around: index, sharing: count)
            } else {
                advance(&upper, by: 1, to: upperNext, around: index, sharing: count)
            }
            if reads { wordsRead += 1 }
        }
    }

    /// Offers every candidate in `range`'s words, in index order.
    private mutating func sweep(_ range: Range<Int>, around index: Int, sharing count: Int) {
        for word in range {
            let found = candidates(inWord: word, sharing: count)
            if found != 0 { offer(found, inWord: word, around: index, sharing: count) }
        }
    }

    private mutating func offer(_ found: UInt64, inWord word: Int, around index: Int, sharing count: Int) {
        var found = found
        while found != 0 {
            let other = word * 64 + found.trailingZeroBitCount
            found &= found &- 1
            best.offer(other, count: count, distance: archive.distance(index, other))
        }
    }

    /// Offers a side's nearest briefing, `next`, or when the side holds none
    /// yet, reads its next word instead.
    private mutating func advance(_ side: inout WalkSide, by step: Int, to next: Int, around index: Int, sharing count: Int) {
        if side.bits == 0 {
            side.word += step
            side.bits = candidates(inWord: side.word, sharing: count)
        } else {
            side.bits &= ~(1 << UInt64(next & 63))
            best.offer(next, count: count, distance: archive.distance(index, next))
        }
    }

    /// The unseen briefings in one word of 64 that are in exactly `count` of
    /// the walked tags: the tags' bits are added up bit-parallel in four planes.
    private func candidates(inWord word: Int, sharing count: Int) -> UInt64 {
        var (one, two, four, eight): (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for start in walkedBitsets {
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
struct BestFive {
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

/// Scratch space a search clears itself, zeroed when made: read and written
/// through a pointer, so no write checks whether the storage is shared.
private final class ScratchBuffer<Element: FixedWidthInteger> {
    private let storage: UnsafeMutableBufferPointer<Element>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: 0)
    }

    deinit { storage.deallocate() }

    subscript(index: Int) -> Element {
        get { storage[index] }
        set { storage[index] = newValue }
    }
}
