/// A library of compiled templates laid out flat for rendering: one array of
/// plain instructions, one buffer of literal bytes, one array of names.
///
/// Why not render the parsed tree: walking `[Node]` enums copied every node's
/// payload (its text, its name path, its children) and so retained and released
/// it, and that reference counting was half of rendering a page. Instructions
/// hold only integers, so the renderer reads them without touching a reference
/// count. Built once per build; rendering never changes it. A class: every
/// page's renderer holds it, and copying seven collections retained each of them.
final class MustacheProgram: Sendable {
    enum Operation: UInt8, Sendable {
        /// `first` ..< `first + second` of `bytes`.
        case text
        /// Names `first` ..< `first + second` (none: `{{.}}`); escaped or raw.
        case escapedVariable, rawVariable
        /// Names as for a variable; the body is the next `third` instructions.
        /// A section's `fourth` is 1 when its body holds no partial, parent or
        /// block: what such a body renders depends only on the values it looks
        /// up, so the renderer may keep an item's bytes (`RenderedItems`).
        case section, invertedSection
        /// Template `first` (-1: none), indented by bytes `second` ..< `second + third`.
        case partial
        /// Template `first` (-1: none) with override table `fourth`, indented as a
        /// partial; the next `fifth` instructions are the overriding blocks' bodies.
        case parent
        /// Block named `names[first]`; its default body is the next `third` instructions.
        case block
    }

    struct Instruction: Sendable {
        var operation: Operation
        var first: Int32 = 0
        var second: Int32 = 0
        var third: Int32 = 0
        var fourth: Int32 = 0
        var fifth: Int32 = 0
    }

    let code: [Instruction]
    let bytes: [UInt8]
    let names: [String]
    /// `names` as the integers lookups compare (`NameKey`), made once here.
    let keys: [NameKey]
    /// Each template's instructions, by template number.
    let bodies: [Range<Int>]
    /// Template numbers by name.
    let numbers: [String: Int]
    /// A parent tag's blocks: block name → its body's instructions.
    let overrideTables: [[String: Range<Int>]]

    init(_ templates: [String: CompiledTemplate]) {
        var compiler = Compiler()
        compiler.compile(templates)
        (code, bytes, names, keys) = (compiler.code, compiler.bytes, compiler.names, compiler.keys)
        (bodies, numbers, overrideTables) = (compiler.bodies, compiler.numbers, compiler.overrideTables)
    }
}

/// Lays templates out as a `MustacheProgram`.
private struct Compiler {
    typealias Instruction = MustacheProgram.Instruction
    var code: [Instruction] = []
    var bytes: [UInt8] = []
    var names: [String] = []
    var keys: [NameKey] = []
    var bodies: [Range<Int>] = []
    var numbers: [String: Int] = [:]
    var overrideTables: [[String: Range<Int>]] = []

    mutating func compile(_ templates: [String: CompiledTemplate]) {
        let sorted = templates.sorted { $0.key < $1.key }
        for (number, (name, _)) in sorted.enumerated() { numbers[name] = number }
        for (_, template) in sorted {
            let start = code.count
            compile(template.nodes)
            bodies.append(start..<code.count)
        }
    }

    private mutating func compile(_ nodes: [CompiledTemplate.Node]) {
        for node in nodes {
            switch node {
            case .text(let text):
                let start = append(text)
                emit(Instruction(operation: .text, first: start, second: Int32(text.count)))
            case .variable(let path, let escaped):
                let (start, count) = append(path)
                emit(Instruction(operation: escaped ? .escapedVariable : .rawVariable, first: start, second: count))
            case .section(let path, let children, let inverted):
                let (start, count) = append(path)
                let at = emit(Instruction(operation: inverted ? .invertedSection : .section, first: start, second: count))
                compile(children)
                code[at].third = Int32(code.count - at - 1)
                let selfContained = code[(at + 1)...].allSatisfy { ![.partial, .parent, .block].contains($0.operation) }
                code[at].fourth = selfContained ? 1 : 0
            case .partial(let name, let indent):
                let indentStart = append(indent)
                emit(Instruction(operation: .partial, first: number(of: name), second: indentStart, third: Int32(indent.count)))
            case .parent(let name, let overrides, let indent):
                let indentStart = append(indent)
                let table = Int32(overrideTables.count)
                overrideTables.append([:])
                let at = emit(
                    Instruction(
                        operation: .parent, first: number(of: name), second: indentStart, third: Int32(indent.count), fourth: table))
                var bodies: [String: Range<Int>] = [:]
                for (blockName, body) in overrides.sorted(by: { $0.key < $1.key }) {
                    let start = code.count
                    compile(body)
                    bodies[blockName] = start..<code.count
                }
                overrideTables[Int(table)] = bodies
                code[at].fifth = Int32(code.count - at - 1)
            case .block(let name, let defaults):
                names.append(name)
                keys.append(NameKey(name))
                let at = emit(Instruction(operation: .block, first: Int32(names.count - 1)))
                compile(defaults)
                code[at].third = Int32(code.count - at - 1)
            }
        }
    }

    private func number(of template: String) -> Int32 { numbers[template].map(Int32.init) ?? -1 }

    @discardableResult
    private mutating func emit(_ instruction: Instruction) -> Int {
        code.append(instruction)
        return code.count - 1
    }

    private mutating func append(_ text: [UInt8]) -> Int32 {
        bytes += text
        return Int32(bytes.count - text.count)
    }

    private mutating func append(_ path: NamePath) -> (start: Int32, count: Int32) {
        names += path.parts
        keys += path.parts.map(NameKey.init)
        return (Int32(names.count - path.parts.count), Int32(path.parts.count))
    }
}
