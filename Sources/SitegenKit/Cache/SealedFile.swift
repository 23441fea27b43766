import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A cache file ready to write: its framing, its checked payload and its tail
/// of rendered bodies, kept apart and written with `writev`. Joined into one
/// `Data` first, a shard's bytes were copied twice more before they reached
/// the disk, into fresh memory each time: a warm rebuild's last step.
struct SealedFile: Sendable {
    let head: [UInt8]
    let payload: [UInt8]
    let tail: CacheTail
    /// The payload's checksum, as the head holds it.
    let checksum: UInt64

    init(head: [UInt8], payload: [UInt8], tail: CacheTail = CacheTail(), checksum: UInt64 = 0) {
        (self.head, self.payload, self.tail, self.checksum) = (head, payload, tail, checksum)
    }

    /// The file's bytes joined (for tests).
    var bytes: [UInt8] { head + payload + tail.bytes }

    /// Writes the file whole or not at all: into a temporary file beside it,
    /// renamed over it once every byte is written. The file it replaces may be
    /// the one the tail's bodies are lent from: its mapping outlives the rename.
    func write(to url: URL) throws(CacheWriteFailure) {
        let path = url.path
        let temporary = url.deletingLastPathComponent().appending(path: ".\(url.lastPathComponent).\(getpid()).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CacheWriteFailure(path: temporary, code: errno) }
        var failure: Int32?
        head.withUnsafeBytes { head in
            payload.withUnsafeBytes { payload in
                tail.withPieces { pieces in
                    var vectors = ([head, payload] + pieces).filter { !$0.isEmpty }.map {
                        iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress!), iov_len: $0.count)
                    }
                    failure = vectors.withUnsafeMutableBufferPointer { Self.writeAll($0, to: descriptor) }
                }
            }
        }
        if close(descriptor) != 0, failure == nil { failure = errno }
        if failure == nil, rename(temporary, path) != 0 { failure = errno }
        if let failure {
            unlink(temporary)
            throw CacheWriteFailure(path: path, code: failure)
        }
    }

    /// Linux takes at most this many vectors in one `writev` (`UIO_MAXIOV`).
    private static let vectorsPerCall = 1024

    /// Writes every vector, after short writes too; the error number, or nil.
    private static func writeAll(_ vectors: UnsafeMutableBufferPointer<iovec>, to descriptor: Int32) -> Int32? {
        var first = 0
        while first < vectors.count {
            let written = writev(descriptor, vectors.baseAddress! + first, Int32(min(vectors.count - first, vectorsPerCall)))
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            // Skip what was written: whole vectors, then part of the next one.
            var left = written
            while first < vectors.count, left >= vectors[first].iov_len {
                left -= vectors[first].iov_len
                first += 1
            }
            if left > 0, let base = vectors[first].iov_base {
                vectors[first].iov_base = base + left
                vectors[first].iov_len -= left
            }
        }
        return nil
    }
}

/// Why a cache file could not be written; the build only says so in a note.
struct CacheWriteFailure: Error, CustomStringConvertible {
    let path: String
    let code: Int32
    var description: String { "\(path): \(String(cString: strerror(code)))" }
}
