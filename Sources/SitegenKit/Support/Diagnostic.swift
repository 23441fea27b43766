/// One problem found in the user's input, reported as
/// `path:line:column: error: message` — the shape compilers use, so editors and
/// CI logs turn it into a link to the exact spot.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible, Error {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public let severity: Severity
    /// Path as the user would type it (relative to the working directory when possible).
    public let path: String
    /// 1-based; 0 when the problem belongs to the whole file.
    public let line: Int
    /// 1-based; 0 when the problem belongs to the whole line or file.
    public let column: Int
    public let message: String

    public init(_ severity: Severity = .error, path: String, line: Int = 0, column: Int = 0, message: String) {
        self.severity = severity
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    public static func error(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, path: location.path, line: location.line, column: location.column, message: message)
    }

    public var description: String {
        var place = path
        if line > 0 {
            place += ":\(line)"
            if column > 0 { place += ":\(column)" }
        }
        return "\(Self.printable(place)): \(severity.rawValue): \(Self.printable(message))"
    }

    /// File names and quoted values come from content: a newline in them would
    /// split the one-line format CI logs and editors parse, and an escape sequence
    /// would reach the user's terminal. Control and bidi-override characters are
    /// shown as `\u{1B}`.
    static func printable(_ text: String) -> String {
        func isHidden(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
                || (0x2066...0x2069).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
        }
        guard text.unicodeScalars.contains(where: isHidden) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isHidden(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

/// A spot in a user's file.
public struct SourceLocation: Sendable, Hashable {
    public let path: String
    public let line: Int
    public let column: Int

    public init(path: String, line: Int = 0, column: Int = 0) {
        self.path = path
        self.line = line
        self.column = column
    }
}

/// The error a build throws when its input has problems: every problem found,
/// in a stable order, so one run shows the user all there is to fix.
public struct BuildFailure: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted(by: Diagnostic.reportOrder)
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

extension Diagnostic {
    static func reportOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        (a.path, a.line, a.column, a.message) < (b.path, b.line, b.column, b.message)
    }
}
