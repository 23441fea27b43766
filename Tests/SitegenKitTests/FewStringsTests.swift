import Testing

@testable import SitegenKit

@Suite("Few strings")
struct FewStringsTests {
    @Test("inserts as a Set does, below and past the point where it starts hashing")
    func sameAsSet() {
        var few = FewStrings()
        var set: Set<String> = []
        // 43 strings (the last three equal as Swift strings: Kelvin sign and K),
        // each offered three times, so some early ones come again only after
        // the array has given way to the set.
        let strings = (0..<40).map { "key-\($0)" } + ["Kelvin", "K", "\u{212A}"]
        let offered = strings + strings.reversed() + strings.shuffled()
        for string in offered {
            #expect(few.insert(string) == set.insert(string).inserted, "offering \(string)")
        }
    }

    @Test("a front matter mapping with more keys than compared one by one still finds the repeated one")
    func manyKeys() throws {
        let keys = (0..<30).map { "extra\($0): \($0)" }.joined(separator: "\n")
        let text = "---\ntitle: A\ndate: 2025-05-16\n\(keys)\nextra3: again\n---\nBody.\n"
        let result = BriefingLoader(config: SiteConfig(), renderer: MarkdownRenderer(unsafeHTML: false))
            .parse(text: text, sourcePath: "content/x.md", contentPath: "x.md")
        guard case .failure(let failure) = result else {
            Issue.record("a repeated key was accepted")
            return
        }
        #expect(failure.diagnostics.map(\.line) == [34])
        #expect(failure.diagnostics.first?.message.contains("duplicate key 'extra3'") == true)
    }
}
