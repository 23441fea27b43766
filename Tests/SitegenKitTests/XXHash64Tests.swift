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

    @Test("fingerprints of different sequences of values differ: texts split elsewhere, padded, empty, or as numbers")
    func fingerprints() {
        func fingerprint(_ values: [Any]) -> UInt64 {
            var builder = FingerprintBuilder()
            for value in values {
                if let text = value as? String { builder.add(text) } else if let number = value as? Int { builder.add(number) }
            }
            return builder.finish()
        }
        let sequences: [[Any]] = [
            [], [""], ["", ""], ["ab", "c"], ["a", "bc"], ["abc"], ["abc\u{0}"], ["abcdefgh"], ["abcdefgh", ""],
            ["abcdefghi"], [3], [3, 0], [0, 3], ["\u{3}"], [String(repeating: "x", count: 64)], [String(repeating: "x", count: 65)],
        ]
        let prints = sequences.map(fingerprint)
        #expect(Set(prints).count == sequences.count)
        // The same values, the same fingerprint.
        #expect(fingerprint(["ab", 7, "c"]) == fingerprint(["ab", 7, "c"]))
        // No collisions among many short random sequences.
        var random = SystemRandomNumberGenerator()
        var seen: [UInt64: String] = [:]
        for _ in 0..<20_000 {
            let texts = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                let bytes = (0..<Int.random(in: 0...12, using: &random)).map { _ in UInt8.random(in: 97...99, using: &random) }
                return String(decoding: bytes, as: UTF8.self)
            }
            let key = texts.joined(separator: "|")
            let made = fingerprint(texts)
            if let other = seen[made] { #expect(other == key) }
            seen[made] = key
        }
    }
}
