import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files under a root folder with plain POSIX calls: no atomic temp file
/// per write (the whole folder is swapped atomically), and folders made once.
///
/// When the previous site holds the same bytes at the same path, the file is
/// hard-linked from it instead of written: its mtime stays, so rsync and static
/// hosts upload only what changed, and the disk does far less work.
struct FileWriter: Sendable {
    let root: String
    /// The published site being replaced, if any.
    var previousRoot: String? = nil
    /// The build cache's record of that site: with it, unchanged files are found
    /// by hash and file identity, without reading the published files back (but
    /// for a file whose identity changed, which is read back and hashed).
    var previous: OutputManifest? = nil
    /// Collects what was written, for the next build's cache.
    var recorder: OutputRecorder? = nil
    /// When the root is the reused spare: the cache's record of what it holds.
    /// Its files may be hard links shared with the published site, so a file is
    /// never written in place: it is kept as it is, or unlinked and made anew.
    var staged: OutputManifest? = nil
    /// Collects the folders whose entries the writer changes, so the others keep
    /// the stamps the pruner vouched for.
    var changes: ChangedFolders? = nil
    /// `root` and `previousRoot` held open, for making folders and checking
    /// recorded files by relative path.
    var openRoot: OpenFolder? = nil
    var openPreviousRoot: OpenFolder? = nil

    /// Every folder the files need, as relative paths.
    static func folders(for relativePaths: [String]) -> Set<String> {
        var folders: Set<String> = []
        folders.reserveCapacity(relativePaths.count * 3 / 2)
        addFolders(for: relativePaths, to: &folders)
        return folders
    }

    /// Adds every folder the files need to `folders`.
    static func addFolders(for relativePaths: [String], to folders: inout Set<String>) {
        // The previous path's folder: paths come in plan order, where neighbours
        // share a folder (a tag's feeds) or a parent (a month's briefings), and
        // comparing bytes is cheaper than making a string to look up. It and its
        // parents are in the set, as every folder's parents are. Bytes, not
        // characters, throughout: paths are split at an ASCII slash, which UTF-8
        // never has inside another character. (Through String's UTF-8 view, each
        // step checked its index: most of a warm build's time planning pages.)
        var previous: [UInt8] = []
        for path in relativePaths {
            var path = path
            path.withUTF8 { bytes in
                guard let base = bytes.baseAddress, let folderEnd = bytes.lastIndex(of: UInt8(ascii: "/")) else {
                    previous.removeAll(keepingCapacity: true)
                    return
                }
                /// Whether the first `end` bytes are the previous folder or one of its parents.
                func alongPrevious(_ end: Int) -> Bool {
                    guard end <= previous.count, end == previous.count || previous[end] == UInt8(ascii: "/") else { return false }
                    return previous.withUnsafeBufferPointer { memcmp($0.baseAddress!, base, end) == 0 }  // end > 0: not empty.
                }
                // Parent by parent, up to the first one already seen.
                var end = folderEnd
                while end > 0, !alongPrevious(end) {
                    guard folders.insert(String(decoding: UnsafeBufferPointer(start: base, count: end), as: UTF8.self)).inserted else {
                        break
                    }
                    end = UnsafeBufferPointer(start: base, count: end).lastIndex(of: UInt8(ascii: "/")) ?? 0
                }
                previous.removeAll(keepingCapacity: true)
                previous.append(contentsOf: UnsafeBufferPointer(start: base, count: folderEnd))
            }
        }
    }

    /// Makes the folders; ones that exist already (in a reused spare) are fine.
    /// A new site has tens of thousands of folders: they are made a depth at a
    /// time (parents first), each depth on every core, relative to the open root.
    /// Not sorted first (sorting 17,600 paths kept one core busy for 10 ms):
    /// when several fail, the first by path is reported, whatever the order.
    func makeFolders(_ folders: Set<String>) throws(Diagnostic) {
        var byDepth: [[String]] = []
        for folder in folders {
            let depth = folder.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) }
            while byDepth.count <= depth { byDepth.append([]) }
            byDepth[depth].append(folder)
        }
        for level in byDepth {
            let failures = level.parallelMap { (folder: String) -> Diagnostic? in
                changes?.insert(folderOf: folder)
                let made = openRoot.map { mkdirat($0.descriptor, folder, 0o755) } ?? mkdir(root + "/" + folder, 0o755)
                guard made != 0, errno != EEXIST else { return nil }
                return Diagnostic(path: root + "/" + folder, message: "cannot create folder: \(String(cString: strerror(errno)))")
            }
            if let first = failures.lazy.compactMap({ $0 }).min(by: { $0.path < $1.path }) { throw first }
        }
    }

    /// Keeps the file the spare or the published site holds at this path when it
    /// was made from the same inputs (same fingerprint) and still holds the bytes
    /// it was recorded with (`OutputManifest.Entry.confirmed`). Returns false when
    /// the page must be rendered and written.
    func reuse(_ relativePath: String, fingerprint: UInt64) -> Bool {
        guard let recorder else { return false }
        if let entry = staged?.entries[relativePath], entry.fingerprint == fingerprint, let kept = stagedFile(relativePath, is: entry) {
            recorder.record(relativePath, kept)
            return true
        }
        guard let previousRoot, let recorded = previous?.entries[relativePath], recorded.fingerprint == fingerprint,
            let entry = publishedFile(relativePath, in: previousRoot, is: recorded)
        else { return false }
        changes?.insert(folderOf: relativePath)
        let full = root + "/" + relativePath
        if staged != nil { unlink(full) }
        guard link(previousRoot + "/" + relativePath, full) == 0 else { return false }
        recorder.record(relativePath, entry)
        return true
    }

    /// `fingerprint`: what the file is made from, kept in the manifest for `reuse`.
    func write(_ bytes: UnsafeRawBufferPointer, to relativePath: String, fingerprint: UInt64 = 0) throws(Diagnostic) {
        let full = root + "/" + relativePath
        if let recorder {
            let hash = XXHash64.hash(bytes)
            let record = { (entry: OutputManifest.Entry) in
                var entry = entry
                entry.fingerprint = fingerprint
                recorder.record(relativePath, entry)
            }
            if let entry = staged?.entries[relativePath], entry.hash == hash, entry.size == bytes.count,
                let kept = stagedFile(relativePath, is: entry)
            {
                record(kept)
                return
            }
            // Whichever way the file is made below, its folder's entry changes.
            changes?.insert(folderOf: relativePath)
            if staged != nil { unlink(full) }
            if let previousRoot, let recorded = previous?.entries[relativePath], recorded.hash == hash, recorded.size == bytes.count,
                let entry = publishedFile(relativePath, in: previousRoot, is: recorded), link(previousRoot + "/" + relativePath, full) == 0
            {
                record(entry)
                return
            }
            try create(relativePath, full: full, bytes) { descriptor in
                var info = stat()
                guard fstat(descriptor, &info) == 0 else { return }
                record(OutputManifest.Entry(hash: hash, file: info))
            }
            return
        }
        changes?.insert(folderOf: relativePath)
        if let previousRoot, Self.sameBytes(at: previousRoot + "/" + relativePath, as: bytes),
            link(previousRoot + "/" + relativePath, full) == 0
        {
            return
        }
        try create(relativePath, full: full, bytes) { _ in }
    }

    /// The entry for the spare's file at `relativePath` if it still is the one
    /// `entry` recorded, by identity or by its bytes (`OutputManifest.Entry.confirmed`).
    private func stagedFile(_ relativePath: String, is entry: OutputManifest.Entry) -> OutputManifest.Entry? {
        Self.file(relativePath, under: root, open: openRoot, is: entry)
    }

    /// The same for the published site's file.
    private func publishedFile(_ relativePath: String, in previousRoot: String, is entry: OutputManifest.Entry) -> OutputManifest.Entry? {
        Self.file(relativePath, under: previousRoot, open: openPreviousRoot, is: entry)
    }

    /// Relative to the folder when it is held open, by full path otherwise.
    private static func file(
        _ relativePath: String, under root: String, open: OpenFolder?, is entry: OutputManifest.Entry
    ) -> OutputManifest.Entry? {
        open.map { entry.confirmed(at: relativePath, in: $0.descriptor) } ?? entry.confirmed(at: root + "/" + relativePath)
    }

    /// Creates the file and writes all of `bytes`; `written` sees the open file.
    /// Opened relative to the open root when there is one: the kernel then walks
    /// only the path inside the site, not the root's own path again for each of
    /// thirteen thousand files.
    private func create(
        _ relativePath: String, full: String, _ bytes: UnsafeRawBufferPointer, written: (Int32) -> Void
    ) throws(Diagnostic) {
        let flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
        let descriptor = openRoot.map { openat($0.descriptor, relativePath, flags, 0o644) } ?? open(full, flags, 0o644)
        guard descriptor >= 0 else { throw Diagnostic(path: full, message: "cannot write file: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count, let base = bytes.baseAddress {
            let result = systemWrite(descriptor, base + offset, bytes.count - offset)
            if result < 0 {
                if errno == EINTR { continue }
                throw Diagnostic(path: full, message: "cannot write file: \(String(cString: strerror(errno)))")
            }
            offset += result
        }
        written(descriptor)
    }

    func write(_ bytes: [UInt8], to relativePath: String, fingerprint: UInt64 = 0) throws(Diagnostic) {
        let failure = bytes.withUnsafeBytes { buffer in
            Result { () throws(Diagnostic) in try write(buffer, to: relativePath, fingerprint: fingerprint) }
        }
        try failure.get()
    }

    func write(_ data: Data, to relativePath: String) throws(Diagnostic) {
        // withUnsafeBytes is not typed-throws, so the failure travels out as a value.
        let failure = data.withUnsafeBytes { buffer in Result { () throws(Diagnostic) in try write(buffer, to: relativePath) } }
        try failure.get()
    }

    func write(_ text: String, to relativePath: String, fingerprint: UInt64 = 0) throws(Diagnostic) {
        var text = text
        let failure = text.withUTF8 { buffer in
            Result { () throws(Diagnostic) in try write(UnsafeRawBufferPointer(buffer), to: relativePath, fingerprint: fingerprint) }
        }
        try failure.get()
    }

    /// Whether the regular file at `path` holds exactly `bytes`.
    private static func sameBytes(at path: String, as bytes: UnsafeRawBufferPointer) -> Bool {
        RegularFile.withBytes(at: path, size: bytes.count) { existing, _ in
            bytes.isEmpty || memcmp(existing.baseAddress!, bytes.baseAddress!, bytes.count) == 0  // Same size, not empty.
        } ?? false
    }
}

/// The folders a build changed (an entry added, removed or replaced), collected
/// from the threads writing the site.
final class ChangedFolders: Sendable {
    private let lock = NSLock()
    // Guarded by `lock`; `nonisolated(unsafe)` because NSLock, not the compiler, protects it.
    nonisolated(unsafe) private var folders: Set<String> = []

    /// Notes a change to an entry of the folder holding `path` ("" for the root).
    func insert(folderOf path: String) {
        let folder = path.deletingLastPathComponent
        lock.withLock { _ = folders.insert(folder) }
    }

    var changed: Set<String> { lock.withLock { folders } }
}
