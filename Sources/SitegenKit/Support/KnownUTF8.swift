/// UTF-8 checked once, and strings made from bytes that are known to be UTF-8.
///
/// Swift checks the bytes of every string it makes from bytes. ASCII passes a
/// quick test, but one byte that is not ASCII (an accented place name, a curly
/// quote from smart punctuation) sends the whole text through a check a byte
/// at a time: with briefings that are not all ASCII, checking each file twice
/// and its HTML once came to an eighth of the instructions of a full build.
/// Here a file is checked once, its ASCII runs 32 bytes at a time, and the
/// string is made from the bytes as they are.
enum KnownUTF8 {
    /// Whether `bytes` are well-formed UTF-8 (no overlong forms, no surrogates,
    /// nothing past U+10FFFF: the Unicode Standard's table 3-7, as Swift's own
    /// check has it), and whether they are all ASCII.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> (valid: Bool, ascii: Bool) {
        guard let base = bytes.baseAddress else { return (true, true) }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var ascii = true
        var at = 0
        while at < count {
            at = asciiRun(raw, from: at, count: count)
            guard at < count else { break }
            let lead = base[at]
            if lead < 0x80 {
                at += 1
                continue
            }
            ascii = false
            // The second byte's range depends on the first; the others are 80...BF.
            let (length, second): (Int, ClosedRange<UInt8>) =
                switch lead {
                case 0xC2...0xDF: (2, 0x80...0xBF)
                case 0xE0: (3, 0xA0...0xBF)
                case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80...0xBF)
                case 0xED: (3, 0x80...0x9F)
                case 0xF0: (4, 0x90...0xBF)
                case 0xF1...0xF3: (4, 0x80...0xBF)
                case 0xF4: (4, 0x80...0x8F)
                default: (0, 0...0)
                }
            guard length > 0, at + length <= count, second.contains(base[at + 1]) else { return (false, false) }
            for offset in 2..<length where base[at + offset] & 0xC0 != 0x80 { return (false, false) }
            at += length
        }
        return (true, ascii)
    }

    /// The string of `bytes`, or nil when they are not UTF-8.
    static func validated(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let (valid, ascii) = check(bytes)
        return valid ? string(bytes, ascii: ascii) : nil
    }

    /// `bytes` must be UTF-8: libcmark's HTML (it replaces what is not UTF-8 in
    /// its input), pieced together at ASCII bytes. Debug builds check them.
    static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        string(bytes, ascii: isASCII(bytes.assumingMemoryBound(to: UInt8.self)))
    }

    /// The same when a scan of the bytes found out already whether they are ASCII.
    static func string(_ bytes: UnsafeRawBufferPointer, ascii: Bool) -> String {
        let bytes = bytes.assumingMemoryBound(to: UInt8.self)
        assert(check(bytes) == (true, ascii), "bytes are not UTF-8, or not as ASCII as said")
        return string(bytes, ascii: ascii)
    }

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool) -> String {
        if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
            // Said to be ASCII when it is, as Swift's own check would: strings
            // known to be ASCII take quicker paths.
            return String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: ascii))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        return asciiRun(UnsafeRawPointer(base), from: 0, count: bytes.count) == bytes.count
    }

    /// Where the ASCII from `start` ends (`count` if it does not): thirty-two
    /// bytes at a time, then eight, then one. Most text is mostly ASCII.
    private static func asciiRun(_ raw: UnsafeRawPointer, from start: Int, count: Int) -> Int {
        let high: UInt64 = 0x8080_8080_8080_8080
        var at = start
        while at + 32 <= count {
            let words =
                raw.loadUnaligned(fromByteOffset: at, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: at + 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: at + 24, as: UInt64.self)
            guard words & high == 0 else { break }
            at += 32
        }
        while at + 8 <= count, raw.loadUnaligned(fromByteOffset: at, as: UInt64.self) & high == 0 { at += 8 }
        while at < count, raw.load(fromByteOffset: at, as: UInt8.self) < 0x80 { at += 1 }
        return at
    }
}
