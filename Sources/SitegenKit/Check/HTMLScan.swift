import Foundation

/// One URL a page (or a template) points at, and where it sits in the text.
struct HTMLLink: Sendable, Equatable {
    /// The URL as written in the markup, entities still escaped.
    var raw: String
    /// `href`, `src` or `srcset`.
    var attribute: String
    /// Byte offset of the URL in the text.
    var offset: Int
    /// Lower-case name of the element holding it (`a`, `img`, `link`…).
    var element: String

    var isImage: Bool { attribute != "href" && ["img", "source", "picture", "image"].contains(element) }
}

/// A plain byte scan for attributes, not an HTML parser: enough for the markup
/// sitegen, libcmark and Mustache templates write, and fast on 10,000 pages.
enum HTMLScan {
    struct Attribute {
        var name: String
        var value: String
        /// Byte offset of the value's first byte.
        var offset: Int
    }

    static let linkAttributes = ["href", "src", "srcset"]

    /// Every double-quoted `name="…"` among `names`, in order. The attribute must
    /// follow whitespace, so `data-href` or text like `x href` in prose is skipped.
    static func attributes(in text: String, names: [String]) -> [Attribute] {
        let bytes = Array(text.utf8)
        let patterns = names.map { (name: $0, bytes: Array("\($0)=\"".utf8)) }
        var found: [Attribute] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D else {
                index += 1
                continue
            }
            index += 1
            for pattern in patterns
            where index + pattern.bytes.count <= bytes.count && bytes[index..<index + pattern.bytes.count].elementsEqual(pattern.bytes) {
                let start = index + pattern.bytes.count
                var end = start
                while end < bytes.count, bytes[end] != 0x22 { end += 1 }
                found.append(Attribute(name: pattern.name, value: String(decoding: bytes[start..<end], as: UTF8.self), offset: start))
                index = end
                break
            }
        }
        return found
    }

    /// Every URL in `href`, `src` and `srcset` (one link per image candidate).
    static func links(in text: String) -> [HTMLLink] {
        let bytes = Array(text.utf8)
        var links: [HTMLLink] = []
        for attribute in attributes(in: text, names: linkAttributes) {
            let element = elementName(before: attribute.offset, in: bytes)
            if attribute.name == "srcset" {
                for (url, start) in srcsetURLs(attribute.value) {
                    links.append(HTMLLink(raw: url, attribute: "srcset", offset: attribute.offset + start, element: element))
                }
            } else {
                links.append(HTMLLink(raw: attribute.value, attribute: attribute.name, offset: attribute.offset, element: element))
            }
        }
        return links
    }

    /// Targets a `#fragment` can land on: `id`s and (old-style) `name`s.
    static func anchors(in text: String) -> Set<String> {
        Set(attributes(in: text, names: ["id", "name"]).map { unescape($0.value) })
    }

    /// `a.png 1x, b.png 2x` → the URLs with their byte offsets in the value.
    static func srcsetURLs(_ value: String) -> [(String, Int)] {
        var urls: [(String, Int)] = []
        var offset = 0
        for candidate in value.split(separator: ",", omittingEmptySubsequences: false) {
            let leading = candidate.prefix { $0 == " " || $0 == "\n" || $0 == "\t" }
            let url = candidate.dropFirst(leading.count).prefix { $0 != " " && $0 != "\n" && $0 != "\t" }
            if !url.isEmpty { urls.append((String(url), offset + leading.utf8.count)) }
            offset += candidate.utf8.count + 1
        }
        return urls
    }

    /// The tag name of the element an attribute at `offset` belongs to.
    private static func elementName(before offset: Int, in bytes: [UInt8]) -> String {
        var index = offset - 1
        while index >= 0, bytes[index] != 0x3C { index -= 1 }
        guard index >= 0 else { return "" }
        var end = index + 1
        while end < bytes.count,
            (bytes[end] >= 0x61 && bytes[end] <= 0x7A) || (bytes[end] >= 0x41 && bytes[end] <= 0x5A)
                || (bytes[end] >= 0x30 && bytes[end] <= 0x39)
        {
            end += 1
        }
        return String(decoding: bytes[index + 1..<end], as: UTF8.self).lowercased()
    }

    /// Decodes the entities Mustache and libcmark write in attributes (`&amp;`,
    /// `&quot;`, `&#39;`, `&lt;`, `&gt;`) and numeric references.
    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[amp...]
            guard let semicolon = after.prefix(10).firstIndex(of: ";") else {
                result += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let name = after[after.index(after: after.startIndex)..<semicolon]
            if let decoded = decodeEntity(name) {
                result.append(decoded)
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result += "&"
                rest = rest[rest.index(after: amp)...]
            }
        }
        return result + rest
    }

    private static func decodeEntity(_ name: Substring) -> Character? {
        switch name {
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        case "lt": return "<"
        case "gt": return ">"
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init).map(Character.init)
        }
    }
}
