import Foundation

/// The settings of one site, from its optional `site.yml`.
public struct SiteConfig: Sendable, Equatable {
    public var title: String = "Briefings"
    /// Absolute URL the site is published under, always ending in `/`.
    public var baseURL: String = "http://localhost:8000/"
    public var language: String = "en"
    public var timeZone: TimeZone = TimeZone(identifier: "UTC")!  // "UTC" always exists.
    public var description: String = ""
    public var pageSize: Int = 20
    /// Let raw HTML in Markdown through. Off by default: content may come from
    /// people the site owner does not fully trust (wire copy, contributors).
    public var unsafeHTML: Bool = false

    public static let acceptedKeys = ["title", "baseURL", "language", "timeZone", "description", "pageSize", "unsafeHTML"]

    public init() {}

    /// `baseURL` with a trailing slash, or nil when it is not an absolute http(s) URL.
    static func normalizedBaseURL(_ text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host != nil
        else { return nil }
        return text.hasSuffix("/") ? text : text + "/"
    }
}
