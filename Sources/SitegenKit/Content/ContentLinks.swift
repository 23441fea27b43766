import Foundation

/// Resolves Markdown links between content files, so writers link to
/// `../2025/2025-05-16-istanbul-talks.md` and readers get that briefing's URL.
struct ContentLinks: Sendable {
    /// Content path (`2025/2025-05-16-x.md`) → briefing URL.
    let urlOfPath: [String: String]

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
        guard let url = urlOfPath[resolved] else { return .missing(destination) }
        return .briefing(url + fragment)
    }
}
