import Foundation

/// Resolves Markdown links between content files, so writers link to
/// `../2025/2025-05-16-istanbul-talks.md` and readers get that briefing's URL.
struct ContentLinks: Sendable {
    /// Content path (`2025/2025-05-16-x.md`) → briefing URL.
    private let table: URLTable

    init(urlOfPath: [String: String]) { self.init { urlOfPath } }

    /// The table `urlOfPath` makes, made only when a link into content/ is first
    /// resolved: most archives have none, and an unchanged briefing's recorded
    /// links are checked against it, so a warm build would make ten thousand
    /// entries for nothing (5 ms, with one core idle).
    init(_ urlOfPath: @escaping @Sendable () -> [String: String]) { table = URLTable(urlOfPath) }

    enum Resolution: Equatable {
        case notContent
        case briefing(String)
        case missing(String)
    }

    func resolve(_ destination: String, from contentPath: String) -> Resolution {
        switch Self.target(destination, from: contentPath) {
        case .notContent: return .notContent
        case .aboveContent: return .missing(destination)
        case .file(let path, let fragment):
            guard let url = table.urlOfPath[path] else { return .missing(destination) }
            return .briefing(url + fragment)
        }
    }

    /// How `destination` resolves before every briefing's URL is known; nil
    /// when it names a file in content/, which only the table can resolve.
    static func resolveWithoutTable(_ destination: String, from contentPath: String) -> Resolution? {
        switch target(destination, from: contentPath) {
        case .notContent: .notContent
        case .aboveContent: .missing(destination)
        case .file: nil
        }
    }

    /// What a destination names, read from its text alone.
    private enum Target {
        case notContent
        /// A path that climbs out of content/ (`../` once too often).
        case aboveContent
        /// A Markdown file's path inside content/, and the `#fragment` to keep.
        case file(String, fragment: String)
    }

    private static func target(_ destination: String, from contentPath: String) -> Target {
        guard !destination.isEmpty, !destination.hasPrefix("/"), !destination.hasPrefix("#"), !destination.containsBytes(of: "://"),
            !destination.prefix(7).lowercased().hasPrefix("mailto:")
        else { return .notContent }
        var target = destination
        var fragment = ""
        if let hash = target.firstIndex(of: "#") {
            fragment = String(target[hash...])
            target = String(target[..<hash])
        }
        if let query = target.firstIndex(of: "?") { target = String(target[..<query]) }
        target = target.removingPercentEncoding ?? target
        guard target.lowercased().hasSuffix(".md") else { return .notContent }
        let folder = contentPath.deletingLastPathComponent
        var parts: [Substring] = folder.isEmpty ? [] : folder.split(separator: "/")
        for part in target.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return .aboveContent }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return .file(parts.joined(separator: "/"), fragment: fragment)
    }
}

/// A table made once, on first use, by whichever thread asks first.
private final class URLTable: Sendable {
    private let lock = NSLock()
    private let make: @Sendable () -> [String: String]
    // Guarded by `lock`; `nonisolated(unsafe)` because NSLock, not the compiler, protects it.
    nonisolated(unsafe) private var made: [String: String]?

    init(_ make: @escaping @Sendable () -> [String: String]) { self.make = make }

    var urlOfPath: [String: String] {
        lock.withLock {
            if let made { return made }
            let table = make()
            made = table
            return table
        }
    }
}
