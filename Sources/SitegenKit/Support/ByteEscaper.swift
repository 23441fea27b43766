/// Copies text as UTF-8, replacing the few bytes an output format reserves.
/// Long runs of ordinary bytes are copied whole, not byte by byte: feeds
/// escape tens of megabytes of HTML per build.
enum ByteEscaper {
    /// A replacement for the byte at `index` of `bytes`, with how many bytes it
    /// consumes; nil keeps the byte.
    typealias Rule = (_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (replacement: StaticString, consumed: Int)?

    /// Asks `rule` only about the bytes in `triggers`: a set lookup per byte is
    /// several times cheaper than a rule's switch.
    static func escape(_ text: Substring, into out: inout [UInt8], triggers: ByteSet, rule: Rule) {
        var text = text
        text.withUTF8 { escape($0, into: &out, triggers: triggers, rule: rule) }
    }

    /// The same for UTF-8 bytes, such as HTML left in a cache file's mapping.
    static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], triggers: ByteSet, rule: Rule) {
        var runStart = 0
        var index = 0
        while index < bytes.count {
            guard triggers.contains(bytes[index]), let (replacement, consumed) = rule(bytes, index) else {
                index += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            index += consumed
            runStart = index
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
    }
}

/// A set of byte values, looked up with a shift and a mask, without branches.
struct ByteSet: Sendable {
    private var words: SIMD4<UInt64> = .zero

    init(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { words[Int(byte >> 6)] |= 1 << (byte & 63) }
    }

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        words[Int(byte >> 6)] & (1 << (byte & 63)) != 0
    }
}
