import Foundation

/// Reading the user's text files: UTF-8 only, with a clear message otherwise.
enum TextFile {
    static func read(_ url: URL, displayPath: String) throws(Diagnostic) -> String {
        try decode(try readBytes(atPath: url.path, displayPath: displayPath), displayPath: displayPath)
    }

    /// A briefing's text and the XXH64 of its bytes. `size`: the file's size as
    /// a scan just found it, which saves asking again (`fstat`).
    /// With `folder`, the file is opened as `relativePath` inside it instead of by `path`.
    /// Without `hashing`, the hash is 0: only a build with the cache reads it.
    ///
    /// The bytes are read into a buffer that is not zeroed first, checked once,
    /// and copied into the string (`KnownUTF8`). Read straight into the string's
    /// own storage, they were checked there for the error message and then again
    /// by the string itself: cheap for ASCII, but a briefing with one accented
    /// name or curly quote was checked a byte at a time, twice.
    static func readHashed(
        atPath path: String, relativePath: String? = nil, in folder: OpenFolder? = nil, displayPath: String, size: Int? = nil,
        hashing: Bool = true
    ) throws(Diagnostic) -> (text: String, hash: UInt64) {
        let opened = folder.flatMap { folder in relativePath.map { (folder.descriptor, $0) } }
        let descriptor = try openFile(atPath: path, opened: opened, displayPath: displayPath)
        defer { close(descriptor) }
        var expected = size ?? -1
        if expected < 0 { expected = try self.size(of: descriptor, displayPath: displayPath) }
        // One byte over the expected size, so the end is seen in the same call.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: expected + 1, alignment: 1)
        defer { buffer.deallocate() }
        let count = try readAll(descriptor, into: buffer, expected: expected, displayPath: displayPath)
        let bytes = UnsafeBufferPointer(rebasing: buffer.assumingMemoryBound(to: UInt8.self)[..<count])
        // Not the file when it grew past the room made for it, and no string when it is not UTF-8.
        guard count < buffer.count, let text = KnownUTF8.validated(bytes) else {
            // Rare: read as bytes, which grow as needed and say where the UTF-8 breaks.
            let bytes = try readBytes(atPath: path, opened: opened, displayPath: displayPath)
            return (try decode(bytes, displayPath: displayPath), hashing ? XXHash64.hash(bytes) : 0)
        }
        return (withoutByteOrderMark(text), hashing ? XXHash64.hash(UnsafeRawBufferPointer(bytes)) : 0)
    }

    private static func openFile(
        atPath path: String, opened: (folder: Int32, path: String)?, displayPath: String
    ) throws(Diagnostic) -> Int32 {
        let descriptor = opened.map { openat($0.folder, $0.path, O_RDONLY | O_CLOEXEC) } ?? open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(errno, displayPath) }
        return descriptor
    }

    private static func size(of descriptor: Int32, displayPath: String) throws(Diagnostic) -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure(errno, displayPath) }
        return max(Int(info.st_size), 0)
    }

    private static func failure(_ code: Int32, _ displayPath: String) -> Diagnostic {
        Diagnostic(path: displayPath, message: "cannot read file: \(reason(errno: code))")
    }

    /// Reads until the end of the file or of `buffer`; returns how many bytes came.
    /// A regular file's read comes back short only at its end: once the
    /// expected bytes are in, a short read is the end, and the call that
    /// would return 0 is not made (one of two `read` calls per briefing).
    private static func readAll(
        _ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, expected: Int, displayPath: String
    ) throws(Diagnostic) -> Int {
        var count = 0
        while count < buffer.count, let base = buffer.baseAddress {
            let asked = buffer.count - count
            let read = systemRead(descriptor, base + count, asked)
            if read == 0 { break }
            guard read > 0 else {
                if errno == EINTR { continue }
                throw failure(errno, displayPath)
            }
            count += read
            if read < asked && count >= expected { break }
        }
        return count
    }

    /// The file's bytes, read with plain POSIX calls: through Foundation (a URL
    /// made, then `Data` read and copied) reading was a tenth of the time a full
    /// build spends reading and rendering content. A file whose size changed
    /// since `size` was taken is read to its end all the same.
    private static func readBytes(atPath path: String, opened: (folder: Int32, path: String)? = nil, displayPath: String) throws(Diagnostic)
        -> [UInt8]
    {
        let descriptor = try openFile(atPath: path, opened: opened, displayPath: displayPath)
        defer { close(descriptor) }
        let expected = try size(of: descriptor, displayPath: displayPath)
        // One byte over the expected size, so the end is seen in the same call.
        var bytes = [UInt8](repeating: 0, count: expected + 1)
        var count = 0
        while true {
            let read = bytes.withUnsafeMutableBytes { buffer in
                Result { () throws(Diagnostic) in
                    try readAll(
                        descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]), expected: expected - count,
                        displayPath: displayPath)
                }
            }
            count += try read.get()
            guard count == bytes.count else { break }
            bytes += repeatElement(0, count: bytes.count)
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    static func decode(_ bytes: [UInt8], displayPath: String) throws(Diagnostic) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            var line = 1
            var column = 1
            var index = 0
            // Find the first invalid byte so the user can jump to it.
            while index < bytes.count {
                let length = utf8SequenceLength(bytes, at: index)
                if length == 0 { break }
                if bytes[index] == 0x0A {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                index += length
            }
            throw Diagnostic(
                path: displayPath, line: line, column: column,
                message: "file is not valid UTF-8 (byte 0x\(String(bytes[index], radix: 16, uppercase: true))); save it as UTF-8")
        }
        return withoutByteOrderMark(text)
    }

    /// A byte-order mark is legal UTF-8 but would hide the opening `---`.
    private static func withoutByteOrderMark(_ text: String) -> String {
        text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// Length of the valid UTF-8 sequence starting at `index`, or 0 if it is invalid.
    private static func utf8SequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { return 0 }
        return String(validating: bytes[index..<index + length], as: UTF8.self) == nil ? 0 : length
    }

    /// Plain words for the common failures (`reason(for:)` uses them too), strerror's for the rest.
    static func reason(errno code: Int32) -> String {
        switch code {
        case ENOENT: "no such file"
        case EACCES: "permission denied"
        default: String(cString: strerror(code))
        }
    }

    static func reason(for error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileReadNoSuchFileError: return reason(errno: ENOENT)
            case NSFileReadNoPermissionError: return reason(errno: EACCES)
            default: break
            }
        }
        return nsError.localizedDescription
    }
}
