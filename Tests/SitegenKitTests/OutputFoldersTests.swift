import Testing

@testable import SitegenKit

/// The folders a site's files need: every parent of every file, once. The
/// writer skips a lookup when a path's folder lies along the previous path's, so
/// neighbours that share a prefix but not a folder are what this must get right.
@Suite("Output folders")
struct OutputFoldersTests {
    @Test("every parent of every path, and nothing else, in any order of paths")
    func everyParent() {
        // Names that are prefixes of each other ("a", "ab") at every depth.
        let names = ["a", "ab", "b", "a-b", "é"]
        var random = Dice(seed: 11)
        for _ in 0..<200 {
            var paths: [String] = []
            for _ in 0..<random.next(30) {
                let depth = random.next(4)
                let folders = (0..<depth).map { _ in names[random.next(names.count)] }
                paths.append((folders + ["index.html"]).joined(separator: "/"))
            }
            var expected: Set<String> = []
            for path in paths {
                var parts = path.split(separator: "/").dropLast()
                while !parts.isEmpty {
                    expected.insert(parts.joined(separator: "/"))
                    parts = parts.dropLast()
                }
            }
            #expect(FileWriter.folders(for: paths) == expected, "\(paths)")
        }
    }
}
