import Foundation

/// Reads a built site back and checks it the way a reader's browser would:
/// every internal `href`/`src` leads to a file, every `#fragment` to an id, and
/// every page can be reached by following links from the home page.
public struct LinkAuditor {
    public struct BrokenLink: Sendable, Equatable, CustomStringConvertible {
        /// Output file holding the link, relative to the output folder.
        public var page: String
        public var target: String
        public var reason: String
        public var description: String { "\(page): link to \(target): \(reason)" }
    }

    public struct Report: Sendable, Equatable {
        public var pages: Int
        public var links: Int
        public var broken: [BrokenLink]
        /// HTML pages no chain of links from `/` reaches (404.html aside).
        public var orphans: [String]
    }

    let root: URL

    public init(root: URL) { self.root = root }

    public func audit() throws -> Report {
        let files = try allFiles()
        let fileSet = Set(files)
        let htmlPages = files.filter { $0.hasSuffix(".html") }
        var linksOf: [String: [String]] = [:]
        var idsOf: [String: Set<String>] = [:]
        for page in htmlPages {
            let html = try String(contentsOf: root.appending(path: page), encoding: .utf8)
            linksOf[page] = Self.attributeValues(in: html, names: ["href", "src"])
            idsOf[page] = Set(Self.attributeValues(in: html, names: ["id"]))
        }
        var broken: [BrokenLink] = []
        var count = 0
        var edges: [String: [String]] = [:]
        for page in htmlPages {
            for link in linksOf[page, default: []] {
                guard let (path, fragment) = Self.internalTarget(link, from: page) else { continue }
                count += 1
                guard let file = Self.resolve(path, in: fileSet) else {
                    broken.append(BrokenLink(page: page, target: link, reason: "no such file"))
                    continue
                }
                edges[page, default: []].append(file)
                if let fragment, !fragment.isEmpty, file.hasSuffix(".html"),
                    !(idsOf[file]?.contains(fragment.removingPercentEncoding ?? fragment) ?? false)
                {
                    broken.append(BrokenLink(page: page, target: link, reason: "no element with id \"\(fragment)\""))
                }
            }
        }
        var reached: Set<String> = ["index.html"]
        var queue = ["index.html"]
        while let page = queue.popLast() {
            for next in edges[page, default: []] where reached.insert(next).inserted { queue.append(next) }
        }
        let orphans = htmlPages.filter { !reached.contains($0) && $0 != "404.html" }
        return Report(pages: htmlPages.count, links: count, broken: broken, orphans: orphans)
    }

    private func allFiles() throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        let prefix = root.standardizedFileURL.path + "/"
        var files: [String] = []
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            files.append(String(url.standardizedFileURL.path.dropFirst(prefix.count)))
        }
        return files.sorted()
    }

    /// Site-relative path and fragment of a link, or nil for external links.
    static func internalTarget(_ link: String, from page: String) -> (String, String?)? {
        let decoded = link.replacingOccurrences(of: "&amp;", with: "&")
        if decoded.contains("://") || decoded.hasPrefix("//") || decoded.hasPrefix("mailto:") || decoded.hasPrefix("data:") {
            return nil
        }
        var path = decoded
        var fragment: String?
        if let hash = path.firstIndex(of: "#") {
            fragment = String(path[path.index(after: hash)...])
            path = String(path[..<hash])
        }
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        if path.isEmpty { return (page, fragment) }
        if !path.hasPrefix("/") {
            let folder = (page as NSString).deletingLastPathComponent
            path = "/" + (folder.isEmpty ? path : folder + "/" + path)
        }
        return (path, fragment)
    }

    /// The file a server would answer `path` with.
    static func resolve(_ path: String, in files: Set<String>) -> String? {
        var relative = String(path.drop { $0 == "/" })
        relative = relative.removingPercentEncoding ?? relative
        if relative.isEmpty || relative.hasSuffix("/") { relative += "index.html" }
        if files.contains(relative) { return relative }
        if files.contains(relative + "/index.html") { return relative + "/index.html" }
        return nil
    }

    /// Values of `name="…"` attributes, in order. A plain scan, not an HTML
    /// parser: enough for the markup sitegen and libcmark write.
    static func attributeValues(in html: String, names: [String]) -> [String] {
        var values: [String] = []
        let bytes = Array(html.utf8)
        let patterns = names.map { Array(" \($0)=\"".utf8) }
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x20 else {
                index += 1
                continue
            }
            var matched = false
            for pattern in patterns where index + pattern.count <= bytes.count && bytes[index..<index + pattern.count].elementsEqual(pattern) {
                let start = index + pattern.count
                var end = start
                while end < bytes.count, bytes[end] != 0x22 { end += 1 }
                values.append(String(decoding: bytes[start..<end], as: UTF8.self))
                index = end
                matched = true
                break
            }
            if !matched { index += 1 }
        }
        return values
    }
}
