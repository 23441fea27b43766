import Foundation
import FuzzSupport

@testable import SitegenKit

// Slugs become folder names under public/ and tag/story URLs, so whatever the
// input, a slug must be ASCII `[a-z0-9]` words joined by single `-`, no longer
// than asked, and slugging a slug must give it back. Heading ids (the same
// slugs, made unique per page) must stay unique.
//
// Input: first byte picks maxLength (1...128), the rest is text (invalid UTF-8
// repaired, as it could not reach the slugger otherwise).

private func isWellFormed(_ slug: String) -> Bool {
    guard let first = slug.utf8.first, let last = slug.utf8.last, first != 0x2D, last != 0x2D else { return false }
    var previousDash = false
    for byte in slug.utf8 {
        let isDash = byte == 0x2D
        guard isDash || (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) else { return false }
        if isDash && previousDash { return false }
        previousDash = isDash
    }
    return true
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSlugger(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: start, count: count)
    let maxLength = Int(bytes[0] % 128) + 1
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)

    if let slug = Slugger.slug(text, maxLength: maxLength) {
        if !isWellFormed(slug) { invariantBroken("slug \(slug.debugDescription) is not [a-z0-9]+(-[a-z0-9]+)*", text) }
        if slug.utf8.count > maxLength { invariantBroken("slug \(slug.debugDescription) longer than \(maxLength)", text) }
        if Slugger.slug(slug, maxLength: maxLength) != slug { invariantBroken("slugging \(slug.debugDescription) changes it", text) }
    }
    // The default length is what URLs use.
    if let slug = Slugger.slug(text), !isWellFormed(slug) || slug.utf8.count > 80 {
        invariantBroken("default slug \(slug.debugDescription) is malformed", text)
    }

    // Heading ids: every line a heading text; ids must be unique and well formed.
    var ids = HeadingIDs()
    var seen: Set<String> = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(64) {
        let id = ids.unique(for: String(line))
        if !seen.insert(id).inserted { invariantBroken("heading id \(id) repeated", text) }
        if !isWellFormed(id) { invariantBroken("heading id \(id.debugDescription) malformed", text) }
    }
    return 0
}
