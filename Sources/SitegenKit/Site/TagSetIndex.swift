/// For every set of one to four tags that some briefing has, the briefings that
/// have all of them, in index order: what `TagSetSearch` walks.
///
/// Why: the bitset search (`RelatedSearch`) lists every member of a small tag
/// and sweeps the whole archive when few briefings share many tags, and both
/// grow with the archive, so finding related briefings took about 45 times as
/// long for 100,000 briefings as for 10,000 (0.99-1.25 s against 19-26 ms).
/// With these lists a search reads only the briefings nearest its own in each
/// list, or the whole of a list that is short: 0.34-0.44 s for 100,000.
///
/// Built only when every briefing has at most `maxTags` tags (news briefings
/// have two to six), so a briefing files at most 162 sets, and fewer than 65,535
/// tags, so a set of four packs into one integer (16 bits a tag).
struct TagSetIndex: Sendable {
    static let maxTags = 8
    static let maxSetSize = 4

    /// Each briefing's tags, each once, ascending, one briefing after another.
    let tagStarts: [Int]
    let tagList: [UInt16]
    /// Where each set's briefings start in `members`, by the slot the set
    /// had in the table it was counted in; they end where the next slot's start.
    private let starts: [Int32]
    let members: [UInt32]
    /// What each briefing filed, one briefing after another (`entries(of:)`):
    /// its set's slot, and the briefing's own place in that set's members, so a
    /// search finds its lists and its place in each without looking anything up.
    private let entryStarts: [Int]
    private let filedSlots: [Int32]
    private let places: [Int32]

    /// The subsets a briefing files, as bit masks over its tags, ascending:
    /// those of one to four tags. A briefing of `k` tags files the first
    /// `setCounts[k]` (the masks below 1 << k). One flat list, not a list per
    /// count: reading an inner list retained it, once per briefing.
    static let masks: [UInt32] = (1..<(UInt32(1) << maxTags)).filter { $0.nonzeroBitCount <= maxSetSize }
    static let setCounts: [Int] = (0...maxTags).map { count in masks.count { $0 < 1 << count } }

    init?(tagsOfBriefing: [[Int]], tagCount: Int) {
        guard tagCount < Int(UInt16.max) else { return nil }
        var tagStarts = [0]
        tagStarts.reserveCapacity(tagsOfBriefing.count + 1)
        var tagList: [UInt16] = []
        var entryStarts = [0]
        entryStarts.reserveCapacity(tagsOfBriefing.count + 1)
        for tags in tagsOfBriefing {
            let start = tagList.count
            for tag in tags { tagList.append(UInt16(tag)) }
            tagList[start...].sort()
            // `TagGrouper` lists a tag once a briefing; a list made otherwise is held to that too.
            var kept = start
            for position in start..<tagList.count where position == start || tagList[position] != tagList[kept - 1] {
                tagList[kept] = tagList[position]
                kept += 1
            }
            tagList.removeLast(tagList.count - kept)
            guard kept - start <= Self.maxTags else { return nil }
            entryStarts.append(entryStarts.last! + Self.setCounts[kept - start])
            tagStarts.append(kept)
        }
        // Every set each briefing files, one briefing after another.
        let entries = entryStarts.last!
        var filed: [UInt64] = []
        filed.reserveCapacity(entries)
        let (masks, setCounts) = (Self.masks, Self.setCounts)
        for briefing in tagsOfBriefing.indices {
            let own = tagList[tagStarts[briefing]..<tagStarts[briefing + 1]]
            for mask in masks[..<setCounts[own.count]] { filed.append(Self.key(own, mask)) }
        }
        // Room for half as many different sets as are filed, made again twice
        // as large past three quarters full: in the reference corpus 27-43% of
        // them are different (most briefings share their sets with others),
        // and fresh memory is dear.
        var bits: UInt64 = 10
        while 1 << bits < entries / 2 { bits += 1 }
        var table = SlotTable(bits: bits)
        var slots = table.file(filed)
        while slots == nil {
            bits += 1
            table = SlotTable(bits: bits)
            slots = table.file(filed)
        }
        let filedSlots = slots!
        // Each slot's count becomes where its briefings end; filled from the
        // last briefing back, it ends as where they start, in index order.
        var counts = table.counts
        var total: Int32 = 0
        for slot in counts.indices {
            total += counts[slot]
            counts[slot] = total
        }
        var members = [UInt32](repeating: 0, count: Int(total))
        var places = [Int32](repeating: 0, count: filedSlots.count)
        for briefing in tagsOfBriefing.indices.reversed() {
            for entry in (entryStarts[briefing]..<entryStarts[briefing + 1]).reversed() {
                let slot = Int(filedSlots[entry])
                counts[slot] -= 1
                members[Int(counts[slot])] = UInt32(briefing)
                places[entry] = counts[slot]
            }
        }
        starts = counts
        self.filedSlots = filedSlots
        self.places = places
        self.entryStarts = entryStarts
        self.tagStarts = tagStarts
        self.tagList = tagList
        self.members = members
    }

    /// The tags of `own` that `mask` picks, 16 bits each (tag + 1, so no set is 0).
    static func key(_ own: ArraySlice<UInt16>, _ mask: UInt32) -> UInt64 {
        var key: UInt64 = 0
        var shift: UInt64 = 0
        var rest = mask
        while rest != 0 {
            key |= UInt64(own[own.startIndex + rest.trailingZeroBitCount] + 1) << shift
            shift += 16
            rest &= rest - 1
        }
        return key
    }

    /// What `briefing` filed: entry `entries(of: briefing).lowerBound + n` is
    /// the set of its tags that `masks[n]` picks.
    func entries(of briefing: Int) -> Range<Int> { entryStarts[briefing]..<entryStarts[briefing + 1] }

    /// Where the briefings having every tag of an entry's set are in `members`.
    func list(_ entry: Int) -> Range<Int> {
        let slot = Int(filedSlots[entry])
        return Int(starts[slot])..<Int(starts[slot + 1])
    }

    /// Where the briefing that filed an entry is in that entry's `list`.
    func place(_ entry: Int) -> Int { Int(places[entry]) }

    func tags(of briefing: Int) -> ArraySlice<UInt16> { tagList[tagStarts[briefing]..<tagStarts[briefing + 1]] }
    func tagCount(of briefing: Int) -> Int { tagStarts[briefing + 1] - tagStarts[briefing] }
}

/// The open-addressing table `TagSetIndex` counts its sets in: a slot's set
/// (0 when empty) and how many briefings have it, plus one last count of 0.
private struct SlotTable {
    private var keys: [UInt64]
    private(set) var counts: [Int32]
    private let shift: UInt64

    init(bits: UInt64) {
        keys = [UInt64](repeating: 0, count: 1 << Int(bits))
        counts = [Int32](repeating: 0, count: (1 << Int(bits)) + 1)
        shift = 64 - bits
    }

    /// Counts every set of `filed` into its slot and returns the slots, in
    /// order; nil when more than three quarters of the slots would be taken.
    mutating func file(_ filed: [UInt64]) -> [Int32]? {
        var slots = [Int32](repeating: 0, count: filed.count)
        let shift = shift
        // Through pointers: this runs once per set filed, 1.8 million times for
        // 100,000 briefings, and an array's checks were most of it.
        let fitted = keys.withUnsafeMutableBufferPointer { keys in
            counts.withUnsafeMutableBufferPointer { counts in
                slots.withUnsafeMutableBufferPointer { slots in
                    let (last, limit) = (keys.count - 1, keys.count / 4 * 3)
                    var used = 0
                    for (entry, key) in filed.enumerated() {
                        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
                        while keys[slot] != key && keys[slot] != 0 { slot = (slot + 1) & last }
                        if keys[slot] == 0 {
                            guard used < limit else { return false }
                            keys[slot] = key
                            used += 1
                        }
                        counts[slot] += 1
                        slots[entry] = Int32(slot)
                    }
                    return true
                }
            }
        }
        return fitted ? slots : nil
    }
}
