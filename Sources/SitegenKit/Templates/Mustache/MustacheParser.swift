/// A template parsed once, rendered many times: a tree of literal text and tags.
struct CompiledTemplate: Sendable {
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(NamePath, escaped: Bool)
        case section(NamePath, [Node], inverted: Bool)
        /// `{{> name}}`; a standalone partial indents every line it renders.
        case partial(String, indent: [UInt8])
        /// `{{< name}}…{{/name}}`: the named template with some blocks replaced.
        case parent(String, overrides: [String: [Node]], indent: [UInt8])
        /// `{{$ name}}default{{/name}}`: a block a child template may replace.
        case block(String, [Node])
    }

    let nodes: [Node]
}

/// A dotted name split once at parse time: `story.previous.url`, or `.` itself.
struct NamePath: Sendable, Equatable {
    let parts: [String]
    var isImplicit: Bool { parts.isEmpty }

    init(_ text: String) {
        parts = text == "." ? [] : text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }
}

/// Where and why a template could not be parsed.
struct TemplateSyntaxError: Error, Equatable {
    var line: Int
    var column: Int
    var message: String
}

/// Parses Mustache: variables, `{{{raw}}}` and `{{&raw}}`, sections, inverted
/// sections, comments, partials, parents and blocks (template inheritance), and
/// set-delimiter tags. Standalone tags (alone on their line) take their line
/// with them, as the Mustache spec says, so templates can be laid out freely.
struct MustacheParser {
    private let bytes: [UInt8]
    private var position = 0
    private var open: [UInt8] = Array("{{".utf8)
    private var close: [UInt8] = Array("}}".utf8)
    /// End of the last tag, to tell whether a tag shares its line with another.
    private var lastTagEnd = -1

    private enum TagKind: UInt8 {
        case variable, raw, section, inverted, close, comment, partial, parent, block, delimiters, pragma
    }

    private enum Token {
        case text([UInt8])
        case tag(TagKind, String, indent: [UInt8], offset: Int)
    }

    static func parse(_ source: String) -> Result<CompiledTemplate, TemplateSyntaxError> {
        var parser = MustacheParser(bytes: Array(source.utf8))
        return Result { () throws(TemplateSyntaxError) in
            let tokens = try parser.tokens()
            var index = 0
            let nodes = try parser.tree(tokens, &index, closing: nil)
            return CompiledTemplate(nodes: nodes)
        }
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    // MARK: Tokens

    private mutating func tokens() throws(TemplateSyntaxError) -> [Token] {
        var tokens: [Token] = []
        var textStart = 0
        while let tagStart = find(open, from: position) {
            var kindOffset = tagStart + open.count
            var kind = TagKind.variable
            var closer = close
            if kindOffset < bytes.count {
                switch bytes[kindOffset] {
                case UInt8(ascii: "{") where open == Array("{{".utf8):
                    kind = .raw
                    closer = Array("}".utf8) + close
                case UInt8(ascii: "&"): kind = .raw
                case UInt8(ascii: "#"): kind = .section
                case UInt8(ascii: "^"): kind = .inverted
                case UInt8(ascii: "/"): kind = .close
                case UInt8(ascii: "!"): kind = .comment
                case UInt8(ascii: ">"): kind = .partial
                case UInt8(ascii: "<"): kind = .parent
                case UInt8(ascii: "$"): kind = .block
                case UInt8(ascii: "="):
                    kind = .delimiters
                    closer = Array("=".utf8) + close
                case UInt8(ascii: "%"): kind = .pragma
                default: kindOffset -= 1
                }
                kindOffset += 1
            }
            guard let closeStart = find(closer, from: kindOffset) else {
                throw error(at: tagStart, "a tag is not closed with \(String(decoding: close, as: UTF8.self))")
            }
            let name = String(decoding: bytes[kindOffset..<closeStart], as: UTF8.self).trimmingSpaces()
            var tagEnd = closeStart + closer.count
            var textEnd = tagStart
            var indent: [UInt8] = []
            if kind != .variable, kind != .raw, let standalone = standaloneLine(tagStart: tagStart, tagEnd: tagEnd) {
                textEnd = standalone.lineStart
                indent = Array(bytes[standalone.lineStart..<tagStart])
                tagEnd = standalone.nextLine
            }
            if textEnd > textStart { tokens.append(.text(Array(bytes[textStart..<textEnd]))) }
            try validate(kind, name, at: tagStart)
            if kind == .delimiters {
                try setDelimiters(name, at: tagStart)
            } else if kind != .comment, kind != .pragma {
                tokens.append(.tag(kind, name, indent: indent, offset: tagStart))
            }
            position = tagEnd
            textStart = tagEnd
            lastTagEnd = closeStart + closer.count
        }
        if textStart < bytes.count { tokens.append(.text(Array(bytes[textStart...]))) }
        return tokens
    }

    /// When the tag is alone on its line (blanks around it only): where that line
    /// starts, and where the next one starts.
    private func standaloneLine(tagStart: Int, tagEnd: Int) -> (lineStart: Int, nextLine: Int)? {
        var lineStart = tagStart
        while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") {
            guard bytes[lineStart - 1] == UInt8(ascii: " ") || bytes[lineStart - 1] == UInt8(ascii: "\t") else { return nil }
            lineStart -= 1
        }
        guard lastTagEnd <= lineStart else { return nil }
        var next = tagEnd
        while next < bytes.count, bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "\t") { next += 1 }
        if next == bytes.count { return (lineStart, next) }
        if bytes[next] == UInt8(ascii: "\n") { return (lineStart, next + 1) }
        if bytes[next] == UInt8(ascii: "\r"), next + 1 < bytes.count, bytes[next + 1] == UInt8(ascii: "\n") {
            return (lineStart, next + 2)
        }
        return nil
    }

    private func validate(_ kind: TagKind, _ name: String, at offset: Int) throws(TemplateSyntaxError) {
        switch kind {
        case .comment, .delimiters, .pragma: return
        default: break
        }
        guard !name.isEmpty else { throw error(at: offset, "a tag has no name") }
        guard !name.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) else {
            throw error(at: offset, "a tag name cannot contain spaces: '\(name)'")
        }
    }

    private mutating func setDelimiters(_ text: String, at offset: Int) throws(TemplateSyntaxError) {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
            throw error(at: offset, "invalid set-delimiter tag; write it as {{=<% %>=}}")
        }
        open = Array(parts[0].utf8)
        close = Array(parts[1].utf8)
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= bytes.count else { return nil }
        var index = start
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first, bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    // MARK: Tree

    private func tree(_ tokens: [Token], _ index: inout Int, closing: (name: String, offset: Int)?) throws(TemplateSyntaxError)
        -> [CompiledTemplate.Node]
    {
        var nodes: [CompiledTemplate.Node] = []
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token {
            case .text(let text):
                nodes.append(.text(text))
            case .tag(let kind, let name, let indent, let offset):
                switch kind {
                case .variable, .raw:
                    nodes.append(.variable(NamePath(name), escaped: kind == .variable))
                case .section, .inverted:
                    let children = try tree(tokens, &index, closing: (name, offset))
                    nodes.append(.section(NamePath(name), children, inverted: kind == .inverted))
                case .block:
                    nodes.append(.block(name, try tree(tokens, &index, closing: (name, offset))))
                case .partial:
                    nodes.append(.partial(name, indent: indent))
                case .parent:
                    let children = try tree(tokens, &index, closing: (name, offset))
                    var overrides: [String: [CompiledTemplate.Node]] = [:]
                    for child in children {
                        switch child {
                        case .block(let blockName, let content): overrides[blockName] = content
                        case .text(let text) where text.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }): break
                        default:
                            throw error(at: offset, "only block definitions ({{$name}}…{{/name}}) may stand inside {{<\(name)}}")
                        }
                    }
                    nodes.append(.parent(name, overrides: overrides, indent: indent))
                case .close:
                    guard let closing else { throw error(at: offset, "{{/\(name)}} closes a section that was never opened") }
                    guard closing.name == name else {
                        let opened = position(of: closing.offset)
                        throw error(
                            at: offset,
                            "a section is closed with a different name than it was opened with: {{/\(name)}} closes '\(closing.name)', opened at line \(opened.line)"
                        )
                    }
                    return nodes
                case .comment, .delimiters, .pragma:
                    break
                }
            }
        }
        if let closing { throw error(at: closing.offset, "section '\(closing.name)' is never closed: add {{/\(closing.name)}}") }
        return nodes
    }

    // MARK: Positions

    private func position(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).count + 1
        return (line, column)
    }

    private func error(at offset: Int, _ message: String) -> TemplateSyntaxError {
        let place = position(of: offset)
        return TemplateSyntaxError(line: place.line, column: place.column, message: message)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}
