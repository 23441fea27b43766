/// Text for XML element content and attribute values. Characters XML 1.0 does
/// not allow at all (most control characters, U+FFFE, U+FFFF) are dropped, so a
/// stray byte in a briefing cannot make a feed unparseable. Works on UTF-8
/// bytes and returns the text as is when there is nothing to change: feeds
/// escape megabytes of HTML per build.
enum XMLEscaping {
    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: needsWork) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + utf8.count / 8)
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&apos;".utf8)
            case 0x09, 0x0A, 0x0D: out.append(byte)
            case 0x00..<0x20: continue
            case 0xEF:
                // U+FFFE and U+FFFF are EF BF BE / EF BF BF in UTF-8.
                guard let second = iterator.next(), let third = iterator.next() else {
                    out.append(byte)
                    continue
                }
                if second == 0xBF && (third == 0xBE || third == 0xBF) { continue }
                out.append(contentsOf: [byte, second, third])
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func needsWork(_ byte: UInt8) -> Bool {
        byte < 0x20
            ? (byte != 0x09 && byte != 0x0A && byte != 0x0D)
            : byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 || byte == 0xEF
    }
}
