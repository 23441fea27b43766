#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A folder held open, so the files inside it are looked up relative to it:
/// checking thirteen thousand pages by full path walked the folder's own
/// path again for each one.
final class OpenFolder: Sendable {
    let descriptor: Int32

    init?(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }
}
