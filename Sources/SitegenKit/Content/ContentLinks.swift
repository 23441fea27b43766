import Foundation

/// Resolves Markdown links between content files, so writers link to
/// `../2025/2025-05-16-istanbul-talks.md` and readers get that briefing's URL.
struct ContentLinks: Sendable {
    /// Content path (`2025/2025-05-16-x.md`) → briefing URL.
    private let table: URLTable

    init(urlOfPath: [String: String]) { table = URLTable { urlOfPath } }

    /// The table made from `published` only when a link into content/ is first
    /// resolved: most archives have none, and an unchanged briefing's recorded
    /// links are checked against it, so a warm build would make ten thousand
    /// entries for nothing (5 ms, with one core idle).
    init(published: [(url: String, sourcePath: String, contentPath: String)]) {
        table = URLTable { Dictionary(published.lazy.map { ($0.contentPath, $0.url) }) { first, _ in first } }
    }

    enum Resolution: Equatable {
        case notContent
        case briefing(String)
        case missing(String)
    }

    func resolve(_ destination: String, from contentPath: String) -> Resolution {
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
                guard !parts.isEmpty else { return .missing(destination) }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        let resolved = parts.joined(separator: "/")
        guard let url = table.urlOfPath[resolved] else { return .missing(destination) }
        return .briefing(url + fragment)
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
