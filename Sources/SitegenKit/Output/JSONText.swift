/// Minimal JSON writing for feeds: Foundation's JSONSerialization is slow on
/// Linux for megabytes of HTML, and writing keys in a fixed order keeps output
/// byte-identical across builds.
enum JSONText {
    static func string(_ text: String) -> String {
        var out: [UInt8] = [0x22]
        let utf8 = text.utf8
        out.reserveCapacity(utf8.count + utf8.count / 8 + 2)
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            switch byte {
            case 0x22: out.append(contentsOf: #"\""#.utf8)
            case 0x5C: out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            // Escaped so the JSON can also sit inside an HTML <script> safely.
            case 0x3C: out.append(contentsOf: #"\u003c"#.utf8)
            case 0x3E: out.append(contentsOf: #"\u003e"#.utf8)
            case 0x26: out.append(contentsOf: #"\u0026"#.utf8)
            case 0x00..<0x20:
                let hex = String(byte, radix: 16)
                out.append(contentsOf: ("\\u00" + (byte < 0x10 ? "0" : "") + hex).utf8)
            case 0xE2:
                // U+2028 and U+2029 (E2 80 A8 / E2 80 A9) end a line in JavaScript.
                let next = utf8.index(after: index)
                if next < utf8.endIndex, utf8[next] == 0x80, utf8.index(after: next) < utf8.endIndex {
                    let last = utf8[utf8.index(after: next)]
                    if last == 0xA8 || last == 0xA9 {
                        out.append(contentsOf: (last == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8)
                        index = utf8.index(after: utf8.index(after: next))
                        continue
                    }
                }
                out.append(byte)
            default: out.append(byte)
            }
            index = utf8.index(after: index)
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }

    /// `{"a":1,"b":"x"}` from already-encoded values, in the given order.
    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    static func array(_ items: [String]) -> String {
        "[" + items.joined(separator: ",") + "]"
    }
}
