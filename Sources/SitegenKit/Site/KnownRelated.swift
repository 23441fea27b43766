/// Related briefings as the last build found them, kept by the build cache.
/// They depend only on the briefings' order, dates and tags, so when none of
/// those changed (an edited body, a new summary) they are reused as they are:
/// finding them is the costliest step of assembling a large site.
struct KnownRelated: Sendable, Equatable {
    /// `signature(…)` of the site they were found for.
    var signature: UInt64
    /// Per briefing, newest first: indices into the site's briefings.
    var lists: [[Int]]

    /// Everything `RelatedFinder` reads: each briefing's date and tags, in order.
    static func signature(briefings: [Briefing], tagsOfBriefing: [[Int]]) -> UInt64 {
        var builder = FingerprintBuilder()
        builder.add("related, limit \(RelatedFinder.limit)")
        builder.add(briefings.count)
        for (briefing, tags) in zip(briefings, tagsOfBriefing) {
            builder.add(Int(briefing.date.epochSeconds))
            builder.add(tags.count)
            for tag in tags { builder.add(tag) }
        }
        return builder.finish()
    }

    func write(to out: inout CacheWriter) {
        out.unsigned(signature)
        out.list(lists) { out, list in out.list(list) { $0.int($1) } }
    }

    init(signature: UInt64, lists: [[Int]]) {
        (self.signature, self.lists) = (signature, lists)
    }

    init(from input: inout CacheReader) throws(CacheDamage) {
        signature = try input.unsigned()
        lists = try input.list { (input: inout CacheReader) throws(CacheDamage) in
            try input.list { (input: inout CacheReader) throws(CacheDamage) in try input.int() }
        }
    }
}
