import Foundation

/// The text of every template a site renders with (built-in, or the site's own
/// `templates/NAME.mustache`), read for the links written in them, so a broken
/// link in the output can be traced back to the line that wrote it.
struct TemplateSources: Sendable {
    /// A link attribute in a template: `href="/tags/{{slug}}/"` is the pattern
    /// `["/tags/", "/"]`, the literal text around its Mustache tags.
    struct Link: Sendable {
        var line: Int
        var column: Int
        var segments: [String]

        var isLiteral: Bool { segments.count == 1 }
        /// How much of the URL the template itself wrote; 0 for `{{url}}`.
        var literalLength: Int { segments.reduce(0) { $0 + $1.count } }

        /// Whether the template could have written `value` (raw, as in the output).
        func matches(_ value: String) -> Bool {
            guard let first = segments.first, let last = segments.last else { return false }
            if isLiteral { return value == first }
            guard value.hasPrefix(first), value.hasSuffix(last), value.count >= first.count + last.count else { return false }
            var rest = value.dropFirst(first.count).dropLast(last.count)
            for middle in segments.dropFirst().dropLast() where !middle.isEmpty {
                guard let range = rest.range(of: middle) else { return false }
                rest = rest[range.upperBound...]
            }
            return true
        }
    }

    struct Template: Sendable {
        var path: String
        var links: [Link]
        /// Parents (`{{<base}}`) and partials (`{{>list}}`) it draws on.
        var includes: [String]
    }

    let templates: [String: Template]

    init(siteTemplates: URL, displayPath: (URL) -> String) {
        var texts: [String: (text: String, path: String)] = [:]
        // The same paths TemplateLibrary shows in template errors.
        for (name, text) in DefaultTheme.templates { texts[name] = (text, "(built-in) templates/\(name).mustache") }
        let files = (try? FileManager.default.contentsOfDirectory(at: siteTemplates, includingPropertiesForKeys: nil)) ?? []
        for file in files where file.pathExtension == "mustache" {
            let path = displayPath(file)
            // The build has just read every template, so a failure here is a race; skip it.
            if let text = try? TextFile.read(file, displayPath: path) {
                texts[file.deletingPathExtension().lastPathComponent] = (text, path)
            }
        }
        templates = texts.mapValues { Template(path: $0.path, links: Self.links(in: $0.text), includes: Self.includes(in: $0.text)) }
    }

    /// `name` first, then every template it includes, directly or not.
    func reachable(from name: String) -> [String] {
        var order: [String] = []
        var queue = [name]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            guard !order.contains(next), let template = templates[next] else { continue }
            order.append(next)
            queue += template.includes
        }
        return order
    }

    static func links(in text: String) -> [Link] {
        HTMLScan.attributes(in: text, names: HTMLScan.linkAttributes).flatMap { attribute -> [Link] in
            let urls = attribute.name == "srcset" ? HTMLScan.srcsetURLs(attribute.value) : [(attribute.value, 0)]
            return urls.map { url, start in
                let place = SourceText.position(ofUTF8Offset: attribute.offset + start, in: text)
                return Link(line: place.line, column: place.column, segments: literalSegments(of: url))
            }
        }
    }

    /// The literal text between Mustache tags (`{{x}}`, `{{{x}}}`, sections).
    static func literalSegments(of value: String) -> [String] {
        var segments: [String] = []
        var rest = value[...]
        while let open = rest.range(of: "{{") {
            segments.append(String(rest[..<open.lowerBound]))
            let closer = rest[open.upperBound...].hasPrefix("{") ? "}}}" : "}}"
            guard let close = rest[open.upperBound...].range(of: closer) else { return segments + [""] }
            rest = rest[close.upperBound...]
        }
        segments.append(String(rest))
        return segments
    }

    static func includes(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "}}") else { break }
            if let sigil = after.first, sigil == "<" || sigil == ">" {
                names.append(after[after.index(after: after.startIndex)..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            }
            rest = after[close.upperBound...]
        }
        return names
    }
}
