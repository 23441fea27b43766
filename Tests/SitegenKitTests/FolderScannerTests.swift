import Foundation
import Testing

@testable import SitegenKit

/// The scan sorts each folder's names by their first bytes; the order must be
/// exactly the one `sorted()` gives, for any names.
@Suite("Folder scanner")
struct FolderScannerTests {
    @Test("names sorted by their first sixteen bytes come out as sorted() sorts them, ASCII or not")
    func sortedAsStrings() {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("ab-.09AZ_~ ".utf8)
        for round in 0..<200 {
            // Short names, names of exactly sixteen bytes, and long names sharing a dated prefix.
            let names = (0..<Int.random(in: 0...60, using: &random)).map { _ -> String in
                let prefix = ["", "2019-11-20-", "2019-11-20-protest-", "a"].randomElement(using: &random)!
                let length = Int.random(in: 0...20, using: &random)
                return prefix + String(decoding: (0..<length).map { _ in alphabet.randomElement(using: &random)! }, as: UTF8.self)
            }
            #expect(FolderScanner.sorted(names) == names.sorted(), "round \(round)")
        }
        // Where bytes and characters disagree: an e with a combining accent sorts after f as a string.
        let accented = ["e\u{301}x.md", "f.md", "é.md", "e.md", "ea.md", "z.md"]
        #expect(FolderScanner.sorted(accented) == accented.sorted())
        #expect(FolderScanner.sorted(accented).firstIndex(of: "e\u{301}x.md")! > FolderScanner.sorted(accented).firstIndex(of: "f.md")!)
    }

    @Test("a folder and a name join with one slash, in any script, and a name at the top stays as it is")
    func joinedPaths() {
        for (folder, name) in [("2025", "a.md"), ("2025/05", "2025-05-16-talks-in-geneva-resume.md"), ("Київ", "é.md"), ("a", "")] {
            #expect(FolderScanner.joined(folder, name) == folder + "/" + name)
        }
        #expect(FolderScanner.joined("", "top.md") == "top.md")
    }

    @Test("a scan lists files in sorted path order, whatever order the folder gives them")
    func scanOrder() throws {
        let names = ["2025-05-16-talks.md", "2025-05-02-b.md", "2025-05-02-a.md", "zeta.md", "Alpha.md", "2025-05-16-talks-resume.md"]
        var files: [String: String] = [:]
        for name in names { files["content/2025/" + name] = "x" }
        files["content/2025/sub/a.md"] = "x"
        files["content/2024-notes.md"] = "x"
        let site = try TestSite(files)
        let scanner = FolderScanner(root: site.root.appending(path: "content"), displayPath: { $0.path })
        let (found, problems) = scanner.files()
        #expect(problems.isEmpty)
        #expect(found == found.sorted())
        #expect(found.count == names.count + 2)
    }

    @Test("a scan that reads no identities finds the same files, folders, hidden names and symbolic links by the listing's kinds")
    func listedKinds() throws {
        let site = try TestSite([
            "content/2025/b.md": "x", "content/2025/a.md": "xy", "content/2025/05/c.md": "xyz", "content/top.md": "x",
            "content/.hidden.md": "x", "content/notes.txt": "x", "content/2025/05/deep/d.md": "x",
        ])
        let content = site.root.appending(path: "content")
        try FileManager.default.createSymbolicLink(
            atPath: content.appending(path: "2025/link.md").path, withDestinationPath: content.appending(path: "top.md").path)
        try FileManager.default.createSymbolicLink(
            atPath: content.appending(path: "linked").path, withDestinationPath: content.appending(path: "2025").path)
        var scanner = FolderScanner(root: content, displayPath: { $0.path })
        let (stated, statedProblems) = scanner.scan { $0.hasSuffix(".md") }
        scanner.readsIdentity = false
        let (listed, listedProblems) = scanner.scan { $0.hasSuffix(".md") }
        #expect(listed.map(\.path) == ["2025/05/c.md", "2025/05/deep/d.md", "2025/a.md", "2025/b.md", "top.md"])
        #expect(listed.map(\.path) == stated.map(\.path))
        #expect(listedProblems.map(\.path) == statedProblems.map(\.path))
        // The top folder's problems first, then each subfolder's.
        #expect(listedProblems.map(\.path) == [content.appending(path: "linked").path, content.appending(path: "2025/link.md").path])
        #expect(listedProblems.allSatisfy { $0.message == "symbolic links are not followed; copy the file into the site instead" })
        #expect(listed.allSatisfy { $0.identity == .unread })
        #expect(stated.map(\.identity.size) == [3, 1, 2, 1, 1])
    }
}
