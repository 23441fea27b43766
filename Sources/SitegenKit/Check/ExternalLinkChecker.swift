import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Asks the hosts behind http(s) links whether the pages exist: each URL once, a
/// few at a time (`jobs`), none waiting longer than `timeout` seconds.
struct ExternalLinkChecker: Sendable {
    var timeout: Double
    var jobs: Int

    /// The URLs that failed, each with a short reason ("HTTP 404", "no answer within 10 s").
    func failures(among urls: [String]) async -> [String: String] {
        let session = URLSession(configuration: Self.configuration(timeout: timeout))
        defer { session.finishTasksAndInvalidate() }
        var failures: [String: String] = [:]
        await withTaskGroup(of: (String, String?).self) { group in
            var pending = urls.makeIterator()
            // Start `jobs` requests, then one more each time one finishes.
            for _ in 0..<max(1, jobs) {
                guard let url = pending.next() else { break }
                group.addTask { (url, await probe(url, session: session)) }
            }
            while let (url, failure) = await group.next() {
                if let failure { failures[url] = failure }
                if let next = pending.next() {
                    group.addTask { (next, await probe(next, session: session)) }
                }
            }
        }
        return failures
    }

    /// No cookies or cache kept, and no request or transfer waiting longer than `timeout`.
    static func configuration(timeout: Double) -> URLSessionConfiguration {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpAdditionalHeaders = ["User-Agent": "sitegen-check/\(SitegenVersion.current)"]
        return configuration
    }

    /// Nil when the URL answers with a success (after redirects), else why not.
    /// HEAD first, as it skips the body; some servers refuse it, so GET then.
    func probe(_ text: String, session: URLSession) async -> String? {
        guard let url = URL(string: text), url.host != nil else { return "not a valid URL" }
        var status = await request(url, method: "HEAD", session: session)
        if case .status(let code) = status, code == 405 || code == 501 {
            status = await request(url, method: "GET", session: session)
        }
        switch status {
        case .status(let code) where code < 400: return nil
        case .status(let code): return "HTTP \(code) \(HTTPURLResponse.localizedString(forStatusCode: code))"
        case .failed(let reason): return reason
        }
    }

    enum Outcome {
        case status(Int)
        case failed(String)
    }

    private func request(_ url: URL, method: String, session: URLSession) async -> Outcome {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        do {
            let (_, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else { return .failed("not an HTTP response") }
            return .status(http.statusCode)
        } catch let error as URLError {
            return .failed(describe(error))
        } catch {
            return .failed("request failed: \(error.localizedDescription)")
        }
    }

    private func describe(_ error: URLError) -> String {
        switch error.code {
        case .timedOut: "no answer within \(Self.seconds(timeout)) s"
        case .cannotFindHost, .dnsLookupFailed: "host not found"
        case .cannotConnectToHost: "could not connect (connection refused)"
        case .networkConnectionLost: "the connection was lost"
        case .notConnectedToInternet: "no network connection"
        case .httpTooManyRedirects, .redirectToNonExistentLocation: "too many or broken redirects"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
            .serverCertificateHasUnknownRoot:
            "TLS failed: \(error.localizedDescription)"
        default: "request failed: \(error.localizedDescription)"
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
