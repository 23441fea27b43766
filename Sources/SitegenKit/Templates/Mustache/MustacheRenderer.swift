/// Renders a `MustacheProgram` into bytes.
///
/// One renderer per page: it holds the output buffer, the context stack and the
/// block overrides of the parents being rendered. Lookups walk the stack from
/// the innermost section out, as Mustache specifies; a dotted name finds its
/// first part that way and the rest inside it only.
struct MustacheRenderer {
    let program: MustacheProgram
    private(set) var output: [UInt8] = []
    private var stack: [TemplateValue] = []
    /// The objects on `stack`, level by level (nil for other values), read
    /// without retaining them: `stack` keeps them alive. Loading a value from
    /// `stack` to search it copied and so retained it, at every level of every lookup.
    private var scopes: [TemplateObject.Borrowed?] = []
    /// Override tables of the parents being rendered, the most derived template's
    /// first: its replacement for a block wins, so lookups take the first match.
    private var overrides: [Int] = []

    init(program: MustacheProgram, capacity: Int) {
        self.program = program
        output.reserveCapacity(capacity)
    }

    /// For tests: a program of `templates` made on the spot.
    init(templates: [String: CompiledTemplate], capacity: Int) {
        self.init(program: MustacheProgram(templates), capacity: capacity)
    }

    mutating func render(_ name: String, context: TemplateContext) {
        guard let number = program.numbers[name] else { return }
        stack = [.object(context)]
        scopes = [context.borrowed]
        let program = self.program
        // The program's arrays are read through pointers for the whole page: an
        // array read per instruction would retain and release its buffer each time.
        program.code.withUnsafeBufferPointer { code in
            program.bytes.withUnsafeBufferPointer { bytes in
                program.names.withUnsafeBufferPointer { names in
                    let memory = Memory(code: code, bytes: bytes, names: names)
                    run(program.bodies[number], memory, indent: [])
                }
            }
        }
    }

    private struct Memory {
        let code: UnsafeBufferPointer<MustacheProgram.Instruction>
        let bytes: UnsafeBufferPointer<UInt8>
        let names: UnsafeBufferPointer<String>

        func bytes(_ start: Int32, _ count: Int32) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[Int(start)..<Int(start + count)])
        }
    }

    private mutating func run(_ range: Range<Int>, _ memory: Memory, indent: [UInt8]) {
        var at = range.lowerBound
        while at < range.upperBound {
            let instruction = memory.code[at]
            at += 1
            switch instruction.operation {
            case .text:
                appendText(memory.bytes(instruction.first, instruction.second), indent: indent)
            case .escapedVariable, .rawVariable:
                guard let value = lookup(instruction.first, instruction.second, memory) else { continue }
                switch value {
                case .text(let text):
                    instruction.operation == .escapedVariable ? appendEscaped(text) : output.append(contentsOf: text.utf8)
                case .number(let number): output.append(contentsOf: String(number).utf8)
                case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
                case .list, .object: break
                }
            case .section, .invertedSection:
                let body = at..<at + Int(instruction.third)
                at = body.upperBound
                let value = lookup(instruction.first, instruction.second, memory)
                let shows = value?.isTruthy ?? false
                if instruction.operation == .invertedSection {
                    if !shows { run(body, memory, indent: indent) }
                } else if shows, let value {
                    renderSection(value, body, memory, indent: indent)
                }
            case .partial:
                guard instruction.first >= 0 else { continue }
                run(program.bodies[Int(instruction.first)], memory, indent: indented(indent, instruction, memory))
            case .parent:
                at += Int(instruction.fifth)
                guard instruction.first >= 0 else { continue }
                overrides.append(Int(instruction.fourth))
                run(program.bodies[Int(instruction.first)], memory, indent: indented(indent, instruction, memory))
                overrides.removeLast()
            case .block:
                let defaults = at..<at + Int(instruction.third)
                at = defaults.upperBound
                run(override(named: memory.names[Int(instruction.first)]) ?? defaults, memory, indent: indent)
            }
        }
    }

    private func indented(_ indent: [UInt8], _ instruction: MustacheProgram.Instruction, _ memory: Memory) -> [UInt8] {
        instruction.third == 0 ? indent : indent + memory.bytes(instruction.second, instruction.third)
    }

    private mutating func renderSection(_ value: TemplateValue, _ body: Range<Int>, _ memory: Memory, indent: [UInt8]) {
        switch value {
        case .list(let items):
            for item in items {
                push(item)
                run(body, memory, indent: indent)
                pop()
            }
        case .bool:
            run(body, memory, indent: indent)
        case .text, .number, .object:
            push(value)
            run(body, memory, indent: indent)
            pop()
        }
    }

    private mutating func push(_ value: TemplateValue) {
        stack.append(value)
        if case .object(let object) = value { scopes.append(object.borrowed) } else { scopes.append(nil) }
    }

    private mutating func pop() {
        stack.removeLast()
        scopes.removeLast()
    }

    /// The outermost template's replacement wins: overrides are searched from the
    /// first parent tag met (the most derived template) inwards.
    private func override(named name: String) -> Range<Int>? {
        for table in overrides {
            if let body = program.overrideTables[table][name] { return body }
        }
        return nil
    }

    private func lookup(_ start: Int32, _ count: Int32, _ memory: Memory) -> TemplateValue? {
        guard count > 0 else { return stack.last }
        let first = memory.names[Int(start)]
        var found: TemplateValue? = scopes.withUnsafeBufferPointer { levels in
            for level in levels.indices.reversed() {
                if let member = levels[level]?.member(first) { return member }
            }
            return nil
        }
        for part in Int(start) + 1..<Int(start + count) { found = found?.member(memory.names[part]) }
        return found
    }

    /// Literal template text; inside a standalone partial every line is indented.
    private mutating func appendText(_ text: UnsafeBufferPointer<UInt8>, indent: [UInt8]) {
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
