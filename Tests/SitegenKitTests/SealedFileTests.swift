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
        let file = SealedFile(parts: [Array("head\n".utf8), [], large, Array("tail".utf8)])
        try file.write(to: url)
        #expect(try Data(contentsOf: url) == Data(file.bytes))
        #expect(file.bytes.count == 5 + large.count + 4)

        try SealedFile(parts: [Array("short".utf8)]).write(to: url)
        #expect(try Data(contentsOf: url) == Data("short".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["shard.bin"])
    }

    @Test func aFolderThatIsMissingIsReportedWithItsPath() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appending(path: "gone/shard.bin")
        #expect {
            try SealedFile(parts: [[1, 2, 3]]).write(to: url)
        } throws: { error in
            "\(error)" == "\(root.path)/gone/.shard.bin.\(getpid()).tmp: No such file or directory"
        }
    }
}
