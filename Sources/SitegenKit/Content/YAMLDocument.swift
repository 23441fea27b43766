import Yams

/// A YAML mapping read from a user's file, with every node's position translated
/// to the file's own line numbers (front matter starts on line 2, not line 1).
struct YAMLDocument {
    let path: String
    /// Line of the file on which the YAML text starts.
    let firstLine: Int
    let root: YAMLNode?

    /// At most this many nodes: enough for any honest front matter (100,000 tags
    /// included), and a fast stop for alias bombs.
    static let nodeBudget = 1_000_000

    /// Parses `text`; a syntax error becomes a diagnostic at its real place in the file.
    /// `what` names the document in messages ("front matter", "site.yml").
    init(text: String, path: String, firstLine: Int, what: String = "front matter") throws(Diagnostic) {
        self.path = path
        self.firstLine = firstLine
        // Nearly every front matter is plain `key: value` lines; the fast reader
        // takes those and hands anything else to Yams, the reference.
        if let fast = FastYAMLReader.read(text) {
            root = fast
            return
        }
        // Checked before Yams composes: an alias bomb used as a mapping key hangs Yams itself.
        if let alias = YAMLAliasBudget.firstAliasOverBudget(in: text, limit: Self.nodeBudget) {
            throw Diagnostic(
                path: path, line: firstLine + alias.line - 1, column: alias.column,
                message: "\(what) is too large: over \(Self.nodeBudget) values once its aliases are expanded")
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                root = nil
                return
            }
            var budget = Self.nodeBudget
            guard let converted = YAMLNode.converting(node, budget: &budget) else {
                throw Diagnostic(
                    path: path, line: firstLine, column: 1,
                    message: "\(what) is too large: over \(Self.nodeBudget) values once its aliases are expanded")
            }
            root = converted
        } catch let error as Diagnostic {
            throw error
        } catch let error as YamlError {
            throw Self.diagnostic(for: error, text: text, path: path, firstLine: firstLine, what: what)
        } catch {
            throw Diagnostic(path: path, line: firstLine, column: 1, message: "could not read YAML: \(error)")
        }
    }

    /// Where `key:` appears for the second time at the same indentation.
    private static func secondOccurrence(of key: String, in text: String, after line: Int) -> (line: Int, column: Int)? {
        var seen: [Int: Int] = [:]
        for (index, lineText) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where index + 1 >= line {
            // A `- ` that opens a list item indents the mapping inside it.
            var rest = lineText.drop { $0 == " " }
            while rest.hasPrefix("- ") { rest = rest.dropFirst(2).drop { $0 == " " } }
            let indent = lineText.distance(from: lineText.startIndex, to: rest.startIndex)
            let candidates = [key + ":", "\"\(key)\":", "'\(key)':"]
            guard candidates.contains(where: { rest.hasPrefix($0) }) else { continue }
            seen[indent, default: 0] += 1
            if seen[indent] == 2 { return (index + 1, indent + 1) }
        }
        return nil
    }

    func location(of node: YAMLNode) -> SourceLocation {
        SourceLocation(path: path, line: firstLine + node.mark.line - 1, column: node.mark.column)
    }

    private static func diagnostic(for error: YamlError, text: String, path: String, firstLine: Int, what: String) -> Diagnostic {
        func at(_ mark: Mark, _ message: String) -> Diagnostic { at(mark.line, mark.column, message) }
        func at(_ line: Int, _ column: Int, _ message: String) -> Diagnostic {
            Diagnostic(path: path, line: firstLine + line - 1, column: column, message: message)
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let detail = context.map { " \($0.text)" } ?? ""
            return at(mark, "invalid YAML: \(problem)\(detail)")
        case let .duplicatedKeysInMapping(duplicates, context):
            // Yams points at the mapping; the user wants the line that repeats the key.
            let key = duplicates.first ?? ""
            let place = secondOccurrence(of: key, in: text, after: context.mark.line) ?? (context.mark.line, context.mark.column)
            return at(place.line, place.column, "duplicate key '\(key)' in \(what)")
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

    init(_ scalar: YAMLScalar) { self = scalar.kind }

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

    init(plain text: String) {
        // The words are at most five bytes long; most scalars are longer.
        if text.utf8.count <= 5, let word = Self.word(text) {
            self = word
            return
        }
        // Most plain scalars are words; only those starting like a number can be
        // one, and none holding a colon (times, dates): Int and Double refuse it.
        guard let first = text.utf8.first, (0x30...0x39).contains(first) || first == 0x2D || first == 0x2B || first == 0x2E,
            !text.utf8.contains(UInt8(ascii: ":"))
        else {
            self = .string
            return
        }
        let digits = text.utf8.contains(UInt8(ascii: "_")) ? text.replacingOccurrences(of: "_", with: "") : text
        self = Int(digits) != nil ? .int : Double(digits) != nil ? .float : .string
    }

    /// A word of at most five bytes, looked up by its bytes and length packed
    /// into one integer: every key of every front matter (`title`, `tags`…) and
    /// most tags ask, and matching them against each word in turn was most of
    /// the time this type took.
    private static func word(_ text: String) -> ScalarKind? {
        words[packed(text)]
    }

    private static func packed(_ word: String) -> UInt64 {
        // The bytes in the low five bytes, the length in the top one.
        UInt64(word.utf8.count) << 56 | word.utf8.reduce(0) { $0 << 8 | UInt64($1) }
    }

    private static let words: [UInt64: ScalarKind] = {
        let kinds: [(ScalarKind, [String])] = [
            (.null, ["", "~", "null", "Null", "NULL"]),
            (
                .bool,
                [
                    "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No", "NO",
                    "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
                ]
            ),
            (.float, [".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", "+.inf", ".nan", ".NaN", ".NAN"]),
        ]
        var table: [UInt64: ScalarKind] = [:]
        for (kind, words) in kinds {
            for word in words { table[packed(word)] = kind }
        }
        return table
    }()

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

extension YAMLNode {
    /// `key:` with nothing after it, `~` or `null`.
    var isNull: Bool {
        if case .scalar(let scalar) = self { return ScalarKind(scalar) == .null }
        return false
    }

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
