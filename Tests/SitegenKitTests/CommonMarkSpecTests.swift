import Foundation
import Testing

@testable import SitegenKit

/// Every example of the CommonMark 0.30 spec (../shared/testdata, beside the
/// repository in CI) rendered by sitegen and by the `cmark` tool with the same
/// options: apart from heading ids, the HTML must be identical.
@Suite("CommonMark spec conformance")
struct CommonMarkSpecTests {
    struct Example: Decodable {
        let example: Int
        let markdown: String
    }

    static let specFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "shared/testdata/commonmark-spec-0.30.json")

    static func examples() throws -> [Example] {
        try JSONDecoder().decode([Example].self, from: Data(contentsOf: specFile))
    }

    /// The reference: each example through the `cmark` tool on its own.
    static func cmarkRendering(of examples: [Example], unsafe: Bool) throws -> [String] {
        try examples.map { try cmarkCLI($0.markdown, unsafe: unsafe) }
    }

    @Test(
        "every spec example renders exactly as libcmark does, heading ids aside",
        .enabled(if: FileManager.default.fileExists(atPath: specFile.path)), arguments: [false, true])
    func specExamplesMatchLibcmark(unsafe: Bool) throws {
        let examples = try Self.examples()
        #expect(examples.count == 652)
        let expected = try Self.cmarkRendering(of: examples, unsafe: unsafe)
        let renderer = MarkdownRenderer(unsafeHTML: unsafe)
        var mismatches: [Int] = []
        for (example, reference) in zip(examples, expected) {
            let html = renderer.render(example.markdown).html
                .replacingOccurrences(of: #"<h([1-6]) id="[^"]*">"#, with: "<h$1>", options: .regularExpression)
            if html != reference { mismatches.append(example.example) }
        }
        #expect(mismatches == [])
    }
}
