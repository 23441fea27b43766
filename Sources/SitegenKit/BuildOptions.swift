import Foundation

/// What `sitegen build` is asked to do.
public struct BuildOptions: Sendable {
    /// The site folder (holding `content/`, optional `site.yml`, `templates/`, `static/`).
    public var source: URL
    /// Where the site goes; `public/` inside the source by default.
    public var output: URL
    public var policy: PublishPolicy
    /// Replaces `baseURL` from site.yml (e.g. for preview deployments).
    public var baseURL: String?
    /// Called as briefings are read and pages written; from any thread.
    public var progress: (@Sendable (BuildProgress) -> Void)?
    /// Keep what this build learns in `SOURCE/.sitegen-cache/` and reuse what the
    /// last one learned. Output is the same either way; only the time differs.
    public var useCache = true
    /// For a process that exits right after the build: what the build held in
    /// memory is left for the exit to reclaim instead of being freed piece by
    /// piece: the time between the report and the exit of a warm 10,000-briefing
    /// build fell from 0.11-0.19 s to about 0.05 s (busy machine). Never for `serve`.
    public var leavesMemoryToExit = false
    /// Keep each body's heading ids and links with the site, as `check` does to
    /// trace a broken link to the line that wrote it (the cache keeps them
    /// too). A build with neither lets them go as each body is rendered: kept,
    /// they were some 1.2 KB a briefing, 125 MiB of heap for 100,000.
    public var keepsBodyLinks = false

    public var cacheFolder: URL { source.appending(path: BuildCache.folderName) }

    public init(
        source: URL, output: URL? = nil, policy: PublishPolicy = PublishPolicy(), baseURL: String? = nil,
        progress: (@Sendable (BuildProgress) -> Void)? = nil
    ) {
        self.source = source.standardizedFileURL
        self.output = (output ?? source.appending(path: "public")).standardizedFileURL
        self.policy = policy
        self.baseURL = baseURL
        self.progress = progress
    }
}

/// How far a build is: briefings read, then pages written. Sent at the start
/// of each phase (done 0), every `ProgressCounter.step` items, and at its end.
public enum BuildProgress: Sendable, Equatable {
    case reading(done: Int, total: Int)
    case writing(done: Int, total: Int)
}

/// Counts finished items across worker threads and reports every `step`.
final class ProgressCounter: Sendable {
    static let step = 250

    private let lock = NSLock()
    // Guarded by `lock`; `nonisolated(unsafe)` because NSLock, not the compiler, protects it.
    nonisolated(unsafe) private var done = 0
    private let total: Int
    private let report: (@Sendable (BuildProgress) -> Void)?
    private let event: @Sendable (Int, Int) -> BuildProgress

    init(total: Int, report: (@Sendable (BuildProgress) -> Void)?, event: @escaping @Sendable (Int, Int) -> BuildProgress) {
        self.total = total
        self.report = report
        self.event = event
        report?(event(0, total))
    }

    /// `count` more items done (a phase may finish many at once, as pages kept from the last build).
    func tick(by count: Int = 1) {
        guard let report, count > 0 else { return }
        let (before, now) = lock.withLock {
            done += count
            return (done - count, done)
        }
        if now / Self.step > before / Self.step || now == total { report(event(now, total)) }
    }
}

/// What a finished build did, for the one-line summary.
public struct BuildReport: Sendable, Equatable {
    public var briefings: Int
    public var pages: Int
    public var files: Int
    public var excluded: ExcludedCount
    public var seconds: Double
    /// Briefings taken from the build cache without reading or rendering them.
    public var reused: Int = 0
    /// Pages whose inputs were unchanged, kept from the last build without rendering.
    public var pagesKept: Int = 0
    /// Things worth knowing that are not problems, such as a cache that was ignored.
    public var notes: [String] = []
    /// Nothing changed since the last build, so nothing was written.
    public var upToDate = false
}
