/// Everything the pages are made from: the published briefings in order and the
/// ways a reader can group them. Briefings are referred to by index into
/// `briefings`, which is newest first.
public struct Site: Sendable {
    public let config: SiteConfig
    /// Newest first; ties by title, then content path.
    public let briefings: [Briefing]
    /// By slug (so the order does not depend on spelling).
    public let tags: [TagGroup]
    /// Newest year first, each with its months newest first.
    public let years: [YearGroup]
    /// Latest development first.
    public let stories: [StoryGroup]
    /// Per briefing: indices into `tags`, in the briefing's own order.
    public let tagsOfBriefing: [[Int]]
    /// Per briefing: index into `stories`.
    public let storyOfBriefing: [Int?]
    /// Per briefing: up to five related briefings. Asked for, waits until they
    /// are found (`SiteBuilder`): only briefing pages show them, so the search
    /// goes on beside the planning of the pages and the making of their folders.
    public var related: [[Int]] { relatedLists.value }
    let relatedLists: BackgroundResult<[[Int]]>
    public let excluded: ExcludedCount
    /// What the related lists were found from (`KnownRelated.signature`).
    let relatedSignature: UInt64
}

extension Site {
    /// The nearest earlier and later months that have briefings, for a month page's links.
    func neighbours(ofMonth monthIndex: Int, inYear yearIndex: Int) -> (earlier: MonthGroup?, later: MonthGroup?) {
        let all = years.flatMap(\.months)  // Newest first, a few hundred at most.
        guard let position = all.firstIndex(of: years[yearIndex].months[monthIndex]) else { return (nil, nil) }
        return (position + 1 < all.count ? all[position + 1] : nil, position > 0 ? all[position - 1] : nil)
    }
}

public struct ExcludedCount: Sendable, Equatable {
    public var drafts = 0
    public var future = 0
}

public struct TagGroup: Sendable, Equatable {
    /// The most common spelling among the briefings that use it.
    public let name: String
    public let slug: String
    /// Newest first.
    public let briefings: [Int]
    public var url: String { "/tags/\(slug)/" }
}

public struct YearGroup: Sendable, Equatable {
    public let year: Int
    public let months: [MonthGroup]
    public var url: String { "/\(pad(year, 4))/" }
    public var count: Int { months.reduce(0) { $0 + $1.briefings.count } }
}

public struct MonthGroup: Sendable, Equatable {
    public let year: Int
    public let month: Int
    /// Newest first.
    public let briefings: [Int]
    public var url: String { "/\(pad(year, 4))/\(pad(month))/" }
}

public struct StoryGroup: Sendable, Equatable {
    public let key: String
    public let slug: String
    public let title: String
    public let description: String
    /// Oldest first: a story is read as it developed.
    public let briefings: [Int]
    public var url: String { "/stories/\(slug)/" }
}
