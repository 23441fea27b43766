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
        return "\(place): \(severity.rawValue): \(message)"
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
