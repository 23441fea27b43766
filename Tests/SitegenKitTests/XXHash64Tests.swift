import Testing

@testable import SitegenKit

@Suite("XXH64")
struct XXHash64Tests {
    @Test("hashes match the reference implementation's published values")
    func referenceValues() {
        #expect(XXHash64.hash("") == 0xEF46_DB37_51D8_E999)
        #expect(XXHash64.hash("abc") == 0x44BC_2CF5_AD77_0999)
        let long = String(repeating: "0123456789", count: 10)
        #expect(XXHash64.hash(long) == XXHash64.hash(Array(long.utf8)))
    }

    @Test("the two-word hash is the hash of the words' 16 little-endian bytes")
    func twoWords() {
        for (first, second) in [(UInt64(0), UInt64(0)), (1, 2), (.max, 0x0123_4567_89AB_CDEF), (0xDEAD_BEEF, .max - 7)] {
            let bytes = withUnsafeBytes(of: (first.littleEndian, second.littleEndian)) { Array($0) }
            #expect(XXHash64.hash(first, second) == XXHash64.hash(bytes))
            #expect(XXHash64.hash(first, second) != XXHash64.hash(second, first) || first == second)
        }
    }
}
