/// A sixteen-byte comparison's lanes as plain integers, for the scans that look
/// at a body sixteen bytes at a time (`BodyScan`, `MarkdownSource`). A lane that
/// matched is all ones; the halves are read as integers, in memory order.
extension SIMDMask where Storage == SIMD16<Int8> {
    /// One bit per lane, lane i as bit i: each half's bytes are gathered into
    /// eight bits by one multiplication (every byte's low bit lands in the top
    /// byte at its own place, with no carries).
    @inline(__always)
    var laneBits: UInt64 {
        let halves = unsafeBitCast(self, to: SIMD2<UInt64>.self)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let gather: UInt64 = 0x0102_0408_1020_4080
        let low = ((UInt64(littleEndian: halves[0]) & ones) &* gather) >> 56
        let high = ((UInt64(littleEndian: halves[1]) & ones) &* gather) >> 56
        return low | high << 8
    }

    /// Whether any lane matched: two integers or'ed, cheaper than `laneBits`
    /// where most blocks match nothing.
    @inline(__always)
    var anyLane: Bool {
        let halves = unsafeBitCast(self, to: SIMD2<UInt64>.self)
        return halves[0] | halves[1] != 0
    }
}
