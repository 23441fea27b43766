import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A whole file mapped read-only into memory. The cache reads tens of megabytes
/// on every build: reading them into fresh memory cost a page fault, a cleared
/// page and a copy per 4 KiB, while a mapping shares the kernel's page cache.
/// Cache files are only ever replaced by renaming a new file over them, so the
/// mapped bytes cannot change underneath a build.
///
/// Pages are mapped as they are first read, or at once for a range the reader
/// asks for (`prefault`): a build reads the records of a cache file, not the
/// rendered bodies after them, most of which an edit never shows.
final class MappedFile: @unchecked Sendable {
    // Immutable after init, and the mapping is read-only: safe to share across threads.
    let bytes: UnsafeRawBufferPointer
    // Guarded by `lock`: which ranges `verify` found intact, and whether one was not.
    private let lock = NSLock()
    private var intact: Set<Int> = []
    private var damaged = false

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    deinit {
        if let base = bytes.baseAddress, !bytes.isEmpty { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    /// The file at `path`, or nil when it is not a regular file that can be opened and mapped.
    static func map(_ path: String) -> MappedFile? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(info.st_size)
        guard size > 0 else { return MappedFile(bytes: UnsafeRawBufferPointer(start: nil, count: 0)) }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED else { return nil }
        return MappedFile(bytes: UnsafeRawBufferPointer(start: base, count: size))
    }

    /// Maps the pages of `range` now, in one call, rather than a fault per few
    /// pages as they are read. Only a hint: without it the pages fault in anyway.
    func prefault(_ range: Range<Int>) {
        #if canImport(Glibc)
            guard let base = bytes.baseAddress, !range.isEmpty else { return }
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            let start = range.lowerBound / page * page
            // Linux 5.14 and later; older kernels refuse it, and the pages fault in as read.
            _ = madvise(UnsafeMutableRawPointer(mutating: base + start), range.upperBound - start, MADV_POPULATE_READ)
        #endif
    }

    /// Whether the bytes of `range` hash to `hash` (XXH64). A range found intact
    /// is not hashed again; one found damaged marks the file (`foundDamage`).
    func verify(_ range: Range<Int>, hash: UInt64) -> Bool {
        if lock.withLock({ intact.contains(range.lowerBound) }) { return true }
        let matches = XXHash64.hash(UnsafeRawBufferPointer(rebasing: bytes[range])) == hash
        lock.withLock {
            if matches { intact.insert(range.lowerBound) } else { damaged = true }
        }
        return matches
    }

    /// Whether `verify` found a range of this file damaged.
    var foundDamage: Bool { lock.withLock { damaged } }
}
