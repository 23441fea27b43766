import Foundation

/// Maps a request path to a file inside the output folder, or to nothing.
/// Anything that could step outside — `..`, `%2e%2e`, encoded slashes or
/// backslashes, NUL, a symbolic link pointing out — resolves to nothing (404).
struct SafePath {
    /// The output folder, with symbolic links resolved.
    let root: String

    init(root: URL) {
        self.root = root.resolvingSymlinksInPath().path
    }

    enum Resolution: Equatable {
        case file(String)
        /// A folder asked for without its trailing slash: redirect to `path/`.
        case folderWithoutSlash
        case notFound
    }

    func resolve(_ rawPath: String) -> Resolution {
        guard let segments = Self.segments(of: rawPath) else { return .notFound }
        let joined = ([root] + segments).joined(separator: "/")
        // A link pointing out is refused before anything else is answered:
        // even a redirect would tell that it exists.
        guard var real = insideRoot(joined) else { return .notFound }
        var info = stat()
        guard stat(real, &info) == 0 else { return .notFound }
        if info.st_mode & S_IFMT == S_IFDIR {
            guard rawPath.hasSuffix("/") else { return .folderWithoutSlash }
            guard let index = insideRoot(real + "/index.html"), stat(index, &info) == 0 else { return .notFound }
            real = index
        }
        guard info.st_mode & S_IFMT == S_IFREG else { return .notFound }
        return .file(real)
    }

    /// The path with every link followed (realpath), if that is still inside the root.
    private func insideRoot(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        let real = String(cString: resolved)
        return real == root || real.hasPrefix(root + "/") ? real : nil
    }

    /// Decoded path segments, or nil when the path is not one we will serve.
    static func segments(of rawPath: String) -> [String]? {
        let path = rawPath.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard path.hasPrefix("/") else { return nil }
        var segments: [String] = []
        for rawSegment in path.split(separator: "/", omittingEmptySubsequences: true) {
            // Decode each segment on its own, so %2F can never become a separator.
            guard let segment = String(rawSegment).removingPercentEncoding else { return nil }
            if segment == "." || segment == ".." || segment.contains("/") || segment.contains("\\") || segment.contains("\0") {
                return nil
            }
            segments.append(segment)
        }
        return segments
    }
}

enum ContentTypes {
    static func of(_ path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "json": "application/json"
        case "xml": path.hasSuffix("feed.xml") ? "application/atom+xml" : "application/xml"
        case "txt": "text/plain; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "avif": "image/avif"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        case "woff": "font/woff"
        case "pdf": "application/pdf"
        case "mp4": "video/mp4"
        case "webmanifest": "application/manifest+json"
        default: "application/octet-stream"
        }
    }
}
