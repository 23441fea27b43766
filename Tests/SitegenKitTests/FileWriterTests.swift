import Foundation
import Testing

@testable import SitegenKit

/// Folders are made a depth at a time on every core, in no particular order.
@Suite("Making output folders")
struct FileWriterTests {
    private func withRoot(_ body: (String) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "sitegen-folders-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try body(root)
    }

    @Test("every folder is made, parents before children, whether or not it exists already")
    func makesEveryDepth() throws {
        try withRoot { root in
            let folders: Set<String> = ["a", "a/b", "a/b/c", "a/d", "e", "e/f", "e/f/g"]
            let writer = FileWriter(root: root, openRoot: OpenFolder(root))
            try writer.makeFolders(folders)
            try writer.makeFolders(folders.union(["e/f/g/h", "e/f/g"]))  // Existing ones are fine.
            for folder in folders.union(["e/f/g/h"]) {
                var isFolder: ObjCBool = false
                #expect(
                    FileManager.default.fileExists(atPath: root + "/" + folder, isDirectory: &isFolder) && isFolder.boolValue, "\(folder)")
            }
        }
    }

    @Test("of several folders that cannot be made, the first by path is reported, with the system's reason")
    func firstFailureByPath() throws {
        try withRoot { root in
            let long = String(repeating: "x", count: 300)  // Longer than a file name may be.
            let folders: Set<String> = ["m", "m/\(long)", "b", "b/\(long)", "z", "z/\(long)", "ok"]
            for _ in 0..<5 {
                let writer = FileWriter(root: root, openRoot: OpenFolder(root))
                let failure = #expect(throws: Diagnostic.self) { try writer.makeFolders(folders) }
                #expect(failure?.path == root + "/b/" + long)
                #expect(failure?.message == "cannot create folder: File name too long")
            }
            #expect(FileManager.default.fileExists(atPath: root + "/ok"))
        }
    }
}
