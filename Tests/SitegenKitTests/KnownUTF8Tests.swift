import Testing

@testable import SitegenKit

/// `KnownUTF8.check` must say what Swift's own check says, byte for byte: a file
/// it wrongly passed would become a string that is not UTF-8.
@Suite("UTF-8 checked once")
struct KnownUTF8Tests {
    private func agrees(_ bytes: [UInt8]) -> Bool {
        let (valid, ascii) = bytes.withUnsafeBufferPointer { KnownUTF8.check($0) }
        let expected = String(validating: bytes, as: UTF8.self) != nil
        return valid == expected && (!valid || ascii == bytes.allSatisfy { $0 < 0x80 })
    }

    @Test("every sequence of one or two bytes, at every offset past an ASCII run, is judged as Swift judges it")
    func shortSequences() {
        var disagreements: [[UInt8]] = []
        for first in 0...255 {
            for second in 0...255 {
                let pair = [UInt8(first), UInt8(second)]
                // Offsets 0 to 9: before, at and after the eight-byte ASCII steps.
                for offset in [0, 7, 9] {
                    let bytes = Array(repeating: UInt8(ascii: "a"), count: offset) + pair
                    if !agrees(bytes) { disagreements.append(bytes) }
                }
            }
        }
        #expect(disagreements.count == 0, "first disagreements: \(disagreements.prefix(5))")
    }

    @Test("three- and four-byte sequences, around each boundary of table 3-7, are judged as Swift judges them")
    func longSequences() {
        let edges: [UInt8] = [0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF]
        var disagreements: [[UInt8]] = []
        for lead in 0xE0...0xF7 {
            for second in 0...255 {
                for third in edges {
                    let three = [UInt8(lead), UInt8(second), third]
                    if !agrees(three) { disagreements.append(three) }
                    if !agrees(three + [0x20]) { disagreements.append(three + [0x20]) }
                    for fourth in edges where !agrees(three + [fourth]) { disagreements.append(three + [fourth]) }
                }
            }
        }
        #expect(disagreements.count == 0, "first disagreements: \(disagreements.prefix(5))")
    }

    @Test("long texts of ASCII runs and other characters, some broken, are judged as Swift judges them")
    func mixedTexts() {
        var generator = SplitMix(seed: 5)
        let pieces = ["Talks in ", "Zürich", " — “direct” ", "São Paulo", "’s mayor", "日本", "🗞️", "\n", "plain words "]
        var disagreements = 0
        for round in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(generator.next() % 40) { bytes += pieces[Int(generator.next() % UInt64(pieces.count))].utf8 }
            // Two rounds in three break the text: a byte changed, dropped or cut off.
            if round % 3 != 0, !bytes.isEmpty {
                let at = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes.remove(at: at)
                default: bytes.removeSubrange(at...)
                }
            }
            if !agrees(bytes) { disagreements += 1 }
        }
        #expect(disagreements == 0)
    }

    @Test("strings made from checked or known bytes hold exactly those bytes")
    func strings() {
        for text in ["", "ascii only, longer than eight bytes", "Dolmabahçe — “talks”", "🗞️ 日本"] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { KnownUTF8.validated($0) } == text)
            #expect(bytes.withUnsafeBytes { KnownUTF8.string($0) } == text)
        }
        #expect([0xC3, 0x28].withUnsafeBufferPointer { KnownUTF8.validated($0) } == nil)
    }
}
