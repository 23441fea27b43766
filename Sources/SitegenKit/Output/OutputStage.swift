import Foundation

/// Renders every page and feed into a staging folder, copies `static/`, and
/// swaps the result into place.
struct OutputStage {
    let site: Site
    let templates: TemplateLibrary
    let display: DisplayPath
    var timer = PhaseTimer()
    /// What the build cache knows of the published site; nil without a cache.
    var previousOutput: OutputManifest?
    /// What the build cache knows of the spare (the site before that); nil when unknown.
    var spareOutput: OutputManifest?
    /// The output's lock, when the build took it early (to read the spare ahead).
    var lock: OutputLock?
    /// The spare's folder stamps, being read ahead; used if the spare is staged into.
    var spareStamps: SpareStampReader?
    /// With a cache: its fingerprint (sitegen version, settings), which every
    /// page fingerprint includes besides the site itself.
    var cacheFingerprint: String?
    /// Asked once everything is written, before publishing: the name of a cache
    /// file whose bodies failed their hash while the pages were made, or nil.
    var damagedCache: (() -> String?)?
    /// A one-shot build leaves what it made here (page contexts, the plan, feed
    /// entries) to the process's exit: freed one by one, ten thousand list
    /// entries and their members kept one core busy for 20 ms after publishing.
    var leavesMemoryToExit = false

    struct Written {
        var pages: Int
        var files: Int
        /// Pages taken from an earlier build by fingerprint, not rendered.
        var kept = 0
        var folderStamps: [String: FolderStamp] = [:]
        /// Every file written, for the next build's cache; nil without a cache.
        var manifest: OutputManifest?
        /// Set when nothing was published because a body from this cache file
        /// was damaged: the build is to be made again without the cache.
        var abandonedForDamaged: String?
    }

    func write(to output: URL, staticFolder: URL, progress: (@Sendable (BuildProgress) -> Void)?) throws(BuildFailure) -> Written {
        let pages = PagePlanner.plan(site)
        // Each value is kept as soon as it is made: Swift may end a value's life at its last use.
        let leftForExit = leavesMemoryToExit ? LeftForExit.Collection() : nil
        leftForExit?.keep(pages)
        // One stylesheet for every page, named by its hash so browsers fetch it again when it changes.
        let stylesheet = templates.render(["site": PageContext.siteValue(site, styleURL: "")], template: "style")
        let styleURL = "/style.css?v=" + String(XXHash64.hash(stylesheet) >> 32, radix: 16)
        // The search index's parts hold every briefing: each is written, or kept by fingerprint, after the feeds.
        let search = SearchIndexWriter(site: site)
        let searchParts = search.parts()
        let (staticFiles, staticProblems) = staticFileList(staticFolder)
        var problems = staticProblems
        let feedList = FeedWriter.feeds(of: site)
        let feedPaths = feedList.flatMap { feed in ["feed.xml", "feed.json"].map { String(feed.feedBase.dropFirst()) + $0 } }
        let (pagePaths, partPaths) = (pages.map(\.outputPath), searchParts.map(\.path))
        // The folders all but the few generated files need, gathered on a thread
        // of their own (one core, 5-7 ms for 13,000 files) while the sitemap and
        // the rest are made.
        let gatheredFolders = BackgroundResult { FileWriter.folders(for: pagePaths + feedPaths + partPaths + staticFiles) }
        let generated =
            generatedFiles(search: search, parts: searchParts) + [("style.css", String(decoding: stylesheet, as: UTF8.self))]
        // The sitemap is made once the pages are written, unless it is kept by fingerprint.
        let sitemap = SitemapWriter(site: site)
        let sitemapPaths = sitemap.paths(for: pages)
        let generatedPaths = pagePaths + sitemapPaths + generated.map(\.0) + feedPaths + partPaths
        let files = generatedPaths + staticFiles
        // The site's files as a set, to prune a reused spare with: made on a thread
        // of its own while the rest is planned and the spare's stamps are read.
        let fileSet = spareOutput == nil ? nil : BackgroundResult { Set(files) }
        // Looked up only when there are static files: tens of thousands of paths.
        let taken = staticFiles.isEmpty ? [] : Set(generatedPaths)
        for path in staticFiles where taken.contains(path) {
            problems.append(
                Diagnostic(
                    path: display(staticFolder.appending(path: path)),
                    message: "static file has the same path as a generated page (/\(path)); rename or move it"))
        }
        guard problems.isEmpty else { throw BuildFailure(problems) }
        timer.mark("pages planned")

        let recorder = previousOutput.map { _ in OutputRecorder(capacity: generatedPaths.count + staticFiles.count) }
        let publisher: AtomicPublisher
        do {
            publisher = try AtomicPublisher(output: output, lock: lock, reuseSpare: spareOutput != nil)
        } catch {
            throw BuildFailure([error])
        }
        timer.mark(publisher.reusedSpare ? "staging into the spare" : "staging folder made")
        var kept = 0
        var folderStamps: [String: FolderStamp] = [:]
        // Folders the pruner vouched for keep their stamps unless the build changes them.
        let changes = publisher.reusedSpare && recorder != nil ? ChangedFolders() : nil
        var vouched: [String: FolderStamp] = [:]
        // The needed folders not vouched for: found by listing, or made.
        var notVouched: [String] = []
        do throws(Diagnostic) {
            var isFolder: ObjCBool = false
            let hasPrevious = FileManager.default.fileExists(atPath: output.path, isDirectory: &isFolder) && isFolder.boolValue
            let writer = FileWriter(
                root: publisher.staging.path, previousRoot: hasPrevious ? output.path : nil,
                previous: hasPrevious ? previousOutput : nil, recorder: recorder,
                staged: publisher.reusedSpare ? spareOutput : nil, changes: changes,
                openRoot: OpenFolder(publisher.staging.path),
                openPreviousRoot: recorder != nil && hasPrevious ? OpenFolder(output.path) : nil)
            var folders = gatheredFolders.take()
            FileWriter.addFolders(for: sitemapPaths + generated.map(\.0), to: &folders)
            leftForExit?.keep([generatedPaths, files, folders, feedList] as [Any])
            var missing = folders
            if publisher.reusedSpare {
                // Waited for here, not inside the pruner: the timings then show how long.
                if let spareStamps {
                    _ = spareStamps.now
                    timer.mark("spare's folder stamps read")
                }
                let pruned = StagingPruner(
                    root: publisher.staging.path, files: fileSet?.take() ?? Set(files), folders: folders, known: spareOutput,
                    changes: changes,
                    stampsReadAhead: spareStamps
                ).prune()
                missing = pruned.missing(from: folders)
                vouched = pruned.vouched
                notVouched = Array(pruned.found) + missing
                timer.mark("spare pruned, \(pruned.listed) of \(folders.count + 1) folders listed")
            }
            try writer.makeFolders(missing)
            timer.mark("folders made")
            let writing = ProgressCounter(total: pages.count, report: progress, event: BuildProgress.writing)
            let fingerprints =
                recorder == nil
                ? nil
                : cacheFingerprint.map {
                    PageFingerprints(site: site, templates: self.templates, styleURL: styleURL, cacheFingerprint: $0)
                }
            // Pages whose fingerprint is unchanged are taken from the last build; only the rest are rendered.
            let pagePrints = pages.parallelMap { fingerprints?.page($0) }
            let reused = pages.indices.parallelMap { index in
                pagePrints[index].map { writer.reuse(pages[index].outputPath, fingerprint: $0) } ?? false
            }
            // Lists first, briefings after: work is handed out in runs of pages, and the
            // plan ends with its year and month pages, each listing a month of briefings,
            // so their last run could keep one core busy for milliseconds (11 in one
            // per-thread profile) after the other was done.
            let toRender =
                pages.indices.filter { !reused[$0] && !pages[$0].isBriefing }
                + pages.indices.filter { !reused[$0] && pages[$0].isBriefing }
            kept = pages.count - toRender.count
            writing.tick(by: kept)
            if fingerprints != nil { timer.mark("page fingerprints taken, \(kept) pages kept") }
            // A build rendering a few pages builds only the list entries they show;
            // one whose pages list about as many entries as there are briefings builds each once.
            let listed = toRender.count * site.config.pageSize
            let context = PageContext(site: site, styleURL: styleURL, summariesUpFront: listed > site.briefings.count)
            leftForExit?.keep(context)
            let templates = self.templates
            try toRender.parallelForEach { (index: Int) throws(Diagnostic) in
                defer { writing.tick() }
                let page = pages[index]
                try templates.render(context.context(for: page), template: page.template) { (html) throws(Diagnostic) in
                    try writer.write(html, to: page.outputPath, fingerprint: pagePrints[index] ?? 0)
                }
            }
            timer.mark("pages rendered and written")
            // The sitemap's files are kept together or made again together, on a thread
            // of their own while the feeds are: its fingerprint goes over every page, and
            // made after the feeds, it was a stretch with one core working, the other idle.
            // Waited for however this scope is left: no file is written into a staging
            // folder being abandoned.
            let sitemapWritten = BackgroundResult {
                Result { () throws(Diagnostic) in
                    let print = fingerprints?.sitemap(sitemap, pages: pages)
                    if let print, sitemapPaths.allSatisfy({ writer.reuse($0, fingerprint: print) }) { return }
                    for (path, text) in sitemap.files(for: pages) { try writer.write(text, to: path, fingerprint: print ?? 0) }
                }
            }
            defer { _ = sitemapWritten.value }
            // Feeds made from the same entries as before are kept; only the rest are encoded.
            let feedPrints = feedList.map { fingerprints?.feed($0) }
            let stale = feedList.indices.filter { index in
                let folder = String(feedList[index].feedBase.dropFirst())
                guard let fingerprint = feedPrints[index] else { return true }
                let keptAtom = writer.reuse(folder + "feed.xml", fingerprint: fingerprint)
                return !(writer.reuse(folder + "feed.json", fingerprint: fingerprint) && keptAtom)
            }
            let feeds = FeedWriter(site: site)
            try stale.parallelForEach { (index: Int) throws(Diagnostic) in
                let (feed, fingerprint) = (feedList[index], feedPrints[index] ?? 0)
                let folder = String(feed.feedBase.dropFirst())
                try writer.write(feeds.atom(feed), to: folder + "feed.xml", fingerprint: fingerprint)
                try writer.write(feeds.json(feed), to: folder + "feed.json", fingerprint: fingerprint)
            }
            try searchParts.parallelForEach { (part: SearchIndexWriter.Part) throws(Diagnostic) in
                let fingerprint = fingerprints?.searchPart(part)
                if let fingerprint, writer.reuse(part.path, fingerprint: fingerprint) { return }
                try writer.write(search.entries(part), to: part.path, fingerprint: fingerprint ?? 0)
            }
            try sitemapWritten.value.get()
            for (path, text) in generated { try writer.write(text, to: path) }
            for path in staticFiles { try copyStatic(staticFolder.appending(path: path), to: path, writer: writer) }
            timer.mark("feeds, sitemap, static written")
            if recorder != nil {
                // Stamped again: the root, every folder not vouched for, and those
                // vouched for that the build changed. The rest keep their stamps.
                var fresh = [""] + (publisher.reusedSpare ? notVouched : Array(folders))
                for folder in changes?.changed ?? [] where vouched.removeValue(forKey: folder) != nil { fresh.append(folder) }
                folderStamps = FolderStamp.take(root: publisher.staging.path, fresh: fresh, keeping: vouched)
            }
            if let damaged = damagedCache?() {
                publisher.abandon()
                return Written(pages: pages.count, files: 0, abandonedForDamaged: damaged)
            }
            try publisher.publish(keepSpare: previousOutput != nil)
            timer.mark("published")
        } catch {
            publisher.abandon()
            throw BuildFailure([error])
        }
        var manifest = recorder.map { _ in OutputManifest() }
        if let recorder {
            manifest?.entries = recorder.recorded
            manifest?.folders = folderStamps
        }
        return Written(
            pages: pages.count, files: generatedPaths.count + staticFiles.count, kept: kept,
            manifest: manifest)
    }

    /// The search index's manifest and robots.txt, by output path.
    private func generatedFiles(search: SearchIndexWriter, parts: [SearchIndexWriter.Part]) -> [(String, String)] {
        [
            (SearchIndexWriter.manifestPath, search.manifest(parts)),
            ("robots.txt", "User-agent: *\nAllow: /\n\nSitemap: \(site.config.baseURL)sitemap.xml\n"),
        ]
    }

    private func staticFileList(_ folder: URL) -> ([String], [Diagnostic]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return ([], [])
        }
        return FolderScanner(root: folder, displayPath: display.callAsFunction, includeHidden: true).files()
    }

    private func copyStatic(_ source: URL, to path: String, writer: FileWriter) throws(Diagnostic) {
        let data: Data
        do {
            data = try Data(contentsOf: source)
        } catch {
            throw Diagnostic(path: display(source), message: "cannot read static file: \(TextFile.reason(for: error))")
        }
        try writer.write(data, to: path)
    }
}
