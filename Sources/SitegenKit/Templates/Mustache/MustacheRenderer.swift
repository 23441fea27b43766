/// Renders a `MustacheProgram` into bytes.
///
/// One renderer per page: it holds the output buffer, the context stack and the
/// block overrides of the parents being rendered. Lookups walk the stack from
/// the innermost section out, as Mustache specifies; a dotted name finds its
/// first part that way and the rest inside it only.
///
/// The context stack and lookups hold pointers to values where they live: every
/// value a page shows sits inside its context, which outlives the render and is
/// not changed during it. Copying each list item and found object onto the stack
/// retained and released it (pages rendered 570 → 529 ms without). A variable's
/// text is shown from where its bytes are (`TextBytes`): the compiler copies a
/// value loaded through a pointer before a call that could, as far as it knows,
/// write there, and copying a text retained and released its storage.
struct MustacheRenderer: ~Copyable {
    let program: MustacheProgram
    private var page: PageBytes
    /// The context stack, innermost last.
    private var stack: [Frame] = []
    /// Override tables of the parents being rendered, the most derived template's
    /// first: its replacement for a block wins, so lookups take the first match.
    private var overrides: [Int] = []
    /// The outermost level of the stack any lookup has found its name at since
    /// this was last reset, -1 once a lookup found nothing (which the frames
    /// below could change); see `renderKept`.
    private var lowestLevelRead = Int.max

    /// A value on the context stack, and the object it is (if it is one), read
    /// without retaining it.
    private struct Frame {
        let value: UnsafePointer<TemplateValue>
        let object: TemplateObject.Borrowed?

        init(_ value: UnsafePointer<TemplateValue>) {
            self.value = value
            object = value.pointee.borrowedObject
        }
    }

    init(program: MustacheProgram, capacity: Int) {
        self.program = program
        page = PageBytes(capacity: capacity)
    }

    /// The page rendered so far.
    var output: [UInt8] { page.array }

    /// The page rendered so far, where it is, for as long as `body` runs.
    func withOutput<Result, Failure: Error>(_ body: (UnsafeRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        try page.withBytes(body)
    }

    /// For tests: a program of `templates` made on the spot.
    init(templates: [String: CompiledTemplate], capacity: Int) {
        self.init(program: MustacheProgram(templates), capacity: capacity)
    }

    mutating func render(_ name: String, context: TemplateContext) {
        guard let number = program.numbers[name] else { return }
        let program = self.program
        withUnsafePointer(to: TemplateValue.object(context)) { root in
            stack = [Frame(root)]
            defer { stack = [] }  // No pointer outlives the value it points into.
            // The program's arrays are read through pointers for the whole page: an
            // array read per instruction would retain and release its buffer each time.
            program.code.withUnsafeBufferPointer { code in
                program.bytes.withUnsafeBufferPointer { bytes in
                    program.names.withUnsafeBufferPointer { names in
                        program.keys.withUnsafeBufferPointer { keys in
                            let memory = Memory(code: code, bytes: bytes, names: names, keys: keys)
                            run(program.bodies[number], memory, indent: [])
                        }
                    }
                }
            }
        }
    }

    private struct Memory {
        let code: UnsafeBufferPointer<MustacheProgram.Instruction>
        let bytes: UnsafeBufferPointer<UInt8>
        let names: UnsafeBufferPointer<String>
        let keys: UnsafeBufferPointer<NameKey>

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
                var text = TextBytes.none
                guard let value = lookup(instruction.first, instruction.second, memory, text: &text) else { continue }
                let escaped = instruction.operation == .escapedVariable
                if text.bytes.isEmpty {
                    value.pointee.append(to: &page, escaped: escaped)
                } else {
                    TemplateValue.appendText(text.bytes, escaped: escaped && !text.isPlain, to: &page)
                }
            case .section, .invertedSection:
                let body = at..<at + Int(instruction.third)
                at = body.upperBound
                let value = lookup(instruction.first, instruction.second, memory)
                let shows = value?.pointee.isTruthy ?? false
                if instruction.operation == .invertedSection {
                    if !shows { run(body, memory, indent: indent) }
                } else if shows, let value {
                    renderSection(value, body, memory, indent: indent, keepsItems: instruction.fourth != 0)
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

    /// `keepsItems`: the body has no partial, parent or block, whose output
    /// could depend on more than the item (`MustacheProgram.Operation.section`).
    private mutating func renderSection(
        _ value: UnsafePointer<TemplateValue>, _ body: Range<Int>, _ memory: Memory, indent: [UInt8], keepsItems: Bool = false
    ) {
        if case .bool = value.pointee {
            run(body, memory, indent: indent)
            return
        }
        if keepsItems, indent.isEmpty, case .picked(let picked) = value.pointee, picked.recurs {
            renderKept(picked, section: body.lowerBound - 1, body, memory)
            return
        }
        let listed: Void? = value.pointee.withItems { count, item in
            for position in 0..<count {
                // A list's items (briefings' entries on tag, month and home pages) are
                // strewn over the heap and read once per page: most of rendering them
                // was waiting for memory. The next item's lines are asked for while
                // this one renders, and the one after's storage object, whose fields
                // say where its lines are.
                if position + 2 < count { item(position + 2).prefetchObject(headerOnly: true) }
                if position + 1 < count { item(position + 1).prefetchObject(headerOnly: false) }
                stack.append(Frame(item(position)))
                run(body, memory, indent: indent)
                stack.removeLast()
            }
        }
        guard listed == nil else { return }
        stack.append(Frame(value))
        run(body, memory, indent: indent)
        stack.removeLast()
    }

    /// A list picked from a table (`TemplateTable`), each item's bytes taken
    /// from those kept for this section (`RenderedItems`) or rendered and kept.
    /// An item's bytes are kept only when no lookup while rendering it went past
    /// the item to the frames below (found a name there, or found nothing): then
    /// they are the same on every page, whatever the page's own context holds.
    private mutating func renderKept(_ picked: PickedItems, section: Int, _ body: Range<Int>, _ memory: Memory) {
        let table = picked.table
        let kept = table.renderedItems(program, section: section)
        picked.positions.withUnsafeBufferPointer { positions in
            for (offset, position) in positions.enumerated() {
                if let bytes = kept.bytes(at: position) {
                    page.append(bytes: bytes)
                    continue
                }
                if offset + 1 < positions.count { table.address(positions[offset + 1]).prefetchObject(headerOnly: false) }
                let (start, level, outer) = (page.count, stack.count, lowestLevelRead)
                lowestLevelRead = Int.max
                stack.append(Frame(table.address(position)))
                run(body, memory, indent: [])
                stack.removeLast()
                let reached = lowestLevelRead
                lowestLevelRead = Swift.min(outer, reached)
                if reached >= level { page.withBytes { kept.keep(UnsafeRawBufferPointer(rebasing: $0[start...]), at: position) } }
            }
        }
    }

    /// The outermost template's replacement wins: overrides are searched from the
    /// first parent tag met (the most derived template) inwards.
    private func override(named name: String) -> Range<Int>? {
        for table in overrides {
            if let body = program.overrideTables[table][name] { return body }
        }
        return nil
    }

    private mutating func lookup(_ start: Int32, _ count: Int32, _ memory: Memory) -> UnsafePointer<TemplateValue>? {
        var text = TextBytes.none
        return lookup(start, count, memory, text: &text)
    }

    /// The value a name finds; `text`: its text's bytes, if it keeps them.
    private mutating func lookup(_ start: Int32, _ count: Int32, _ memory: Memory, text: inout TextBytes) -> UnsafePointer<TemplateValue>? {
        guard count > 0 else {
            lowestLevelRead = Swift.min(lowestLevelRead, stack.count - 1)
            return stack.last?.value
        }
        let (first, key) = (memory.names[Int(start)], memory.keys[Int(start)])
        var foundAt = -1
        var found: UnsafePointer<TemplateValue>? = stack.withUnsafeBufferPointer { frames in
            for level in frames.indices.reversed() {
                if let member = frames[level].object?.member(first, key: key, text: &text) {
                    foundAt = level
                    return member
                }
            }
            return nil
        }
        lowestLevelRead = Swift.min(lowestLevelRead, foundAt)
        for part in Int(start) + 1..<Int(start + count) {
            found = found?.pointee.borrowedObject?.member(memory.names[part], key: memory.keys[part], text: &text)
        }
        return found
    }

    /// Literal template text; inside a standalone partial every line is indented.
    private mutating func appendText(_ text: UnsafeBufferPointer<UInt8>, indent: [UInt8]) {
        guard !indent.isEmpty else {
            page.append(bytes: text)
            return
        }
        for byte in text {
            if page.last == UInt8(ascii: "\n") || page.count == 0 { indent.withUnsafeBufferPointer { page.append(bytes: $0) } }
            page.append(byte)
        }
    }
}

extension TemplateValue {
    /// Calls `body` with a list's count and where each item is, read in place;
    /// nil when this is not a list.
    fileprivate func withItems<Result>(_ body: (Int, (Int) -> UnsafePointer<TemplateValue>) -> Result) -> Result? {
        switch self {
        case .list(let items):
            return items.withUnsafeBufferPointer { items in body(items.count) { items.baseAddress! + $0 } }
        case .picked(let picked):
            let table = picked.table
            return picked.positions.withUnsafeBufferPointer { positions in body(positions.count) { table.address(positions[$0]) } }
        case .text, .number, .bool, .object:
            return nil
        }
    }

    /// The value as a variable tag shows it.
    fileprivate func append(to output: inout PageBytes, escaped: Bool) {
        switch self {
        case .text(var text): text.withUTF8 { Self.appendText($0, escaped: escaped, to: &output) }
        case .number(let number):
            var digits = String(number)
            digits.withUTF8 { output.append(bytes: $0) }
        case .bool(let flag):
            let word: StaticString = flag ? "true" : "false"
            output.append(bytes: UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
        case .list, .picked, .object: break
        }
    }

    /// The bytes an escaped variable replaces.
    static let htmlReserved = ByteSet("&<>\"'".utf8)

    /// A text's UTF-8 as a variable tag shows it: with `& < > " '` escaped
    /// (text with none of them is copied whole), or as it is.
    fileprivate static func appendText(_ text: UnsafeBufferPointer<UInt8>, escaped: Bool, to output: inout PageBytes) {
        guard escaped else {
            output.append(bytes: text)
            return
        }
        ByteEscaper.escape(text, into: &output, triggers: htmlReserved) { bytes, index in
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
