/// Renders compiled templates into bytes.
///
/// One renderer per page: it holds the output buffer, the context stack and the
/// block overrides of the parents being rendered. Lookups walk the stack from
/// the innermost section out, as Mustache specifies; a dotted name finds its
/// first part that way and the rest inside it only.
struct MustacheRenderer {
    let templates: [String: CompiledTemplate]
    private(set) var output: [UInt8] = []
    private var stack: [TemplateValue] = []
    /// Replacement blocks in force, innermost parent's first; a child template's
    /// block wins over its parent's own, so lookups take the first match.
    private var overrides: [[String: [CompiledTemplate.Node]]] = []

    init(templates: [String: CompiledTemplate], capacity: Int) {
        self.templates = templates
        output.reserveCapacity(capacity)
    }

    mutating func render(_ name: String, context: TemplateContext) {
        guard let template = templates[name] else { return }
        stack = [.object(context)]
        render(template.nodes, indent: [])
    }

    private mutating func render(_ nodes: [CompiledTemplate.Node], indent: [UInt8]) {
        for node in nodes {
            switch node {
            case .text(let text):
                appendText(text, indent: indent)
            case .variable(let path, let escaped):
                guard let value = lookup(path) else { continue }
                switch value {
                case .text(let text): escaped ? appendEscaped(text) : output.append(contentsOf: text.utf8)
                case .number(let number): output.append(contentsOf: String(number).utf8)
                case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
                case .list, .object: break
                }
            case .section(let path, let children, let inverted):
                let value = lookup(path)
                let shows = value?.isTruthy ?? false
                if inverted {
                    if !shows { render(children, indent: indent) }
                } else if shows, let value {
                    renderSection(value, children, indent: indent)
                }
            case .partial(let name, let partialIndent):
                guard let template = templates[name] else { continue }
                render(template.nodes, indent: indent + partialIndent)
            case .parent(let name, let blocks, let parentIndent):
                guard let template = templates[name] else { continue }
                overrides.append(blocks)
                render(template.nodes, indent: indent + parentIndent)
                overrides.removeLast()
            case .block(let name, let defaults):
                render(override(named: name) ?? defaults, indent: indent)
            }
        }
    }

    private mutating func renderSection(_ value: TemplateValue, _ children: [CompiledTemplate.Node], indent: [UInt8]) {
        switch value {
        case .list(let items):
            for item in items {
                stack.append(item)
                render(children, indent: indent)
                stack.removeLast()
            }
        case .bool:
            render(children, indent: indent)
        case .text, .number, .object:
            stack.append(value)
            render(children, indent: indent)
            stack.removeLast()
        }
    }

    /// The outermost template's replacement wins: overrides are searched from the
    /// first parent tag met (the most derived template) inwards.
    private func override(named name: String) -> [CompiledTemplate.Node]? {
        for blocks in overrides {
            if let nodes = blocks[name] { return nodes }
        }
        return nil
    }

    private func lookup(_ path: NamePath) -> TemplateValue? {
        guard let first = path.parts.first else { return stack.last }
        var found: TemplateValue?
        // By index, and through `member(_:)`, so no level is copied to be searched.
        var level = stack.count - 1
        while level >= 0, found == nil {
            found = stack[level].member(first)
            level -= 1
        }
        for part in path.parts.dropFirst() { found = found?.member(part) }
        return found
    }

    /// Literal template text; inside a standalone partial every line is indented.
    private mutating func appendText(_ text: [UInt8], indent: [UInt8]) {
        guard !indent.isEmpty else {
            output.append(contentsOf: text)
            return
        }
        for byte in text {
            if output.last == UInt8(ascii: "\n") || output.isEmpty { output.append(contentsOf: indent) }
            output.append(byte)
        }
    }

    private static let escaped = ByteSet("&<>\"'".utf8)

    /// `& < > " '` escaped; text with none of them is copied whole.
    private mutating func appendEscaped(_ text: String) {
        ByteEscaper.escape(text[...], into: &output, triggers: Self.escaped) { bytes, index in
            switch bytes[index] {
            case UInt8(ascii: "&"): ("&amp;", 1)
            case UInt8(ascii: "<"): ("&lt;", 1)
            case UInt8(ascii: ">"): ("&gt;", 1)
            case UInt8(ascii: "\""): ("&quot;", 1)
            case UInt8(ascii: "'"): ("&#39;", 1)
            default: nil
            }
        }
    }
}
