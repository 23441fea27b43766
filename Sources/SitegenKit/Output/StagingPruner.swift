#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Clears a reused spare of everything the new site does not have: files it
/// no longer writes, folders it no longer needs, and anything else found there.
/// What is left is only what the new site will hold, so no stray file of an
/// older site can be published.
struct StagingPruner: Sendable {
    let root: String
    let files: Set<String>
    let folders: Set<String>

    /// Returns the folders that were kept, which need not be made again.
    func prune() -> Set<String> {
        let subfolders = prune(relative: "")
        return Set(subfolders).union(subfolders.parallelMap { prune(tree: $0) }.joined())
    }

    private func prune(tree relative: String) -> [String] {
        var kept: [String] = []
        for folder in prune(relative: relative) { kept += [folder] + prune(tree: folder) }
        return kept
    }

    /// Prunes one folder's entries; returns its subfolders that stay.
    private func prune(relative: String) -> [String] {
        let folder = relative.isEmpty ? root : root + "/" + relative
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
