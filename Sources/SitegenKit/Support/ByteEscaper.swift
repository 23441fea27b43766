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
        var index = triggers.firstMember(in: bytes, from: 0)
        while index < bytes.count {
            guard let (replacement, consumed) = rule(bytes, index) else {
                index = triggers.firstMember(in: bytes, from: index + 1)
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            index += consumed
            runStart = index
            index = triggers.firstMember(in: bytes, from: index)
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
    }
}

/// A set of byte values, looked up with a shift and a mask, without branches.
struct ByteSet: Sendable {
    private var words: SIMD4<UInt64> = .zero
    /// For `firstMember`: whether every control byte (below 0x20) is in the set,
    /// and the other members, each repeated across a word; nil when checking a
    /// word would cost about as much as checking its bytes one by one.
    private var wordCheck: (controls: Bool, patterns: SIMD4<UInt64>, count: Int)?

    init(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { words[Int(byte >> 6)] |= 1 << (byte & 63) }
        let controls = (0..<0x20).allSatisfy { contains(UInt8($0)) }
        let others = (0...255).map(UInt8.init).filter { contains($0) && !(controls && $0 < 0x20) }
        // Four operations per listed byte and word: with more than three, bytes one
        // by one were as fast (HTML escaping's five), or faster.
        guard others.count <= 3 else { return }
        var patterns = SIMD4<UInt64>.zero
        for (position, byte) in others.enumerated() { patterns[position] = UInt64(byte) &* Self.ones }
        wordCheck = (controls, patterns, others.count)
    }

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        words[Int(byte >> 6)] & (1 << (byte & 63)) != 0
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The index of the first byte from `start` on that is in the set, or
    /// `bytes.count`. Where it can, it skips eight bytes at a time: a word with
    /// none of the set's bytes is told apart with a few integer operations (Sean
    /// Anderson's "Bit Twiddling Hacks": whether a word has a byte less than n,
    /// or equal to n); one that may have is looked at byte by byte. Feeds escape
    /// a hundred megabytes of HTML per build, mostly runs of plain text.
    @inline(__always)
    func firstMember(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        if let (controls, patterns, count) = wordCheck, let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                // hasless(word, 0x20) for the controls, haszero(word ^ pattern) for each other member.
                var found: UInt64 = controls ? (word &- Self.ones &* 0x20) & ~word & Self.highBits : 0
                for position in 0..<count {
                    let differences = word ^ patterns[position]
                    found |= (differences &- Self.ones) & ~differences & Self.highBits
                }
                if found != 0 { break }
                index += 8
            }
        }
        while index < bytes.count, !contains(bytes[index]) { index += 1 }
        return index
    }
}
