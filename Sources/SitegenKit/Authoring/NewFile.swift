import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Creates files that must not exist yet. The check and the creation are one
/// `open(O_CREAT | O_EXCL)`, so a file that appears between a look and a write
/// (another `sitegen new`, an editor) is never overwritten.
enum NewFile {
    /// Why a file could not be created.
    enum Failure: Error {
        case exists
        case system(String)
    }

    static func create(_ url: URL, contents text: String) throws(Failure) {
        let path = url.path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw errno == EEXIST ? .exists : .system(String(cString: strerror(errno)))
        }
        var failure: String?
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let result = systemWrite(descriptor, base + offset, buffer.count - offset)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += result
            }
        }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if let failure {
            // A half-written file would block the next try and fail the build.
            unlink(path)
            throw .system(failure)
        }
    }

    /// Makes `url` and any missing parents; returns the folders it made, outermost
    /// first, so a failed scaffold can take them away again.
    static func makeFolder(_ url: URL) throws(Failure) -> [URL] {
        var missing: [URL] = []
        var folder = url.standardizedFileURL
        while !FileManager.default.fileExists(atPath: folder.path), folder.path != "/" {
            missing.insert(folder, at: 0)
            folder = folder.deletingLastPathComponent()
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw .system("\(folder.path) is a file, not a folder")
        }
        var made: [URL] = []
        for folder in missing {
            if mkdir(folder.path, 0o755) == 0 {
                made.append(folder)
            } else if errno != EEXIST {  // EEXIST: made meanwhile by someone else, which is fine.
                let reason = String(cString: strerror(errno))
                removeFolders(made)
                throw .system(reason)
            }
        }
        return made
    }

    /// Takes away folders `makeFolder` made, innermost first; `rmdir` leaves any
    /// that someone else has meanwhile put a file in.
    static func removeFolders(_ made: [URL]) {
        for folder in made.reversed() { rmdir(folder.path) }
    }
}
