/// Minimal JSON writing for feeds: Foundation's JSONSerialization is slow on
/// Linux for megabytes of HTML, and writing keys in a fixed order keeps output
/// byte-identical across builds.
enum JSONText {
    static func string(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8 + 2)
        string(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as a JSON string, for documents built as bytes.
    static func string(_ text: String, into out: inout [UInt8]) {
        out.append(0x22)
        escape(text, into: &out)
        out.append(0x22)
    }

    /// Appends `text` escaped as the inside of a JSON string, without quotes:
    /// for a string written in parts, such as a permalink after its base URL.
    static func escape(_ text: some StringProtocol, into out: inout [UInt8]) {
        ByteEscaper.escape(text, into: &out, triggers: triggers, rule: rule)
    }

    /// Appends rendered HTML as a JSON string, straight from its bytes.
    /// `inScript`: also escape what could end a `<script>` the JSON sits in.
    /// A feed is read as JSON, never inside a page, and there `<` as `\u003c`
    /// only made every tag of every item twelve bytes longer.
    static func string(_ html: RenderedHTML, into out: inout [UInt8], inScript: Bool = true) {
        out.append(0x22)
        html.withUTF8 {
            ByteEscaper.escape(
                $0.assumingMemoryBound(to: UInt8.self), into: &out, triggers: inScript ? triggers : plainTriggers, rule: rule)
        }
        out.append(0x22)
    }

    private static let controlEscapes: [StaticString] = [
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007", "\\u0008", "\\t", "\\n", "\\u000b",
        "\\u000c",
        "\\r", "\\u000e", "\\u000f", "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
        "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    ]

    /// The bytes `rule` replaces, or starts a replaced sequence with.
    private static let triggers = ByteSet(Array(0x00..<0x20) + [0x22, 0x5C, 0x3C, 0x3E, 0x26, 0xE2])
    /// What JSON itself requires: quotes, backslashes and control characters.
    private static let plainTriggers = ByteSet(Array(0x00..<0x20) + [0x22, 0x5C])

    @inline(__always)
    private static func rule(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (StaticString, Int)? {
        switch bytes[index] {
        case 0x22: (#"\""#, 1)
        case 0x5C: (#"\\"#, 1)
        case 0x00..<0x20: (controlEscapes[Int(bytes[index])], 1)
        // Escaped so the JSON can also sit inside an HTML <script> safely.
        case 0x3C: (#"\u003c"#, 1)
        case 0x3E: (#"\u003e"#, 1)
        case 0x26: (#"\u0026"#, 1)
        // U+2028 and U+2029 (E2 80 A8 / E2 80 A9) end a line in JavaScript.
        case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xA8: (#"\u2028"#, 3)
        case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xA9: (#"\u2029"#, 3)
        default: nil
        }
    }

}

/// A JSON document written into one byte buffer, members in the order they
/// are written, without spaces; commas go in as values follow one another.
/// Building each value as a string and joining them copied a feed item's HTML
/// three times over.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// A member's name; its value is written next.
    mutating func key(_ name: String) {
        separate()
        JSONText.string(name, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String) {
        separate()
        JSONText.string(value, into: &bytes)
        needsComma = true
    }

    mutating func string(_ html: RenderedHTML, inScript: Bool = true) {
        separate()
        JSONText.string(html, into: &bytes, inScript: inScript)
        needsComma = true
    }

    /// A value already encoded as JSON (a number, an item written before), or
    /// members of the open object (`"a":1,"b":2`) encoded before.
    mutating func encoded(_ value: some Collection<UInt8>) {
        separate()
        bytes.append(contentsOf: value)
        needsComma = true
    }

    /// Ends the document's last line: files end with a newline.
    mutating func endLine() { bytes.append(UInt8(ascii: "\n")) }

    mutating func member(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    /// A member whose value is `parts` joined with `separator`, each part escaped
    /// as it is written: joined into a string first (a page's JSON-LD keywords),
    /// the text was made and copied once more for every page.
    mutating func member(_ name: String, joining parts: [String], separator: String) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        for (position, part) in parts.enumerated() {
            if position > 0 { JSONText.escape(separator, into: &bytes) }
            JSONText.escape(part, into: &bytes)
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// A member whose value is a string already escaped (`JSONText.escape`), given without its quotes.
    mutating func member(_ name: String, escaped value: [UInt8]) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        bytes += value
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// A date as an RFC 3339 string, spelled straight into the bytes: it holds
    /// only digits, `-`, `:`, `T`, `+` and `Z`, none of which JSON escapes.
    /// Each briefing page's JSON-LD has two: made as `String`s, they were 74 of the pages phase's 4,318
    /// samples in one cold profile.
    mutating func member(_ name: String, date: SiteDate) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        date.appendRFC3339(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        needsComma = false
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        needsComma = true
    }

    private mutating func separate() { if needsComma { bytes.append(UInt8(ascii: ",")) } }
}
