import Foundation

/// What to publish: drafts and future-dated briefings only when asked.
public struct PublishPolicy: Sendable {
    public var includeDrafts = false
    public var includeFuture = false
    /// The build's clock, a parameter so tests can fix "now".
    public var now: Date = Date()

    public init(includeDrafts: Bool = false, includeFuture: Bool = false, now: Date = Date()) {
        self.includeDrafts = includeDrafts
        self.includeFuture = includeFuture
        self.now = now
    }
}

/// Orders briefings and groups them by tag, time and story.
enum SiteBuilder {
    /// `known`: related briefings a cache kept; used when the signature matches.
    static func build(
        config: SiteConfig, briefings loaded: [Briefing], stories catalog: StoryCatalog, policy: PublishPolicy,
        knownRelated known: KnownRelated? = nil
    ) -> Site {
        var excluded = ExcludedCount()
        let nowSeconds = Int64(policy.now.timeIntervalSince1970.rounded(.down))
        let published = loaded.filter { briefing in
            if briefing.draft && !policy.includeDrafts {
                excluded.drafts += 1
                return false
            }
            if briefing.date.epochSeconds > nowSeconds && !policy.includeFuture {
                excluded.future += 1
                return false
            }
            return true
        }
        // URL collisions were already reported with every other problem of the content (`ContentLoader`).
        let briefings = published.sorted(by: newestFirst)

        let (tags, tagsOfBriefing) = TagGrouper.group(briefings)
        let searchAll: @Sendable () -> [[Int]] = { RelatedFinder.find(briefings: briefings, tagsOfBriefing: tagsOfBriefing, tags: tags) }
        // Without kept lists the related search is certain: it starts here, on a
        // thread of its own, and goes on beside the timeline, the stories and the
        // signature, and then beside the planning of the pages and the making of
        // their folders, until a briefing page asks for its list (`Site.related`).
        // Waited for here, its index (made on one core, 6-8 ms for 10,000
        // briefings) left the other core idle.
        let search = known == nil ? BackgroundResult(searchAll) : nil
        let years = Timeline.group(briefings)
        let (stories, storyOfBriefing) = StoryGrouper.group(briefings, catalog: catalog)
        let signature = KnownRelated.signature(briefings: briefings, tagsOfBriefing: tagsOfBriefing)
        let kept =
            known.flatMap { $0.signature == signature && $0.lists.count == briefings.count ? $0.lists : nil }
            ?? known.flatMap { RelatedUpdate.lists(known: $0, briefings: briefings, tagsOfBriefing: tagsOfBriefing, tags: tags) }
        let related = search ?? kept.map { BackgroundResult(value: $0) } ?? BackgroundResult(searchAll)
        return Site(
            config: config, briefings: briefings, tags: tags, years: years, stories: stories,
            tagsOfBriefing: tagsOfBriefing, storyOfBriefing: storyOfBriefing, relatedLists: related, excluded: excluded,
            relatedSignature: signature)
    }

    /// Newest first; equal dates by title, then by path, so output never depends on
    /// the order the file system lists files in.
    static func newestFirst(_ a: Briefing, _ b: Briefing) -> Bool {
        if a.date != b.date { return a.date > b.date }
        if a.title != b.title { return a.title < b.title }
        return a.contentPath < b.contentPath
    }

    /// Two briefings on one URL: an error on each later file (in path order)
    /// naming the file that holds the URL first.
    static func urlCollisions(_ briefings: [(url: String, sourcePath: String, contentPath: String)]) -> [Diagnostic] {
        urlCollisions(urlHashes: briefings.lazy.map { XXHash64.hash($0.url) }, count: briefings.count) { briefings }
    }

    /// The same from each briefing's URL hash (XXH64), made where the briefings
    /// were read, on every core: `briefings` is asked for only when two hashes
    /// are equal. Almost every build has no collision, and one pass over a set
    /// of the hashes says so: sorting ten thousand paths first took most of this
    /// check's time, and with a set of the URLs themselves the check took 2.6–3.6
    /// ms of one core, with the other idle; hashing them here, still 2.1–2.3 ms.
    static func urlCollisions(
        urlHashes: some Sequence<UInt64>, count: Int, _ briefings: () -> [(url: String, sourcePath: String, contentPath: String)]
    ) -> [Diagnostic] {
        var seen = Set<UInt64>(minimumCapacity: count)
        guard !urlHashes.allSatisfy({ seen.insert($0).inserted }) else { return [] }
        var owner: [String: String] = [:]
        var problems: [Diagnostic] = []
        for briefing in briefings().sorted(by: { $0.contentPath < $1.contentPath }) {
            if let first = owner[briefing.url] {
                problems.append(
                    Diagnostic(
                        path: briefing.sourcePath, line: 1, column: 1,
                        message: "\(briefing.url) is already the URL of \(first); give one of them a different 'slug:'"))
            } else {
                owner[briefing.url] = briefing.sourcePath
            }
        }
        return problems
    }
}
