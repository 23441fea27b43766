import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A deliberately dumb HTTP/1.1 client over a POSIX socket: it sends the
/// request target exactly as written (URLSession would normalise `/../` and
/// `%2e%2e`, hiding the very paths the traversal tests need to send).
struct RawHTTPClient {
    let port: Int

    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    func request(_ target: String, method: String = "GET", headers: [String: String] = [:]) throws -> Response {
        let socket = try connect()
        defer { close(socket) }
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        try send(socket, text)
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return try Self.parse(data, method: method)
    }

    /// Opens the event stream and waits until `until` appears in it, or throws after `timeout`.
    func waitForEvent(path: String, containing until: String, timeout: TimeInterval, afterConnecting: () throws -> Void) throws -> String {
        let socket = try connect()
        defer { close(socket) }
        var seconds = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
        try send(socket, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        var received = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(timeout)
        var triggered = false
        while Date() < deadline {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count > 0 { received += String(decoding: buffer[0..<count], as: UTF8.self) }
            if !triggered, received.contains(": connected") {
                triggered = true
                try afterConnecting()
            }
            if triggered, received.contains(until) { return received }
        }
        throw ClientError.timedOut(received)
    }

    enum ClientError: Error {
        case cannotConnect(Int32)
        case timedOut(String)
        case malformed
    }

    private func connect() throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(socket)
            throw ClientError.cannotConnect(errno)
        }
        return socket
    }

    private func send(_ socket: Int32, _ text: String) throws {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, 0) }
            guard sent > 0 else { throw ClientError.malformed }
            offset += sent
        }
    }

    static func parse(_ data: Data, method: String) throws -> Response {
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw ClientError.malformed }
        let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
        guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            throw ClientError.malformed
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        // Files are sent with Content-Length; only the event stream is chunked,
        // and tests only search it for text, so chunk sizes may stay in the body.
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}
