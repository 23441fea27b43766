/// Reads the plain YAML nearly every front matter is written in, about twenty
/// times faster than a full YAML parser: `key: value` lines, quoted strings,
/// `[a, b]` lists, and indented lists and mappings (`sources:`).
///
/// It answers nil for anything outside that subset (anchors, tags, block
/// scalars, multi-line values, flow mappings, odd indentation, duplicate keys,
/// errors of any kind), and the caller then asks Yams. So it never needs to be
/// complete, only right on what it accepts: a test compares it with Yams, node
/// by node and mark by mark, on generated documents.
struct FastYAMLReader {
    private struct Line {
        var number: Int
        var indent: Int
        /// The bytes after the indentation, without the line break.
        var text: ArraySlice<UInt8>
    }

    private var lines: [Line] = []
    private var next = 0

    static func read(_ text: String) -> YAMLNode? {
        var reader = FastYAMLReader()
        guard reader.split(Array(text.utf8)) else { return nil }
        guard !reader.lines.isEmpty else { return nil }
        guard let root = reader.block(indent: 0), reader.next == reader.lines.count else { return nil }
        return root
    }

    /// Lines with content; blank and comment-only lines go. Tabs in indentation,
    /// document markers and directives are left to Yams.
    private mutating func split(_ bytes: [UInt8]) -> Bool {
        var start = 0
        var number = 1
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var stop = end
            if stop > start, bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
            var indent = start
            while indent < stop, bytes[indent] == UInt8(ascii: " ") { indent += 1 }
            if indent < stop {
                switch bytes[indent] {
                case UInt8(ascii: "#"): break
                case UInt8(ascii: "\t"), UInt8(ascii: "%"): return false
                default:
                    let text = bytes[indent..<stop]
                    if indent == start, text.starts(with: "---".utf8) || text.starts(with: "...".utf8) { return false }
                    lines.append(Line(number: number, indent: indent - start, text: text))
                }
            }
            start = end + 1
            number += 1
        }
        return true
    }

    // MARK: Blocks

    /// A mapping or a sequence whose lines start at `indent`.
    private mutating func block(indent: Int) -> YAMLNode? {
        guard next < lines.count, lines[next].indent == indent else { return nil }
        return isSequenceItem(lines[next].text) ? sequence(indent: indent) : mapping(indent: indent, firstKeyOffset: 0)
    }

    private func isSequenceItem(_ text: ArraySlice<UInt8>) -> Bool {
        text.first == UInt8(ascii: "-") && (text.count == 1 || text[text.startIndex + 1] == UInt8(ascii: " "))
    }

    /// `key: value` lines at `indent`. The first key may sit after a `- ` on a
    /// sequence line, `firstKeyOffset` bytes into it.
    private mutating func mapping(indent: Int, firstKeyOffset: Int) -> YAMLNode? {
        var pairs: [(key: YAMLNode, value: YAMLNode)] = []
        var keys = FewStrings()
        var offset = firstKeyOffset
        var mark: YAMLMark?
        while next < lines.count {
            let line = lines[next]
            if offset == 0 {
                guard line.indent >= indent else { break }
                guard line.indent == indent, !isSequenceItem(line.text) else { return nil }
            }
            let text = line.text.dropFirst(offset)
            let keyColumn = line.indent + offset + 1
            guard let colon = keyEnd(text) else { return nil }
            let key = String(decoding: text[text.startIndex..<colon], as: UTF8.self)
            guard keys.insert(key) else { return nil }
            let keyMark = YAMLMark(line: line.number, column: keyColumn)
            mark = mark ?? keyMark
            let keyNode = YAMLNode.scalar(YAMLScalar(string: key, kind: ScalarKind(plain: key), mark: keyMark))
            var valueStart = colon + 1
            while valueStart < text.endIndex, text[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
            next += 1
            offset = 0
            if valueStart == text.endIndex || text[valueStart] == UInt8(ascii: "#") {
                // An indented block belongs to this key; an empty value is left to Yams.
                guard next < lines.count, lines[next].indent > indent, let value = block(indent: lines[next].indent) else { return nil }
                pairs.append((keyNode, value))
            } else {
                let column = keyColumn + scalarCount(text[text.startIndex..<valueStart])
                guard let value = inlineValue(text[valueStart...], line: line.number, column: column) else { return nil }
                // A deeper line after a value would continue it (a multi-line scalar).
                if next < lines.count, lines[next].indent > indent { return nil }
                pairs.append((keyNode, value))
            }
        }
        guard let mark else { return nil }
        return .mapping(pairs, mark)
    }

    /// `- item` lines at `indent`; an item may open a mapping (`- name: x`).
    private mutating func sequence(indent: Int) -> YAMLNode? {
        var items: [YAMLNode] = []
        let mark = YAMLMark(line: lines[next].number, column: indent + 1)
        while next < lines.count, lines[next].indent == indent, isSequenceItem(lines[next].text) {
            let line = lines[next]
            var start = line.text.startIndex + 1
            while start < line.text.endIndex, line.text[start] == UInt8(ascii: " ") { start += 1 }
            let rest = line.text[start...]
            guard !rest.isEmpty, rest.first != UInt8(ascii: "#"), !isSequenceItem(rest) else { return nil }
            let offset = start - line.text.startIndex
            if keyEnd(rest) != nil {
                guard let item = mapping(indent: indent + offset, firstKeyOffset: offset) else { return nil }
                items.append(item)
            } else {
                guard let item = inlineValue(rest, line: line.number, column: indent + offset + 1) else { return nil }
                next += 1
                if next < lines.count, lines[next].indent > indent { return nil }
                items.append(item)
            }
        }
        guard next >= lines.count || lines[next].indent < indent else { return nil }
        return .sequence(items, mark)
    }

    /// Where a plain `key` ends at its `:`, if the text is a `key: value` line.
    private func keyEnd(_ text: ArraySlice<UInt8>) -> Int? {
        guard let first = text.first, isKeyByte(first), first != UInt8(ascii: "-") else { return nil }
        var index = text.startIndex
        while index < text.endIndex, isKeyByte(text[index]) { index += 1 }
        guard index < text.endIndex, text[index] == UInt8(ascii: ":") else { return nil }
        let after = index + 1
        guard after == text.endIndex || text[after] == UInt8(ascii: " ") else { return nil }
        return index
    }

    private func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    // MARK: Values on one line

    private func inlineValue(_ text: ArraySlice<UInt8>, line: Int, column: Int) -> YAMLNode? {
        guard let first = text.first else { return nil }
        if first == UInt8(ascii: "[") { return flowSequence(text, line: line, column: column) }
        guard let (scalar, end) = scalar(text, line: line, column: column, inFlow: false), restIsBlank(text[end...]) else {
            return nil
        }
        return scalar
    }

    /// `[a, "b", c]`, all on this line.
    private func flowSequence(_ text: ArraySlice<UInt8>, line: Int, column: Int) -> YAMLNode? {
        var items: [YAMLNode] = []
        var index = text.startIndex + 1
        var expectItem = true
        // Columns are counted on from the previous item: counting from the line's
        // start for each item made a 100,000-tag list quadratic (22 s).
        var counted = text.startIndex
        var countedColumn = column
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: " ") {
                index += 1
            } else if byte == UInt8(ascii: "]") {
                guard expectItem ? items.isEmpty : true, restIsBlank(text[(index + 1)...]) else { return nil }
                return .sequence(items, YAMLMark(line: line, column: column))
            } else if byte == UInt8(ascii: ",") {
                guard !expectItem else { return nil }
                expectItem = true
                index += 1
            } else {
                guard expectItem else { return nil }
                let itemColumn = countedColumn + scalarCount(text[counted..<index])
                (counted, countedColumn) = (index, itemColumn)
                guard let (item, end) = scalar(text[index...], line: line, column: itemColumn, inFlow: true) else { return nil }
                items.append(item)
                expectItem = false
                index = end
            }
        }
        return nil
    }

    /// A quoted or plain scalar at the start of `text`, and where it ends.
    private func scalar(_ text: ArraySlice<UInt8>, line: Int, column: Int, inFlow: Bool) -> (YAMLNode, Int)? {
        let mark = YAMLMark(line: line, column: column)
        switch text.first {
        case UInt8(ascii: "\""):
            guard let (string, end) = doubleQuoted(text) else { return nil }
            return (.scalar(YAMLScalar(string: string, kind: .string, mark: mark)), end)
        case UInt8(ascii: "'"):
            guard let (string, end) = singleQuoted(text) else { return nil }
            return (.scalar(YAMLScalar(string: string, kind: .string, mark: mark)), end)
        default:
            guard let end = plainEnd(text, inFlow: inFlow) else { return nil }
            var last = end
            while last > text.startIndex, text[last - 1] == UInt8(ascii: " ") { last -= 1 }
            let string = String(decoding: text[text.startIndex..<last], as: UTF8.self)
            return (.scalar(YAMLScalar(string: string, kind: ScalarKind(plain: string), mark: mark)), end)
        }
    }

    /// Where a plain scalar stops: the end of the line, or a `,`/`]` inside a
    /// list. Anything that could mean more than text sends the line to Yams.
    private func plainEnd(_ text: ArraySlice<UInt8>, inFlow: Bool) -> Int? {
        guard let first = text.first else { return nil }
        switch first {
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "&"), UInt8(ascii: "*"),
            UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"),
            UInt8(ascii: "#"), UInt8(ascii: ","), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: "-"):
            return nil
        default: break
        }
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            switch byte {
            case UInt8(ascii: ":"):
                // `a: b` inside a value, or a value ending in `:`, is not plain text.
                if index + 1 == text.endIndex || text[index + 1] == UInt8(ascii: " ") { return nil }
                if inFlow, text[index + 1] == UInt8(ascii: ",") || text[index + 1] == UInt8(ascii: "]") { return nil }
            case UInt8(ascii: "#") where text[index - 1] == UInt8(ascii: " "):
                return nil
            case UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x00..<0x09, 0x0B..<0x20, 0x7F:
                return nil
            case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "}"):
                if inFlow { return byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") ? index : nil }
            case 0xC2...0xEF where isSpecial(text, at: index):
                return nil
            default: break
            }
            index += 1
        }
        return inFlow ? nil : index
    }

    private func doubleQuoted(_ text: ArraySlice<UInt8>) -> (String, Int)? {
        // Runs of bytes between escapes are copied whole: a title or summary
        // usually has no escape at all, and is then made into a string at once.
        var unescaped: [UInt8] = []
        var run = text.startIndex + 1
        var index = run
        while index < text.endIndex {
            let byte = text[index]
            switch byte {
            case UInt8(ascii: "\""):
                if unescaped.isEmpty { return (String(decoding: text[run..<index], as: UTF8.self), index + 1) }
                unescaped += text[run..<index]
                return (String(decoding: unescaped, as: UTF8.self), index + 1)
            case UInt8(ascii: "\\"):
                guard index + 1 < text.endIndex else { return nil }
                unescaped += text[run..<index]
                switch text[index + 1] {
                case UInt8(ascii: "\""): unescaped.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): unescaped.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): unescaped.append(UInt8(ascii: "/"))
                case UInt8(ascii: "n"): unescaped.append(0x0A)
                case UInt8(ascii: "t"): unescaped.append(0x09)
                default: return nil
                }
                index += 2
                run = index
                continue
            case 0x00..<0x20, 0x7F:
                return nil
            case 0xC2...0xEF where isSpecial(text, at: index):
                return nil
            default:
                break
            }
            index += 1
        }
        return nil
    }

    private func singleQuoted(_ text: ArraySlice<UInt8>) -> (String, Int)? {
        var bytes: [UInt8] = []
        var index = text.startIndex + 1
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "'") {
                if index + 1 < text.endIndex, text[index + 1] == UInt8(ascii: "'") {
                    bytes.append(byte)
                    index += 2
                    continue
                }
                return (String(decoding: bytes, as: UTF8.self), index + 1)
            }
            if byte < 0x20 || byte == 0x7F || isSpecial(text, at: index) { return nil }
            bytes.append(byte)
            index += 1
        }
        return nil
    }

    /// Characters YAML treats as line breaks (NEL, U+2028, U+2029) or refuses
    /// (C1 controls, BOM, U+FFFE/FFFF) start with these bytes; Yams judges them.
    private func isSpecial(_ text: ArraySlice<UInt8>, at index: Int) -> Bool {
        let rest = text[index...].prefix(3)
        switch rest.first {
        case 0xC2: return rest.dropFirst().first.map { $0 < 0xA0 } ?? true
        case 0xE2: return rest.elementsEqual([0xE2, 0x80, 0xA8]) || rest.elementsEqual([0xE2, 0x80, 0xA9])
        case 0xEF:
            return rest.elementsEqual([0xEF, 0xBB, 0xBF]) || rest.elementsEqual([0xEF, 0xBF, 0xBE])
                || rest.elementsEqual([0xEF, 0xBF, 0xBF])
        default: return false
        }
    }

    /// Only blanks, or a comment, after a value.
    private func restIsBlank(_ text: ArraySlice<UInt8>) -> Bool {
        guard let first = text.firstIndex(where: { $0 != UInt8(ascii: " ") }) else { return true }
        return text[first] == UInt8(ascii: "#") && first > text.startIndex
    }

    /// Columns count Unicode scalars, as libyaml's do: every byte but UTF-8 continuations.
    private func scalarCount(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }
}
