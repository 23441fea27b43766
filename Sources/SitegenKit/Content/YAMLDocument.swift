import Yams

/// A YAML mapping read from a user's file, with every node's position translated
/// to the file's own line numbers (front matter starts on line 2, not line 1).
struct YAMLDocument {
    let path: String
    /// Line of the file on which the YAML text starts.
    let firstLine: Int
    let root: Node?

    /// Parses `text`; a syntax error becomes a diagnostic at its real place in the file.
    init(text: String, path: String, firstLine: Int) throws(Diagnostic) {
        self.path = path
        self.firstLine = firstLine
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.diagnostic(for: error, path: path, firstLine: firstLine)
        } catch {
            throw Diagnostic(path: path, line: firstLine, column: 1, message: "could not read YAML: \(error)")
        }
    }

    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(path: path, line: firstLine, column: 1) }
        return SourceLocation(path: path, line: firstLine + mark.line - 1, column: mark.column)
    }

    private static func diagnostic(for error: YamlError, path: String, firstLine: Int) -> Diagnostic {
        func at(_ mark: Mark, _ message: String) -> Diagnostic {
            Diagnostic(path: path, line: firstLine + mark.line - 1, column: mark.column, message: message)
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let detail = context.map { " \($0.text)" } ?? ""
            return at(mark, "invalid YAML: \(problem)\(detail)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return at(context.mark, "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in front matter")
        case let .reader(problem, _, _, _):
            return Diagnostic(path: path, line: firstLine, column: 1, message: "invalid YAML: \(problem)")
        default:
            return Diagnostic(path: path, line: firstLine, column: 1, message: "invalid YAML: \(error)")
        }
    }
}

/// What a plain YAML scalar means. Yams resolves tags with regular expressions,
/// which is slow on Linux; these checks follow the same YAML 1.1 core rules for
/// the handful of questions sitegen asks ("is this a string?").
enum ScalarKind {
    case string, bool, int, float, null

    init(_ scalar: Node.Scalar) {
        let tag = Tag.Name(rawValue: scalar.tag.rawValue)
        let untagged = tag == .implicit || tag == .nonSpecific
        guard scalar.style == .plain, untagged else {
            self = untagged || tag == .str ? .string : ScalarKind(tagName: tag)
            return
        }
        self = ScalarKind(plain: scalar.string)
    }

    private init(tagName: Tag.Name) {
        switch tagName {
        case .bool: self = .bool
        case .int: self = .int
        case .float: self = .float
        case .null: self = .null
        default: self = .string
        }
    }

    private init(plain text: String) {
        switch text {
        case "", "~", "null", "Null", "NULL": self = .null
        case "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No", "NO",
            "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N":
            self = .bool
        case ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", "+.inf", ".nan", ".NaN", ".NAN": self = .float
        default:
            if Int(text.replacingOccurrences(of: "_", with: "")) != nil {
                self = .int
            } else if let first = text.first, first.isNumber || first == "-" || first == "+" || first == ".",
                Double(text.replacingOccurrences(of: "_", with: "")) != nil
            {
                self = .float
            } else {
                self = .string
            }
        }
    }

    var name: String {
        switch self {
        case .string: "a string"
        case .bool: "a boolean"
        case .int: "a number"
        case .float: "a number"
        case .null: "empty"
        }
    }
}

extension Node {
    /// How to name this node's type in a message: "a list", "a mapping", "a number"….
    var kindDescription: String {
        switch self {
        case .scalar(let scalar): ScalarKind(scalar).name
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
