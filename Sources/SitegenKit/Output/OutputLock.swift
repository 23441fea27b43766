import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lock beside an output folder (`.NAME.sitegen-lock`): one build at a time
/// writes an output folder and its spare. A class, so the lock is let go on
/// every way out of a build, when its last holder is.
final class OutputLock: Sendable {
    private let descriptor: Int32

    /// The output folder's parent must exist.
    init(output: URL) throws(Diagnostic) {
        let lockPath = AtomicPublisher.sibling("lock", of: output).path
        let descriptor = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Diagnostic(path: lockPath, message: "cannot create lock file: \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw Diagnostic(path: output.path, message: "another sitegen build is writing this output folder; wait for it to finish")
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
