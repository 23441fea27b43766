import Foundation

/// Every file of the published site as the last build wrote it: a hash of its
/// bytes, and the size, mtime and inode it had. A page rendering to the same
/// hash is hard-linked from the published site without reading it back, when
/// the file there still has the recorded size, mtime and inode (nobody touched
/// it), or is read back and still has the recorded size and hash (a restored copy).
struct OutputManifest: Sendable {
    struct Entry: Sendable, Equatable {
        var hash: UInt64
        var size: Int
        var modified: Int
        var inode: UInt64
        /// What the file was made from (`PageFingerprints`); 0 when unknown.
        var fingerprint: UInt64 = 0

        /// The entry of a file just written with these bytes' hash.
        init(hash: UInt64, size: Int, modified: Int, inode: UInt64) {
            (self.hash, self.size, self.modified, self.inode) = (hash, size, modified, inode)
        }

        init(hash: UInt64, file info: stat) {
            self.init(hash: hash, size: Int(info.st_size), modified: FileIdentity(info).modified, inode: UInt64(info.st_ino))
        }

        /// Whether the file at `path` is still the regular file this entry recorded
        /// (same size, mtime and inode), so its bytes still have the recorded hash.
        /// `directory`: an open folder `path` is relative to, so its own path is
        /// not walked again for each of thirteen thousand files.
        func describesFile(at path: String, in directory: Int32 = AT_FDCWD) -> Bool {
            var info = stat()
            guard fstatat(directory, path, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return false }
            return isIdentity(of: info)
        }

        private func isIdentity(of info: stat) -> Bool {
            info.st_mode & S_IFMT == S_IFREG && Int(info.st_size) == size && FileIdentity(info).modified == modified
                && UInt64(info.st_ino) == inode
        }

        /// This entry when the file at `path` still is the file it recorded, by
        /// identity as `describesFile` checks it or, failing that, by its bytes: the
        /// entry then carries the file's new identity. A site restored from a CI
        /// cache (or copied with `cp -a`) has every file's bytes and mtime but a new
        /// inode for each; reading and hashing a file back costs a small part of
        /// rendering its page again, and keeps its mtime for rsync. nil when the
        /// file is missing, of another size, or holds other bytes.
        func confirmed(at path: String, in directory: Int32 = AT_FDCWD) -> Entry? {
            var info = stat()
            guard fstatat(directory, path, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFREG,
                Int(info.st_size) == size
            else { return nil }
            return isIdentity(of: info) ? self : confirmedByBytes(at: path, in: directory)
        }

        private func confirmedByBytes(at path: String, in directory: Int32) -> Entry? {
            let confirmed = RegularFile.withBytes(at: path, in: directory, size: size) { bytes, info -> Entry? in
                guard XXHash64.hash(bytes) == hash else { return nil }
                var confirmed = Entry(hash: hash, file: info)
                confirmed.fingerprint = fingerprint
                return confirmed
            }
            return confirmed ?? nil
        }
    }

    /// The output folder the entries describe (a different `--output` starts afresh).
    var root = ""
    var entries: [String: Entry] = [:]
    /// Every folder ("" for the root), stamped once the site was written, so a
    /// reused spare is pruned without listing the folders nobody touched.
    var folders: [String: FolderStamp] = [:]

    init() {}

    /// The folder stamps as a list. Mapped: `Array(folders)` would cast each
    /// labelled pair to an unlabelled one at run time, seventeen thousand of them.
    var folderList: [(String, FolderStamp)] { folders.map { ($0.key, $0.value) } }

    func write(to out: inout CacheWriter) {
        // About what a path and its fields take, generously: pages never written cost nothing.
        out.reserve(entries.count * 128 + folders.count * 96)
        out.string(root)
        out.dictionary(entries) { out, entry in
            out.fixed(entry.hash)
            out.int(entry.size)
            out.fixedInt(entry.modified)
            out.unsigned(entry.inode)
            out.fixed(entry.fingerprint)
        }
        out.dictionary(folders) { out, stamp in
            out.unsigned(stamp.inode)
            out.fixedInt(stamp.modified)
            out.fixedInt(stamp.changed)
        }
    }

    /// `folders`: false skips the folder stamps (still checked for damage), for
    /// the published site's manifest: only the spare's stamps are compared, and
    /// this file becomes the spare's by renaming, stamps included.
    init(from input: inout CacheReader, folders readsFolders: Bool = true) throws(CacheDamage) {
        root = try input.string()
        entries = try input.dictionary(Self.readEntry)
        guard readsFolders else {
            try Self.skipFolders(&input)
            return
        }
        folders = try input.dictionary { (input: inout CacheReader) throws(CacheDamage) in
            FolderStamp(inode: try input.unsigned(), modified: try input.fixedInt(), changed: try input.fixedInt())
        }
    }

    /// The output folder and its files as a list, for the up-to-date check,
    /// which only goes through them: a table of thirteen thousand paths took
    /// longer to build than to check every file.
    static func files(from input: inout CacheReader) throws(CacheDamage) -> (root: String, files: [(String, Entry)]) {
        let root = try input.string()
        let files = try input.pairs(readEntry)
        try skipFolders(&input)
        return (root, files)
    }

    private static func readEntry(_ input: inout CacheReader) throws(CacheDamage) -> Entry {
        var entry = Entry(hash: try input.fixed(), size: try input.int(), modified: try input.fixedInt(), inode: try input.unsigned())
        entry.fingerprint = try input.fixed()
        return entry
    }

    /// Folder stamps passed over, still checked for damage.
    private static func skipFolders(_ input: inout CacheReader) throws(CacheDamage) {
        for _ in 0..<(try input.count()) {
            try input.skipString()
            _ = try input.unsigned()
            try input.skip(16)
        }
    }
}

/// Collects manifest entries from the threads writing the site.
final class OutputRecorder: Sendable {
    private let lock = NSLock()
    // Guarded by `lock`; `nonisolated(unsafe)` because NSLock, not the compiler, protects it.
    nonisolated(unsafe) private var entries: [String: OutputManifest.Entry] = [:]

    /// `capacity`: the files the build will write, so recording never regrows the table.
    init(capacity: Int = 0) { entries.reserveCapacity(capacity) }

    func record(_ path: String, _ entry: OutputManifest.Entry) {
        lock.withLock { entries[path] = entry }
    }

    var recorded: [String: OutputManifest.Entry] { lock.withLock { entries } }
}
