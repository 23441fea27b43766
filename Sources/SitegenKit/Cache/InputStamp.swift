import Foundation

/// Everything a build reads, by size and mtime, plus the options that shape its
/// output. When nothing of it changed since the last build and the published
/// site is untouched, the build has nothing to do: `UpToDateCheck`.
struct InputStamp: Sendable, Equatable {
    /// Options that change the output: drafts, future, base URL, output folder.
    var settings: String
    /// `content/…`, `templates/…`, `static/…`, `site.yml`, `stories.yml`.
    var files: [ScannedFile]
    /// The date of the earliest briefing left out for being in the future: when
    /// it passes, the site changes although no file did.
    var horizon: Int64
    /// The last build's report figures, to repeat in the summary.
    var briefings = 0
    var pages = 0
    var outputFiles = 0
    var drafts = 0
    var future = 0

    static func settings(_ options: BuildOptions) -> String {
        let policy = options.policy
        return
            "drafts=\(policy.includeDrafts) future=\(policy.includeFuture) baseURL=\(options.baseURL ?? "") output=\(options.output.path)"
    }

    /// The inputs as they are now; `content` is the scan the build itself uses.
    static func files(source: URL, content: [ScannedFile]) -> [ScannedFile] {
        files(content: content, others: otherFiles(source: source))
    }

    static func files(content: [ScannedFile], others: [ScannedFile]) -> [ScannedFile] {
        content.map { ScannedFile(path: contentPrefix + $0.path, identity: $0.identity) } + others
    }

    /// Every input but the briefings: templates, static files, site.yml, stories.yml.
    static func otherFiles(source: URL) -> [ScannedFile] {
        var files: [ScannedFile] = []
        for folder in ["templates", "static"] {
            let root = source.appending(path: folder)
            guard FileManager.default.fileExists(atPath: root.path) else { continue }
            let (found, _) = FolderScanner(root: root, displayPath: { $0.path }, includeHidden: folder == "static").scan()
            files += found.map { ScannedFile(path: folder + "/" + $0.path, identity: $0.identity) }
        }
        for name in ["site.yml", StoryCatalogLoader.fileName] {
            files.append(ScannedFile(path: name, identity: FileIdentity(path: source.appending(path: name).path)))
        }
        return files
    }

    private static let contentPrefix = "content/"

    /// Whether `recorded` is `files(content:others:)`, compared without making
    /// the ten thousand `content/…` paths (a tenth of the up-to-date check).
    static func same(_ recorded: [ScannedFile], content: [ScannedFile], others: [ScannedFile]) -> Bool {
        guard recorded.count == content.count + others.count else { return false }
        var prefix = contentPrefix
        return prefix.withUTF8 { prefix in
            for (file, now) in zip(recorded, content) {
                guard file.identity == now.identity else { return false }
                var (recordedPath, path) = (file.path, now.path)
                let equal = recordedPath.withUTF8 { recordedBytes in
                    path.withUTF8 { bytes in
                        guard recordedBytes.count == prefix.count + bytes.count, let start = recordedBytes.baseAddress else {
                            return false
                        }
                        return memcmp(start, prefix.baseAddress!, prefix.count) == 0
                            && (bytes.isEmpty || memcmp(start + prefix.count, bytes.baseAddress!, bytes.count) == 0)
                    }
                }
                guard equal else { return false }
            }
            return recorded[content.count...].elementsEqual(others)
        }
    }

    func write(to out: inout CacheWriter) {
        out.string(settings)
        out.int(Int(horizon))
        for figure in [briefings, pages, outputFiles, drafts, future] { out.int(figure) }
        out.list(files) { out, file in
            out.string(file.path)
            out.int(file.identity.size)
            out.fixedInt(file.identity.modified)
        }
    }

    init(settings: String, files: [ScannedFile], horizon: Int64) {
        self.settings = settings
        self.files = files
        self.horizon = horizon
    }

    init(from input: inout CacheReader) throws(CacheDamage) {
        settings = try input.string()
        horizon = Int64(try input.int())
        (briefings, pages, outputFiles, drafts, future) = (
            try input.int(), try input.int(), try input.int(), try input.int(), try input.int()
        )
        files = try input.list { (input: inout CacheReader) throws(CacheDamage) in
            ScannedFile(path: try input.string(), identity: FileIdentity(size: try input.int(), modified: try input.fixedInt()))
        }
    }
}

/// The "nothing changed" answer, found in milliseconds: every input file has
/// the size and mtime the last build saw, the options are the same, no future
/// briefing has come due, and every published file is the one the last build
/// wrote (size, mtime, inode).
enum UpToDateCheck {
    /// The scans a stale answer already made, for the build to use instead of scanning again.
    struct Scans: Sendable {
        var content: [ScannedFile]
        var inputs: [ScannedFile]
    }

    enum Answer {
        case upToDate(BuildReport)
        case stale(Scans?)
    }

    static func check(_ options: BuildOptions, started: Date) -> Answer {
        var scans: Scans?
        guard let report = report(for: options, started: started, scans: &scans) else { return .stale(scans) }
        return .upToDate(report)
    }

    private static func report(for options: BuildOptions, started: Date, scans: inout Scans?) -> BuildReport? {
        let source = options.source
        let content = source.appending(path: "content")
        guard FileManager.default.fileExists(atPath: content.path) else { return nil }
        let (config, problems) = ConfigLoader.load(siteRoot: source, displayPath: { $0.path })
        guard problems.isEmpty, options.baseURL.map({ SiteConfig.normalizedBaseURL($0) != nil }) ?? true else { return nil }
        let fingerprint = BuildCache.fingerprint(config: config)
        guard let stamp = BuildCache.loadStamp(folder: options.cacheFolder, fingerprint: fingerprint),
            stamp.settings == InputStamp.settings(options),
            Int64(options.policy.now.timeIntervalSince1970) < stamp.horizon
        else { return nil }
        let (scanned, scanProblems) = FolderScanner(root: content, displayPath: { $0.path }).scan { $0.hasSuffix(".md") }
        // A scan with problems is made again by the build, which reports them with display paths.
        guard scanProblems.isEmpty else { return nil }
        let others = InputStamp.otherFiles(source: source)
        guard InputStamp.same(stamp.files, content: scanned, others: others) else {
            scans = Scans(content: scanned, inputs: InputStamp.files(content: scanned, others: others))
            return nil
        }
        // The inputs are the recorded ones, path for path.
        scans = Scans(content: scanned, inputs: stamp.files)
        guard let published = BuildCache.loadOutputs(folder: options.cacheFolder, fingerprint: fingerprint),
            published.root == options.output.path, published.files.count == stamp.outputFiles,
            publishedSiteIsUntouched(options.output.path, published.files)
        else { return nil }
        // What was read is left for the exit, as a build leaves its memory: freeing
        // the scan's and the manifest's tens of thousands of strings one by one was
        // a sixth of this check's instructions.
        if options.leavesMemoryToExit { LeftForExit.keep([stamp, published, scanned]) }
        return BuildReport(
            briefings: stamp.briefings, pages: stamp.pages, files: stamp.outputFiles,
            excluded: ExcludedCount(drafts: stamp.drafts, future: stamp.future), seconds: Date().timeIntervalSince(started),
            reused: stamp.briefings, upToDate: true)
    }

    private static func publishedSiteIsUntouched(_ root: String, _ entries: [(String, OutputManifest.Entry)]) -> Bool {
        guard let folder = OpenFolder(root) else { return false }
        let batches = entries.indices.runs(of: 512).map { entries[$0] }
        return batches.parallelMap { batch in
            batch.allSatisfy { path, entry in entry.describesFile(at: path, in: folder.descriptor) }
        }.allSatisfy { $0 }
    }
}
