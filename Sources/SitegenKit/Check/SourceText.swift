import Foundation

/// A user's file as lines, for turning "this URL is broken" into the line and
/// column where it was written. Columns count characters, as template errors do.
struct SourceText: Sendable {
    /// Lines without their `\n` (or `\r\n`); `lines[0]` is line 1.
    let lines: [String]

    init(_ text: String) {
        // Not `split(separator: "\n")`: Swift sees "\r\n" as one character, not a "\n".
        lines = text.components(separatedBy: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
    }

    /// Reads a file by the path diagnostics show (relative to the working folder or absolute).
    static func read(displayPath path: String) -> SourceText? {
        let url = URL(fileURLWithPath: path)
        return (try? TextFile.read(url, displayPath: path)).map(SourceText.init)
    }

    /// The first place `needle` occurs on lines `first...last` (1-based, clamped).
    func find(_ needle: String, from first: Int, through last: Int? = nil) -> SourceLocationInFile? {
        guard !needle.isEmpty else { return nil }
        let upper = min(last ?? lines.count, lines.count)
        guard first >= 1, first <= upper else { return nil }
        for number in first...upper {
            let line = lines[number - 1]
            if let range = line.range(of: needle) {
                return SourceLocationInFile(line: number, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
        }
        return nil
    }

    /// Like `find`, but only where `needle` is a whole YAML value (`url: /a/`,
    /// `- "/a/"`), so a short URL is not "found" inside a title.
    func findValue(_ needle: String, from first: Int, through last: Int) -> SourceLocationInFile? {
        let upper = min(last, lines.count)
        guard !needle.isEmpty, first >= 1, first <= upper else { return nil }
        for number in first...upper {
            let line = lines[number - 1]
            var rest = line[...]
            while let range = rest.range(of: needle) {
                let before = line[..<range.lowerBound].last
                let after = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
                if before.map({ " \"':-[,".contains($0) }) ?? true,
                    after.isEmpty || ["\"", "'", ",", "]"].contains(where: after.hasPrefix) || after.hasPrefix("#")
                {
                    return SourceLocationInFile(line: number, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1)
                }
                rest = line[range.upperBound...]
            }
        }
        return nil
    }

    /// The last line of the paragraph holding `line`: a Markdown link's text may
    /// wrap, putting its destination a few lines below where the link starts.
    func paragraphEnd(from line: Int) -> Int {
        var end = line
        while end < lines.count, !lines[end].allSatisfy(\.isWhitespace) { end += 1 }
        return end
    }

    /// Line and column of a UTF-8 byte offset into `text`.
    static func position(ofUTF8Offset offset: Int, in text: String) -> SourceLocationInFile {
        let utf8 = text.utf8
        let target = utf8.index(utf8.startIndex, offsetBy: min(offset, utf8.count))
        let before = utf8[..<target]
        let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: 0x0A).map { utf8.index(after: $0) } ?? utf8.startIndex
        return SourceLocationInFile(line: line, column: text.distance(from: lineStart, to: target) + 1)
    }
}

struct SourceLocationInFile: Sendable, Hashable {
    var line: Int
    var column: Int
}
