import Mustache

/// HTML escaping for `{{value}}`, as swift-mustache's own (`& < > " '`) but over
/// UTF-8 bytes, and returning the text untouched when nothing needs escaping —
/// nearly always. The built-in one walks grapheme clusters with a dictionary
/// lookup each and was a fifth of a 10,000-briefing build.
struct FastHTMLEscaping: MustacheContentType {
    static let name = "SITEGEN_HTML"
    /// Put in front of every template so its `{{value}}`s use this escaping. On a
    /// line of its own it is a standalone tag, so it leaves no blank line in the
    /// output; parser line numbers are one more than the user's (see `lineOffset`).
    static let pragma = "{{% CONTENT_TYPE: \(name)}}\n"
    static let lineOffset = 1

    static let registered: Void = MustacheContentTypes.register(FastHTMLEscaping(), named: name)

    func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case 0x26: bytes.append(contentsOf: "&amp;".utf8)
            case 0x3C: bytes.append(contentsOf: "&lt;".utf8)
            case 0x3E: bytes.append(contentsOf: "&gt;".utf8)
            case 0x22: bytes.append(contentsOf: "&quot;".utf8)
            case 0x27: bytes.append(contentsOf: "&#39;".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
