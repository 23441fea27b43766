/// A member's name as two integers, which lookups compare instead of strings:
/// a page's lookups compare names by the thousand, and two `String`s whose bits
/// differ go through the standard library's comparison call. An ASCII name of
/// up to 15 bytes (every name a theme uses) is its bytes, with its length in the
/// top byte, so two such keys are equal exactly when the names are. Any other
/// name has no key of its own (`standsForName` is false) and is compared as a
/// string: Unicode equivalence makes some non-ASCII names equal to ASCII ones.
struct NameKey: Equatable, Sendable {
    private let low: UInt64
    private let high: UInt64

    init(_ name: String) {
        // Made for every member set while page contexts are built: the bytes are
        // copied as two words at once, not appended one by one.
        let length = name.utf8.count
        var words: (UInt64, UInt64) = (0, 0)
        if length <= 15 {
            var name = name
            name.withUTF8 { bytes in withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) } }
        }
        let (low, high) = (UInt64(littleEndian: words.0), UInt64(littleEndian: words.1))
        guard length <= 15, (low | high) & 0x8080_8080_8080_8080 == 0 else {
            (self.low, self.high) = (0, 0)
            return
        }
        (self.low, self.high) = (low, high | UInt64(length + 1) << 56)
    }

    /// Whether equal keys mean equal names: the name is ASCII and at most 15 bytes.
    var standsForName: Bool { high != 0 }
}
