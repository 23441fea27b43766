/// Related briefings as the last build found them, kept by the build cache.
/// They depend only on the briefings' order, dates and tags, so when none of
/// those changed (an edited body, a new summary) they are reused as they are:
/// finding them is the costliest step of assembling a large site. When a few
/// briefings were added, removed, redated or retagged, `RelatedUpdate` brings
/// the lists up to date from what each briefing was related to before.
struct KnownRelated: Sendable, Equatable {
    /// `signature(…)` of the site they were found for.
    var signature: UInt64
    /// Per briefing, newest first: indices into the site's briefings.
    var lists: [[Int]]
    /// Per briefing: which file it is (`identity`), and everything of it the
    /// search reads (`inputs`), to match the briefings of the next build with these.
    var identities: [UInt64] = []
    var inputs: [UInt64] = []

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

    /// A briefing's file, by its path in `content/`.
    static func identity(of briefing: Briefing) -> UInt64 { XXHash64.hash(briefing.contentPath) }

    /// Each briefing's date and tags, tags by slug (tag indices shift when a tag
    /// comes or goes). A briefing's tags are summed, so their order does not
    /// matter: nothing is allocated or sorted for ten thousand briefings.
    static func inputs(briefings: [Briefing], tagsOfBriefing: [[Int]], tags: [TagGroup]) -> [UInt64] {
        let tagHashes = tags.map { XXHash64.hash($0.slug) }
        return zip(briefings, tagsOfBriefing).map { briefing, tags in
            let sum = tags.reduce(UInt64(tags.count)) { $0 &+ tagHashes[$1] }
            return XXHash64.hash(UInt64(bitPattern: briefing.date.epochSeconds), sum)
        }
    }

    /// The related lists of `site`, with what the next build needs to update them.
    init(site: Site) {
        self.init(signature: site.relatedSignature, lists: site.related)
        identities = site.briefings.map(Self.identity(of:))
        inputs = Self.inputs(briefings: site.briefings, tagsOfBriefing: site.tagsOfBriefing, tags: site.tags)
    }

    init(signature: UInt64, lists: [[Int]]) {
        (self.signature, self.lists) = (signature, lists)
    }

    func write(to out: inout CacheWriter) {
        out.unsigned(signature)
        out.list(lists) { out, list in out.list(list) { $0.int($1) } }
        out.list(identities) { $0.fixed($1) }
        out.list(inputs) { $0.fixed($1) }
    }

    init(from input: inout CacheReader) throws(CacheDamage) {
        signature = try input.unsigned()
        lists = try input.list { (input: inout CacheReader) throws(CacheDamage) in
            try input.list { (input: inout CacheReader) throws(CacheDamage) in try input.int() }
        }
        identities = try input.list { (input: inout CacheReader) throws(CacheDamage) in try input.fixed() }
        inputs = try input.list { (input: inout CacheReader) throws(CacheDamage) in try input.fixed() }
    }
}
