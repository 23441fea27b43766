/// A sixteen-byte comparison's lanes as plain integers, for the scans that look
/// at text sixteen bytes at a time (`BodyScan`, `MarkdownSource`, `ByteSet`). A
/// lane that matched is all ones; the halves are read as integers, in memory order.
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

    /// The first lane from `skip` on that matched: the lowest set byte of each
    /// half, with no gathering, where only the first match is wanted.
    @inline(__always)
    func firstLane(from skip: Int) -> Int? {
        let halves = unsafeBitCast(self, to: SIMD2<UInt64>.self)
        let (low, high) = (UInt64(littleEndian: halves[0]), UInt64(littleEndian: halves[1]))
        let lowKept = skip >= 8 ? 0 : low & (~0 << UInt64(skip * 8))
        if lowKept != 0 { return lowKept.trailingZeroBitCount / 8 }
        let highKept = skip <= 8 ? high : high & (~0 << UInt64((skip - 8) * 8))
        return highKept != 0 ? 8 + highKept.trailingZeroBitCount / 8 : nil
    }
}
