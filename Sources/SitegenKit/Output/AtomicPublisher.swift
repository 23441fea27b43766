import CSitegenSystem
import Foundation

/// Builds into a staging folder beside the output and swaps it in only when the
/// whole build succeeded, so readers and hosts never see a half-written site and
/// a failed build leaves the previous one untouched.
///
/// With the build cache, the replaced site is kept beside the output as the
/// spare (`.NAME.sitegen-spare`), and the next build stages into it: only the
/// files that differ are touched, instead of a whole new tree of tens of
/// thousands of files created and the old one deleted on every build.
struct AtomicPublisher {
    let output: URL
    let staging: URL
    let spare: URL
    /// The staging folder is the previous spare, holding an older complete site.
    let reusedSpare: Bool
    /// Held until the last copy of the publisher is gone.
    private let lock: OutputLock

    /// What sitegen keeps beside `output` (`public/` → `.public.sitegen-spare`):
    /// `kind` is "spare", "staging", "old" or "lock".
    static func sibling(_ kind: String, of output: URL) -> URL {
        output.deletingLastPathComponent().appending(path: ".\(output.lastPathComponent).sitegen-\(kind)")
    }

    /// Takes the output's lock (unless the caller holds it: `lock`) and clears
    /// leftovers of a killed build. `reuseSpare`: stage into the spare, which the
    /// caller can describe.
    init(output: URL, lock heldLock: OutputLock? = nil, reuseSpare: Bool = false) throws(Diagnostic) {
        self.output = output
        let parent = output.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw Diagnostic(path: parent.path, message: "cannot create output folder: \(TextFile.reason(for: error))")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw Diagnostic(path: output.path, message: "output path exists and is not a folder; refusing to replace it")
        }
        if let heldLock { lock = heldLock } else { lock = try OutputLock(output: output) }
        staging = Self.sibling("staging", of: output)
        spare = Self.sibling("spare", of: output)
        // We hold the lock, so any staging or old folder is left over from a killed build.
        for leftover in [staging, Self.sibling("old", of: output)] {
            FolderRemover.remove(leftover.path)
        }
        var info = stat()
        if reuseSpare, lstat(spare.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, rename(spare.path, staging.path) == 0 {
            reusedSpare = true
            return
        }
        reusedSpare = false
        FolderRemover.remove(spare.path)
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw Diagnostic(path: staging.path, message: "cannot create staging folder: \(TextFile.reason(for: error))")
        }
    }

    /// Puts the staged site in place of the output: one atomic exchange where the
    /// file system supports it, else two renames in a row. The replaced site is
    /// deleted, or with `keepSpare` kept as the spare for the next build.
    func publish(keepSpare: Bool = false) throws(Diagnostic) {
        let retire = { (folder: URL) in
            if !keepSpare || rename(folder.path, spare.path) != 0 { FolderRemover.remove(folder.path) }
        }
        if FileManager.default.fileExists(atPath: output.path) {
            if sitegen_exchange_paths(staging.path, output.path) == 0 {
                retire(staging)  // Now holds the previous site.
                return
            }
            let old = Self.sibling("old", of: output)
            guard rename(output.path, old.path) == 0 else { throw failure("cannot move the previous site aside") }
            guard rename(staging.path, output.path) == 0 else {
                let reason = failure("cannot move the new site into place")
                _ = rename(old.path, output.path)  // Put the previous site back.
                throw reason
            }
            retire(old)
        } else {
            guard rename(staging.path, output.path) == 0 else { throw failure("cannot move the new site into place") }
        }
    }

    /// Drops the staging folder; the output stays as it was.
    func abandon() {
        FolderRemover.remove(staging.path)
    }

    private func failure(_ what: String) -> Diagnostic {
        Diagnostic(path: output.path, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
