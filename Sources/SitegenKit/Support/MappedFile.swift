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
final class MappedFile: @unchecked Sendable {
    // Immutable after init, and the mapping is read-only: safe to share across threads.
    let bytes: UnsafeRawBufferPointer

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
        #if canImport(Glibc)
            let flags = MAP_PRIVATE | MAP_POPULATE
        #else
            let flags = MAP_PRIVATE
        #endif
        guard let base = mmap(nil, size, PROT_READ, flags, descriptor, 0), base != MAP_FAILED else { return nil }
        return MappedFile(bytes: UnsafeRawBufferPointer(start: base, count: size))
    }
}
