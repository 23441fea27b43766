/// Copies text as UTF-8, replacing the few bytes an output format reserves.
/// Long runs of ordinary bytes are copied whole, not byte by byte: feeds
/// escape tens of megabytes of HTML per build.
enum ByteEscaper {
    /// A replacement for the byte at `index` of `bytes`, with how many bytes it
    /// consumes; nil keeps the byte.
    typealias Rule = (_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (replacement: StaticString, consumed: Int)?

    /// Asks `rule` only about the bytes in `triggers`: a set lookup per byte is
    /// several times cheaper than a rule's switch. The text is read where it is,
    /// not copied first: a copy, or a `text[...]` to take its bytes, retained and
    /// released its storage for every text escaped (each feed entry escapes several).
    static func escape<Sink: ByteSink & ~Copyable>(_ text: some StringProtocol, into out: inout Sink, triggers: ByteSet, rule: Rule) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { escape($0, into: &out, triggers: triggers, rule: rule) }
        guard done == nil else { return }
        var copy = String(text)  // Not contiguous UTF-8 (bridged, say): made so once.
        copy.withUTF8 { escape($0, into: &out, triggers: triggers, rule: rule) }
    }

    /// The same for UTF-8 bytes, such as HTML left in a cache file's mapping.
    static func escape<Sink: ByteSink & ~Copyable>(
        _ bytes: UnsafeBufferPointer<UInt8>, into out: inout Sink, triggers: ByteSet, rule: Rule
    ) {
        var runStart = 0
        var index = triggers.firstMember(in: bytes, from: 0)
        while index < bytes.count {
            guard let (replacement, consumed) = rule(bytes, index) else {
                index = triggers.firstMember(in: bytes, from: index + 1)
                continue
            }
            out.append(bytes: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            out.append(bytes: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            index += consumed
            runStart = index
            index = triggers.firstMember(in: bytes, from: index)
        }
        out.append(bytes: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
    }
}

/// A set of byte values, looked up with a shift and a mask, without branches.
struct ByteSet: Sendable {
    private var words: SIMD4<UInt64> = .zero
    /// For `firstMember`, sixteen bytes at a time: every byte below `below` is
    /// in the set (0x20 when all the control bytes are, else 0), and so is each
    /// byte the patterns repeat. Off when the set has more bytes than patterns.
    /// Plain fields, not an optional tuple: copying that out for every call
    /// cost more than the check saved.
    private(set) var checksBlocks = false
    private var below = SIMD16<UInt8>.zero
    private var patterns: Patterns = (.zero, .zero, .zero, .zero, .zero, .zero, .zero, .zero)
    /// Whether the last four patterns repeat the first four's bytes, so four compares do;
    /// `twoPatterns`, the last six the first two's, so two do. CDATA's set and JSON's have
    /// two bytes besides the control bytes: their feeds' HTML, 70 MB a build, was scanned with
    /// eight compares a block where two find the same.
    private var fourPatterns = false
    private var twoPatterns = false
    /// Whether every control byte but tab, line feed and carriage return is in
    /// the set (XML's rule), so `below` holds with those three taken out: HTML
    /// has a line feed every line, and a set holding it stopped each scan there.
    private var skipsLineBreaks = false

    /// Eight patterns, each one byte repeated: unused ones repeat a used one, so
    /// every check compares all eight and needs no count.
    private typealias Patterns = (
        SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>
    )

    /// Tab, line feed and carriage return: the control bytes XML allows.
    static let lineBreakControls: [UInt8] = [0x09, 0x0A, 0x0D]

    init(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { words[Int(byte >> 6)] |= 1 << (byte & 63) }
        let allControls = (0..<0x20).allSatisfy { contains(UInt8($0)) }
        // Every control byte but exactly the three line breaks.
        skipsLineBreaks = (0..<0x20).allSatisfy { contains(UInt8($0)) != Self.lineBreakControls.contains(UInt8($0)) }
        let controls = allControls || skipsLineBreaks
        let others = (0...255).map(UInt8.init).filter { contains($0) && !(controls && $0 < 0x20) }
        guard others.count <= 8, controls || !others.isEmpty else { return }
        // Unused patterns repeat a byte of the set: the first listed, or 0, a control byte.
        let repeated = (0..<8).map { SIMD16<UInt8>(repeating: $0 < others.count ? others[$0] : others.first ?? 0) }
        checksBlocks = true
        below = SIMD16(repeating: controls ? 0x20 : 0)
        patterns = (repeated[0], repeated[1], repeated[2], repeated[3], repeated[4], repeated[5], repeated[6], repeated[7])
        fourPatterns = others.count <= 4
        twoPatterns = others.count <= 2
    }

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        words[Int(byte >> 6)] & (1 << (byte & 63)) != 0
    }

    /// The index of the first byte from `start` on that is in the set, or
    /// `bytes.count`. Where it can, it checks sixteen bytes at a time with vector
    /// compares, which also tell where in the block the first member is; the last
    /// few bytes of a text at least sixteen long are checked by reading its final
    /// sixteen again, ignoring those already checked. Pages escape ten thousand
    /// short titles and summaries, feeds a hundred megabytes of HTML, mostly
    /// without a member. (Eight bytes at a time with integer tricks, as before:
    /// 1.6 to 2 times slower on titles, 1.3 to 1.8 on feed HTML, in a standalone
    /// test. Asking the vector library whether any lane matched, then finding the
    /// byte one by one, called a reduction for every block: 1% of a full build.)
    @inline(__always)
    func firstMember(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard checksBlocks, let base = bytes.baseAddress, bytes.count >= 16 else {
            var index = start
            while index < bytes.count, !contains(bytes[index]) { index += 1 }
            return index
        }
        // The patterns as local values, so they stay in registers through the
        // loop (read through `self` they were loaded again for every block), and
        // only as many compares as the set needs: JSON's own set has two bytes.
        let (below, p) = (self.below, patterns)
        if skipsLineBreaks {
            let (tab, lineFeed, carriageReturn) = (
                SIMD16<UInt8>(repeating: 0x09), SIMD16<UInt8>(repeating: 0x0A), SIMD16<UInt8>(repeating: 0x0D)
            )
            if twoPatterns {
                return Self.firstMember(base, bytes.count, from: start) { block in
                    let controls = (block .< below) .& .!((block .== tab) .| (block .== lineFeed) .| (block .== carriageReturn))
                    return controls .| (block .== p.0) .| (block .== p.1)
                }
            }
            return Self.firstMember(base, bytes.count, from: start) { block in
                let controls = (block .< below) .& .!((block .== tab) .| (block .== lineFeed) .| (block .== carriageReturn))
                let low = controls .| (block .== p.0) .| (block .== p.1) .| (block .== p.2) .| (block .== p.3)
                return low .| (block .== p.4) .| (block .== p.5) .| (block .== p.6) .| (block .== p.7)
            }
        }
        if twoPatterns {
            return Self.firstMember(base, bytes.count, from: start) { block in (block .< below) .| (block .== p.0) .| (block .== p.1) }
        }
        if fourPatterns {
            return Self.firstMember(base, bytes.count, from: start) { block in
                (block .< below) .| (block .== p.0) .| (block .== p.1) .| (block .== p.2) .| (block .== p.3)
            }
        }
        return Self.firstMember(base, bytes.count, from: start) { block in
            let low = (block .< below) .| (block .== p.0) .| (block .== p.1) .| (block .== p.2) .| (block .== p.3)
            return low .| (block .== p.4) .| (block .== p.5) .| (block .== p.6) .| (block .== p.7)
        }
    }

    /// The first member from `start` on in `count` (at least 16) bytes, sixteen
    /// at a time with `matches`, which marks each byte of a block in the set.
    @inline(__always)
    private static func firstMember(
        _ base: UnsafePointer<UInt8>, _ count: Int, from start: Int, matches: (SIMD16<UInt8>) -> SIMDMask<SIMD16<Int8>>
    ) -> Int {
        var index = start
        while index + 16 <= count {
            if let found = matches(UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)).firstLane(from: 0) {
                return index + found
            }
            index += 16
        }
        guard index < count else { return count }
        let last = count - 16
        let block = UnsafeRawPointer(base + last).loadUnaligned(as: SIMD16<UInt8>.self)
        return matches(block).firstLane(from: index - last).map { last + $0 } ?? count
    }
}
