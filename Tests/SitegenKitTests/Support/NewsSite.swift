import Foundation

@testable import SitegenKit

/// The fixture site most integration tests build: four published briefings on
/// the Istanbul clock, colliding tag spellings ("Erdoğan" / "erdogan"), one
/// story, a draft, a future briefing, a static folder and known templates.
///
/// Published, newest first:
/// - "Second Round"  2025-06-02        /2025/06/02/second-round/  [Istanbul]             story
/// - "Talks Open"    2025-05-16 14:30  /2025/05/16/talks-open/    [erdogan, Istanbul]    story
/// - "Prelude"       2025-05-14 10:00  /2025/05/14/prelude/       [Diplomacy, Erdoğan]   story
/// - "Year End"      2024-12-31T23:30Z /2025/01/01/year-end/      [Diplomacy]  (Jan 1 in Istanbul)
/// Left out: "Idea" (draft, 2025-05-20), "Future Summit" (2026-03-01, after the fixed now).
enum NewsSite {
    static let baseURL = "https://news.example.org/"

    static let files: [String: String] = PlainTheme.site([
        "site.yml": """
        title: Test Briefings
        baseURL: https://news.example.org
        timeZone: Europe/Istanbul
        description: Daily notes on the talks.
        pageSize: 2
        """,
        "stories.yml": """
        istanbul-talks:
          title: The Istanbul Talks
          description: Direct talks between delegations.
        """,
        "content/2025/2025-05-14-prelude.md": briefing(
            "Prelude", date: "2025-05-14 10:00", "tags: [Diplomacy, Erdoğan]\nstory: istanbul-talks",
            body: "Delegations gather in Istanbul before the talks."),
        "content/2025/2025-05-16-talks-open.md": briefing(
            "Talks Open", date: "2025-05-16 14:30",
            """
            tags: [erdogan, Istanbul]
            story: istanbul-talks
            author: Ayşe Demir
            region: Black Sea
            sources:
              - name: Reuters
                url: https://www.reuters.com/world/
              - name: Press pool
            """,
            body:
                "The first direct talks opened at Dolmabahçe.\n\nSee [the prelude](2025-05-14-prelude.md) and [the year end](../2024/2024-12-31-year-end.md#why).\n\n## Delegations\n\nTwo rooms."
        ),
        "content/2025/2025-06-02-second-round.md": briefing(
            "Second Round", date: "2025-06-02", "tags: Istanbul\nstory: istanbul-talks",
            body: "A second round ended within an hour."),
        "content/2024/2024-12-31-year-end.md": briefing(
            "Year End", date: "2024-12-31T23:30:00Z", "tags: [Diplomacy]", body: "The year closes with talk of talks."),
        "content/drafts/idea.md": briefing("Idea", date: "2025-05-20", "draft: true", body: "Not yet."),
        "content/2026-03-01-future-summit.md": briefing("Future Summit", date: "2026-03-01", "tags: [Istanbul]"),
        "static/css/site.css": "body { color: #222; }\n",
        "static/robots-extra.txt": "extra\n",
    ])

    static let publishedURLs = [
        "/2025/06/02/second-round/", "/2025/05/16/talks-open/", "/2025/05/14/prelude/", "/2025/01/01/year-end/",
    ]

    static func make() throws -> TestSite {
        try TestSite(files)
    }
}

/// Output path of a site URL: `/a/` → `a/index.html`, `/feed.xml` → `feed.xml`.
func outputPath(ofURL url: String) -> String {
    let path = url.split(separator: "#", maxSplits: 1).first.map(String.init) ?? url
    return path.hasSuffix("/") ? String(path.dropFirst()) + "index.html" : String(path.dropFirst())
}
