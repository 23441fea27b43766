import Foundation
import Testing

@testable import SitegenServe

/// A site in a temporary folder, served in-process on an ephemeral port.
final class ServedSite: Sendable {
    let root: URL
    let client: RawHTTPClient
    private let task: Task<Void, Error>

    init(files: [String: String]) async throws {
        root = FileManager.default.temporaryDirectory.appending(path: "sitegen-serve-test-\(UUID().uuidString)")
        for (path, text) in files { try Self.write(text, to: root.appending(path: path)) }
        let server = PreviewServer(options: .init(source: root, port: 0), log: { _ in })
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        task = Task { try await server.run { port in continuation.yield(port) } }
        var port = 0
        for await value in ports {
            port = value
            break
        }
        client = RawHTTPClient(port: port)
    }

    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func edit(_ path: String, _ text: String) throws { try Self.write(text, to: root.appending(path: path)) }

    /// Polls until `condition` holds for the page, for up to 10 s (rebuilds are asynchronous).
    func eventually(_ target: String, _ condition: (RawHTTPClient.Response) -> Bool) async throws -> RawHTTPClient.Response {
        var last = try client.request(target)
        for _ in 0..<100 where !condition(last) {
            try await Task.sleep(for: .milliseconds(100))
            last = try client.request(target)
        }
        return last
    }

    func stop() async {
        task.cancel()
        _ = await task.result
        try? FileManager.default.removeItem(at: root)
    }
}

let briefing = """
    ---
    title: "Talks open in Istanbul"
    date: 2025-05-16
    tags: [Istanbul]
    ---
    The delegations met.
    """

@Suite("Preview server", .serialized)
struct PreviewServerTests {
    @Test("serves pages with their content types, status codes and the reload script")
    func servesPages() async throws {
        let site = try await ServedSite(files: ["content/2025/2025-05-16-talks.md": briefing, "static/robots-extra.txt": "hi"])
        defer { Task { await site.stop() } }
        let home = try site.client.request("/")
        #expect(home.status == 200)
        #expect(home.headers["content-type"] == "text/html; charset=utf-8")
        #expect(home.body.contains("Talks open in Istanbul"))
        #expect(home.body.contains("/__sitegen/reload"))
        let feed = try site.client.request("/feed.xml")
        #expect(feed.headers["content-type"] == "application/atom+xml")
        #expect(!feed.body.contains("__sitegen"))
        #expect(try site.client.request("/robots-extra.txt").headers["content-type"] == "text/plain; charset=utf-8")
        let missing = try site.client.request("/no/such/page/")
        #expect(missing.status == 404)
        #expect(missing.body.contains("Page not found"))
        let folder = try site.client.request("/2025/05")
        #expect(folder.status == 301)
        #expect(folder.headers["location"] == "/2025/05/")
        let head = try site.client.request("/", method: "HEAD")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(Int(head.headers["content-length"] ?? "") == home.body.utf8.count)
    }

    @Test("answers 304 Not Modified to a matching ETag or If-Modified-Since")
    func conditionalRequests() async throws {
        let site = try await ServedSite(files: ["content/a.md": briefing])
        defer { Task { await site.stop() } }
        let first = try site.client.request("/feed.xml")
        let etag = try #require(first.headers["etag"])
        let modified = try #require(first.headers["last-modified"])
        #expect(try site.client.request("/feed.xml", headers: ["If-None-Match": etag]).status == 304)
        #expect(try site.client.request("/feed.xml", headers: ["If-Modified-Since": modified]).status == 304)
        #expect(try site.client.request("/feed.xml", headers: ["If-None-Match": "\"other\""]).status == 200)
    }

    @Test("never serves anything outside the output folder")
    func refusesTraversal() async throws {
        let site = try await ServedSite(files: ["content/a.md": briefing, "site.yml": "title: SECRET-SITE-TITLE-XYZ\n"])
        defer { Task { await site.stop() } }
        let attempts = [
            "/../site.yml", "/..%2fsite.yml", "/%2e%2e/site.yml", "/%2e%2e%2fsite.yml", "/%2E%2E/%2E%2E/etc/passwd",
            "/..\\site.yml", "/%5c..%5csite.yml", "/./../site.yml", "/2025/../../site.yml", "/%252e%252e/site.yml",
            "/..%00/site.yml", "/%00", "//etc/passwd", "/../../../../../../etc/passwd",
        ]
        for path in attempts {
            let response = try site.client.request(path)
            #expect(response.status == 404 || response.status == 400, "\(path) answered \(response.status)")
            #expect(!response.body.contains("root:x:0:0"), "\(path) leaked /etc/passwd")
            #expect(!response.body.contains("SECRET-SITE-TITLE-XYZ\n"), "\(path) leaked site.yml")
        }
    }

    @Test("a symbolic link inside the output that points outside it is not followed")
    func symlinkOut() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "sitegen-safepath-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try ServedSite.write("inside", to: root.appending(path: "site/index.html"))
        try ServedSite.write("secret", to: root.appending(path: "secret.txt"))
        try FileManager.default.createSymbolicLink(atPath: root.appending(path: "site/leak.txt").path, withDestinationPath: "../secret.txt")
        // A folder link out (no redirect either), and a folder whose index.html links out.
        try FileManager.default.createSymbolicLink(atPath: root.appending(path: "site/etc-link").path, withDestinationPath: "/etc")
        try FileManager.default.createDirectory(at: root.appending(path: "site/section"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: root.appending(path: "site/section/index.html").path, withDestinationPath: "../../secret.txt")
        let safe = SafePath(root: root.appending(path: "site"))
        #expect(safe.resolve("/leak.txt") == .notFound)
        #expect(safe.resolve("/etc-link") == .notFound)
        #expect(safe.resolve("/etc-link/") == .notFound)
        #expect(safe.resolve("/etc-link/passwd") == .notFound)
        #expect(safe.resolve("/section/") == .notFound)
        #expect(safe.resolve("/section") == .folderWithoutSlash)
        if case .file = safe.resolve("/") {} else { Issue.record("the index should resolve") }
    }

    @Test("an edit rebuilds the site and tells open pages to reload")
    func editTriggersReload() async throws {
        let site = try await ServedSite(files: ["content/2025/2025-05-16-talks.md": briefing])
        defer { Task { await site.stop() } }
        let events = try site.client.waitForEvent(path: "/__sitegen/reload", containing: "event: reload", timeout: 15) {
            try site.edit("content/2025/2025-05-16-talks.md", briefing.replacingOccurrences(of: "Talks open", with: "Talks resume"))
        }
        #expect(events.contains("event: reload"))
        let page = try await site.eventually("/") { $0.body.contains("Talks resume in Istanbul") }
        #expect(page.body.contains("Talks resume in Istanbul"))
    }

    @Test("a broken save shows the diagnostics as an overlay, and the next good save recovers")
    func overlayAndRecovery() async throws {
        let site = try await ServedSite(files: ["content/2025/2025-05-16-talks.md": briefing])
        defer { Task { await site.stop() } }
        try site.edit("content/2025/2025-05-16-talks.md", "---\ntitle: \"Broken\"\n---\nno date\n")
        let overlay = try await site.eventually("/") { $0.status == 500 }
        #expect(overlay.status == 500)
        #expect(overlay.body.contains("Build failed"))
        #expect(
            overlay.body.contains("2025-05-16-talks.md:2:1: error: missing required field &#39;date&#39;")
                || overlay.body.contains("missing required field 'date'"))
        #expect(overlay.body.contains("/__sitegen/reload"))
        try site.edit("content/2025/2025-05-16-talks.md", briefing)
        let recovered = try await site.eventually("/") { $0.status == 200 }
        #expect(recovered.body.contains("Talks open in Istanbul"))
    }

    @Test("a port already in use is a clear error naming --port")
    func portInUse() async throws {
        let first = try await ServedSite(files: ["content/a.md": briefing])
        defer { Task { await first.stop() } }
        let second = PreviewServer(options: .init(source: first.root, port: first.client.port), log: { _ in })
        await #expect {
            try await second.run()
        } throws: { error in
            guard let failure = error as? PreviewServer.Failure, case .portInUse = failure else { return false }
            return failure.description.contains("--port")
        }
    }
}
