import Testing

@testable import SitegenKit

/// The up-to-date check compares the recorded inputs with the scan without
/// making each `content/…` path; it must answer exactly as comparing the lists.
@Suite("Input stamp")
struct InputStampTests {
    private func file(_ path: String, _ size: Int = 10, _ modified: Int = 1_000) -> ScannedFile {
        ScannedFile(path: path, identity: FileIdentity(size: size, modified: modified))
    }

    @Test("the recorded inputs match the scan exactly when the built list would be equal")
    func sameAsBuiltList() {
        let content = [file("2025/a.md"), file("2025/05/2025-05-16-talks-in-geneva.md", 4_096), file("é.md")]
        let others = [file("templates/base.mustache"), file("site.yml", 40), file("stories.yml", -1, -1)]
        let recorded = InputStamp.files(content: content, others: others)
        #expect(recorded.map(\.path).prefix(3) == ["content/2025/a.md", "content/2025/05/2025-05-16-talks-in-geneva.md", "content/é.md"])
        #expect(InputStamp.same(recorded, content: content, others: others))
        // Each change the check must see, and the plain comparison agreeing on it.
        let changes: [(String, [ScannedFile], [ScannedFile])] = [
            ("a renamed briefing with the same size and time", [file("2025/b.md")] + content.dropFirst(), others),
            ("a path one byte longer", [file("2025/a.mdx")] + content.dropFirst(), others),
            ("an edited briefing", [file("2025/a.md", 11)] + content.dropFirst(), others),
            ("a touched briefing", [file("2025/a.md", 10, 1_001)] + content.dropFirst(), others),
            ("a deleted briefing", Array(content.dropFirst()), others),
            ("an added briefing", content + [file("2025/z.md")], others),
            ("a briefing moved out of content/ into templates/", Array(content.dropFirst()), [file("2025/a.md")] + others),
            ("an edited template", content, [file("templates/base.mustache", 11)] + others.dropFirst()),
            ("a new static file", content, others + [file("static/logo.svg")]),
        ]
        for (change, newContent, newOthers) in changes {
            #expect(!InputStamp.same(recorded, content: newContent, others: newOthers), "\(change)")
            #expect(recorded != InputStamp.files(content: newContent, others: newOthers), "\(change)")
        }
    }
}
