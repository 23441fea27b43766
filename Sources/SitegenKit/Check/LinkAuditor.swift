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
        let files = Self.files(under: root)
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

    /// Every regular file under `root`, as sorted relative paths.
    static func files(under root: URL) -> [String] {
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
        OutputFiles(files: files).file(for: LinkTarget.normalized(path))
    }

    /// Values of `name="…"` attributes, in order (see `HTMLScan`).
    static func attributeValues(in html: String, names: [String]) -> [String] {
        HTMLScan.attributes(in: html, names: names).map(\.value)
    }
}
