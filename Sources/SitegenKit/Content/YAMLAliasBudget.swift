// libyaml itself, as Yams builds it: its event parser sees aliases before Yams
// composes (and expands) them.
import CYaml

/// Measures how many values a YAML text holds once its aliases are expanded,
/// from libyaml's events, without building anything. Yams compares mapping keys
/// by hashing them whole while it composes, so an alias bomb ("billion laughs")
/// used as a key would take hours inside `Yams.compose`, before any budget
/// applied to the composed tree could stop it.
enum YAMLAliasBudget {
    /// The alias past which the expanded document holds more than `limit` values,
    /// as a 1-based line and column of `text`; nil when it stays within the limit
    /// or the text is not valid YAML (Yams then reports why).
    static func firstAliasOverBudget(in text: String, limit: Int) -> (line: Int, column: Int)? {
        // Without an anchor there is nothing an alias could expand.
        guard text.utf8.contains(UInt8(ascii: "&")) else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> (line: Int, column: Int)? in
            guard let base = buffer.baseAddress else { return nil }
            yaml_parser_set_input_string(&parser, base, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var sizeOfAnchor: [String: Int] = [:]
            // Values counted so far in each open sequence or mapping, with its anchor.
            var open: [(count: Int, anchor: String?)] = [(0, nil)]
            var total = 0
            func anchorName(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
                pointer.map { String(cString: $0) }
            }
            /// Counts `size` more values into the innermost open collection.
            func add(_ size: Int) -> Bool {
                open[open.count - 1].count = min(limit + 1, open[open.count - 1].count + size)
                total = min(limit + 1, total + size)
                return total <= limit
            }
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let mark = (line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_SCALAR_EVENT:
                    if let anchor = anchorName(event.data.scalar.anchor) { sizeOfAnchor[anchor] = 1 }
                    if !add(1) { return mark }
                case YAML_ALIAS_EVENT:
                    if !add(anchorName(event.data.alias.anchor).flatMap { sizeOfAnchor[$0] } ?? 1) { return mark }
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let anchor =
                        event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                    total = min(limit + 1, total + 1)
                    if total > limit { return mark }
                    open.append((1, anchorName(anchor)))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard open.count > 1, let closed = open.popLast() else { return nil }
                    if let anchor = closed.anchor { sizeOfAnchor[anchor] = closed.count }
                    open[open.count - 1].count = min(limit + 1, open[open.count - 1].count + closed.count)
                default:
                    break
                }
            }
        }
    }
}
