import Foundation
import FuzzSupport

@testable import SitegenKit

// The front-matter reader sees every byte of every briefing: UTF-8 check and BOM
// (TextFile), the `---` split (FrontMatterSplitter), YAML (YAMLDocument, Yams and
// libyaml), typed fields (FrontMatterFields), then the body render with links
// resolved (BriefingLoader.render). Whatever the file, it must not crash or
// hang; a problem must be a diagnostic pointing inside the file; an accepted
// briefing must have a URL made of well-formed slugs.
//
// Input: the bytes of one briefing file, as on disk.

private let sourcePath = "content/2025/2025-05-16-fuzz.md"
private let contentPath = "2025/2025-05-16-fuzz.md"
private let loader = BriefingLoader(config: SiteConfig(), renderer: MarkdownRenderer(unsafeHTML: false))
private let links = ContentLinks(urlOfPath: [
    contentPath: "/2025/05/16/fuzz/", "2025/2025-05-15-other.md": "/2025/05/15/other/",
])

private func isSlug(_ slug: String) -> Bool {
    !slug.isEmpty && slug.utf8.count <= 80 && !slug.hasPrefix("-") && !slug.hasSuffix("-") && !slug.contains("--")
        && slug.utf8.allSatisfy { $0 == 0x2D || (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) }
}

private func check(_ diagnostics: [Diagnostic], lines: Int, _ data: Data) {
    if diagnostics.isEmpty { invariantBroken("a failure without diagnostics", data) }
    for diagnostic in diagnostics {
        if diagnostic.path != sourcePath { invariantBroken("diagnostic for another path: \(diagnostic)", data) }
        if diagnostic.line < 0 || diagnostic.line > lines + 1 {
            invariantBroken("line outside the file (\(lines) lines): \(diagnostic)", data)
        }
        if diagnostic.column < 0 { invariantBroken("negative column: \(diagnostic)", data) }
        if diagnostic.message.isEmpty { invariantBroken("empty message: \(diagnostic)", data) }
    }
}

private func lineBreaks(in data: Data) -> Int {
    var count = 0
    var previous: UInt8 = 0
    for byte in data {
        if byte == 0x0A || byte == 0x0D || (byte == 0x85 && previous == 0xC2) || ((byte == 0xA8 || byte == 0xA9) && previous == 0x80) {
            count += 1
        }
        previous = byte
    }
    return count
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontMatter(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    // An upper bound on lines as libyaml and libcmark count them: LF, CR, CRLF,
    // and (YAML 1.1) NEL, LS and PS all end a line.
    let lines = lineBreaks(in: data) + 1
    let text: String
    do throws(Diagnostic) {
        text = try TextFile.decode(Array(data), displayPath: sourcePath)
    } catch {
        check([error], lines: lines, data)
        return 0
    }
    let parsed: ParsedBriefing
    switch loader.parse(text: text, sourcePath: sourcePath, contentPath: contentPath) {
    case .failure(let failure):
        check(failure.diagnostics, lines: lines, data)
        return 0
    case .success(let briefing):
        parsed = briefing
    }
    let front = parsed.front
    if front.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { invariantBroken("accepted an empty title", data) }
    if !isSlug(front.slug) { invariantBroken("accepted slug \(front.slug.debugDescription)", data) }
    for tag in front.tags where Slugger.slug(tag) == nil { invariantBroken("accepted tag \(tag.debugDescription) without a slug", data) }
    if let story = front.story, Slugger.slug(story) == nil {
        invariantBroken("accepted story \(story.debugDescription) without a slug", data)
    }
    for source in front.sources {
        if let url = source.url, !URLSafety.isSafeLink(url) { invariantBroken("accepted source URL \(url.debugDescription)", data) }
    }
    let url = parsed.url
    let parts = url.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 6, parts[0].isEmpty, parts[5].isEmpty, parts[1...3].allSatisfy({ $0.allSatisfy(\.isNumber) }),
        parts[4] == front.slug
    else { invariantBroken("briefing URL \(url) is not /YYYY/MM/DD/slug/", data) }
    if parsed.bodyFirstLine < 2 || parsed.bodyFirstLine > lines + 1 { invariantBroken("body starts on line \(parsed.bodyFirstLine)", data) }

    switch loader.render(parsed, links: links) {
    case .failure(let failure):
        check(failure.diagnostics, lines: lines, data)
    case .success(let briefing):
        if briefing.summary.count > BriefingLoader.summaryLength + 1 && front.summary == nil {
            invariantBroken("summary fallback longer than \(BriefingLoader.summaryLength)", data)
        }
    }
    return 0
}
