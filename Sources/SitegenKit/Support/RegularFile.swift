#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file of the output read back whole, to check its bytes against what was
/// written or recorded.
enum RegularFile {
    /// Calls `body` with the bytes of the regular file at `path` (relative to
    /// `directory`, not followed if a link) and its `stat`, when it holds exactly
    /// `size` bytes; nil when it is missing, not a regular file or of another
    /// size. A byte more than `size` is asked for, so a file that grew since its
    /// `stat` is seen to.
    static func withBytes<Result>(
        at path: String, in directory: Int32 = AT_FDCWD, size: Int, _ body: (UnsafeRawBufferPointer, stat) -> Result
    ) -> Result? {
        let descriptor = openat(directory, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == size else { return nil }
        return withUnsafeTemporaryAllocation(byteCount: size + 1, alignment: 16) { buffer -> Result? in
            var count = 0
            while count < buffer.count {
                let read = systemRead(descriptor, buffer.baseAddress! + count, buffer.count - count)  // size + 1 > 0 bytes.
                if read < 0, errno == EINTR { continue }
                guard read > 0 else { break }
                count += read
            }
            return count == size ? body(UnsafeRawBufferPointer(rebasing: buffer[..<count]), info) : nil
        }
    }
}
