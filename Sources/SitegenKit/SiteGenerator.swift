import Foundation

/// `sitegen build`, stage by stage: config → content → site → pages → output.
/// Every stage reports all its problems before the build stops, and nothing is
/// published unless every stage succeeded.
public enum SiteGenerator {
    public static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        var scans: UpToDateCheck.Scans?
        let timer = PhaseTimer()
        if options.useCache {
            switch UpToDateCheck.check(options, started: Date()) {
            case .upToDate(let report): return report
            case .stale(let made): scans = made
            }
            timer.mark("up-to-date check: stale")
        }
        return try buildSite(options, scans: scans, timer: timer).report
    }

    /// The build, plus the site it wrote: `check` traces links in the output back
    /// to the briefings they were written in.
    /// `scans`: what a stale up-to-date check already scanned, taken before this build began.
    static func buildSite(_ options: BuildOptions, scans: UpToDateCheck.Scans? = nil, timer: PhaseTimer = PhaseTimer()) throws(BuildFailure)
        -> (
            report: BuildReport, site: Site
        )
    {
        switch try attempt(options, scans: scans, timer: timer, damagedCache: nil) {
        case .built(let report, let site): return (report, site)
        case .cacheDamaged(let file):
            // Nothing was published, and this attempt's lock and staging folder are gone.
            timer.mark("cache found damaged: building again without it")
            switch try attempt(options, scans: scans, timer: timer, damagedCache: file) {
            case .built(let report, let site): return (report, site)
            // Without a cache loaded, no body can be found damaged.
            case .cacheDamaged: throw BuildFailure([Diagnostic(path: file, message: "the build cache is damaged")])
            }
        }
    }

    private enum Attempt {
        case built(BuildReport, Site)
        /// A body from this cache file failed its hash; nothing was published.
        case cacheDamaged(String)
    }

    /// One build. `damagedCache`: a cache file the attempt before found damaged
    /// while making pages; the stored cache is then not loaded at all.
    private static func attempt(_ options: BuildOptions, scans: UpToDateCheck.Scans?, timer: PhaseTimer, damagedCache: String?)
        throws(BuildFailure) -> Attempt
    {
        let started = Date()
        let display = DisplayPath()
        let source = options.source
        let content = try ContentFolder.require(
            in: source, display: display, hint: "run sitegen in a site folder or pass --source DIR")
        try OutputGuard.check(output: options.output, source: source, display: display)

        // Settings, stories and templates: all their problems are reported together.
        var (config, problems) = ConfigLoader.load(siteRoot: source, displayPath: display.callAsFunction)
        if let override = options.baseURL {
            if let base = SiteConfig.normalizedBaseURL(override) {
                config.baseURL = base
            } else {
                problems.append(Diagnostic(path: "--base-url", message: "must be an absolute http(s) URL, found \"\(override)\""))
            }
        }
        let (catalog, storyProblems) = StoryCatalogLoader.load(siteRoot: source, displayPath: display.callAsFunction)
        problems += storyProblems
        var templates: TemplateLibrary?
        switch TemplateLibrary.load(siteTemplates: source.appending(path: "templates"), displayPath: display.callAsFunction) {
        case .success(let library): templates = library
        case .failure(let failure): problems += failure.diagnostics
        }

        timer.mark("settings, stories and templates loaded")
        // Content, with what the last build learned when the cache is on.
        var notes: [String] = []
        var cache: BuildCache?
        if options.useCache {
            let fingerprint = BuildCache.fingerprint(config: config)
            if let damagedCache {
                cache = BuildCache(folder: options.cacheFolder, fingerprint: fingerprint)
                notes.append(BuildCache.damagedNote(damagedCache))
            } else {
                let (loaded, note) = BuildCache.load(folder: options.cacheFolder, fingerprint: fingerprint)
                cache = loaded
                notes += note.map { [$0] } ?? []
            }
        }
        timer.mark("cache loaded")
        // The published site and the spare, as far as the cache knows them.
        let published = cache.map { $0.outputs.root == options.output.path ? $0.outputs : OutputManifest() }
        let spare = cache?.spare.flatMap { $0.root == options.output.path ? $0 : nil }
        let (lock, spareStamps) = readSpareAhead(spare, output: options.output)
        var scanner = FolderScanner(root: content, displayPath: display.callAsFunction)
        // Sizes and mtimes are what the cache compares; without it, unread.
        scanner.readsIdentity = options.useCache
        let (scanned, scanProblems) = scans.map { ($0.content, []) } ?? scanner.scan { $0.hasSuffix(".md") }
        problems += scanProblems
        // Taken before any file is read: a file changed during the build looks changed next time.
        let inputs = options.useCache ? scans?.inputs ?? InputStamp.files(source: source, content: scanned) : []
        var briefingLoader = BriefingLoader(config: config, renderer: MarkdownRenderer(unsafeHTML: config.unsafeHTML))
        briefingLoader.keepsBodyDetails = options.useCache || options.keepsBodyLinks
        briefingLoader.hashesBodies = options.useCache
        var contentLoader = ContentLoader(
            loader: briefingLoader, contentRoot: content.path,
            display: display, policy: options.policy, cached: cache?.briefings ?? CachedRecords(), keepsRecords: cache != nil)
        contentLoader.leavesMemoryToExit = options.leavesMemoryToExit
        let loaded = contentLoader.load(
            files: scanned, progress: ProgressCounter(total: scanned.count, report: options.progress, event: BuildProgress.reading))
        problems += loaded.problems
        let briefings = loaded.briefings
        timer.mark("content read and rendered")
        guard problems.isEmpty, let templates else { throw BuildFailure(problems) }

        let site = SiteBuilder.build(
            config: config, briefings: briefings, stories: catalog, policy: options.policy, knownRelated: cache?.related)
        timer.mark("site assembled")
        let cutoff = (Int(started.timeIntervalSince1970) - 2) * 1_000_000_000
        if cache != nil { BuildCache.forgetOutputState(folder: options.cacheFolder) }
        var stage = OutputStage(
            site: site, templates: templates, display: display, timer: timer, previousOutput: published, spareOutput: spare,
            lock: lock, spareStamps: spareStamps)
        stage.cacheFingerprint = cache?.fingerprint
        stage.damagedCache = cache.map { cache in { cache.damagedBodies } }
        stage.leavesMemoryToExit = options.leavesMemoryToExit
        let written = try stage.write(to: options.output, staticFolder: source.appending(path: "static"), progress: options.progress)
        if let damaged = written.abandonedForDamaged { return .cacheDamaged(damaged) }
        if var cache {
            cache.replaceBriefings(with: loaded.records, changed: loaded.changedRecords, everyRecordSeen: loaded.everyRecordSeen)
            cache.replaceOutputs(with: written.manifest ?? OutputManifest(), root: options.output.path)
            if cache.related?.signature != site.relatedSignature { cache.related = KnownRelated(site: site) }
            cache.stamp = stamp(options, inputs, loaded, site, written)
            notes += cache.save(briefingsModifiedBefore: cutoff).map { [$0] } ?? []
            timer.mark("cache saved")
        }
        if options.leavesMemoryToExit { LeftForExit.keep([cache as Any, loaded, site, written]) }
        let report = BuildReport(
            briefings: site.briefings.count, pages: written.pages, files: written.files,
            excluded: site.excluded, seconds: Date().timeIntervalSince(started), reused: loaded.reused, pagesKept: written.kept,
            notes: notes)
        return .built(report, site)
    }

    /// With a spare the cache describes, the output's lock is taken now and the
    /// spare's folder stamps are read on another thread while content is read
    /// (`SpareStampReader`). Without the lock (another build has it), nothing is
    /// read ahead and the output stage reports the other build as before.
    private static func readSpareAhead(_ spare: OutputManifest?, output: URL) -> (OutputLock?, SpareStampReader?) {
        // Without the root's stamp the pruner vouches for nothing, and reads no stamps.
        guard let spare, spare.folders[""] != nil, let lock = try? OutputLock(output: output) else { return (nil, nil) }
        return (lock, SpareStampReader(spare: AtomicPublisher.sibling("spare", of: output).path, recorded: spare.folderList))
    }

    private static func stamp(
        _ options: BuildOptions, _ inputs: [ScannedFile], _ loaded: ContentLoader.Loaded, _ site: Site, _ written: OutputStage.Written
    ) -> InputStamp {
        let now = Int64(options.policy.now.timeIntervalSince1970)
        let due = loaded.records.records.map(\.front.date.epochSeconds).filter { $0 > now }.min()
        var stamp = InputStamp(
            settings: InputStamp.settings(options), files: inputs, horizon: options.policy.includeFuture ? .max : due ?? .max)
        stamp.briefings = site.briefings.count
        stamp.pages = written.pages
        stamp.outputFiles = written.files
        (stamp.drafts, stamp.future) = (site.excluded.drafts, site.excluded.future)
        return stamp
    }
}

extension PublishPolicy {
    func publishes(_ front: FrontMatter) -> Bool {
        (includeDrafts || !front.draft) && (includeFuture || front.date.epochSeconds <= Int64(now.timeIntervalSince1970))
    }
}

/// Paths as the user typed them: relative to the working folder when inside it.
public struct DisplayPath: Sendable {
    let workingFolder = FileManager.default.currentDirectoryPath

    public init() {}

    public func callAsFunction(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let prefix = workingFolder.hasSuffix("/") ? workingFolder : workingFolder + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

/// Refuses an output folder that would swallow the user's own files: the whole
/// output folder is replaced on every build.
enum OutputGuard {
    static func check(output: URL, source: URL, display: DisplayPath) throws(BuildFailure) {
        let out = output.resolvingSymlinksInPath().path
        let site = source.resolvingSymlinksInPath().path
        let protected = [site] + ["content", "templates", "static", "site.yml", "stories.yml"].map { site + "/" + $0 }
        for path in protected where out == path || path.hasPrefix(out + "/") || (out.hasPrefix(path + "/") && path != site) {
            throw BuildFailure([
                Diagnostic(
                    path: display(output),
                    message:
                        "output folder would replace \(display(URL(fileURLWithPath: path))); choose a folder of its own, such as public/")
            ])
        }
        if out == "/" || out == FileManager.default.homeDirectoryForCurrentUser.path {
            throw BuildFailure([
                Diagnostic(path: out, message: "refusing to replace this folder with the site; choose an output folder of its own")
            ])
        }
    }
}
