/// What a body's Markdown can be told to hold without parsing it.
enum MarkdownSource {
    /// Whether a link in `markdown` could name a file in content/, which only
    /// the parse tree can tell (`ContentLinks`): such a destination ends in
    /// `.md`, in any case, which the text then holds as it is, or spelled with
    /// an entity (`&#46;md`) or percent-encoded (`%2Emd`). A body with no `.md`,
    /// `&` or `%` links to no other briefing, wherever its links are.
    static func mayLinkToContent(_ markdown: Substring) -> Bool {
        var markdown = markdown
        return markdown.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            // A `.` with an `m` or `M` after it (a load one byte on), and every `&` and `%`:
            // compared in pairs, the full stop ending each sentence is no candidate.
            let (dot, letterM, ampersand, percent, lower) = (
                SIMD16<UInt8>(repeating: UInt8(ascii: ".")), SIMD16<UInt8>(repeating: UInt8(ascii: "m")),
                SIMD16<UInt8>(repeating: UInt8(ascii: "&")), SIMD16<UInt8>(repeating: UInt8(ascii: "%")), SIMD16<UInt8>(repeating: 0x20)
            )
            func suspect(_ at: Int) -> Bool {
                switch bytes[at] {
                case UInt8(ascii: "&"), UInt8(ascii: "%"): return true
                case UInt8(ascii: "."):
                    return at + 2 < bytes.count && bytes[at + 1] | 0x20 == UInt8(ascii: "m") && bytes[at + 2] | 0x20 == UInt8(ascii: "d")
                default: return false
                }
            }
            var at = 0
            while at + 17 <= bytes.count {
                let block = UnsafeRawPointer(base + at).loadUnaligned(as: SIMD16<UInt8>.self)
                let next = UnsafeRawPointer(base + at + 1).loadUnaligned(as: SIMD16<UInt8>.self)
                let found = ((block .== dot) .& ((next | lower) .== letterM)) .| (block .== ampersand) .| (block .== percent)
                if found.anyLane {
                    var lanes = found.laneBits
                    while lanes != 0 {
                        if suspect(at + lanes.trailingZeroBitCount) { return true }
                        lanes &= lanes - 1
                    }
                }
                at += 16
            }
            while at < bytes.count {
                if suspect(at) { return true }
                at += 1
            }
            return false
        }
    }
}
