import Foundation
import HTTPTypes
import Hummingbird
import SitegenKit

/// Answers preview requests: files from the output folder (with validators and
/// 304s), the live-reload event stream, and the error overlay while the last
/// build failed.
struct PreviewResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    static let reloadPath = "/__sitegen/reload"

    let files: SafePath
    let hub: ReloadHub
    let builds: BuildCoordinator

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        let path = request.uri.path
        if path == Self.reloadPath { return await reloadStream() }
        let isHead = request.method == .head

        switch files.resolve(path) {
        case .folderWithoutSlash:
            let query = request.uri.query.map { "?\($0)" } ?? ""
            return Response(status: .movedPermanently, headers: [.location: path + "/" + query])
        case .notFound:
            if let overlay = await overlayPage() { return html(overlay, status: .internalServerError, head: isHead) }
            return notFound(head: isHead)
        case .file(let file):
            let contentType = ContentTypes.of(file)
            if contentType.hasPrefix("text/html"), let overlay = await overlayPage() {
                return html(overlay, status: .internalServerError, head: isHead)
            }
            return try serve(file: file, contentType: contentType, request: request, head: isHead)
        }
    }

    private func serve(file: String, contentType: String, request: Request, head: Bool) throws -> Response {
        var info = stat()
        guard stat(file, &info) == 0 else { return notFound(head: head) }
        let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
        let etag = "\"\(info.st_size)-\(info.st_mtim.tv_sec)-\(info.st_mtim.tv_nsec)\""
        var headers: HTTPFields = [
            .contentType: contentType, .eTag: etag, .lastModified: HTTPDate.format(modified), .cacheControl: "no-cache",
        ]
        if let match = request.headers[.ifNoneMatch] {
            if match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag || $0 == "*" }) {
                return Response(status: .notModified, headers: headers)
            }
        } else if let since = request.headers[.ifModifiedSince], let sinceDate = HTTPDate.parse(since),
            Int(modified.timeIntervalSince1970) <= Int(sinceDate.timeIntervalSince1970)
        {
            return Response(status: .notModified, headers: headers)
        }
        var data = try Data(contentsOf: URL(fileURLWithPath: file))
        if contentType.hasPrefix("text/html") {
            data = Data(LiveReload.inject(into: String(decoding: data, as: UTF8.self)).utf8)
        }
        headers[.contentLength] = String(data.count)
        return Response(status: .ok, headers: headers, body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    private func notFound(head: Bool) -> Response {
        let page: String
        if case .file(let file) = files.resolve("/404.html"), let text = try? String(contentsOfFile: file, encoding: .utf8) {
            page = LiveReload.inject(into: text)
        } else {
            page = LiveReload.inject(into: "<!doctype html><title>Not found</title><h1>Not found</h1>")
        }
        return html(page, status: .notFound, head: head)
    }

    private func html(_ text: String, status: HTTPResponse.Status, head: Bool) -> Response {
        let bytes = ByteBuffer(string: text)
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .contentLength: String(bytes.readableBytes), .cacheControl: "no-store"],
            body: head ? ResponseBody() : ResponseBody(byteBuffer: bytes))
    }

    private func overlayPage() async -> String? {
        guard let diagnostics = await builds.diagnostics, !diagnostics.isEmpty else { return nil }
        return LiveReload.inject(into: ErrorOverlay.page(diagnostics))
    }

    /// Server-sent events: one `reload` message per finished build, and a
    /// comment every 15 s so proxies keep the connection open.
    private func reloadStream() async -> Response {
        let (id, stream) = await hub.subscribe()
        let hub = self.hub
        let body = ResponseBody { writer in
            defer { Task { await hub.unsubscribe(id) } }
            try await writer.write(ByteBuffer(string: "retry: 500\n: connected\n\n"))
            for await generation in stream {
                try await writer.write(ByteBuffer(string: "event: reload\ndata: \(generation)\n\n"))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }
}

/// The small script the server adds to every HTML response (never written
/// to the output folder): it reloads the page when a build finishes.
enum LiveReload {
    static let script = """
        <script>(()=>{const s=new EventSource("\(PreviewResponder.reloadPath)");\
        s.addEventListener("reload",()=>location.reload());})();</script>
        """

    static func inject(into html: String) -> String {
        guard let end = html.range(of: "</body>", options: [.backwards, .caseInsensitive]) else { return html + script }
        return html.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: script)
    }
}

/// The page shown instead of the site while the last build failed.
enum ErrorOverlay {
    static func page(_ diagnostics: [Diagnostic]) -> String {
        let items = diagnostics.map { "<li><code>\(escape($0.description))</code></li>" }.joined(separator: "\n")
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Build failed · sitegen</title>
            <style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;background:#2b0d0d;color:#fde8e8}
            code{white-space:pre-wrap;font:14px/1.5 ui-monospace,monospace}li{margin:.5rem 0}</style></head>
            <body><h1>Build failed</h1>
            <p>\(diagnostics.count) problem\(diagnostics.count == 1 ? "" : "s"). Fix and save; this page reloads by itself.</p>
            <ol>\(items)</ol>
            </body></html>
            """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
