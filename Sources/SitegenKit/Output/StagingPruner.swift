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
/// entries are the ones the cache knows. Any other folder is listed. A folder
/// vouched for that the build then leaves alone keeps its stamp for the next
/// build without being read again (`FolderStamp.take`).
struct StagingPruner: Sendable {
    let root: String
    let files: Set<String>
    let folders: Set<String>
    /// The cache's record of the spare: its files and folder stamps.
    var known: OutputManifest? = nil
    /// Told of every vouched-for folder pruning changes.
    var changes: ChangedFolders? = nil
    /// The recorded folders' stamps, read ahead on another thread; nil reads them here.
    var stampsReadAhead: SpareStampReader? = nil

    /// The needed folders found in the spare, and how many folders had to be listed.
    struct Outcome {
        /// Found vouched for, with their stamps: those `changes` is not told of
        /// still have them once pruning is done.
        var vouched: [String: FolderStamp] = [:]
        /// Found by listing.
        var found: Set<String> = []
        var listed: Int
        /// Recorded, needed folders not vouched for (the root aside), and whether
        /// every needed folder is recorded: then these are the only candidates.
        var unvouched: [String] = []
        var everyNeededRecorded = false

        var kept: Set<String> { found.union(vouched.keys) }

        /// The folders of `needed` that are still to be made.
        func missing(from needed: Set<String>) -> Set<String> {
            // Both parts are subsets of the needed folders, and disjoint: when they
            // add up to all of them, no folder is missing, and none is looked up.
            guard vouched.count + found.count < needed.count else { return [] }
            // A folder changed by the last build is neither vouched for nor found
            // (its parent was not listed): looked for among a few, not all.
            if everyNeededRecorded { return Set(unvouched.filter { !found.contains($0) }) }
            return needed.filter { vouched[$0] == nil && !found.contains($0) }
        }
    }

    func prune() -> Outcome {
        // Every folder is vouched for or listed, starting from the root: with no
        // record of the root, nothing below it can be vouched for either.
        guard let known, known.folders[""] != nil else {
            let tree = prune(tree: "")
            return Outcome(found: Set(tree.folders), listed: tree.listed)
        }
        // Which recorded folders are as they were: those are not listed. Sorted
        // a run at a time on every core, stamps read on the way (a folder the
        // site no longer needs is not read): one after another, looking up each
        // folder was a serial stretch of every build.
        let recorded = stampsReadAhead?.recorded ?? known.folderList
        let readAhead = stampsReadAhead?.now
        let rootFolder = OpenFolder(root)
        let sorted = recorded.indices.runs(of: 1024).parallelMap { run in
            var sorting = Sorting()
            for index in run {
                let (path, stamp) = recorded[index]
                if !path.isEmpty && !folders.contains(path) {
                    sorting.unneeded.append(path)
                    continue
                }
                if !path.isEmpty { sorting.recordedNeeded += 1 }
                let now: FolderStamp
                if let readAhead, !path.isEmpty {
                    now = readAhead[index]
                } else {  // The root is read here: becoming the staging folder moved its ctime.
                    now = rootFolder.map { FolderStamp(in: $0.descriptor, path: path) } ?? .untrusted
                }
                if !stamp.isTrusted || stamp != now { sorting.unvouched.append(path) }
            }
            return sorting
        }
        let unvouched = sorted.flatMap(\.unvouched)
        let unneeded = sorted.flatMap(\.unneeded)
        // Every recorded folder but the root is vouched for, unneeded or not
        // vouched for: the record less the few of the last two is the first,
        // with the recorded stamps. Inserted one by one, seventeen thousand
        // paths were hashed again on one core while the other idled.
        var vouched = known.folders
        vouched[""] = nil
        for path in unneeded { vouched[path] = nil }
        for path in unvouched { vouched[path] = nil }
        let recordedNeeded = sorted.reduce(0) { $0 + $1.recordedNeeded }
        // Recorded files and folders the new site does not have; a folder whose
        // parent goes too goes with it.
        let recordedFiles = Array(known.entries.keys)
        let gone = recordedFiles.indices.runs(of: 1024).parallelMap { run in recordedFiles[run].filter { !files.contains($0) } }
        for path in gone.joined() {
            changes?.insert(folderOf: path)
            unlink(root + "/" + path)
        }
        for path in unneeded {
            let parent = path.deletingLastPathComponent
            guard parent.isEmpty || folders.contains(parent) else { continue }
            changes?.insert(folderOf: path)
            FolderRemover.remove(root + "/" + path)
        }
        // Everything else in a folder nobody vouches for is found by listing it.
        let listed = unvouched.parallelMap { list(folder(of: $0), relative: $0) }
        var found = Set(listed.joined().filter { vouched[$0] == nil })
        // A needed folder found by listing exists; its subfolders that were never
        // recorded still need a walk, as with no record.
        let below = found.filter { known.folders[$0] == nil }.map { prune(tree: $0) }
        found.formUnion(below.flatMap(\.folders).filter { vouched[$0] == nil })
        return Outcome(
            vouched: vouched, found: found, listed: unvouched.count + below.reduce(0) { $0 + $1.listed },
            unvouched: unvouched.filter { !$0.isEmpty }, everyNeededRecorded: recordedNeeded == folders.count)
    }

    /// One run of recorded folders, sorted.
    private struct Sorting: Sendable {
        var unvouched: [String] = []
        var unneeded: [String] = []
        var recordedNeeded = 0
    }

    private func folder(of relative: String) -> String { relative.isEmpty ? root : root + "/" + relative }

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
            if entry.isSelfOrParent { continue }
            let name = entry.fileName
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

    /// The stamp of the folder at `path` inside `directory` ("" for the folder
    /// itself); `untrusted` when it is not a folder.
    init(in directory: Int32, path: String) {
        var info = stat()
        guard fstatat(directory, path.isEmpty ? "." : path, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            self = .untrusted
            return
        }
        self.init(
            inode: UInt64(info.st_ino), modified: Self.nanoseconds(info.st_mtim), changed: Self.nanoseconds(info.st_ctim))
    }

    /// The stamps of `folders` ("" for the root) under `root`, read relative to
    /// the open root: the root's own path is not walked again for each one.
    static func read(_ folders: [String], under root: String) -> [FolderStamp] {
        read(folders, in: OpenFolder(root))
    }

    /// The same, in a folder already open (nil: it could not be opened, so no
    /// stamp is trusted), on `threads` threads.
    static func read(_ folders: [String], in folder: OpenFolder?, threads: Int = ParallelismSettings.threads) -> [FolderStamp] {
        guard let folder else { return folders.map { _ in .untrusted } }
        return folders.parallelMap(threads: threads) { FolderStamp(in: folder.descriptor, path: $0) }
    }

    var isTrusted: Bool { inode != 0 }

    /// The stamps of `folders` under `root`, taken once everything is written.
    /// File systems stamp times from a coarse clock, so a folder changed in the
    /// last moments could change again within the same tick without its times
    /// moving: such a folder gets no stamp and is listed next time.
    ///
    /// A folder in `unchanged` (which holds only some of `folders`) keeps the
    /// stamp given there, unread: it was vouched for with it in this build, and
    /// nothing was added to or removed from it since. Were it changed after all,
    /// its times would have moved past the stamp, and the next build lists it.
    static func take(root: String, folders: [String], unchanged: [String: FolderStamp] = [:]) -> [String: FolderStamp] {
        take(root: root, fresh: folders.filter { unchanged[$0] == nil }, keeping: unchanged)
    }

    /// The same, for a caller that knows which folders are not in `unchanged`
    /// (`fresh`): the others are not looked through one by one.
    static func take(root: String, fresh: [String], keeping unchanged: consuming [String: FolderStamp]) -> [String: FolderStamp] {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let settled = nanoseconds(now) - 100_000_000
        var taken = unchanged
        for (folder, stamp) in zip(fresh, read(fresh, under: root)) {
            taken[folder] = stamp.modified < settled && stamp.changed < settled ? stamp : .untrusted
        }
        return taken
    }

    private static func nanoseconds(_ time: timespec) -> Int { Int(time.tv_sec) * 1_000_000_000 + Int(time.tv_nsec) }
}
