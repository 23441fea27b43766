extension PlannedPage {
    /// Which entry of the site navigation a page belongs to, as `page.nav`:
    /// `{"archive": "page"}` on `/archive/` itself, `{"archive": "true"}` on a
    /// year or month page, ready for `aria-current`. Mustache cannot compare
    /// strings, so the layout tests `{{#page.nav.archive}}`.
    var navigation: [String: String] {
        switch kind {
        case .home(let number): ["latest": number == 1 ? "page" : "true"]
        case .briefing: [:]
        case .tags: ["tags": "page"]
        case .tag: ["tags": "true"]
        case .archive: ["archive": "page"]
        case .year, .month: ["archive": "true"]
        case .stories: ["stories": "page"]
        case .story: ["stories": "true"]
        case .search: ["search": "page"]
        case .notFound: [:]
        }
    }
}
