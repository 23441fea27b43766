import Foundation

/// Reading the user's text files: UTF-8 only, with a clear message otherwise.
enum TextFile {
    static func read(_ url: URL, displayPath: String) throws(Diagnostic) -> String {
        try decode(try readBytes(url, displayPath: displayPath), displayPath: displayPath)
    }

    /// The file's bytes, undecoded (the build cache hashes them first).
    static func readBytes(_ url: URL, displayPath: String) throws(Diagnostic) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw Diagnostic(path: displayPath, message: "cannot read file: \(reason(for: error))")
        }
    }

    static func decode(_ data: Data, displayPath: String) throws(Diagnostic) -> String {
        guard let text = String(validating: data, as: UTF8.self) else {
            var line = 1
            var column = 1
            var index = 0
            // Find the first invalid byte so the user can jump to it.
            let bytes = [UInt8](data)
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
        // A byte-order mark is legal UTF-8 but would hide the opening `---`.
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
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
            case NSFileReadNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError: return "permission denied"
            default: break
            }
        }
        return nsError.localizedDescription
    }
}
