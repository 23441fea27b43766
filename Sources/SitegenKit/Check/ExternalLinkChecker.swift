import CSitegenSystem
import Foundation

/// Asks the hosts behind http(s) links whether the pages exist: each URL once, a
/// few at a time (`jobs`), none waiting longer than `timeout` seconds.
///
/// Requests go through libcurl, loaded only when this runs (`sitegen_http_request`):
/// URLSession would link FoundationNetworking, and with it libcurl and some thirty
/// libraries every run of sitegen loads as it starts (a build paid 17 ms for them).
struct ExternalLinkChecker: Sendable {
    var timeout: Double
    var jobs: Int

    static let userAgent = "sitegen-check/\(SitegenVersion.current)"

    /// Whether requests can be made at all; false when libcurl is not installed.
    static var isAvailable: Bool { sitegen_http_available() != 0 }

    /// The URLs that failed, each with a short reason ("HTTP 404 Not Found", "no answer within 10 s").
    /// Each request blocks a thread of its own, off the cooperative pool, which has
    /// only as many threads as cores.
    func failures(among urls: [String]) async -> [String: String] {
        await withCheckedContinuation { finished in
            Thread.detachNewThread { finished.resume(returning: failuresWaiting(among: urls)) }
        }
    }

    /// The same, blocking: `jobs` threads take the next URL until none is left.
    func failuresWaiting(among urls: [String]) -> [String: String] {
        let work = SharedWork(urls)
        let threads = DispatchGroup()
        for _ in 0..<min(max(1, jobs), urls.count) {
            threads.enter()
            Thread.detachNewThread {
                while let url = work.next() { work.finish(url, probe(url)) }
                threads.leave()
            }
        }
        threads.wait()
        return work.failures
    }

    /// Nil when the URL answers with a success (after redirects), else why not.
    /// HEAD first, as it skips the body; some servers refuse it, so GET then.
    func probe(_ text: String) -> String? {
        guard let url = URL(string: text), url.host != nil, ["http", "https"].contains(url.scheme?.lowercased()) else {
            return "not a valid URL"
        }
        var result = request(text, head: true)
        if result.failure == SITEGEN_HTTP_ANSWERED, result.status == 405 || result.status == 501 {
            result = request(text, head: false)
        }
        guard result.failure == SITEGEN_HTTP_ANSWERED else { return describe(result) }
        return result.status < 400 ? nil : "HTTP \(result.status) \(HTTPStatus.reason(Int(result.status)))"
    }

    private func request(_ url: String, head: Bool) -> sitegen_http_result {
        sitegen_http_request(url, head ? 1 : 0, max(1, Int(timeout * 1000)), Self.userAgent)
    }

    private func describe(_ result: sitegen_http_result) -> String {
        let detail = withUnsafeBytes(of: result.detail) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        switch result.failure {
        case SITEGEN_HTTP_TIMED_OUT: return "no answer within \(Self.seconds(timeout)) s"
        case SITEGEN_HTTP_HOST_NOT_FOUND: return "host not found"
        case SITEGEN_HTTP_REFUSED: return "could not connect (connection refused)"
        case SITEGEN_HTTP_CONNECTION_LOST: return "the connection was lost"
        case SITEGEN_HTTP_REDIRECTS: return "too many or broken redirects"
        case SITEGEN_HTTP_TLS: return "TLS failed: \(detail)"
        case SITEGEN_HTTP_BAD_URL: return "not a valid URL"
        case SITEGEN_HTTP_NO_LIBRARY: return Self.libraryMissing
        default: return "request failed: \(detail)"
        }
    }

    static let libraryMissing = "cannot check external links: libcurl is not installed (Debian: apt-get install libcurl4)"

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

/// The URLs still to request and the failures found, shared by the request threads.
private final class SharedWork: Sendable {
    private let lock = NSLock()
    private let urls: [String]
    // Guarded by `lock`; `nonisolated(unsafe)` because NSLock, not the compiler, protects them.
    nonisolated(unsafe) private var taken = 0
    nonisolated(unsafe) private var found: [String: String] = [:]

    init(_ urls: [String]) { self.urls = urls }

    func next() -> String? {
        lock.withLock {
            guard taken < urls.count else { return nil }
            taken += 1
            return urls[taken - 1]
        }
    }

    func finish(_ url: String, _ failure: String?) {
        guard let failure else { return }
        lock.withLock { found[url] = failure }
    }

    var failures: [String: String] { lock.withLock { found } }
}

/// Reason phrases of the HTTP statuses (RFC 9110), for messages.
enum HTTPStatus {
    static func reason(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 402: "Payment Required"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 407: "Proxy Authentication Required"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 416: "Range Not Satisfiable"
        case 417: "Expectation Failed"
        case 421: "Misdirected Request"
        case 422: "Unprocessable Content"
        case 425: "Too Early"
        case 426: "Upgrade Required"
        case 428: "Precondition Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 451: "Unavailable For Legal Reasons"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        case 400..<500: "Client Error"
        case 500..<600: "Server Error"
        default: "Unexpected Status"
        }
    }
}
