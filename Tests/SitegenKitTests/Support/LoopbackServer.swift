import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tiny HTTP server on 127.0.0.1 and a port the system picks, so tests of
/// `check --external` never leave the machine. It answers each request from
/// `routes` (path → status; 404 otherwise), one connection at a time, until `stop()`.
final class LoopbackServer: Sendable {
    let port: Int
    private let listener: Int32
    private let log = RequestLog()

    /// One request as the server read it.
    struct Request: Equatable, Sendable {
        var method: String
        var path: String
        var userAgent: String?
    }

    /// `refusingHead`: paths answered 405 to HEAD, as some servers do.
    /// `redirects`: paths answered 301 with `Location` set to the value.
    init(routes: [String: Int], refusingHead: Set<String> = [], redirects: [String: String] = [:]) throws {
        (listener, port) = try Self.boundSocket()
        guard listen(listener, 32) == 0 else { throw LoopbackServerError.socket("listen", errno) }
        let (listener, log) = (self.listener, self.log)
        Thread.detachNewThread {
            while true {
                let client = accept(listener, nil, nil)
                // `stop()` shuts the listener down, which ends accept with an error;
                // only then is it closed, here. Closed by `stop()`, its number could
                // be given to another test's socket (a silent listener) before this
                // loop called accept again, and this server answered that socket's
                // connections: the timeout test saw "HTTP 404" now and then.
                guard client >= 0 else {
                    close(listener)
                    return
                }
                Self.answer(client, routes: routes, refusingHead: refusingHead, redirects: redirects, log: log)
                close(client)
            }
        }
    }

    /// Every request answered so far, in order.
    var requests: [Request] { log.requests }

    var base: String { "http://127.0.0.1:\(port)" }

    /// Call once: the listening socket is shut down here, and closed by the
    /// accepting thread as it ends.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    /// A loopback port nothing listens on: bound to learn a free number, then released.
    static func closedPort() throws -> Int {
        let (socket, port) = try boundSocket()
        close(socket)
        return port
    }

    /// A loopback socket that takes connections but never answers, for timeouts.
    /// Close the returned socket when done.
    static func silentListener() throws -> (socket: Int32, port: Int) {
        let (socket, port) = try boundSocket()
        guard listen(socket, 8) == 0 else { throw LoopbackServerError.socket("listen", errno) }
        return (socket, port)
    }

    private static func boundSocket() throws -> (Int32, Int) {
        #if os(Linux)
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socket >= 0 else { throw LoopbackServerError.socket("socket", errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw LoopbackServerError.socket("bind", errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        guard named == 0 else { throw LoopbackServerError.socket("getsockname", errno) }
        return (socket, Int(UInt16(bigEndian: address.sin_port)))
    }

    private static func answer(
        _ client: Int32, routes: [String: Int], refusingHead: Set<String>, redirects: [String: String], log: RequestLog
    ) {
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: request, as: UTF8.self).contains("\r\n\r\n") {
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            request += buffer[0..<count]
            if request.count > 65_536 { break }
        }
        let lines = String(decoding: request, as: UTF8.self).components(separatedBy: "\r\n")
        let words = lines.first?.split(separator: " ") ?? []
        let method = words.first.map(String.init) ?? "GET"
        let path = words.count > 1 ? String(words[1]) : "/"
        let agent = lines.first { $0.lowercased().hasPrefix("user-agent:") }
            .map { String($0.dropFirst("user-agent:".count)).trimmingCharacters(in: .whitespaces) }
        log.append(Request(method: method, path: path, userAgent: agent))
        let location = redirects[path]
        let status = location != nil ? 301 : method == "HEAD" && refusingHead.contains(path) ? 405 : routes[path] ?? 404
        let body = "status \(status)\n"
        var response = "HTTP/1.1 \(status) Test\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\n"
        if let location { response += "Location: \(location)\r\n" }
        response += "Connection: close\r\n\r\n" + (method == "HEAD" ? "" : body)
        #if os(Linux)
            let flags = Int32(MSG_NOSIGNAL)  // a client that hung up must not kill the test run with SIGPIPE
        #else
            let flags: Int32 = 0
        #endif
        _ = response.utf8CString.withUnsafeBytes { send(client, $0.baseAddress, $0.count - 1, flags) }
    }
}

/// The requests a `LoopbackServer` answered, from its thread to the test's.
private final class RequestLog: Sendable {
    private let lock = NSLock()
    // Guarded by `lock`; `nonisolated(unsafe)` because NSLock, not the compiler, protects it.
    nonisolated(unsafe) private var seen: [LoopbackServer.Request] = []

    func append(_ request: LoopbackServer.Request) { lock.withLock { seen.append(request) } }

    var requests: [LoopbackServer.Request] { lock.withLock { seen } }
}

enum LoopbackServerError: Error {
    case socket(String, Int32)
}
