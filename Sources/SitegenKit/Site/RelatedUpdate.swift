/// Brings the last build's related lists up to date when a few briefings were
/// added, removed, redated or retagged, instead of searching the whole archive
/// again: at 10,000 briefings that search was most of the time a build adding
/// one briefing spent assembling the site.
///
/// Exact, not an approximation. A list is the best five of a briefing's
/// candidates by (most shared tags, nearest in date, lowest index). Take a
/// briefing whose date and tags are as before and whose old list lost no
/// member: every old candidate still shares as many tags and is as far in
/// date, and the candidates keep their order among themselves (checked below),
/// so none that ranked below its old five can rank above them now. Its new
/// five are therefore among its old five and the briefings that are new or
/// changed. Any other briefing is searched afresh, by listing its tags.
enum RelatedUpdate {
    /// Beyond this many new or changed briefings, or removed ones, a full search is as quick.
    static let maxChanged = 64

    /// The related lists of the new archive, or nil when a full search is needed.
    static func lists(known: KnownRelated, briefings: [Briefing], tagsOfBriefing: [[Int]], tags: [TagGroup]) -> [[Int]]? {
        let oldCount = known.lists.count
        guard known.identities.count == oldCount, known.inputs.count == oldCount else { return nil }
        var oldIndex: [UInt64: Int] = Dictionary(minimumCapacity: oldCount)
        for (index, identity) in known.identities.enumerated() {
            guard oldIndex.updateValue(index, forKey: identity) == nil else { return nil }
        }
        // Which old briefing each new one is, when its date and tags are unchanged.
        var newOfOld = [Int](repeating: -1, count: oldCount)
        var oldOfNew = [Int](repeating: -1, count: briefings.count)
        var changed: [Int] = []
        var lastOld = -1
        let inputs = KnownRelated.inputs(briefings: briefings, tagsOfBriefing: tagsOfBriefing, tags: tags)
        for index in briefings.indices {
            if let old = oldIndex[KnownRelated.identity(of: briefings[index])], known.inputs[old] == inputs[index] {
                // Unchanged briefings in another order (a retitled one among others of
                // the same date) would break ties differently: search everything.
                guard old > lastOld else { return nil }
                lastOld = old
                newOfOld[old] = index
                oldOfNew[index] = old
            } else {
                changed.append(index)
                guard changed.count <= maxChanged else { return nil }
            }
        }
        guard newOfOld.lazy.filter({ $0 < 0 }).count <= maxChanged else { return nil }

        var listing = TagListing(briefings: briefings, tagsOfBriefing: tagsOfBriefing, tags: tags)
        // For each unchanged briefing, the new or changed ones sharing a tag with it.
        var offers: [Int: [(candidate: Int, shared: Int)]] = [:]
        for candidate in changed {
            listing.countShared(with: candidate) { other, shared in
                if oldOfNew[other] >= 0 { offers[other, default: []].append((candidate, shared)) }
            }
        }
        return briefings.indices.map { index in
            let old = oldOfNew[index]
            // New or changed, or its list lost a member: its sixth best was never kept.
            // (An index out of range could only come from a cache of some other making: searched too.)
            guard old >= 0, known.lists[old].allSatisfy({ $0 >= 0 && $0 < oldCount && newOfOld[$0] >= 0 }) else {
                return listing.related(to: index)
            }
            // Nothing new to offer: the old five, in the order they ranked (which stays).
            guard let offered = offers[index] else { return known.lists[old].map { newOfOld[$0] } }
            var best = BestFive()
            let seconds = briefings[index].date.epochSeconds
            for member in known.lists[old] {
                let other = newOfOld[member]
                best.offer(
                    other, count: listing.shared(index, other),
                    distance: abs(briefings[other].date.epochSeconds - seconds))
            }
            for (candidate, shared) in offered {
                best.offer(candidate, count: shared, distance: abs(briefings[candidate].date.epochSeconds - seconds))
            }
            return best.indices
        }
    }
}

/// Related briefings found by listing the members of a briefing's tags and
/// counting how many each shares: the plain search, for the few briefings an
/// update must search afresh.
private struct TagListing {
    let briefings: [Briefing]
    let tagsOfBriefing: [[Int]]
    let tags: [TagGroup]
    /// Shared tags per briefing, for the briefing being listed; zeroed after each.
    private var counts: [Int32]
    private var touched: [Int] = []

    init(briefings: [Briefing], tagsOfBriefing: [[Int]], tags: [TagGroup]) {
        (self.briefings, self.tagsOfBriefing, self.tags) = (briefings, tagsOfBriefing, tags)
        counts = [Int32](repeating: 0, count: briefings.count)
    }

    /// Calls `found` with every other briefing sharing a tag with `index`, and how many tags they share.
    mutating func countShared(with index: Int, _ found: (Int, Int) -> Void) {
        for tag in tagsOfBriefing[index] {
            for member in tags[tag].briefings where member != index {
                if counts[member] == 0 { touched.append(member) }
                counts[member] += 1
            }
        }
        for member in touched {
            found(member, Int(counts[member]))
            counts[member] = 0
        }
        touched.removeAll(keepingCapacity: true)
    }

    mutating func related(to index: Int) -> [Int] {
        var best = BestFive()
        let (briefings, seconds) = (self.briefings, self.briefings[index].date.epochSeconds)
        countShared(with: index) { other, shared in
            best.offer(other, count: shared, distance: abs(briefings[other].date.epochSeconds - seconds))
        }
        return best.indices
    }

    /// How many tags two briefings share; each lists a tag once.
    func shared(_ a: Int, _ b: Int) -> Int {
        tagsOfBriefing[a].reduce(0) { $0 + (tagsOfBriefing[b].contains($1) ? 1 : 0) }
    }
}
