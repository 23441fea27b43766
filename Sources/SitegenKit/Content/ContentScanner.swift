import Foundation

/// The site's `content/` folder, or an error saying how to get one.
enum ContentFolder {
    static func require(in siteRoot: URL, display: DisplayPath, hint: String) throws(BuildFailure) -> URL {
        let content = siteRoot.appending(path: "content")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: content.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BuildFailure([Diagnostic(path: display(content), message: "no content/ folder here; \(hint)")])
        }
        return content
    }
}

/// Finds the files of a folder tree: every briefing under `content/`, every file
/// under `static/`. Symbolic links are refused: one pointing outside the site
/// would publish files the site owner never meant to (`static/keys -> ~/.ssh`).
struct FolderScanner: Sendable {
    let root: URL
    let displayPath: @Sendable (URL) -> String
    /// `static/` is copied as is, so `.nojekyll` and `.well-known/` go too;
    /// editor and VCS leftovers never do.
    var includeHidden = false
    /// Whether each file's size and mtime are read (`fstatat`), which only the
    /// build cache compares. Without, a file's kind comes from the listing
    /// itself where the file system gives it, and its identity is `unread`:
    /// asking ten thousand files cost a build without the cache 14 ms of CPU,
    /// most of it before a single briefing could be read.
    var readsIdentity = true
    static let neverCopied: Set<String> = [".git", ".DS_Store", ".svn", ".hg"]

    /// Relative paths (with `/`) of regular files, sorted, and the problems met.
    func files(matching include: @Sendable (String) -> Bool = { _ in true }) -> ([String], [Diagnostic]) {
        let (found, problems) = scan(matching: include)
        return (found.map(\.path), problems)
    }

    /// The same, with each file's size and mtime, which the build cache compares.
    /// Top-level folders (`content/2025/`, …) are walked in parallel.
    func scan(matching include: @Sendable (String) -> Bool = { _ in true }) -> ([ScannedFile], [Diagnostic]) {
        var found: [ScannedFile] = []
        var problems: [Diagnostic] = []
        let folders = list(relative: "", found: &found, problems: &problems, include: include)
        let parts = folders.parallelMap { folder -> ([ScannedFile], [Diagnostic]) in
            var found: [ScannedFile] = []
            var problems: [Diagnostic] = []
            walk(relative: folder, found: &found, problems: &problems, include: include)
            return (found, problems)
        }
        for part in parts {
            found += part.0
            problems += part.1
        }
        return (found.sorted { $0.path < $1.path }, problems)
    }

    private func walk(relative: String, found: inout [ScannedFile], problems: inout [Diagnostic], include: (String) -> Bool) {
        for folder in list(relative: relative, found: &found, problems: &problems, include: include) {
            walk(relative: folder, found: &found, problems: &problems, include: include)
        }
    }

    /// One folder's files go to `found`; its subfolders are returned, in order.
    /// It lists with readdir and reads each entry's details relative to the open
    /// folder (`fstatat`), so no path is looked up from the root again: a scan
    /// of 10,000 briefings is what a build with nothing to do spends its time on.
    private func list(relative: String, found: inout [ScannedFile], problems: inout [Diagnostic], include: (String) -> Bool) -> [String] {
        let folder = relative.isEmpty ? root : root.appending(path: relative)
        guard let directory = opendir(folder.path) else {
            problems.append(
                Diagnostic(path: displayPath(folder), message: "cannot list folder: \(String(cString: strerror(errno)).lowercased())"))
            return []
        }
        defer { closedir(directory) }
        let descriptor = dirfd(directory)
        var names: [String] = []
        var kinds: [ListedKind] = []
        var subfolders: [String] = []
        while let entry = readdir(directory) {
            guard !entry.isSelfOrParent else { continue }
            names.append(entry.fileName)
            kinds.append(readsIdentity ? .unknown : entry.listedKind)
        }
        // Every name never copied starts with a dot: only those are looked up.
        for position in Self.sortedOrder(names)
        where !names[position].hasPrefix(".") || (includeHidden && !Self.neverCopied.contains(names[position])) {
            let name = names[position]
            let path = Self.joined(relative, name)
            var identity = FileIdentity.unread
            var kind = kinds[position]
            if kind == .unknown {
                var info = stat()
                // Through `withCString`, which hands over a native string's own bytes:
                // passing the `String` itself made an array of them for each file.
                guard name.withCString({ fstatat(descriptor, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0 else { continue }
                kind = ListedKind(mode: info.st_mode)
                identity = FileIdentity(info)
            }
            switch kind {
            case .folder:
                subfolders.append(path)
            case .file:
                if include(path) { found.append(ScannedFile(path: path, identity: identity)) }
            case .symbolicLink:
                problems.append(
                    Diagnostic(
                        path: displayPath(root.appending(path: path)),
                        message: "symbolic links are not followed; copy the file into the site instead"))
            case .other, .unknown:
                break
            }
        }
        return subfolders
    }
}

extension FolderScanner {
    /// `names.sorted()`, in a tenth of the time for ASCII names. There `<` is
    /// byte order, so each name's first sixteen bytes, as two big-endian
    /// integers, order it against any name they differ from, and only names
    /// sharing those bytes are compared whole. (For other names a byte can stand
    /// for part of a character that `<` orders differently, so they are sorted as
    /// strings.) Sorting each folder's names was half of scanning `content/`,
    /// which every build does.
    /// The keys are sorted with each name's position, not the names: moving
    /// plain integers costs no reference counting.
    static func sorted(_ names: [String]) -> [String] { sortedOrder(names).map { names[$0] } }

    /// The positions of `names` in the order `sorted` puts them.
    static func sortedOrder(_ names: [String]) -> [Int] {
        var ascii = true
        var keys = names.indices.map { position -> (first: UInt64, second: UInt64, position: Int) in
            var head: (UInt64, UInt64) = (0, 0)
            var name = names[position]
            name.withUTF8 { bytes in
                var any: UInt8 = 0
                for byte in bytes { any |= byte }
                if any >= 0x80 { ascii = false }
                for (index, byte) in bytes.prefix(16).enumerated() {
                    let shift = UInt64(56 - 8 * (index % 8))
                    if index < 8 { head.0 |= UInt64(byte) << shift } else { head.1 |= UInt64(byte) << shift }
                }
            }
            return (head.0, head.1, position)
        }
        guard ascii else { return names.indices.sorted { names[$0] < names[$1] } }
        keys.sort { a, b in
            if a.first != b.first { return a.first < b.first }
            if a.second != b.second { return a.second < b.second }
            return names[a.position] < names[b.position]
        }
        return keys.map(\.position)
    }

    /// `relative/name`, or `name` at the top.
    static func joined(_ relative: String, _ name: String) -> String {
        relative.isEmpty ? name : relative + "/" + name
    }
}

/// A file found by `FolderScanner`, relative to the scanned folder.
struct ScannedFile: Sendable, Equatable {
    var path: String
    var identity: FileIdentity
}

/// What says a file changed without reading it: its size and modification time.
struct FileIdentity: Sendable, Equatable {
    var size: Int
    /// Nanoseconds since the epoch.
    var modified: Int

    static let missing = FileIdentity(size: -1, modified: -1)
    /// Not read: a scan that was not asked for identities (`FolderScanner.readsIdentity`).
    static let unread = missing

    init(size: Int, modified: Int) {
        self.size = size
        self.modified = modified
    }

    init(_ info: stat) {
        size = Int(info.st_size)
        modified = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
    }

    /// The identity of the file at `path`, or `missing`.
    init(path: String) {
        var info = stat()
        self = stat(path, &info) == 0 ? FileIdentity(info) : .missing
    }
}
