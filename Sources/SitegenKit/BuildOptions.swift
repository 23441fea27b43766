import Foundation

/// What `sitegen build` is asked to do.
public struct BuildOptions: Sendable {
    /// The site folder (holding `content/`, optional `site.yml`, `templates/`, `static/`).
    public var source: URL
    /// Where the site goes; `public/` inside the source by default.
    public var output: URL
    public var policy: PublishPolicy
    /// Replaces `baseURL` from site.yml (e.g. for preview deployments).
    public var baseURL: String?
    /// Called as briefings are read and pages written; from any thread.
    public var progress: (@Sendable (BuildProgress) -> Void)?

    public init(source: URL, output: URL? = nil, policy: PublishPolicy = PublishPolicy(), baseURL: String? = nil,
        progress: (@Sendable (BuildProgress) -> Void)? = nil)
    {
        self.source = source.standardizedFileURL
        self.output = (output ?? source.appending(path: "public")).standardizedFileURL
        self.policy = policy
        self.baseURL = baseURL
        self.progress = progress
    }
}

public enum BuildProgress: Sendable {
    case reading(total: Int)
    case writing(total: Int)
}

/// What a finished build did, for the one-line summary.
public struct BuildReport: Sendable, Equatable {
    public var briefings: Int
    public var pages: Int
    public var files: Int
    public var excluded: ExcludedCount
    public var seconds: Double
}
