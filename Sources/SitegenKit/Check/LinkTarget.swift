import Foundation

/// Where a URL in a built page leads, as far as `check` is concerned.
enum LinkTarget: Equatable {
    /// A file of the site: a root-relative path (`/2025/05/16/x/`) and an optional fragment.
    case site(path: String, fragment: String?)
    /// An http(s) URL on another host, fragment removed (servers never see it).
    case external(String)
    /// `mailto:`, `tel:`, `data:`… nothing a link checker can follow.
    case ignored

    /// Classifies `link` (entities already decoded) found on the output file `page`
    /// (`2025/05/16/x/index.html`). Absolute links under `baseURL` are the site's own
    /// pages (canonical links, for instance), so they are checked against the output.
    static func classify(_ link: String, onPage page: String, baseURL: String) -> LinkTarget {
        let trimmed =
            link.first?.isWhitespace == true || link.last?.isWhitespace == true
            ? link.trimmingCharacters(in: .whitespaces) : link
        if trimmed.hasPrefix("//") { return externalURL("https:" + trimmed) }
        guard let scheme = scheme(of: trimmed) else { return siteTarget(relative: trimmed, page: page) }
        guard scheme == "http" || scheme == "https" else { return .ignored }
        // Only links with a scheme pay for the case-insensitive comparison.
        let base = baseURL.hasSuffix("/") ? baseURL.lowercased() : baseURL.lowercased() + "/"
        let lowered = trimmed.lowercased()
        if lowered.hasPrefix(base) { return siteTarget(relative: "/" + trimmed.dropFirst(base.count), page: page) }
        if lowered == base.dropLast() { return .site(path: "/", fragment: nil) }
        return externalURL(trimmed)
    }

    private static func externalURL(_ url: String) -> LinkTarget {
        .external(url.firstIndex(of: "#").map { String(url[..<$0]) } ?? url)
    }

    /// The lower-cased scheme, if the link starts with one (`https:`, `mailto:`).
    private static func scheme(of link: String) -> String? {
        guard let colon = link.firstIndex(of: ":") else { return nil }
        let candidate = link[..<colon]
        guard let first = candidate.first, first.isASCII, first.isLetter,
            candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        return candidate.lowercased()
    }

    private static func siteTarget(relative link: String, page: String) -> LinkTarget {
        var path = link
        var fragment: String?
        if let hash = path.firstIndex(of: "#") {
            fragment = String(path[path.index(after: hash)...])
            path = String(path[..<hash])
        }
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        if path.isEmpty { return .site(path: "/" + page, fragment: fragment) }
        if !path.hasPrefix("/") {
            let folder = (page as NSString).deletingLastPathComponent
            path = "/" + (folder.isEmpty ? path : folder + "/" + path)
        }
        return .site(path: normalized(path), fragment: fragment)
    }

    /// Resolves `.` and `..` segments the way a browser does (`..` stops at the root).
    static func normalized(_ path: String) -> String {
        guard path.contains("/.") else { return path }
        var parts: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            switch segment {
            case ".": if isLast { parts.append("") }
            case "..":
                if !parts.isEmpty { parts.removeLast() }
                if isLast { parts.append("") }
            default: parts.append(segment)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}

/// The files of a built site, and what a static server answers for a path.
struct OutputFiles: Sendable {
    let files: Set<String>

    /// The file served for a root-relative path: `/x/` → `x/index.html`, and
    /// `/x` → `x` or `x/index.html`.
    func file(for path: String) -> String? {
        var relative = String(path.drop { $0 == "/" })
        if relative.contains("%") { relative = relative.removingPercentEncoding ?? relative }
        if relative.isEmpty || relative.hasSuffix("/") { relative += "index.html" }
        if files.contains(relative) { return relative }
        if files.contains(relative + "/index.html") { return relative + "/index.html" }
        return nil
    }

    /// The URL a reader would see for an output file (`a/index.html` → `/a/`).
    static func url(of file: String) -> String {
        if file == "index.html" { return "/" }
        return file.hasSuffix("/index.html") ? "/" + file.dropLast("index.html".count) : "/" + file
    }
}
