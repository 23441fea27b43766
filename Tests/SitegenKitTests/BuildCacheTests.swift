import Foundation
import Testing

@testable import SitegenKit

/// The build cache changes how long a build takes, never what it writes: after
/// every kind of change, a build with the cache equals a clean build without it.
@Suite("Build cache")
struct BuildCacheTests {
    static let files = [
        "content/a.md": "---\ntitle: Alpha\ndate: 2025-05-14\ntags: [talks]\n---\nSee [the next one](b.md).\n",
        "content/b.md": "---\ntitle: Bravo\ndate: 2025-05-15\ntags: [talks, ankara]\nstory: istanbul\n---\nBody of *Bravo*.\n",
        "content/c.md": "---\ntitle: Charlie\ndate: 2025-05-16\ntags: [ankara]\nstory: istanbul\n---\n## Heading\n\nText.\n",
    ]

    /// Files dated well in the past, as in a real checkout: a file written in the
    /// last two seconds is never trusted from the cache (its mtime may not move
    /// on a second write within the same clock tick).
    func makeSite() throws -> TestSite {
        let site = try TestSite(Self.files)
        for path in Self.files.keys { try age(site, path) }
        return site
    }

    private static let clock = Counter()

    /// Gives the file a distinct mtime in the past, as an edit an hour ago would.
    func age(_ site: TestSite, _ path: String) throws {
        let seconds = Date().timeIntervalSince1970 - 3600 + Double(Self.clock.next())
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: seconds)], ofItemAtPath: site.root.appending(path: path).path)
    }

    func edit(_ site: TestSite, _ files: [String: String]) throws {
        try site.write(files)
        for path in files.keys { try age(site, path) }
    }

    /// The mtime of each shard file of the cache (`briefings-NN.bin`), by name.
    func shardDates(_ site: TestSite) throws -> [String: Date] {
        let folder = site.root.appending(path: ".sitegen-cache")
        var dates: [String: Date] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasPrefix("briefings-") {
            dates[name] = try FileManager.default.attributesOfItem(atPath: folder.appending(path: name).path)[.modificationDate] as? Date
        }
        return dates
    }

    /// Builds with the cache, then cleanly elsewhere without it, and compares every byte.
    @discardableResult
    func expectSameAsCleanBuild(_ site: TestSite, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> BuildReport {
        let report = try site.built()
        var clean = site.options()
        clean.output = site.root.appending(path: "clean")
        clean.useCache = false
        _ = try Result { () throws(BuildFailure) in try SiteGenerator.build(clean) }.get()
        let cached = try site.snapshot()
        var fresh: [String: Data] = [:]
        for path in TestSite.files(under: clean.output) { fresh[path] = try Data(contentsOf: clean.output.appending(path: path)) }
        #expect(cached.keys.sorted() == fresh.keys.sorted(), sourceLocation: sourceLocation)
        for (path, bytes) in cached where fresh[path] != bytes {
            Issue.record("\(path) differs from a clean build", sourceLocation: sourceLocation)
        }
        try FileManager.default.removeItem(at: clean.output)
        return report
    }

    @Test("an unchanged site takes every briefing from the cache and writes the same site")
    func unchanged() throws {
        let site = try makeSite()
        #expect(try site.built().reused == 0)
        #expect(site.siteEntryExists(".sitegen-cache/output.bin"))
        #expect(try expectSameAsCleanBuild(site).reused == 3)
    }

    @Test("after a fresh checkout (same bytes, new mtimes) briefings still come from the cache, by content hash")
    func freshCheckout() throws {
        let site = try makeSite()
        try site.built()
        for path in Self.files.keys { try age(site, path) }
        #expect(try expectSameAsCleanBuild(site).reused == 3)
        // Files written just now are trusted only by their bytes, and still hit.
        try site.write(Self.files)
        #expect(try expectSameAsCleanBuild(site).reused == 3)
    }

    @Test("an edited briefing is read again; the others come from the cache")
    func editedBriefing() throws {
        let site = try makeSite()
        try site.built()
        let before = try shardDates(site)
        try edit(site, ["content/c.md": "---\ntitle: Charlie, updated\ndate: 2025-05-16\ntags: [ankara, talks]\n---\nNew text.\n"])
        #expect(try expectSameAsCleanBuild(site).reused == 2)
        // Only the cache file holding c.md was written again.
        let after = try shardDates(site)
        #expect(after.keys == before.keys)
        #expect(
            after.filter { before[$0.key] != $0.value }.map(\.key) == [
                "briefings-\(String(format: "%02d", BuildCache.shard(of: "c.md"))).bin"
            ])
        #expect(try site.read("2025/05/16/c/index.html").contains("Charlie, updated"))
    }

    @Test("an added briefing appears in lists, feeds and neighbours as in a clean build")
    func addedBriefing() throws {
        let site = try makeSite()
        try site.built()
        try edit(site, ["content/d.md": "---\ntitle: Delta\ndate: 2025-05-17\ntags: [talks]\n---\nDelta body.\n"])
        #expect(try expectSameAsCleanBuild(site).reused == 3)
        #expect(site.exists("2025/05/17/d/index.html"))
    }

    @Test("a deleted briefing leaves no page behind")
    func deletedBriefing() throws {
        let site = try makeSite()
        try site.built()
        try site.remove("content/c.md")
        try expectSameAsCleanBuild(site)
        #expect(!site.exists("2025/05/16/c/index.html"))
        // Its record leaves the cache too.
        let shard = site.root.appending(path: ".sitegen-cache/briefings-\(String(format: "%02d", BuildCache.shard(of: "c.md"))).bin")
        #expect(try Data(contentsOf: shard).firstRange(of: Data("Charlie".utf8)) == nil)
    }

    @Test("a renamed briefing moves to its new URL")
    func renamedBriefing() throws {
        let site = try makeSite()
        try site.built()
        try site.remove("content/c.md")
        try edit(site, ["content/renamed.md": Self.files["content/c.md"]!])
        try expectSameAsCleanBuild(site)
        #expect(site.exists("2025/05/16/renamed/index.html") && !site.exists("2025/05/16/c/index.html"))
    }

    @Test("a briefing renamed with mv (same size and time) is not up to date: the stamp compares paths")
    func renamedKeepingTime() throws {
        let site = try makeSite()
        try site.built()
        #expect(try site.built().upToDate)
        try FileManager.default.moveItem(at: site.root.appending(path: "content/c.md"), to: site.root.appending(path: "content/moved.md"))
        #expect(try expectSameAsCleanBuild(site).upToDate == false)
        #expect(site.exists("2025/05/16/moved/index.html") && !site.exists("2025/05/16/c/index.html"))
        #expect(try site.built().upToDate)
    }

    @Test("an unchanged briefing linking to one that moved is rendered again with the new URL")
    func linkTargetMoved() throws {
        let site = try makeSite()
        try site.built()
        try edit(site, ["content/b.md": Self.files["content/b.md"]!.replacingOccurrences(of: "2025-05-15", with: "2025-05-13")])
        #expect(try expectSameAsCleanBuild(site).reused == 1)
        #expect(try site.read("2025/05/14/a/index.html").contains(#"href="/2025/05/13/b/""#))
    }

    @Test("a changed template changes every page it renders")
    func changedTemplate() throws {
        let site = try makeSite()
        try site.built()
        try edit(site, ["templates/briefing.mustache": "<h1>{{briefing.title}}</h1>{{{briefing.content}}}\n"])
        #expect(try expectSameAsCleanBuild(site).reused == 3)
        #expect(try site.read("2025/05/15/b/index.html").hasPrefix("<h1>Bravo</h1>"))
    }

    @Test("a changed site.yml is applied; a new time zone reads every briefing again")
    func changedSettings() throws {
        let site = try makeSite()
        try site.built()
        try edit(site, ["site.yml": "title: Renamed Desk\n"])
        #expect(try expectSameAsCleanBuild(site).reused == 3)
        #expect(try site.read("index.html").contains("Renamed Desk"))
        try edit(site, ["site.yml": "title: Renamed Desk\ntimeZone: Asia/Tokyo\n"])
        #expect(try expectSameAsCleanBuild(site).reused == 0)
    }

    /// Applies `change` to every file of the cache.
    private func alterCache(_ site: TestSite, _ change: (Data) throws -> Data) throws {
        let folder = site.root.appending(path: ".sitegen-cache")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let file = folder.appending(path: name)
            try change(try Data(contentsOf: file)).write(to: file)
        }
    }

    @Test("a cache that cannot be written costs a note, never the build, and no half-written file")
    func unwritableCache() throws {
        let site = try makeSite()
        try site.built()
        // A folder where the output manifest goes: the new file cannot be renamed over it.
        let folder = site.root.appending(path: ".sitegen-cache")
        try FileManager.default.removeItem(at: folder.appending(path: "output.bin"))
        try FileManager.default.createDirectory(at: folder.appending(path: "output.bin"), withIntermediateDirectories: false)
        try edit(site, ["content/c.md": Self.files["content/c.md"]! + "More.\n"])
        let report = try expectSameAsCleanBuild(site)
        let path = folder.appending(path: "output.bin").path
        #expect(
            report.notes == [
                "the build cache (output.bin) could not be read; building from scratch",
                "could not write the build cache: \(path): Is a directory",
            ])
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(left.isEmpty, "\(left)")

        // The cache folder is a file: nothing can be written, the site is built all the same.
        try FileManager.default.removeItem(at: folder)
        try Data("not a folder".utf8).write(to: folder)
        let second = try expectSameAsCleanBuild(site)
        #expect(second.notes.contains { $0.hasPrefix("could not write the build cache in \(folder.path): ") }, "\(second.notes)")
    }

    @Test("a damaged cache is ignored with a note, and the build starts from scratch")
    func damagedCache() throws {
        let site = try makeSite()
        try site.built()
        try alterCache(site) { bytes in
            var bytes = bytes
            bytes[bytes.count - 3] ^= 0xFF
            return bytes
        }
        let report = try expectSameAsCleanBuild(site)
        #expect(report.reused == 0 && !report.upToDate)
        #expect(report.notes.count == 1 && report.notes[0].hasSuffix(".bin) is damaged; ignoring it and building from scratch"))
        // The damaged files were replaced by good ones.
        #expect(try site.built().upToDate)

        try alterCache(site) { Data($0.prefix(40)) }
        #expect(try expectSameAsCleanBuild(site).notes.first?.contains("damaged") == true)
        try alterCache(site) { _ in Data() }
        #expect(try expectSameAsCleanBuild(site).notes.first?.contains("damaged") == true)
    }

    @Test("a rendered body damaged in the cache is found when a feed shows it: nothing is published from it, the site is built again")
    func damagedBody() throws {
        let site = try makeSite()
        try site.built()
        // Bravo's body, in the tail of whichever shard file holds it.
        let folder = site.root.appending(path: ".sitegen-cache")
        let body = Data("<p>Body of <em>Bravo</em>.</p>".utf8)
        var damagedFile: String?
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            var bytes = try Data(contentsOf: folder.appending(path: name))
            guard let range = bytes.range(of: body) else { continue }
            bytes[range.lowerBound + 12] = UInt8(ascii: "X")  // "Body of <em>Xravo"
            try bytes.write(to: folder.appending(path: name))
            damagedFile = name
        }
        let name = try #require(damagedFile)

        // Editing Alpha renders the feeds again, and they hold Bravo's body: the
        // damage is found, nothing is published from it, and the site is built from scratch.
        try edit(site, ["content/a.md": Self.files["content/a.md"]! + "More.\n"])
        var report = try expectSameAsCleanBuild(site)
        #expect(report.notes == ["the build cache (\(name)) is damaged; ignoring it and building from scratch"])
        #expect(report.reused == 0)
        #expect(try site.read("feed.xml").contains("<em>Bravo</em>"))
        // The cache written by that build is whole again.
        try edit(site, ["templates/briefing.mustache": "<h1>{{briefing.title}}</h1>{{{briefing.content}}}\n"])
        report = try expectSameAsCleanBuild(site)
        #expect(report.notes.isEmpty && report.reused == 3)
    }

    @Test("a cache written by another sitegen version is not trusted")
    func otherVersion() throws {
        let site = try makeSite()
        try site.built()
        let current = Data("sitegen \(SitegenVersion.current)".utf8)
        try alterCache(site) { bytes in
            var older = bytes
            let range = try #require(bytes.range(of: current))
            older.replaceSubrange(range, with: Data("sitegen 0.0.0".utf8).prefix(current.count))
            return older
        }
        // A file of the older format's own layout goes when the cache is written anew; others stay.
        try site.write(["\(BuildCache.folderName)/briefings.bin": "older layout", "\(BuildCache.folderName)/README": "kept"])
        let report = try expectSameAsCleanBuild(site)
        #expect(report.reused == 0 && !report.upToDate)
        #expect(report.notes == ["the build cache was written by sitegen 0.0.0; building from scratch"])
        #expect(!site.siteEntryExists("\(BuildCache.folderName)/briefings.bin"))
        #expect(site.siteEntryExists("\(BuildCache.folderName)/README"))
    }

    @Test("a published file changed by hand is written again, not trusted from the cache")
    func touchedOutput() throws {
        let site = try makeSite()
        try site.built()
        try "tampered".write(to: site.output.appending(path: "2025/05/15/b/index.html"), atomically: false, encoding: .utf8)
        try expectSameAsCleanBuild(site)
        #expect(try site.read("2025/05/15/b/index.html").contains("Bravo"))
    }

    @Test("with nothing changed, the build writes nothing and says the site is up to date")
    func upToDate() throws {
        let site = try makeSite()
        #expect(try site.built().upToDate == false)
        let before = try site.snapshot()
        let report = try site.built()
        #expect(report.upToDate && report.briefings == 3 && report.files == before.count)
        #expect(try site.snapshot() == before)
    }

    @Test("an edited input, other options, a touched output file or a briefing coming due each mean a real build")
    func notUpToDate() throws {
        let site = try makeSite()
        try site.built()
        try edit(site, ["templates/briefing.mustache": "<p>{{briefing.title}}</p>\n"])
        #expect(try expectSameAsCleanBuild(site).upToDate == false)
        #expect(try site.built().upToDate)
        #expect(try site.built(drafts: true).upToDate == false)
        #expect(try site.built().upToDate == false)
        #expect(try site.built().upToDate)
        try "x".write(to: site.output.appending(path: "index.html"), atomically: false, encoding: .utf8)
        #expect(try expectSameAsCleanBuild(site).upToDate == false)

        try edit(site, ["content/later.md": "---\ntitle: Later\ndate: 2026-01-02\n---\nSoon.\n"])
        #expect(try site.built().upToDate == false)
        #expect(!site.exists("2026/01/02/later/index.html"))
        var tomorrow = site.options()
        tomorrow.policy = PublishPolicy(now: TestSite.now.addingTimeInterval(3 * 86_400))
        let report = try Result { () throws(BuildFailure) in try SiteGenerator.build(tomorrow) }.get()
        #expect(!report.upToDate && site.exists("2026/01/02/later/index.html"))
    }

    @Test("while another build holds the output's lock, a warm build with a spare stops with a clear message and changes nothing")
    func lockedOutput() throws {
        let site = try makeSite()
        try site.built()
        try site.built()  // Now there is a spare, so the build takes the lock early to read it ahead.
        try edit(site, ["content/c.md": Self.files["content/c.md"]! + "\nMore.\n"])
        let before = try site.snapshot()
        do {
            let otherBuild = try OutputLock(output: site.output)
            let problems = site.failure()
            #expect(problems.map(\.path) == [site.output.path])
            #expect(problems.first?.message == "another sitegen build is writing this output folder; wait for it to finish")
            #expect(try site.snapshot() == before)
            withExtendedLifetime(otherBuild) {}
        }
        try site.built()
        #expect(try site.read("2025/05/16/c/index.html").contains("More."))
    }

    @Test("the replaced site is kept as a spare and staged into next time; nothing of an older site survives")
    func spareSite() throws {
        let site = try makeSite()
        let spare = AtomicPublisher.sibling("spare", of: site.output)
        try site.built()
        try site.remove("content/a.md")
        try site.built()
        #expect(FileManager.default.fileExists(atPath: spare.appending(path: "2025/05/14/a/index.html").path))
        // Things a spare might hold: a stray file, a page changed by hand, a folder where a file belongs.
        try "stray".write(to: spare.appending(path: "stray.html"), atomically: false, encoding: .utf8)
        try "changed".write(to: spare.appending(path: "2025/05/15/b/index.html"), atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(at: spare.appending(path: "robots.txt"))
        try FileManager.default.createDirectory(at: spare.appending(path: "robots.txt"), withIntermediateDirectories: false)
        try edit(site, ["content/c.md": Self.files["content/c.md"]! + "\nMore.\n"])
        try expectSameAsCleanBuild(site)
        #expect(!site.exists("2025/05/14/a/index.html") && !site.exists("stray.html"))
        #expect(try site.read("2025/05/15/b/index.html").contains("Bravo"))
        #expect(try site.read("robots.txt").hasPrefix("User-agent"))
    }

    @Test("--no-cache neither reads nor writes the cache")
    func disabled() throws {
        let site = try makeSite()
        var options = site.options()
        options.useCache = false
        _ = try Result { () throws(BuildFailure) in try SiteGenerator.build(options) }.get()
        #expect(!site.siteEntryExists(".sitegen-cache"))
    }
}

/// Distinct numbers across concurrently running tests.
private final class Counter: Sendable {
    private let lock = NSLock()
    nonisolated(unsafe) private var value = 0

    func next() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }
}
