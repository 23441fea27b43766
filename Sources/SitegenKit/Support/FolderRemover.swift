import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Deletes a folder tree with plain POSIX calls, spreading its subfolders over
/// every core: replacing a published site deletes the previous one, tens of
/// thousands of files, on every build. Symbolic links are removed, never followed.
enum FolderRemover {
    static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            unlink(path)  // A file or a symbolic link: the link goes, what it points to stays.
            return
        }
        // Two levels deep gives enough pieces to share out (tags/, page/, years).
        var pieces: [String] = []
        for child in entries(of: path) where child.isFolder {
            let childPath = path + "/" + child.name
            pieces += entries(of: childPath).filter(\.isFolder).map { childPath + "/" + $0.name }
        }
        _ = pieces.parallelMap { removeTree($0) }
        removeTree(path)
    }

    private struct Entry {
        var name: String
        var isFolder: Bool
    }

    private static func entries(of path: String) -> [Entry] {
        guard let folder = opendir(path) else { return [] }
        defer { closedir(folder) }
        var found: [Entry] = []
        while let entry = readdir(folder) {
            if entry.isSelfOrParent { continue }
            let name = entry.fileName
            var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                var info = stat()
                isFolder = lstat(path + "/" + name, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
            }
            found.append(Entry(name: name, isFolder: isFolder))
        }
        return found
    }

    /// Depth first; a path already gone (removed by another thread) is fine.
    @discardableResult
    private static func removeTree(_ path: String) -> Bool {
        for entry in entries(of: path) {
            let child = path + "/" + entry.name
            if entry.isFolder { removeTree(child) } else { unlink(child) }
        }
        return rmdir(path) == 0 || errno == ENOENT
    }
}
