import Foundation
import Testing

@testable import SitegenKit

/// A cache record read back is the record written, though its body's details
/// (heading ids, links) stay in the mapping until asked for.
@Suite("Cache records")
struct CacheRecordTests {
    static let params: [(String, ParamValue)] = [
        ("region", .string("Black Sea")), ("flags", .list([.string("a"), .bool(true), .number("3")])),
        ("source", .map(["name", "url"], [.string("Riga Desk"), .string("https://example.org/news/4586")])),
    ]

    private func record(_ body: RenderedMarkdown, params: [(String, ParamValue)] = Self.params) throws -> CachedBriefing {
        let front = FrontMatter(
            title: "Talks resume", date: try DateParser.parse("2025-05-16 10:00", timeZone: TimeZone(identifier: "UTC")!),
            updated: nil, tags: ["Kyiv"], summary: nil, slug: "talks", draft: false, sources: [], story: nil, author: nil,
            params: BriefingParams(params))
        return CachedBriefing(
            size: 10, modified: 20, contentHash: 30, front: front, bodyFirstLine: 5, body: body,
            bodySummary: "Delegations met in Istanbul.", links: [])
    }

    /// The bytes in a file, mapped as the cache maps its files.
    private func mapped(_ bytes: [UInt8]) throws -> MappedFile {
        let url = FileManager.default.temporaryDirectory.appending(path: "sitegen-record-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try #require(MappedFile.map(url.path))
    }

    private static let body = RenderedMarkdown(
        html: "<h2 id=\"talks\">Talks</h2>\n<p>Delegations met in <a href=\"/x/\">Istanbul</a>.</p>\n",
        wordCount: 5, headingIDs: ["talks", "talks-2"],
        links: [MarkdownLink(destination: "other.md", line: 3, isImage: false), MarkdownLink(destination: "a.png", line: 4, isImage: true)])

    @Test("a record read back has the same body, and writes the same bytes again")
    func roundTrip() throws {
        var out = CacheWriter()
        try record(Self.body).write(to: &out)
        // The body's HTML went to the tail, after the record.
        #expect(out.tail.bytes == Array(Self.body.html.utf8))
        let file = try mapped(out.bytes + out.tail.bytes)
        var input = CacheReader(file, to: out.bytes.count)
        let read = try CachedBriefing(from: &input, ordinal: 7, modified: 20)
        #expect(input.remaining == 0)
        // The file's size is in the record; its time comes from `RecordTimes`, with the record's place.
        #expect(read.size == 10 && read.modified == 20 && read.contentHash == 30 && read.ordinal == 7)
        #expect(read.body.rendered.isIntact && !file.foundDamage)
        #expect(read.body == Self.body)
        // The summary made from the body, for a front matter without one.
        #expect(read.front.summary == nil && read.bodySummary == "Delegations met in Istanbul.")
        #expect(read.body.headingIDs == ["talks", "talks-2"])
        #expect(read.body.links.map(\.destination) == ["other.md", "a.png"])
        // Params stay in the mapping until asked for, and read back whole.
        #expect(read.front.params.mapped != nil)
        #expect(read.front.params.all.map(\.0) == Self.params.map(\.0))
        #expect(read.front.params.all.map(\.1) == Self.params.map(\.1))
        // Written again while still mapped: the same bytes.
        var again = CacheWriter()
        read.write(to: &again)
        #expect(again.bytes == out.bytes && again.tail.bytes == out.tail.bytes)
    }

    @Test("a body whose bytes changed fails its hash when used and marks its file; one reaching past the file is damage at once")
    func damagedBody() throws {
        var out = CacheWriter()
        try record(Self.body).write(to: &out)
        var tail = out.tail.bytes
        tail[tail.count / 2] ^= 0x20
        let file = try mapped(out.bytes + tail)
        var input = CacheReader(file, to: out.bytes.count)
        let read = try CachedBriefing(from: &input, ordinal: 0, modified: 20)
        // Reading the record does not look at the body.
        #expect(!file.foundDamage)
        #expect(!read.body.rendered.isIntact)
        #expect(file.foundDamage)
        // Shown anyway (the build that shows it publishes nothing): the bytes as they are.
        #expect(read.body.html.utf8.count == Self.body.html.utf8.count && read.body.html != Self.body.html)

        // The tail cut short: the body's range no longer fits in the file.
        var short = CacheReader(try mapped(out.bytes + out.tail.bytes.dropLast()), to: out.bytes.count)
        #expect(throws: CacheDamage.self) { _ = try CachedBriefing(from: &short, ordinal: 0, modified: 20) }
    }

    @Test("params that do not walk to the end of their bytes are damage, found when the file is read")
    func damagedParams() throws {
        var out = CacheWriter()
        try record(Self.body, params: [("source", .map(["name"], [.string("Riga Desk")]))]).write(to: &out)
        // The map's value count, right after its one key.
        let key = Array("name".utf8)
        let at = try #require(out.bytes.indices.first { out.bytes[$0...].starts(with: key) }) + key.count
        #expect(out.bytes[at] == 1)
        for count: UInt8 in [0, 2] {
            var damaged = out.bytes
            damaged[at] = count
            var input = CacheReader(try mapped(damaged + out.tail.bytes), to: out.bytes.count)
            #expect(throws: CacheDamage.self) { _ = try CachedBriefing(from: &input, ordinal: 0, modified: 20) }
        }
    }

    @Test("details that do not read to the end of their bytes are damage, found when the file is read")
    func damagedDetails() throws {
        var out = CacheWriter()
        try record(Self.body).write(to: &out)
        // The heading count: the byte before the two heading ids, each its length and text.
        let ids = [5] + Array("talks".utf8) + [7] + Array("talks-2".utf8)
        let at = try #require(out.bytes.indices.first { out.bytes[$0...].starts(with: ids) }) - 1
        #expect(out.bytes[at] == 2)
        for count: UInt8 in [1, 3, 60] {
            var damaged = out.bytes
            damaged[at] = count
            var input = CacheReader(try mapped(damaged))
            #expect(throws: CacheDamage.self) { _ = try CachedBriefing(from: &input, ordinal: 0, modified: 20) }
        }
        // Details that read well but end before their bytes do.
        var padded = CacheWriter()
        padded.blob { out in
            Self.body.details.write(to: &out)
            out.bool(false)
        }
        var input = CacheReader(try mapped(padded.bytes))
        #expect(throws: CacheDamage.self) { _ = try input.details() }
        var exact = CacheWriter()
        Self.body.writeDetails(to: &exact)
        var fine = CacheReader(try mapped(exact.bytes))
        #expect(try fine.details().1 == 1..<exact.bytes.count)
    }
}
