import Testing

@testable import SitegenKit

/// Items of a list picked from a table (`TemplateTable`) are rendered once per
/// section and their bytes kept for later pages (`RenderedItems`). Every page
/// must read exactly as if each item were rendered on it afresh: the same
/// items as a plain list are the oracle.
@Suite("Rendered items kept across pages")
struct RenderedItemsTests {
    /// One program for every page, as a build has.
    private struct Theme {
        let program: MustacheProgram

        init(_ main: String, partials: [String: String] = [:]) throws {
            var templates: [String: CompiledTemplate] = [:]
            for (name, text) in partials.merging(["main": main], uniquingKeysWith: { first, _ in first }) {
                templates[name] = try MustacheParser.parse(text).get()
            }
            program = MustacheProgram(templates)
        }

        func render(_ context: TemplateContext) -> String {
            var renderer = MustacheRenderer(program: program, capacity: 64)
            renderer.render("main", context: context)
            return String(decoding: renderer.output, as: UTF8.self)
        }

        /// The section instruction that lists `name`.
        func section(listing name: String) -> Int? {
            program.code.indices.first { program.code[$0].operation == .section && program.names[Int(program.code[$0].first)] == name }
        }

        /// The positions of `table` whose bytes the section listing `name` kept.
        func kept(_ table: TemplateTable, listing name: String) throws -> [Int] {
            let items = table.renderedItems(program, section: try #require(section(listing: name)))
            return (0..<table.count).filter { items.bytes(at: $0) != nil }
        }
    }

    /// Entries like a briefing's, some with the members a body asks for and
    /// some without, so lookups fall through to the page; tags picked from a table of their own.
    private static func tables() -> (entries: TemplateTable, tags: TemplateTable) {
        let tags = TemplateTable(
            (0..<4).map { number -> TemplateValue in
                var tag: TemplateContext = ["name": .text("tag-\(number) & co")]
                if number.isMultiple(of: 2) { tag["label"] = .text("own label \(number)") }
                return .object(tag)
            })
        let entries = TemplateTable(
            (0..<24).map { number -> TemplateValue in
                var entry: TemplateContext = [
                    "name": .text("entry \(number) <b>"), "long": .text(String(repeating: "x", count: 40 + number)),
                ]
                if number % 3 == 0 { entry["outer"] = .text("own outer \(number)") }
                if number % 4 == 0 { entry["missing"] = true }
                if number % 5 != 0 { entry["label"] = .text("entry label \(number)") }
                entry["tags"] = tags.picking((0..<(number % 4 + 1)).map { ($0 + number) % 4 })
                return .object(entry)
            })
        return (entries, tags)
    }

    /// Page contexts that differ in what lookups falling through would find.
    private static func pages(_ entries: TemplateTable, recurring: Bool) -> [(picked: TemplateContext, plain: TemplateContext)] {
        var random = SplitMix(seed: 7)
        return (0..<30).map { page in
            // The first page lists every entry, so each is rendered at least once.
            let positions =
                page == 0
                ? Array(0..<entries.count)
                : (0..<Int.random(in: 0...8, using: &random)).map { _ in Int.random(in: 0..<entries.count, using: &random) }
            var context: TemplateContext = [:]
            if page % 2 == 0 { context["outer"] = .text("page \(page)") }
            if page % 3 == 0 { context["missing"] = .text("page's \(page)") }
            if page % 5 != 0 { context["label"] = .text("page label \(page)") }
            return Self.page(context, listing: positions, of: entries, recurring: recurring)
        }
    }

    /// `context` with `items`: the entries at `positions` picked from the table,
    /// and the same entries as a plain list, the oracle.
    private static func page(
        _ context: TemplateContext, listing positions: [Int], of entries: TemplateTable, recurring: Bool = true
    ) -> (picked: TemplateContext, plain: TemplateContext) {
        var (picked, plain) = (context, context)
        picked["items"] = entries.picking(positions, recurring: recurring)
        plain["items"] = .list(positions.map { entries[$0] })
        return (picked, plain)
    }

    private static let body = """
        {{#items}}[{{name}}|{{long}}|{{outer}}|{{^missing}}none{{/missing}}|{{#tags}}<{{label}}:{{name}}>{{/tags}}]
        {{/items}}
        """

    @Test("each page reads as if its items were rendered on it, whatever the page holds that lookups fall through to")
    func sameAsRenderedAfresh() throws {
        let theme = try Theme(Self.body)
        let (entries, tags) = Self.tables()
        for (number, page) in Self.pages(entries, recurring: true).enumerated() {
            #expect(theme.render(page.picked) == theme.render(page.plain), "page \(number)")
        }
        // Kept: the entries that have every member the body asks for (outer and
        // missing: 0 and 12), each of whose tags has its label or finds the
        // entry's; and the tags that have their own label (the even ones).
        #expect(try theme.kept(entries, listing: "items") == [0, 12])
        #expect(try theme.kept(tags, listing: "tags") == [0, 2])
        let keptEntries = entries.renderedItems(theme.program, section: try #require(theme.section(listing: "items")))
        for position in [0, 12] {
            let bytes = try #require(keptEntries.bytes(at: position))
            #expect(String(decoding: bytes, as: UTF8.self) == theme.render(["items": .list([entries[position]])]))
        }
    }

    @Test(
        "a body with a partial, a list in an indented partial, a list said not to recur, and a second theme over the same table keep nothing wrong"
    )
    func keptOnlyWhereSafe() throws {
        let (entries, tags) = Self.tables()
        // A standalone partial indents every line it renders: kept bytes would lose the indent.
        let indented = try Theme("{{#items}}\n  {{>entry}}\n{{/items}}", partials: ["entry": "{{name}}\n{{outer}}\n"])
        let once = try Theme(Self.body)
        let other = try Theme("{{#items}}({{name}}){{/items}}")
        // A list inside an indented partial: its every line is indented, which kept bytes would not be.
        let inIndented = try Theme("<ul>\n  {{>list}}\n</ul>\n", partials: ["list": "{{#items}}\n<li>{{name}}</li>\n{{/items}}\n"])
        for (number, page) in Self.pages(entries, recurring: true).enumerated() {
            #expect(indented.render(page.picked) == indented.render(page.plain), "page \(number)")
            #expect(inIndented.render(page.picked) == inIndented.render(page.plain), "page \(number)")
            #expect(other.render(page.picked) == other.render(page.plain), "page \(number)")
        }
        for (number, page) in Self.pages(entries, recurring: false).enumerated() {
            #expect(once.render(page.picked) == once.render(page.plain), "page \(number)")
        }
        let withPartial = entries.renderedItems(indented.program, section: try #require(indented.section(listing: "items")))
        #expect((0..<entries.count).allSatisfy { withPartial.bytes(at: $0) == nil })
        let notRecurring = entries.renderedItems(once.program, section: try #require(once.section(listing: "items")))
        #expect((0..<entries.count).allSatisfy { notRecurring.bytes(at: $0) == nil })
        // The tags inside each entry recur whatever the entries do: the even ones were kept.
        #expect(try once.kept(tags, listing: "tags") == [0, 2])
        let simple = entries.renderedItems(other.program, section: try #require(other.section(listing: "items")))
        #expect((0..<entries.count).allSatisfy { simple.bytes(at: $0) != nil })
    }

    @Test("both cores filling the same items at once keep one copy each, and every page reads as rendered afresh")
    func filledFromEveryCore() throws {
        let theme = try Theme(Self.body)
        let (entries, tags) = Self.tables()
        // Every page lists every entry, so both cores race to fill each slot.
        let positions = Array((0..<entries.count).reversed())
        let pages = (0..<64).map { page in
            Self.page(["outer": .text("page \(page)"), "label": .text("page label \(page)")], listing: positions, of: entries)
        }
        let mismatches = pages.indices.parallelMap { theme.render(pages[$0].picked) == theme.render(pages[$0].plain) ? 0 : 1 }
        #expect(mismatches.reduce(0, +) == 0)
        #expect(try theme.kept(entries, listing: "items") == [0, 12])
        #expect(try theme.kept(tags, listing: "tags") == [0, 2])
    }
}
