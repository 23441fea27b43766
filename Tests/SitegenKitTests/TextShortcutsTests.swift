import Foundation
import Testing

@testable import SitegenKit

@Suite("Text shortcuts")
struct TextShortcutsTests {
    private static let samples = [
        "", " ", "a", " a", "a ", "\tTurkey\n", "Erdoğan", " Erdoğan", "Erdoğan\u{00A0}", "\u{00A0}x", "x\u{200B}", "\u{7F}x",
    ]

    @Test("trimming answers exactly as Foundation for whitespace, newline and control sets")
    func trimmingMatchesFoundation() {
        for set in [CharacterSet.whitespaces, .whitespacesAndNewlines, .whitespacesAndNewlines.union(.controlCharacters)] {
            for text in Self.samples {
                #expect(text.trimming(set) == text.trimmingCharacters(in: set), "\(text.debugDescription)")
            }
        }
    }

    @Test("path components answer exactly as NSString for relative content paths")
    func pathsMatchFoundation() {
        // Content paths as the scanner gives them. (NSString itself crashes on " ".)
        for path in ["2025/2025-05-16-talks.md", "talks.md", ".hidden", "a.b.md", "noext", "2025/sub/x.md", "2025/Erdoğan.md"] {
            #expect(path.lastPathComponent == (path as NSString).lastPathComponent, "\(path)")
            #expect(path.deletingLastPathComponent == (path as NSString).deletingLastPathComponent, "\(path)")
            #expect(path.deletingPathExtension == (path as NSString).deletingPathExtension, "\(path)")
        }
    }

    @Test("a carriage return is found anywhere, and only when there is one")
    func carriageReturn() {
        #expect("a\r\nb".containsBytes(of: "\r"))
        #expect((String(repeating: "x", count: 5000) + "\r").containsBytes(of: "\r"))
        #expect(!"a\nb".containsBytes(of: "\r"))
        #expect(!"".containsBytes(of: "\r"))
    }

    @Test("a run of bytes is found anywhere, and only when all of it is there")
    func byteRuns() {
        #expect("https://example.org".containsBytes(of: "://"))
        #expect(("x" + String(repeating: "é", count: 3000) + "a://").containsBytes(of: "://"))
        #expect(!"a:/b//c".containsBytes(of: "://"))
        #expect(!"".containsBytes(of: "://"))
        #expect("anything".containsBytes(of: ""))
    }
}
