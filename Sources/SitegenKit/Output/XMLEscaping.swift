/// Text for XML element content and attribute values. Characters XML 1.0 does
/// not allow at all (most control characters, U+FFFE, U+FFFF) are dropped, so a
/// stray byte in a briefing cannot make a feed unparseable. Works on UTF-8
/// bytes and returns the text as is when there is nothing to change: feeds
/// escape megabytes of HTML per build.
enum XMLEscaping {
    static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        escape(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the escaped text, for documents built as bytes.
    static func escape(_ text: some StringProtocol, into out: inout [UInt8]) {
        ByteEscaper.escape(text, into: &out, triggers: triggers, rule: rule)
    }

    /// Appends rendered HTML, escaped, straight from its bytes.
    static func escape(_ html: RenderedHTML, into out: inout [UInt8]) {
        html.withUTF8 { ByteEscaper.escape($0.assumingMemoryBound(to: UInt8.self), into: &out, triggers: triggers, rule: rule) }
    }

    /// Appends rendered HTML as a CDATA section: the same text to an XML reader
    /// as the escaped form, without rewriting every `<`, `>` and `"` of the
    /// markup (a feed entry's HTML grew by a tenth escaped). A `]]>` inside is
    /// split across two sections; characters XML forbids are dropped as in `escape`.
    static func cdata(_ html: RenderedHTML, into out: inout [UInt8]) {
        out += "<![CDATA["
        // Most bodies were found to need nothing changed when rendered (`BodyScan.fitsCDATA`).
        if html.fitsCDATA {
            html.withUTF8 { out.append(contentsOf: $0.assumingMemoryBound(to: UInt8.self)) }
            out += "]]>"
            return
        }
        html.withUTF8 {
            ByteEscaper.escape($0.assumingMemoryBound(to: UInt8.self), into: &out, triggers: cdataTriggers) { bytes, index in
                guard bytes[index] == UInt8(ascii: "]") else { return rule(bytes, index) }
                let ends = index + 2 < bytes.count && bytes[index + 1] == UInt8(ascii: "]") && bytes[index + 2] == UInt8(ascii: ">")
                return ends ? ("]]]]><![CDATA[>", 3) : nil
            }
        }
        out += "]]>"
    }

    /// What a CDATA section cannot hold as it is: `]` (which may start `]]>`),
    /// and the characters XML forbids (tab, line feed and carriage return it
    /// allows: HTML has a line feed on every line, and asking `rule` about each
    /// stopped the copy there).
    static let cdataTriggers = ByteSet(forbiddenControls + [0x5D, 0xEF])

    /// The bytes `rule` replaces, or starts a replaced sequence with.
    private static let triggers = ByteSet(forbiddenControls + [0x26, 0x3C, 0x3E, 0x22, 0x27, 0xEF])

    /// The control bytes XML 1.0 forbids: all but tab, line feed and carriage return.
    private static let forbiddenControls = (0x00..<0x20).map(UInt8.init).filter { !ByteSet.lineBreakControls.contains($0) }

    @inline(__always)
    private static func rule(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (StaticString, Int)? {
        switch bytes[index] {
        case 0x26: ("&amp;", 1)
        case 0x3C: ("&lt;", 1)
        case 0x3E: ("&gt;", 1)
        case 0x22: ("&quot;", 1)
        case 0x27: ("&apos;", 1)
        case 0x09, 0x0A, 0x0D: nil
        case 0x00..<0x20: ("", 1)
        // U+FFFE and U+FFFF are EF BF BE / EF BF BF in UTF-8.
        case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBF && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF):
            ("", 3)
        default: nil
        }
    }
}
