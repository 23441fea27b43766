import Foundation

/// Reads every briefing of `content/`, in parallel: each file is read, its front
/// matter parsed and, unless it links to another content file, its body
/// rendered at once. Bodies that do link to one wait until every briefing's URL
/// is known. With a build cache, a file whose size and mtime are unchanged is
/// neither read nor parsed, and its body is not rendered again unless a
/// briefing it links to moved.
///
/// Why render while reading: rendered in a later pass, each file's Markdown
/// had long left the processor's caches and was read from memory again, and
/// all of it (52 MB for 10,000 briefings) was held until then. Rendered at
/// once, it is read while still cached and let go at once: the content phase of a cold build of 10,000 briefings went
/// 244.8 → 232.9 ms, its CPU 469.6 → 449.4 ms (30 alternated builds).
struct ContentLoader: Sendable {
    let loader: BriefingLoader
    let contentRoot: String
    let display: DisplayPath
    let policy: PublishPolicy
    let cached: CachedRecords
    /// `contentRoot` held open: files are opened relative to it, so the kernel
    /// walks only their path inside `content/` (nil: by full path).
    let openRoot: OpenFolder?
    /// Whether `Loaded.records` is wanted: only a build with a cache keeps it.
    /// Without one, gathering ten thousand records into their shards was a
    /// serial stretch after every batch of bodies, with the other core idle.
    let keepsRecords: Bool
    /// Whether the items read are left to the process's exit (`LeftForExit`), as a
    /// one-shot build leaves what it made (`BuildOptions.leavesMemoryToExit`),
    /// instead of freed once they are used.
    var leavesMemoryToExit = false

    init(
        loader: BriefingLoader, contentRoot: String, display: DisplayPath, policy: PublishPolicy, cached: CachedRecords,
        keepsRecords: Bool
    ) {
        (self.loader, self.contentRoot, self.display, self.policy, self.cached) = (loader, contentRoot, display, policy, cached)
        self.keepsRecords = keepsRecords
        openRoot = OpenFolder(contentRoot)
    }

    struct Loaded {
        var briefings: [Briefing] = []
        var problems: [Diagnostic] = []
        /// What the next build's cache holds: every briefing read without problems
        /// (empty when the loader does not keep records).
        var records = CachedRecords()
        /// How many briefings were taken whole from the cache.
        var reused = 0
        /// Paths whose record is not as loaded (new, or read and rendered again). A new
        /// mtime for the same bytes is not a change: times are saved apart (`RecordTimes`).
        var changedRecords: [String] = []
        /// Whether every cached record's file is still there: then none is to be dropped.
        var everyRecordSeen = false
    }

    /// One file on its way to a briefing. A class: ten thousand of them are
    /// made on every core, then gathered, batched and handed out again, and each
    /// copy of a struct retained its five strings and objects, on whichever core
    /// made them (a third of a warm build's time reading content).
    ///
    /// `@unchecked Sendable`: `parsed.body` is the only thing changed after the
    /// item is made, and only by `load` between two parallel steps, once no
    /// other thread holds the item.
    private final class Item: @unchecked Sendable {
        var parsed: ParsedBriefing
        /// Whether the briefing will be published, and its URL's hash: for the
        /// URL collision check, made here on every core (see `SiteBuilder.urlCollisions`).
        let publishes: Bool
        let urlHash: UInt64
        let size: Int
        let modified: Int
        let contentHash: UInt64
        let cached: CachedBriefing?
        /// The cache had a record for this path, used or not.
        let hadRecord: Bool
        /// The briefing, rendered as soon as it was read (its Markdown then let
        /// go); nil when it is taken from the cache or links to another briefing.
        let rendered: Rendered?

        init(
            parsed: ParsedBriefing, publishes: Bool, size: Int, modified: Int, contentHash: UInt64, cached: CachedBriefing?,
            hadRecord: Bool, rendered: Rendered? = nil
        ) {
            (self.parsed, self.publishes, self.urlHash) = (parsed, publishes, XXHash64.hash(parsed.url))
            (self.size, self.modified, self.contentHash) = (size, modified, contentHash)
            (self.cached, self.hadRecord, self.rendered) = (cached, hadRecord, rendered)
        }
    }

    /// A briefing and its record for the next build's cache (nil when none is
    /// kept), or its problems.
    private typealias Rendered = Result<(Briefing, CachedBriefing?, reused: Bool), BuildFailure>

    func load(files: [ScannedFile], progress: ProgressCounter) -> Loaded {
        var loaded = Loaded()
        let ready = frontMatter(of: files, progress: progress, problems: &loaded.problems)
        // Paths are unique, so each record is had by one item at most.
        loaded.everyRecordSeen = loaded.problems.isEmpty && ready.count(where: \.hadRecord) == cached.count
        loaded.briefings.reserveCapacity(ready.count)
        if keepsRecords { loaded.records.reserveCapacity(ready.count) }
        let links = ContentLinks {
            Dictionary(ready.lazy.filter(\.publishes).map { ($0.parsed.contentPath, $0.parsed.url) }) { first, _ in first }
        }
        // Bodies not rendered yet (those linking to another briefing, those the
        // cache holds) are done a batch at a time and their Markdown let go.
        for start in stride(from: 0, to: ready.count, by: Self.renderBatch) {
            let batch = start..<min(start + Self.renderBatch, ready.count)
            let rendered = ready[batch].parallelMap { $0.rendered ?? render($0, links: links) }
            for index in batch { ready[index].parsed.body = "" }
            for result in rendered {
                switch result {
                case .success(let (briefing, record, reused)):
                    loaded.briefings.append(briefing)
                    if let record { loaded.records[briefing.contentPath] = record }
                    if reused { loaded.reused += 1 }
                    if !reused && keepsRecords { loaded.changedRecords.append(briefing.contentPath) }
                case .failure(let failure): loaded.problems += failure.diagnostics
                }
            }
        }
        let published = ready.lazy.filter(\.publishes)
        loaded.problems += SiteBuilder.urlCollisions(urlHashes: published.map(\.urlHash), count: ready.count) {
            published.map { (url: $0.parsed.url, sourcePath: $0.parsed.sourcePath, contentPath: $0.parsed.contentPath) }
        }
        // Each item holds its front matter: let go one after another, ten thousand
        // of them and their strings and lists took one core 9 ms with the other idle,
        // and on every core still 3-10 ms of a warm edit. Their bodies are gone
        // already; kept to the exit, they raised a cold build's peak memory from 181
        // to 190-193 MiB for 10,000 briefings.
        if leavesMemoryToExit {
            LeftForExit.keep([ready])
        } else {
            releaseOnEveryCore(consume ready)
        }
        return loaded
    }

    private static let renderBatch = 2048

    /// Every file's front matter, and its body rendered or its text kept, in
    /// parallel; problems are collected.
    private func frontMatter(of files: [ScannedFile], progress: ProgressCounter, problems: inout [Diagnostic]) -> [Item] {
        // What a path in content/ is prefixed with when shown: scanned paths are
        // plain relative paths, so one display path serves every file.
        let displayPrefix = String(display(URL(fileURLWithPath: contentRoot + "/x")).dropLast())
        let items = files.parallelMap { file -> Result<Item, BuildFailure> in
            defer { progress.tick() }
            return item(file, displayPrefix: displayPrefix)
        }
        var ready: [Item] = []
        ready.reserveCapacity(items.count)
        for result in items {
            switch result {
            case .success(let item): ready.append(item)
            case .failure(let failure): problems += failure.diagnostics
            }
        }
        return ready
    }

    /// One file's front matter: from the cache when the file is unchanged, by
    /// size and mtime without reading it, or else by the hash of its bytes.
    /// The scan's size and mtime were taken before the file is read, so a file
    /// changed during the build looks changed to the next one.
    private func item(_ file: ScannedFile, displayPrefix: String) -> Result<Item, BuildFailure> {
        let path = file.path
        let sourcePath = displayPrefix + path
        let identity = file.identity
        let record = cached[path]
        if let record, record.size == identity.size, record.modified == identity.modified, record.modified >= 0 {
            return .success(fromCache(record, path: path, sourcePath: sourcePath, identity: identity))
        }
        switch read(path, sourcePath: sourcePath, size: identity.size) {
        case .failure(let failure): return .failure(failure)
        case .success(let (text, hash)):
            if let record, record.contentHash == hash, record.size == identity.size {
                return .success(fromCache(record, path: path, sourcePath: sourcePath, identity: identity))
            }
            return loader.parse(text: text, sourcePath: sourcePath, contentPath: path).map { parsed in
                var parsed = parsed
                let publishes = policy.publishes(parsed.front)
                let rendered = loader.renderBeforeURLsAreKnown(parsed, reportMissing: publishes, sourceHash: hash)
                    .map { withRecord($0, parsed, size: identity.size, modified: identity.modified, contentHash: hash) }
                if rendered != nil { parsed.body = "" }  // The file's text goes with it.
                return Item(
                    parsed: parsed, publishes: publishes, size: identity.size, modified: identity.modified, contentHash: hash,
                    cached: nil, hadRecord: record != nil, rendered: rendered)
            }
        }
    }

    private func fromCache(_ record: CachedBriefing, path: String, sourcePath: String, identity: FileIdentity) -> Item {
        var record = record
        (record.size, record.modified) = (identity.size, identity.modified)
        let parsed = ParsedBriefing(
            sourcePath: sourcePath, contentPath: path, front: record.front, body: "", bodyFirstLine: record.bodyFirstLine)
        return Item(
            parsed: parsed, publishes: policy.publishes(record.front), size: identity.size, modified: identity.modified,
            contentHash: record.contentHash, cached: record, hadRecord: true)
    }

    /// The file's text and the hash of its bytes; 0 for a loader that keeps no
    /// records, as then nothing compares or stores it (the cache's record, the
    /// pages' fingerprints): hashing the 52 MB, with the bodies' HTML (see
    /// `RenderedHTML.hash`), was 0.4-0.6% of a cold build's CPU, for nothing.
    private func read(_ path: String, sourcePath: String, size: Int? = nil) -> Result<(String, UInt64), BuildFailure> {
        Result { () throws(Diagnostic) in
            try TextFile.readHashed(
                atPath: contentRoot + "/" + path, relativePath: path, in: openRoot, displayPath: sourcePath, size: size,
                hashing: keepsRecords)
        }.mapError { BuildFailure([$0]) }
    }

    private func parse(_ path: String, sourcePath: String) -> Result<ParsedBriefing, BuildFailure> {
        read(path, sourcePath: sourcePath).flatMap { text, _ in loader.parse(text: text, sourcePath: sourcePath, contentPath: path) }
    }

    /// Unpublished briefings may link to each other freely; only what is
    /// published must link to what is published.
    private func render(_ item: Item, links: ContentLinks) -> Rendered {
        let publishes = item.publishes
        if let record = item.cached,
            record.links.allSatisfy({ outcome in
                links.resolve(outcome.destination, from: item.parsed.contentPath) == outcome.resolution
                    && !(publishes && outcome.resolution.isMissing)
            })
        {
            let briefing = loader.briefing(item.parsed, body: record.body, bodySummary: record.bodySummary, sourceHash: item.contentHash)
            return .success((briefing, record, true))
        }
        var parsed = item.parsed
        if item.cached != nil {
            // The cache skipped the body; a link target moved, so read it again.
            switch parse(parsed.contentPath, sourcePath: parsed.sourcePath) {
            case .success(let fresh): parsed = fresh
            case .failure(let failure): return .failure(failure)
            }
        }
        let made = loader.renderRecordingLinks(parsed, links: links, reportMissing: publishes, sourceHash: item.contentHash)
        return withRecord(made, parsed, size: item.size, modified: item.modified, contentHash: item.contentHash)
    }

    /// A briefing rendered from its file, with its record when the cache is kept.
    private func withRecord(
        _ made: (briefing: Result<Briefing, BuildFailure>, links: [CachedBriefing.LinkOutcome]), _ parsed: ParsedBriefing, size: Int,
        modified: Int, contentHash: UInt64
    ) -> Rendered {
        let outcomes = made.links
        return made.briefing.map { briefing in
            let record =
                keepsRecords
                ? CachedBriefing(
                    size: size, modified: modified, contentHash: contentHash, front: parsed.front,
                    bodyFirstLine: parsed.bodyFirstLine, body: briefing.body,
                    bodySummary: parsed.front.summary == nil ? briefing.summary : nil, links: outcomes) : nil
            return (briefing, record, false)
        }
    }
}

extension ContentLinks.Resolution {
    var isMissing: Bool {
        if case .missing = self { return true }
        return false
    }
}
