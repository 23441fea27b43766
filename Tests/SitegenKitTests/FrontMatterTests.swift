import Foundation
import Testing

@testable import SitegenKit

private func split(_ text: String) -> Result<SplitBriefing, FrontMatterSplitter.Failure> {
    Result { () throws(FrontMatterSplitter.Failure) in try FrontMatterSplitter.split(text) }
}

private func load(_ text: String, fileName: String = "2025-05-16-talks.md") -> Result<ParsedBriefing, BuildFailure> {
    BriefingLoader(config: SiteConfig(), renderer: MarkdownRenderer(unsafeHTML: false))
        .parse(text: text, sourcePath: "content/" + fileName, contentPath: fileName)
}

@Suite("Front matter splitting")
struct FrontMatterSplitterTests {
    @Test("the YAML is between the opening and closing fences and starts on line 2")
    func plainSplit() throws {
        let parts = try split("---\ntitle: A\ndate: 2025-05-16\n---\nBody\n").get()
        #expect(parts.yaml == "title: A\ndate: 2025-05-16\n")
        #expect(parts.yamlFirstLine == 2)
        #expect(parts.body == "Body\n")
        #expect(parts.bodyFirstLine == 5)
    }

    @Test("a '---' later in the body is a thematic break, not a fence")
    func fenceInBody() throws {
        let parts = try split("---\ntitle: A\n---\nBefore\n\n---\n\nAfter\n").get()
        #expect(parts.yaml == "title: A\n")
        #expect(parts.body == "Before\n\n---\n\nAfter\n")
        #expect(parts.bodyFirstLine == 4)
    }

    @Test("a '---' inside a YAML value or indented is not a fence")
    func fenceInsideValue() throws {
        let parts = try split("---\ntitle: \"a --- b\"\nnote: |\n  ---x\n---\nBody").get()
        #expect(parts.yaml == "title: \"a --- b\"\nnote: |\n  ---x\n")
        #expect(parts.body == "Body")
    }

    @Test("fences may carry trailing blanks and the closing one may be '...'")
    func fenceVariants() throws {
        let parts = try split("---  \ntitle: A\n...\t\nBody").get()
        #expect(parts.yaml == "title: A\n")
        #expect(parts.body == "Body")
    }

    @Test("a file that ends right after the closing fence has an empty body")
    func emptyBody() throws {
        let parts = try split("---\ntitle: A\n---").get()
        #expect(parts.yaml == "title: A\n")
        #expect(parts.body.isEmpty)
    }

    @Test("an empty or blank file is reported as empty", arguments: ["", "\n\n", "  \t\n", "\r\n"])
    func empty(text: String) {
        #expect(throws: FrontMatterSplitter.Failure.empty) { try FrontMatterSplitter.split(text) }
    }

    @Test(
        "front matter must open on the very first line",
        arguments: ["title: A\n---\n", "\n---\ntitle: A\n---\n", " ---\ntitle: A\n---\n", "----\ntitle: A\n---\n", "# Heading\n"])
    func missingOpening(text: String) {
        #expect(throws: FrontMatterSplitter.Failure.missingOpening) { try FrontMatterSplitter.split(text) }
    }

    @Test("front matter that is never closed is reported", arguments: ["---", "---\n", "---\ntitle: A\ndate: 2025-05-16\n"])
    func unclosed(text: String) {
        #expect(throws: FrontMatterSplitter.Failure.unclosed) { try FrontMatterSplitter.split(text) }
    }
}

@Suite("Reading a briefing file")
struct BriefingLoaderParseTests {
    @Test("CRLF line ends are read like LF, with the same line numbers")
    func crlf() throws {
        let parsed = try load("---\r\ntitle: Talks\r\ndate: 2025-05-16\r\n---\r\nBody line\r\n").get()
        #expect(parsed.front.title == "Talks")
        #expect(parsed.body == "Body line\n")
        #expect(parsed.bodyFirstLine == 5)
    }

    @Test("a UTF-8 byte-order mark does not hide the opening fence")
    func byteOrderMark() throws {
        let data = Data([0xEF, 0xBB, 0xBF]) + Data("---\ntitle: Talks\ndate: 2025-05-16\n---\nBody\n".utf8)
        let text = try TextFile.decode([UInt8](data), displayPath: "x.md")
        #expect(text.hasPrefix("---"))
        #expect(try load(text).get().front.title == "Talks")
    }

    @Test("a briefing read with POSIX calls: its text and the hash of its bytes; a missing file or a folder is an error naming it")
    func readHashed() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "sitegen-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Long, with a byte-order mark (dropped from the text, kept in the hash) and multi-byte characters.
        let bytes = [0xEF, 0xBB, 0xBF] + Array(String(repeating: "Çağrı — ", count: 40_000).utf8)
        try Data(bytes).write(to: folder.appending(path: "long.md"))
        let (text, hash) = try TextFile.readHashed(atPath: folder.appending(path: "long.md").path, displayPath: "content/long.md")
        #expect(text == String(repeating: "Çağrı — ", count: 40_000))
        #expect(hash == bytes.withUnsafeBytes { XXHash64.hash($0) })
        // Without hashing (no cache to compare it with), the same text and no hash.
        let unhashed = try TextFile.readHashed(atPath: folder.appending(path: "long.md").path, displayPath: "l.md", hashing: false)
        #expect(unhashed.text == text && unhashed.hash == 0)
        try Data().write(to: folder.appending(path: "empty.md"))
        #expect(try TextFile.readHashed(atPath: folder.appending(path: "empty.md").path, displayPath: "e.md").text == "")
        // A size from a scan that is out of date (the file grew or shrank since): the whole file all the same.
        for size in [0, 1, bytes.count - 1, bytes.count, bytes.count + 1, 3 * bytes.count] {
            let read = try TextFile.readHashed(atPath: folder.appending(path: "long.md").path, displayPath: "l.md", size: size)
            #expect(read.text == text, "size \(size)")
            #expect(read.hash == hash, "size \(size)")
        }
        // Bytes that are not UTF-8: where they are, as the string read straight from the file cannot say.
        try Data(Array("---\ntitle: Ça\n".utf8) + [0x41, 0xC3, 0x28]).write(to: folder.appending(path: "broken.md"))
        #expect {
            try TextFile.readHashed(atPath: folder.appending(path: "broken.md").path, displayPath: "content/broken.md")
        } throws: { error in
            let diagnostic = error as? Diagnostic
            return diagnostic?.path == "content/broken.md" && diagnostic?.line == 3 && diagnostic?.column == 2
                && diagnostic?.message == "file is not valid UTF-8 (byte 0xC3); save it as UTF-8"
        }
        for (path, message) in [("missing.md", "cannot read file: no such file"), ("", "cannot read file: Is a directory")] {
            #expect {
                try TextFile.readHashed(atPath: folder.appending(path: path).path, displayPath: "content/\(path)")
            } throws: { error in
                (error as? Diagnostic)?.path == "content/\(path)" && (error as? Diagnostic)?.message == message
            }
        }
    }

    @Test("the slug comes from the file name without its leading date, or from 'slug:'")
    func slugSources() throws {
        #expect(try load(briefing("T", date: "2025-05-16")).get().front.slug == "talks")
        #expect(try load(briefing("T", date: "2025-05-16"), fileName: "Dolmabahçe Meeting.md").get().front.slug == "dolmabahce-meeting")
        #expect(try load(briefing("T", date: "2025-05-16"), fileName: "2025-05-16.md").get().front.slug == "2025-05-16")
        #expect(try load(briefing("T", date: "2025-05-16", "slug: Erdoğan Speaks")).get().front.slug == "erdogan-speaks")
        // Only a real date of the YYYY-MM-DD- shape is left out; read from the bytes or, past them, as characters.
        let slugs = [
            "2025-05-16-talks.md": "talks", "2025-05-16-Ünïty.md": "unity",
            "2025-13-16-talks.md": "2025-13-16-talks", "2025-5-16-talks.md": "2025-5-16-talks", "20250516-talks.md": "20250516-talks",
            "2025-05-16-\u{301}talks.md": "2025-05-16-talks", "2025-05-16talks.md": "2025-05-16talks",
        ]
        for (fileName, slug) in slugs {
            #expect(try load(briefing("T", date: "2025-05-16"), fileName: fileName).get().front.slug == slug, "\(fileName)")
        }
    }

    @Test("unknown keys become params, known ones do not")
    func params() throws {
        let parsed = try load(briefing("T", date: "2025-05-16", "region: Black Sea\nscore: 3\nflags: [a, b]")).get()
        let keys = parsed.front.params.all.map(\.0)
        #expect(keys == ["region", "score", "flags"])
        #expect(parsed.front.params.all.map(\.1) == [.string("Black Sea"), .number("3"), .list([.string("a"), .string("b")])])
    }

    @Test("tags that slug alike are kept once, in the spelling first written")
    func duplicateTags() throws {
        let parsed = try load(briefing("T", date: "2025-05-16", "tags: [Erdoğan, erdogan, \" Kyiv \", ERDOGAN]")).get()
        #expect(parsed.front.tags == ["Erdoğan", "Kyiv"])
    }

    @Test("a numeric title is read as its text")
    func numericTitle() throws {
        #expect(try load("---\ntitle: 1984\ndate: 2025-05-16\n---\n").get().front.title == "1984")
    }
}

@Suite("Summaries")
struct SummaryTests {
    @Test("a short first paragraph is the summary, with blanks collapsed")
    func shortParagraph() {
        #expect(BriefingLoader.summarize("Talks  resumed\nin Istanbul.") == "Talks resumed in Istanbul.")
    }

    @Test("a long paragraph is cut at a word boundary with an ellipsis")
    func longParagraph() throws {
        let words = (1...80).map { "word\($0)" }
        let text = words.joined(separator: " ")
        let summary = BriefingLoader.summarize(text)
        #expect(summary.hasSuffix("…"))
        let kept = String(summary.dropLast())
        #expect(kept.count <= BriefingLoader.summaryLength)
        #expect(kept.count > BriefingLoader.summaryLength - 12)
        #expect(text.hasPrefix(kept + " "))  // Whole words only.
    }

    @Test("punctuation left at the cut is dropped before the ellipsis")
    func punctuationAtCut() {
        let text = String(repeating: "a", count: 195) + ", bbbbbbbbbbbb"
        #expect(BriefingLoader.summarize(text) == String(repeating: "a", count: 195) + "…")
    }

    @Test("a paragraph of exactly the summary length is kept whole")
    func exactLength() {
        let text = String(repeating: "x", count: BriefingLoader.summaryLength)
        #expect(BriefingLoader.summarize(text) == text)
    }
}
