import Foundation
import FuzzSupport

@testable import SitegenKit

// Markdown bodies go through libcmark, then sitegen's own work on the tree:
// heading ids (headings swapped for custom blocks), link rewriting for `.md`
// links (ContentLinks), word counts and the first paragraph. Whatever the text,
// it must not crash or hang; heading ids must be unique slugs; link lines must
// lie inside the body; and without `unsafeHTML` the HTML must hold nothing a
// browser would run (checked by parsing it: ExecutableContent).
//
// Input: first byte holds flags (bit 0: unsafeHTML), the rest is the Markdown.

private let safe = MarkdownRenderer(unsafeHTML: false)
private let unsafe = MarkdownRenderer(unsafeHTML: true)
private let contentPath = "2025/05/2025-05-16-x.md"
private let links = ContentLinks(urlOfPath: [
    contentPath: "/2025/05/16/x/", "2025/05/2025-05-15-y.md": "/2025/05/15/y/", "2024/a.md": "/2024/01/01/a/",
])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdown(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: start, count: count)
    let unsafeHTML = bytes[0] & 1 == 1
    let markdown = String(decoding: bytes.dropFirst(), as: UTF8.self)
    // Lines as libcmark counts them: LF, CR and CRLF each end one.
    var lines = 1
    var previous: UInt8 = 0
    for byte in markdown.utf8 {
        if byte == 0x0D || (byte == 0x0A && previous != 0x0D) { lines += 1 }
        previous = byte
    }

    var resolved: [String: String] = [:]
    let rendered = (unsafeHTML ? unsafe : safe).render(markdown) { link in
        if link.line < 1 || link.line > lines { invariantBroken("link on line \(link.line) of a \(lines)-line body", markdown) }
        switch links.resolve(link.destination, from: contentPath) {
        case .briefing(let url):
            if !url.hasPrefix("/20") { invariantBroken("link resolved outside the site: \(url)", markdown) }
            resolved[link.destination] = url
            return url
        case .missing, .notContent:
            return nil
        }
    }
    if Set(rendered.headingIDs).count != rendered.headingIDs.count {
        invariantBroken("repeated heading ids \(rendered.headingIDs)", markdown)
    }
    for id in rendered.headingIDs
    where id.isEmpty || !id.utf8.allSatisfy({ $0 == 0x2D || (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) }) {
        invariantBroken("heading id \(id.debugDescription)", markdown)
    }
    if rendered.wordCount < 0 { invariantBroken("negative word count", markdown) }
    if !unsafeHTML {
        let findings = ExecutableContent.findings(inHTML: rendered.html)
        if !findings.isEmpty { invariantBroken("executable HTML: \(findings)", markdown) }
    }
    return 0
}
