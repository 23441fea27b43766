import Foundation
import Testing

@testable import SitegenKit

/// The spare is pruned from the cache's record where a folder's stamp vouches
/// for it, and by listing wherever anything may have changed.
@Suite("Pruning the spare")
struct StagingPrunerTests {
    private static let files = ["index.html", "a/index.html", "a/b/index.html", "c/index.html", "c/feed.xml"]

    /// A spare as a build leaves it: the files, and a manifest whose folder
    /// stamps were taken once the folders had settled.
    private func makeSpare() throws -> (root: String, manifest: OutputManifest) {
        let root = FileManager.default.temporaryDirectory.appending(path: "sitegen-prune-\(UUID().uuidString)").path
        for path in Self.files {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(path.utf8).write(to: url)
        }
        var manifest = OutputManifest()
        for path in Self.files { manifest.entries[path] = OutputManifest.Entry(hash: 0, size: 0, modified: 0, inode: 0) }
        Thread.sleep(forTimeInterval: 0.2)  // Past the coarse-clock window, so the stamps are trusted.
        manifest.folders = FolderStamp.take(root: root, folders: ["", "a", "a/b", "c"])
        return (root, manifest)
    }

    private func tree(_ root: String) throws -> [String] {
        TestSite.files(under: URL(fileURLWithPath: root)).sorted()
    }

    @Test("untouched folders are pruned from the record, without listing them")
    func untouched() throws {
        let (root, manifest) = try makeSpare()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let trusted = manifest.folders.values.filter(\.isTrusted).count
        #expect(trusted == 4)
        let pruner = StagingPruner(root: root, files: ["index.html", "a/index.html"], folders: ["a"], known: manifest)
        let outcome = pruner.prune()
        #expect(outcome.kept == ["a"])
        #expect(outcome.listed == 0)
        #expect(try tree(root) == ["a/index.html", "index.html"])
        // A folder the site no longer needs goes even when its parent is the root.
        #expect(!FileManager.default.fileExists(atPath: root + "/c"))
    }

    @Test("a stray file or folder planted in the spare is found by listing its folder, and removed")
    func strays() throws {
        let (root, manifest) = try makeSpare()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("stray".utf8).write(to: URL(fileURLWithPath: root + "/a/b/stray.html"))
        try FileManager.default.createDirectory(atPath: root + "/a/planted", withIntermediateDirectories: false)
        // Setting the folder's mtime back does not hide the stray: its ctime moved.
        let b = root + "/a/b"
        let before = try FileManager.default.attributesOfItem(atPath: root + "/c")[.modificationDate] as! Date
        try FileManager.default.setAttributes([.modificationDate: before], ofItemAtPath: b)
        let pruner = StagingPruner(
            root: root, files: Set(Self.files), folders: ["a", "a/b", "c"], known: manifest)
        let outcome = pruner.prune()
        #expect(outcome.listed == 2)
        #expect(try tree(root) == Self.files.sorted())
        #expect(!FileManager.default.fileExists(atPath: root + "/a/planted"))
    }

    @Test("a recorded folder gone from the spare, or one not recorded at all, is still to be made")
    func missingFolders() throws {
        let (root, manifest) = try makeSpare()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Every needed folder recorded: "a/b" is gone, and "a" changed with it;
        // neither is vouched for, and no listing finds them (the root is not listed).
        try FileManager.default.removeItem(atPath: root + "/a/b")
        let needed: Set<String> = ["a", "a/b", "c"]
        let outcome = StagingPruner(root: root, files: Set(Self.files), folders: needed, known: manifest).prune()
        #expect(outcome.missing(from: needed) == ["a", "a/b"])
        // A needed folder the record never had is missing as well.
        let more: Set<String> = ["a", "a/b", "c", "d"]
        let again = StagingPruner(root: root, files: Set(Self.files), folders: more, known: manifest).prune()
        #expect(again.missing(from: more) == ["a", "a/b", "d"])
    }

    /// Prunes the spare with its stamps read ahead by a `SpareStampReader`;
    /// `afterReading` runs once they are read.
    private func pruneReadingAhead(
        _ root: String, _ manifest: OutputManifest, threads: Int = 2, afterReading: () throws -> Void = {}
    ) throws -> StagingPruner.Outcome {
        let reader = SpareStampReader(spare: root, recorded: Array(manifest.folders), threads: threads)
        #expect(reader.now.count == manifest.folders.count)
        try afterReading()
        let folders: Set<String> = ["a", "a/b", "c"]
        return StagingPruner(root: root, files: Set(Self.files), folders: folders, known: manifest, stampsReadAhead: reader).prune()
    }

    @Test(
        "stamps read ahead on another thread (or on the pruner's, with one thread) vouch and list as stamps read while pruning do",
        arguments: [1, 2])
    func readAhead(threads: Int) throws {
        let (root, manifest) = try makeSpare()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("stray".utf8).write(to: URL(fileURLWithPath: root + "/a/b/stray.html"))
        #expect(try pruneReadingAhead(root, manifest, threads: threads).listed == 1)
        #expect(try tree(root) == Self.files.sorted())
    }

    @Test("the pruner goes by the stamps read ahead: a change made after the reading is not seen (the build holds the output's lock)")
    func readAheadIsUsed() throws {
        let (root, manifest) = try makeSpare()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let outcome = try pruneReadingAhead(root, manifest) {
            try Data("late".utf8).write(to: URL(fileURLWithPath: root + "/c/late.html"))
        }
        #expect(outcome.listed == 0)
        #expect(FileManager.default.fileExists(atPath: root + "/c/late.html"))
    }

    @Test("without a record, or with stamps taken too soon, every folder is listed")
    func unvouched() throws {
        let (root, manifest) = try makeSpare()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(StagingPruner(root: root, files: Set(Self.files), folders: ["a", "a/b", "c"]).prune().listed == 4)
        var early = manifest
        try Data("new".utf8).write(to: URL(fileURLWithPath: root + "/c/new.html"))
        early.folders = FolderStamp.take(root: root, folders: ["", "a", "a/b", "c"])
        #expect(early.folders["c"] == .untrusted)
        let outcome = StagingPruner(root: root, files: Set(Self.files), folders: ["a", "a/b", "c"], known: early).prune()
        #expect(outcome.listed == 1)
        #expect(try tree(root) == Self.files.sorted())
    }

    @Test("a record with no stamps (the cache knew nothing of the spare) vouches for nothing: strays anywhere are removed")
    func emptyRecord() throws {
        let (root, _) = try makeSpare()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("stray".utf8).write(to: URL(fileURLWithPath: root + "/a/b/stray.html"))
        var empty = OutputManifest()
        empty.root = root
        let outcome = StagingPruner(root: root, files: Set(Self.files), folders: ["a", "a/b", "c"], known: empty).prune()
        #expect(outcome.listed == 4)
        #expect(outcome.kept == ["a", "a/b", "c"])
        #expect(try tree(root) == Self.files.sorted())
    }

    @Test("a build re-stamps only the folders it writes into; the others keep their vouched stamps unread")
    func carriedStamps() throws {
        let (root, manifest) = try makeSpare()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = Set(Self.files + ["a/b/new.html"])
        let changes = ChangedFolders()
        let outcome = StagingPruner(root: root, files: files, folders: ["a", "a/b", "c"], known: manifest, changes: changes).prune()
        #expect(outcome.vouched == manifest.folders.filter { !$0.key.isEmpty })
        try FileWriter(root: root, recorder: OutputRecorder(), staged: manifest, changes: changes).write("new", to: "a/b/new.html")
        #expect(changes.changed == ["a/b"])
        // Planted behind the build's back, after pruning: the stamp carried for
        // its folder is not read again, so it no longer matches the folder.
        try Data("stray".utf8).write(to: URL(fileURLWithPath: root + "/c/stray.html"))
        Thread.sleep(forTimeInterval: 0.2)
        var unchanged = outcome.vouched
        for folder in changes.changed { unchanged[folder] = nil }
        var next = manifest
        next.folders = FolderStamp.take(root: root, folders: ["", "a", "a/b", "c"], unchanged: unchanged)
        #expect(next.folders["a"] == manifest.folders["a"])
        #expect(next.folders["c"] == manifest.folders["c"])
        #expect(next.folders["a/b"] != manifest.folders["a/b"] && next.folders["a/b"]?.isTrusted == true)
        next.entries["a/b/new.html"] = OutputManifest.Entry(hash: 0, size: 0, modified: 0, inode: 0)
        let nextOutcome = StagingPruner(root: root, files: files, folders: ["a", "a/b", "c"], known: next).prune()
        #expect(nextOutcome.listed == 1)
        #expect(try tree(root) == files.sorted())
    }

    @Test("a stray planted in a folder whose stamp was carried forward is found by the next build")
    func strayAfterCarriedStamp() throws {
        let (root, manifest) = try makeSpare()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folders: Set<String> = ["a", "a/b", "c"]
        let outcome = StagingPruner(root: root, files: Set(Self.files), folders: folders, known: manifest).prune()
        var next = manifest
        next.folders = FolderStamp.take(root: root, folders: [""] + folders, unchanged: outcome.vouched)
        try Data("stray".utf8).write(to: URL(fileURLWithPath: root + "/a/stray.html"))
        let nextOutcome = StagingPruner(root: root, files: Set(Self.files), folders: folders, known: next).prune()
        #expect(nextOutcome.listed == 1)
        #expect(try tree(root) == Self.files.sorted())
    }

    @Test("pruning tells of every vouched-for folder it removes an entry from")
    func pruningChanges() throws {
        let (root, manifest) = try makeSpare()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let changes = ChangedFolders()
        let outcome = StagingPruner(
            root: root, files: ["index.html", "a/index.html", "c/index.html"], folders: ["a", "c"], known: manifest, changes: changes
        ).prune()
        #expect(outcome.listed == 0)
        #expect(try tree(root) == ["a/index.html", "c/index.html", "index.html"])
        // a/b/index.html and c/feed.xml are unlinked, then the folder a/b removed.
        #expect(changes.changed == ["a", "a/b", "c"])
    }
}
