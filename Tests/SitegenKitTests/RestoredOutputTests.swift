import Foundation
import Testing

@testable import SitegenKit

/// CI restores `public/` and `.sitegen-cache/` from its cache on every run: each
/// output file comes back with its bytes and mtime but a new inode, and every
/// content file gets a new mtime from the checkout. The cache still spares the
/// rendering, and the published files keep their mtimes for rsync.
extension BuildCacheTests {
    /// What `actions/cache` or `cp -a` leaves: every file of `folder` (the output
    /// unless given) made anew (a new inode) with the same bytes and mtime, and a
    /// fresh checkout's content mtimes. `changing`: files whose bytes are replaced
    /// by as many other bytes.
    func restoreAsCI(_ site: TestSite, folder: URL? = nil, changing changed: Set<String> = []) throws {
        let folder = folder ?? site.output
        for path in TestSite.files(under: folder) {
            let url = folder.appending(path: path)
            var info = stat()
            #expect(stat(url.path, &info) == 0)
            var bytes = try Data(contentsOf: url)
            if changed.contains(path) { bytes = Data(repeating: UInt8(ascii: "x"), count: bytes.count) }
            let copy = url.deletingLastPathComponent().appending(path: ".restored")
            try bytes.write(to: copy)
            var times = [info.st_atim, info.st_mtim]
            #expect(utimensat(AT_FDCWD, copy.path, &times, 0) == 0)
            #expect(rename(copy.path, url.path) == 0)
        }
        for path in Self.files.keys { try age(site, path) }
    }

    /// Each output file's mtime, by path.
    func mtimes(_ site: TestSite) -> [String: Int] {
        Dictionary(
            uniqueKeysWithValues: site.outputFiles().map { path in
                (path, FileIdentity(path: site.output.appending(path: path).path).modified)
            })
    }

    /// The output files written since `before` was taken, by path.
    func rewritten(_ site: TestSite, since before: [String: Int]) -> [String] {
        mtimes(site).filter { before[$0.key] != $0.value }.keys.sorted()
    }

    @Test("a site restored as CI restores it (same bytes and mtimes, new inodes) keeps every page by its bytes, mtimes and all")
    func restoredOutputIsKept() throws {
        let site = try makeSite()
        let first = try site.built()
        try restoreAsCI(site)
        let restored = mtimes(site)
        let report = try expectSameAsCleanBuild(site)
        #expect(report.reused == 3)
        #expect(report.pagesKept == first.pages - Self.alwaysRendered)
        // The pages rendered every time came out the same: no file was written anew.
        #expect(rewritten(site, since: restored) == [])
        // The next build on this machine knows the files by identity again, and stops at once.
        #expect(try site.built().upToDate)
    }

    @Test("a restored page whose bytes changed, though its size and mtime did not, is rendered and written again")
    func restoredChangedPageIsMadeAgain() throws {
        let site = try makeSite()
        let first = try site.built()
        let page = "2025/05/15/b/index.html"
        try restoreAsCI(site, changing: [page])
        let restored = mtimes(site)
        #expect(try site.read(page).allSatisfy { $0 == "x" })
        let report = try expectSameAsCleanBuild(site)
        #expect(report.pagesKept == first.pages - Self.alwaysRendered - 1)
        #expect(try site.read(page).contains("Bravo"))
        #expect(rewritten(site, since: restored) == [page])
    }

    @Test("a spare restored beside public/ is pruned and staged into by its files' bytes; the site equals a clean build")
    func restoredSpareIsUsed() throws {
        let site = try makeSite()
        try site.built()
        try edit(site, ["content/a.md": Self.files["content/a.md"]! + "\nMore.\n"])
        try site.built()
        let spare = site.root.appending(path: ".public.sitegen-spare")
        #expect(FileManager.default.fileExists(atPath: spare.path))
        try restoreAsCI(site, folder: spare)
        try restoreAsCI(site)
        // A file dropped into the spare's folders while it was away is not published.
        try Data("stray".utf8).write(to: spare.appending(path: "2025/05/16/c/stray.txt"))
        try edit(site, ["content/c.md": Self.files["content/c.md"]!.replacingOccurrences(of: "Text.", with: "Other text.")])
        try expectSameAsCleanBuild(site)
        #expect(!site.exists("2025/05/16/c/stray.txt"))
    }
}
