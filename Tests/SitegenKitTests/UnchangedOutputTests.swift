import Foundation
import Testing

@testable import SitegenKit

/// A rebuild keeps every output file whose bytes did not change as the very
/// same file (same inode, same mtime), so rsync and static hosts upload only
/// what changed; changed files are new files.
@Suite("Unchanged output files")
struct UnchangedOutputTests {
    private func inodeAndMTime(_ url: URL) throws -> (UInt64, Int) {
        var info = stat()
        #expect(stat(url.path, &info) == 0)
        return (UInt64(info.st_ino), Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec))
    }

    @Test("a rebuild keeps unchanged files and replaces changed ones")
    func unchangedFilesAreKept() throws {
        let site = try TestSite([
            "content/a.md": "---\ntitle: \"Alpha\"\ndate: 2025-01-01\n---\nFirst.\n",
            "content/b.md": "---\ntitle: \"Beta\"\ndate: 2024-06-01\n---\nSecond.\n",
            "static/logo.txt": "logo",
        ])
        _ = try site.built()
        let alpha = site.output.appending(path: "2025/01/01/a/index.html")
        let beta = site.output.appending(path: "2024/06/01/b/index.html")
        let logo = site.output.appending(path: "logo.txt")
        let before = try [alpha, beta, logo].map(inodeAndMTime)
        Thread.sleep(forTimeInterval: 0.02)
        try site.write(["content/a.md": "---\ntitle: \"Alpha\"\ndate: 2025-01-01\n---\nFirst, edited.\n"])
        _ = try site.built()
        let after = try [alpha, beta, logo].map(inodeAndMTime)
        #expect(after[0] != before[0])  // Alpha's page changed.
        #expect(try site.read("2025/01/01/a/index.html").contains("First, edited."))
        #expect(after[1] == before[1])  // Beta's page and the static file did not.
        #expect(after[2] == before[2])
    }

    @Test("without the cache, a rebuild compares each file with the published one byte for byte and keeps the same ones")
    func unchangedFilesAreKeptWithoutCache() throws {
        let site = try TestSite([
            "content/a.md": "---\ntitle: \"Alpha\"\ndate: 2025-01-01\n---\nFirst.\n",
            "content/b.md": "---\ntitle: \"Beta\"\ndate: 2024-06-01\n---\nSecond.\n",
        ])
        var options = site.options()
        options.useCache = false
        func build() throws { _ = try Result { () throws(BuildFailure) in try SiteGenerator.build(options) }.get() }
        try build()
        let alpha = site.output.appending(path: "2025/01/01/a/index.html")
        let beta = site.output.appending(path: "2024/06/01/b/index.html")
        let before = try [alpha, beta].map(inodeAndMTime)
        Thread.sleep(forTimeInterval: 0.02)
        try site.write(["content/a.md": "---\ntitle: \"Alpha\"\ndate: 2025-01-01\n---\nFirst, edited.\n"])
        try build()
        let after = try [alpha, beta].map(inodeAndMTime)
        #expect(after[0] != before[0])
        #expect(try site.read("2025/01/01/a/index.html").contains("First, edited."))
        #expect(after[1] == before[1])
        #expect(!site.siteEntryExists(".sitegen-cache"))
    }
}
