#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A whole file read into one array with plain POSIX calls: the cache reads
/// tens of megabytes on every build, and going through `Data` cost one more copy.
enum FileBytes {
    /// The file's bytes, or nil when it cannot be opened or read.
    static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(info.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var offset = 0
            while offset < size, let base = buffer.baseAddress {
                let result = systemRead(descriptor, base + offset, size - offset)
                if result < 0, errno == EINTR { continue }
                guard result > 0 else { break }
                offset += result
            }
            complete = offset == size
            count = offset
        }
        return complete ? bytes : nil
    }
}
