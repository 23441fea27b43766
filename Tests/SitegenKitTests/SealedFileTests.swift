import Foundation
import Testing

@testable import SitegenKit

struct SealedFileTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "sitegen-sealed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writesItsPartsInOrderAndReplacesTheFileWhole() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appending(path: "shard.bin")
        let large = [UInt8]((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        var tail = CacheTail()
        tail.append(RenderedHTML("<p>One</p>"))
        tail.append(RenderedHTML("<p>Two</p>"))
        let file = SealedFile(head: Array("head\n".utf8), payload: large, tail: tail)
        try file.write(to: url)
        #expect(try Data(contentsOf: url) == Data(file.bytes))
        #expect(file.bytes == Array("head\n".utf8) + large + Array("<p>One</p><p>Two</p>".utf8))
        // Two fresh bodies in a row are one piece.
        #expect(tail.pieces.count == 1 && tail.count == 20)

        try SealedFile(head: Array("short".utf8), payload: []).write(to: url)
        #expect(try Data(contentsOf: url) == Data("short".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["shard.bin"])
    }

    /// Bodies still in the file being replaced are written from its mapping,
    /// neighbours as one piece; a fresh body between them is copied in.
    @Test func bodiesLentFromTheFileItReplaces() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appending(path: "shard.bin")
        let bodies = ["<p>Alpha</p>", "<p>Bravo</p>", "<p>Charlie</p>", "<p>Delta</p>"]
        try Data(("old head|" + bodies.joined()).utf8).write(to: url)
        let old = try #require(MappedFile.map(url.path))
        var offset = "old head|".utf8.count
        var lent: [RenderedHTML] = []
        for body in bodies {
            let range = offset..<offset + body.utf8.count
            lent.append(RenderedHTML(mapped: old, range: range, hash: XXHash64.hash(body)))
            offset = range.upperBound
        }
        var tail = CacheTail()
        tail.append(lent[0])
        tail.append(lent[1])
        tail.append(RenderedHTML("<p>Bravo, edited</p>"))
        tail.append(lent[3])
        tail.append(lent[2])  // Out of order: a piece of its own.
        #expect(tail.pieces.count == 4)
        let expected = "<p>Alpha</p><p>Bravo</p><p>Bravo, edited</p><p>Delta</p><p>Charlie</p>"
        #expect(tail.bytes == Array(expected.utf8))
        #expect(tail.count == expected.utf8.count)
        // Written over the very file the bodies are lent from.
        try SealedFile(head: Array("new|".utf8), payload: [], tail: tail).write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "new|" + expected)
    }

    /// More pieces than one `writev` takes: every byte still arrives, in order.
    @Test func moreThanAThousandPieces() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let source = root.appending(path: "bodies.bin")
        let bodies = (0..<2500).map { "<p>Body \($0)</p>" }
        try Data(bodies.joined().utf8).write(to: source)
        let mapped = try #require(MappedFile.map(source.path))
        var tail = CacheTail()
        var ranges: [Range<Int>] = []
        var offset = 0
        for body in bodies {
            ranges.append(offset..<offset + body.utf8.count)
            offset += body.utf8.count
        }
        // Every other body from the mapping, backwards, between fresh ones: no two pieces merge.
        for index in stride(from: bodies.count - 1, through: 0, by: -1) {
            tail.append(RenderedHTML(mapped: mapped, range: ranges[index], hash: XXHash64.hash(bodies[index])))
            tail.append(RenderedHTML("|"))
        }
        #expect(tail.pieces.count == 5000)
        let url = root.appending(path: "shard.bin")
        try SealedFile(head: [], payload: [], tail: tail).write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == bodies.reversed().map { $0 + "|" }.joined())
    }

    @Test func aFolderThatIsMissingIsReportedWithItsPath() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appending(path: "gone/shard.bin")
        #expect {
            try SealedFile(head: [1, 2, 3], payload: []).write(to: url)
        } throws: { error in
            "\(error)" == "\(root.path)/gone/.shard.bin.\(getpid()).tmp: No such file or directory"
        }
    }
}
