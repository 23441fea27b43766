import Foundation

@testable import SitegenKit

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Finds what a browser or feed reader would run in generated output, by parsing
/// it rather than searching for payload strings: HTML is tokenized the way a
/// browser splits tags and attributes, Atom is parsed as XML, JSON with
/// JSONSerialization. Shared by the script-safety tests and the Markdown and
/// template fuzzers (`Fuzz/Sources/Fuzz{Markdown,Template}` link this file).
enum ExecutableContent {
    /// Elements that run code, embed other documents or change where the page's
    /// links go. (A `<form>` is checked by its `action` URL, like a link.)
    static let activeElements: Set<String> = [
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "svg", "math", "template", "portal",
    ]
    /// The built-in theme's own scripts (the search page's), by their exact text:
    /// a script element is the theme's only when its attributes are none and its
    /// text is one of these, character for character.
    static let themeScripts: Set<String> = Set(
        DefaultTheme.templates.values.flatMap { HTMLTokens.tags(in: $0) }
            .filter { $0.name == "script" && $0.attributes.isEmpty }
            .compactMap(\.rawText))
    /// Attributes whose value is a URL a browser may navigate to or load.
    static let urlAttributes: Set<String> = [
        "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "longdesc", "srcset",
        "ping", "manifest", "codebase", "lowsrc", "dynsrc",
    ]

    /// Every executable thing in an HTML document. `<script type="application/ld+json">`
    /// is allowed when its text parses as JSON and cannot end the element early.
    static func findings(inHTML html: String) -> [String] {
        var findings: [String] = []
        for tag in HTMLTokens.tags(in: html) {
            if tag.name == "script" {
                let type = tag.attributes.first { $0.name == "type" }?.value.lowercased()
                if type == "application/ld+json", let body = tag.rawText {
                    let lower = body.lowercased()
                    if lower.contains("</script") || lower.contains("<!--") || lower.contains("<script") {
                        findings.append("JSON-LD can end or hide its script element: \(excerpt(body))")
                    }
                    if (try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])) == nil {
                        findings.append("JSON-LD does not parse as JSON: \(excerpt(body))")
                    }
                    continue
                }
                if tag.attributes.isEmpty, let body = tag.rawText, themeScripts.contains(body) { continue }
                findings.append("<script> element: \(excerpt(tag.source)) \(excerpt(tag.rawText ?? ""))")
                continue
            }
            if activeElements.contains(tag.name) { findings.append("<\(tag.name)> element: \(excerpt(tag.source))") }
            if tag.name == "meta", tag.attributes.contains(where: { $0.name == "http-equiv" && $0.value.lowercased() == "refresh" }) {
                findings.append("meta refresh: \(excerpt(tag.source))")
            }
            for attribute in tag.attributes {
                if attribute.name.hasPrefix("on") {
                    findings.append("event handler \(attribute.name)= in <\(tag.name)>: \(excerpt(tag.source))")
                } else if attribute.name == "srcdoc" || attribute.name == "formaction" {
                    findings.append("\(attribute.name)= in <\(tag.name)>: \(excerpt(tag.source))")
                } else if attribute.name == "style",
                    ["expression(", "javascript:", "vbscript:", "-moz-binding"].contains(where: normalizedURL(attribute.value).contains)
                {
                    findings.append("scripted style in <\(tag.name)>: \(excerpt(tag.source))")
                } else if urlAttributes.contains(attribute.name) {
                    let candidates = attribute.name == "srcset" ? attribute.value.split(separator: ",").map(String.init) : [attribute.value]
                    for candidate in candidates where !isAllowedURL(candidate, element: tag.name, attribute: attribute.name) {
                        findings.append("script URL in <\(tag.name) \(attribute.name)>: \(excerpt(attribute.value))")
                    }
                }
            }
        }
        return findings
    }

    /// `javascript:`, `vbscript:`, `livescript:` and `data:` URLs, however a
    /// browser would read them: entities decoded, tabs and newlines removed,
    /// leading blanks and control characters ignored, any case.
    static func isScriptURL(_ raw: String) -> Bool {
        let scheme = self.scheme(of: raw)
        return ["javascript", "vbscript", "livescript", "data", "mocha"].contains(scheme)
    }

    /// Image data URLs are inert where the browser only draws them (`<img>`, a
    /// `<link rel=icon>`: SVG there runs no script); raster ones anywhere (a browser
    /// shows them, never runs them; libcmark lets exactly these through). Any other
    /// script-capable URL is executable.
    static func isAllowedURL(_ raw: String, element: String, attribute: String) -> Bool {
        guard isScriptURL(raw) else { return true }
        let url = normalizedURL(raw)
        if ["img", "link"].contains(element), url.hasPrefix("data:image/") { return true }
        return ["png", "gif", "jpeg", "webp"].contains { url.hasPrefix("data:image/\($0)") }
    }

    static func scheme(of raw: String) -> String? {
        let url = normalizedURL(raw)
        guard let colon = url.firstIndex(of: ":") else { return nil }
        let scheme = url[..<colon]
        guard let first = scheme.first, first.isLetter, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) else {
            return nil
        }
        return String(scheme)
    }

    static func normalizedURL(_ raw: String) -> String {
        let decoded = HTMLTokens.decodeEntities(raw)
        // The URL parser drops leading/trailing C0 controls and spaces, and every tab and newline.
        let scalars = decoded.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        var text = String(String.UnicodeScalarView(scalars))
        while let first = text.unicodeScalars.first, first.value <= 0x20 { text.unicodeScalars.removeFirst() }
        return text.lowercased()
    }

    /// Every executable thing in an Atom feed: the XML must parse, `content` and
    /// `summary` of type html are scanned as HTML, and link targets are checked.
    static func findings(inAtom data: Data) -> [String] {
        let reader = AtomReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        guard parser.parse() else {
            return ["Atom feed does not parse as XML: \(parser.parserError.map { "\($0)" } ?? "unknown error")"]
        }
        var found = reader.htmlTexts.flatMap { Self.findings(inHTML: $0) }
        for href in reader.hrefs where isScriptURL(href) { found.append("script URL in an Atom link: \(excerpt(href))") }
        return found
    }

    /// Every executable thing in a JSON Feed: `content_html` is scanned as HTML,
    /// URL fields are checked.
    static func findings(inJSONFeed data: Data) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return ["JSON Feed does not parse as a JSON object"]
        }
        var found: [String] = []
        func visit(_ value: Any, key: String) {
            switch value {
            case let dictionary as [String: Any]:
                for (key, value) in dictionary { visit(value, key: key) }
            case let array as [Any]:
                for item in array { visit(item, key: key) }
            case let text as String:
                if key == "content_html" { found += Self.findings(inHTML: text) }
                if key.hasSuffix("url") || key == "id", isScriptURL(text) {
                    found.append("script URL in JSON Feed \(key): \(excerpt(text))")
                }
            default:
                break
            }
        }
        visit(object, key: "")
        return found
    }

    static func excerpt(_ text: String) -> String {
        text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}

/// A browser-like split of HTML into tags (HTML Standard §13.2.5, simplified:
/// comments, doctype, raw text of script and style, quoted and unquoted
/// attribute values). Text outside tags is ignored; what matters is which
/// elements and attributes exist.
enum HTMLTokens {
    struct Attribute {
        var name: String
        var value: String
    }

    struct Tag {
        var name: String
        var attributes: [Attribute]
        /// The tag as written, for messages.
        var source: String
        /// For `<script>` and `<style>`: the text up to the closing tag.
        var rawText: String?
    }

    static func tags(in html: String) -> [Tag] {
        let bytes = Array(html.utf8)
        var tags: [Tag] = []
        var index = 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D }
        func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        // Searched through Foundation's Data (prebuilt, so not slowed down by the
        // fuzzers' coverage instrumentation); lower-cased once for `</script`.
        let data = Data(bytes)
        let lowered = Data(bytes.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 })
        /// First position of `needle` at or after `start`.
        func find(_ needle: String, from start: Int, caseInsensitive: Bool = false) -> Int? {
            guard start < bytes.count else { return nil }
            return (caseInsensitive ? lowered : data).range(of: Data(needle.utf8), in: start..<bytes.count)?.lowerBound
        }
        while index < bytes.count {
            guard bytes[index] == 0x3C, index + 1 < bytes.count else {
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if next == 0x21 {  // <!-- comment -->, <!doctype …>, <![CDATA[ … (bogus comment in HTML)
                if find("<!--", from: index) == index {
                    index = (find("-->", from: index + 4)).map { $0 + 3 } ?? bytes.count
                } else {
                    index = (find(">", from: index + 2)).map { $0 + 1 } ?? bytes.count
                }
                continue
            }
            if next == 0x3F {  // <? … > is a bogus comment
                index = (find(">", from: index + 2)).map { $0 + 1 } ?? bytes.count
                continue
            }
            let isEnd = next == 0x2F
            var cursor = index + (isEnd ? 2 : 1)
            guard cursor < bytes.count, isLetter(bytes[cursor]) else {
                index += 1
                continue
            }
            let start = index
            let nameStart = cursor
            while cursor < bytes.count, !isSpace(bytes[cursor]), bytes[cursor] != 0x2F, bytes[cursor] != 0x3E { cursor += 1 }
            let name = text(nameStart..<cursor).lowercased()
            var attributes: [Attribute] = []
            // Attributes until `>`.
            while cursor < bytes.count, bytes[cursor] != 0x3E {
                if isSpace(bytes[cursor]) || bytes[cursor] == 0x2F {
                    cursor += 1
                    continue
                }
                let attributeStart = cursor
                cursor += 1  // A name may start with `=`.
                while cursor < bytes.count, !isSpace(bytes[cursor]), bytes[cursor] != 0x2F, bytes[cursor] != 0x3E, bytes[cursor] != 0x3D {
                    cursor += 1
                }
                let attributeName = text(attributeStart..<cursor).lowercased()
                while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
                var value = ""
                if cursor < bytes.count, bytes[cursor] == 0x3D {
                    cursor += 1
                    while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
                    if cursor < bytes.count, bytes[cursor] == 0x22 || bytes[cursor] == 0x27 {
                        let quote = bytes[cursor]
                        let valueStart = cursor + 1
                        cursor = valueStart
                        while cursor < bytes.count, bytes[cursor] != quote { cursor += 1 }
                        value = text(valueStart..<min(cursor, bytes.count))
                        if cursor < bytes.count { cursor += 1 }
                    } else {
                        let valueStart = cursor
                        while cursor < bytes.count, !isSpace(bytes[cursor]), bytes[cursor] != 0x3E { cursor += 1 }
                        value = text(valueStart..<cursor)
                    }
                }
                if !isEnd { attributes.append(Attribute(name: attributeName, value: value)) }
            }
            let end = min(cursor + 1, bytes.count)
            var tag = Tag(name: name, attributes: attributes, source: text(start..<end), rawText: nil)
            index = end
            if !isEnd, name == "script" || name == "style" {
                let close = find("</\(name)", from: index, caseInsensitive: true) ?? bytes.count
                tag.rawText = text(index..<close)
                index = close
            }
            if !isEnd { tags.append(tag) }
        }
        return tags
    }

    /// Character references as a browser decodes them in attribute values:
    /// numeric ones, and the named ones used to hide `javascript:`.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named: [String: String] = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "colon": ":", "tab": "\t", "newline": "\n",
            "sol": "/", "lpar": "(", "rpar": ")", "nbsp": "\u{A0}",
        ]
        var output = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            output += rest[..<ampersand]
            let after = rest[rest.index(after: ampersand)...]
            var consumed: Substring.Index?
            if after.first == "#" {
                var digits = after.dropFirst()
                let hex = digits.first == "x" || digits.first == "X"
                if hex { digits = digits.dropFirst() }
                let number = digits.prefix { hex ? $0.isHexDigit : $0.isASCII && $0.isNumber }
                if !number.isEmpty, let value = UInt32(number.prefix(8), radix: hex ? 16 : 10) {
                    output.unicodeScalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                    consumed = number.endIndex
                    if consumed.map({ $0 < rest.endIndex && rest[$0] == ";" }) == true { consumed = rest.index(after: consumed!) }
                }
            } else {
                let name = after.prefix { $0.isLetter }
                if let value = named[name.lowercased()] {
                    output += value
                    consumed = name.endIndex
                    if consumed.map({ $0 < rest.endIndex && rest[$0] == ";" }) == true { consumed = rest.index(after: consumed!) }
                }
            }
            if let consumed {
                rest = rest[consumed...]
            } else {
                output += "&"
                rest = after
            }
        }
        return output + rest
    }
}

/// Collects from an Atom feed the texts readers render as HTML and the link targets.
private final class AtomReader: NSObject, XMLParserDelegate {
    var htmlTexts: [String] = []
    var hrefs: [String] = []
    private var stack: [(name: String, isHTML: Bool)] = []
    private var text = ""

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if let href = attributes["href"] { hrefs.append(href) }
        if let src = attributes["src"] { hrefs.append(src) }
        stack.append((elementName, attributes["type"] == "html" || attributes["type"] == "xhtml"))
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) { text += String(decoding: CDATABlock, as: UTF8.self) }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard let element = stack.popLast() else { return }
        if element.isHTML { htmlTexts.append(text) }
        if ["id", "uri"].contains(element.name) { hrefs.append(text) }
        text = ""
    }
}
