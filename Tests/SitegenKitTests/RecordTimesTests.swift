import Foundation
import Testing

@testable import SitegenKit

/// Content files' mtimes live in `times.bin`, apart from the briefing records: a
/// fresh checkout changes every mtime and no byte, and must not cost a rewrite
/// of every record and body.
extension BuildCacheTests {
    /// The cache as the next build would load it.
    func loadedCache(_ site: TestSite) -> BuildCache {
        let (cache, note) = BuildCache.load(
            folder: site.root.appending(path: ".sitegen-cache"), fingerprint: BuildCache.fingerprint(config: SiteConfig()))
        #expect(note == nil)
        return cache
    }

    /// Each content file's mtime now, by its path in `content/`.
    func contentTimes(_ site: TestSite) -> [String: Int?] {
        Dictionary(
            uniqueKeysWithValues: Self.files.keys.map { path in
                (String(path.dropFirst("content/".count)), FileIdentity(path: site.root.appending(path: path).path).modified as Int?)
            })
    }

    @Test("after a fresh checkout only the records' times are saved again, and the next build trusts the new mtimes")
    func checkoutKeepsShards() throws {
        let site = try makeSite()
        try site.built()
        let shards = try shardDates(site)
        for path in Self.files.keys { try age(site, path) }
        #expect(try expectSameAsCleanBuild(site).reused == 3)
        // No shard file was written again: the records and bodies are as they were.
        #expect(try shardDates(site) == shards)
        // Every record comes back with its file's new mtime, so the next build takes
        // it by size and mtime without reading the file.
        let cache = loadedCache(site)
        let times = Dictionary(uniqueKeysWithValues: cache.briefings.paths.map { ($0, cache.briefings[$0]?.modified) })
        #expect(times == contentTimes(site))
    }

    @Test("times saved for another version of a shard file are not used: its records are checked by their bytes")
    func timesForAnotherShard() throws {
        let site = try makeSite()
        try site.built()
        let folder = site.root.appending(path: ".sitegen-cache")
        let shardOfC = folder.appending(path: "briefings-\(String(format: "%02d", BuildCache.shard(of: "c.md"))).bin")
        let oldShard = try Data(contentsOf: shardOfC)
        try edit(site, ["content/c.md": Self.files["content/c.md"]! + "More text.\n"])
        try site.built()
        // A save that stopped after the shard and before the times, the other way
        // round: the times are for the new shard file, the old one is back.
        try oldShard.write(to: shardOfC)
        let cache = loadedCache(site)
        for path in cache.briefings.paths {
            let record = try #require(cache.briefings[path])
            let sameShard = BuildCache.shard(of: path) == BuildCache.shard(of: "c.md")
            #expect((record.modified == -1) == sameShard, "\(path)")
        }
        // A real build (the site is otherwise up to date): c.md's old record fails
        // its hash and is rendered again; the others are still taken.
        try age(site, "content/a.md")
        let report = try expectSameAsCleanBuild(site)
        #expect(report.reused == 2 && report.notes.isEmpty)
        #expect(try site.read("2025/05/16/c/index.html").contains("More text."))
        #expect(loadedCache(site).briefings.records.allSatisfy { $0.modified >= 0 })
    }

    @Test("without a times file every record is checked by its bytes; a damaged one is damage like any other")
    func missingOrDamagedTimes() throws {
        let site = try makeSite()
        try site.built()
        let times = site.root.appending(path: ".sitegen-cache/times.bin")
        try FileManager.default.removeItem(at: times)
        #expect(loadedCache(site).briefings.records.allSatisfy { $0.modified == -1 })
        try age(site, "content/a.md")  // A real build: the site is otherwise up to date.
        var report = try expectSameAsCleanBuild(site)
        #expect(report.reused == 3 && report.notes.isEmpty)
        #expect(FileManager.default.fileExists(atPath: times.path))

        var bytes = try Data(contentsOf: times)
        bytes[bytes.count - 2] ^= 0xFF
        try bytes.write(to: times)
        try age(site, "content/a.md")
        report = try expectSameAsCleanBuild(site)
        #expect(report.notes == ["the build cache (times.bin) is damaged; ignoring it and building from scratch"])
        #expect(report.reused == 0)
    }
}
