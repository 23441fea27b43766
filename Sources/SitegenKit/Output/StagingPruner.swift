#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Clears a reused spare of everything the new site does not have: files it
/// no longer writes, folders it no longer needs, and anything else found there.
/// What is left is only what the new site will hold, so no stray file of an
/// older site can be published.
///
/// Listing twelve thousand folders is most of the cost, so a folder whose
/// stamp (inode, mtime, ctime) is the one recorded when the spare was written
/// is not listed: nothing was added to or removed from it since, so its
/// entries are the ones the cache knows. Any other folder is listed.
struct StagingPruner: Sendable {
    let root: String
    let files: Set<String>
    let folders: Set<String>
    /// The cache's record of the spare: its files and folder stamps.
    var known: OutputManifest? = nil

    /// The folders that were kept, which need not be made again, and how many
    /// folders had to be listed.
    struct Outcome {
        var kept: Set<String>
        var listed: Int
    }

    func prune() -> Outcome {
        // Every folder is vouched for or listed, starting from the root: with no
        // record of the root, nothing below it can be vouched for either.
        guard let known, known.folders[""] != nil else {
            let kept = prune(tree: "")
            return Outcome(kept: Set(kept.folders), listed: kept.listed)
        }
        // Which recorded folders are as they were: those are not listed.
        let recorded = Array(known.folders)
        let vouched = recorded.parallelMap { path, stamp in
            stamp.isTrusted && stamp == FolderStamp(path: path.isEmpty ? root : root + "/" + path)
        }
        var unvouched: [String] = []
        var kept: Set<String> = []
        for ((path, _), isVouched) in zip(recorded, vouched) where path.isEmpty || folders.contains(path) {
            if !isVouched { unvouched.append(path) } else if !path.isEmpty { kept.insert(path) }
        }
        // Recorded files and folders the new site does not have; a folder whose
        // parent goes too goes with it.
        for path in known.entries.keys where !files.contains(path) { unlink(root + "/" + path) }
        for path in known.folders.keys where !path.isEmpty && !folders.contains(path) && folders.contains(parent(of: path)) {
            FolderRemover.remove(root + "/" + path)
        }
        // Everything else in a folder nobody vouches for is found by listing it.
        let listed = unvouched.parallelMap { list(folder(of: $0), relative: $0) }
        kept.formUnion(listed.joined())
        // A needed folder found by listing (or vouched for) exists; its subfolders
        // that were never recorded still need a walk, as with no record.
        let unrecorded = kept.filter { known.folders[$0] == nil }
        let below = unrecorded.map { prune(tree: $0) }
        return Outcome(kept: kept.union(below.flatMap(\.folders)), listed: unvouched.count + below.reduce(0) { $0 + $1.listed })
    }

    private func folder(of relative: String) -> String { relative.isEmpty ? root : root + "/" + relative }

    private func parent(of path: String) -> String { path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "" }

    /// Lists a folder and everything below it: with no record, every folder is listed.
    private func prune(tree relative: String) -> (folders: [String], listed: Int) {
        var kept: [String] = []
        var listed = 1
        for subfolder in list(folder(of: relative), relative: relative) {
            let below = prune(tree: subfolder)
            kept += [subfolder] + below.folders
            listed += below.listed
        }
        return (kept, listed)
    }

    /// Prunes a folder the cache does not vouch for by listing it.
    private func list(_ folder: String, relative: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var kept: [String] = []
        while let entry = readdir(directory) {
            if entry.pointee.isSelfOrParent { continue }
            let name = entry.pointee.fileName
            let path = relative.isEmpty ? name : relative + "/" + name
            // The entry's type comes with it; stat only where the file system does not say.
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                var info = stat()
                guard fstatat(dirfd(directory), name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                type = info.st_mode & S_IFMT == S_IFDIR ? UInt8(DT_DIR) : info.st_mode & S_IFMT == S_IFREG ? UInt8(DT_REG) : UInt8(DT_LNK)
            }
            if type == UInt8(DT_DIR) {
                if folders.contains(path) { kept.append(path) } else { FolderRemover.remove(root + "/" + path) }
            } else if !files.contains(path) || type != UInt8(DT_REG) {
                unlinkat(dirfd(directory), name, 0)
            }
        }
        return kept
    }
}

/// A folder's inode, mtime and ctime: adding, removing or renaming an entry in
/// it moves both times, and ctime cannot be set back by hand.
struct FolderStamp: Sendable, Equatable {
    var inode: UInt64
    var modified: Int
    var changed: Int

    static let untrusted = FolderStamp(inode: 0, modified: 0, changed: 0)

    init(inode: UInt64, modified: Int, changed: Int) {
        (self.inode, self.modified, self.changed) = (inode, modified, changed)
    }

    /// The stamp of the folder at `path`; `untrusted` when it is not a folder.
    init(path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            self = .untrusted
            return
        }
        self.init(
            inode: UInt64(info.st_ino), modified: Self.nanoseconds(info.st_mtim), changed: Self.nanoseconds(info.st_ctim))
    }

    var isTrusted: Bool { inode != 0 }

    /// The stamps of `folders` under `root`, taken once everything is written.
    /// File systems stamp times from a coarse clock, so a folder changed in the
    /// last moments could change again within the same tick without its times
    /// moving: such a folder gets no stamp and is listed next time.
    static func take(root: String, folders: [String]) -> [String: FolderStamp] {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let settled = nanoseconds(now) - 100_000_000
        let stamps = folders.parallelMap { folder -> FolderStamp in
            let stamp = FolderStamp(path: folder.isEmpty ? root : root + "/" + folder)
            return stamp.modified < settled && stamp.changed < settled ? stamp : .untrusted
        }
        return Dictionary(uniqueKeysWithValues: zip(folders, stamps))
    }

    private static func nanoseconds(_ time: timespec) -> Int { Int(time.tv_sec) * 1_000_000_000 + Int(time.tv_nsec) }
}
