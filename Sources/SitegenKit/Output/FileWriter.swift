import Foundation

#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// Writes files under a root folder with plain POSIX calls: no atomic temp file
/// per write (the whole folder is swapped atomically), and folders made once.
struct FileWriter: Sendable {
    let root: String

    func makeFolders(for relativePaths: [String]) throws(Diagnostic) {
        var folders: Set<String> = []
        for path in relativePaths {
            var folder = (path as NSString).deletingLastPathComponent
            while !folder.isEmpty, folders.insert(folder).inserted {
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        for folder in folders.sorted() {
            let full = root + "/" + folder
            if mkdir(full, 0o755) != 0, errno != EEXIST {
                throw Diagnostic(path: full, message: "cannot create folder: \(String(cString: strerror(errno)))")
            }
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer, to relativePath: String) throws(Diagnostic) {
        let full = root + "/" + relativePath
        let descriptor = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
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
    }

    func write(_ data: Data, to relativePath: String) throws(Diagnostic) {
        // withUnsafeBytes is not typed-throws, so the failure travels out as a value.
        let failure = data.withUnsafeBytes { buffer in Result { () throws(Diagnostic) in try write(buffer, to: relativePath) } }
        try failure.get()
    }

    func write(_ text: String, to relativePath: String) throws(Diagnostic) {
        var text = text
        let failure = text.withUTF8 { buffer in
            Result { () throws(Diagnostic) in try write(UnsafeRawBufferPointer(buffer), to: relativePath) }
        }
        try failure.get()
    }
}
