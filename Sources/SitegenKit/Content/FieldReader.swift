/// Reads typed fields out of a YAML mapping, turning every wrong type into a
/// diagnostic at the value's position instead of stopping at the first one.
struct FieldReader {
    let document: YAMLDocument
    let what: String
    private(set) var fields: [(key: String, keyNode: YAMLNode, value: YAMLNode)] = []
    private(set) var diagnostics: [Diagnostic] = []

    /// `what` names the mapping in messages ("front matter", "site.yml").
    init(document: YAMLDocument, what: String) {
        self.document = document
        self.what = what
        guard let root = document.root else { return }
        guard case .mapping(let mapping, _) = root else {
            diagnostics.append(
                .error("\(what) must be a mapping of `key: value` lines, found \(root.kindDescription)", at: document.location(of: root)))
            return
        }
        var seen: Set<String> = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                diagnostics.append(
                    .error("\(what) keys must be plain words, found \(keyNode.kindDescription)", at: document.location(of: keyNode)))
                continue
            }
            let key = scalar.string
            if !seen.insert(key).inserted {
                diagnostics.append(.error("duplicate key '\(key)' in \(what)", at: document.location(of: keyNode)))
                continue
            }
            fields.append((key, keyNode, value))
        }
    }

    func node(_ key: String) -> YAMLNode? {
        fields.first { $0.key == key }?.value
    }

    mutating func report(_ message: String, at node: YAMLNode) {
        diagnostics.append(.error(message, at: document.location(of: node)))
    }

    mutating func report(_ message: String, at location: SourceLocation) {
        diagnostics.append(.error(message, at: location))
    }

    mutating func string(_ key: String) -> String? {
        guard let node = node(key) else { return nil }
        return string(node, field: key)
    }

    /// A scalar read as text. Numbers and booleans are accepted as their text for
    /// free-form fields (a title of `1984` is fine); lists and mappings are not.
    mutating func string(_ node: YAMLNode, field: String) -> String? {
        guard case .scalar(let scalar) = node else {
            report("'\(field)' must be a string, found \(node.kindDescription)", at: node)
            return nil
        }
        if ScalarKind(scalar) == .null { return nil }
        return scalar.string
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let node = node(key) else { return nil }
        if case .scalar(let scalar) = node, ScalarKind(scalar) == .bool {
            return ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"].contains(scalar.string)
        }
        if case .scalar(let scalar) = node, ScalarKind(scalar) == .null { return nil }
        report("'\(key)' must be true or false, found \(node.kindDescription)", at: node)
        return nil
    }

    mutating func int(_ key: String) -> Int? {
        guard let node = node(key) else { return nil }
        if case .scalar(let scalar) = node, ScalarKind(scalar) == .int, let value = Int(scalar.string) {
            return value
        }
        report("'\(key)' must be a whole number, found \(node.kindDescription)", at: node)
        return nil
    }

    /// A list of strings; a single string is accepted as a one-item list.
    /// Every item that is not a string is reported.
    mutating func stringList(_ key: String, itemName: String) -> [(String, YAMLNode)] {
        guard let node = node(key) else { return [] }
        switch node {
        case .scalar(let scalar) where ScalarKind(scalar) == .string:
            return [(scalar.string, node)]
        case .scalar(let scalar) where ScalarKind(scalar) == .null:
            return []
        case .sequence(let sequence, _):
            var items: [(String, YAMLNode)] = []
            for item in sequence {
                if case .scalar(let scalar) = item, ScalarKind(scalar) == .string {
                    items.append((scalar.string, item))
                } else {
                    report("\(itemName) must be a string, found \(item.kindDescription)", at: item)
                }
            }
            return items
        default:
            report("'\(key)' must be a list of strings, found \(node.kindDescription)", at: node)
            return []
        }
    }
}
