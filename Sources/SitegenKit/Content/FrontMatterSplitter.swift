import Foundation

/// A briefing file cut into its YAML front matter and Markdown body.
struct SplitBriefing {
    var yaml: Substring
    /// File line on which the YAML starts (2: right after the opening `---`).
    var yamlFirstLine: Int
    var body: Substring
    var bodyFirstLine: Int
}

/// Finds the front matter: `---` alone on the very first line, up to the next
/// line that is `---` (or `...`) alone. Only whole lines count, so a `---` inside
/// a YAML string or a Markdown thematic break later in the body never splits it.
enum FrontMatterSplitter {
    enum Failure: Error, Equatable {
        case empty
        case missingOpening
        case unclosed
    }

    /// Expects `\n` line ends (the loader turns CRLF into LF first). Lines are
    /// found in the bytes with `memchr`: through `String`'s UTF-8 view, each step
    /// checked its index (1% of a full build, for ten lines a file).
    static func split(_ text: String) throws(Failure) -> SplitBriefing {
        var text = text
        let cut = text.withUTF8 { bytes -> Result<(yamlStart: Int, yamlEnd: Int, bodyStart: Int, bodyFirstLine: Int), Failure> in
            if bytes.allSatisfy({ $0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09 }) { return .failure(.empty) }
            let firstEnd = lineEnd(in: bytes, from: 0)
            guard isFence(bytes, 0..<firstEnd, closing: false) else { return .failure(.missingOpening) }
            guard firstEnd < bytes.count else { return .failure(.unclosed) }
            var lineStart = firstEnd + 1
            var lineNumber = 2
            while lineStart < bytes.count {
                let end = lineEnd(in: bytes, from: lineStart)
                if isFence(bytes, lineStart..<end, closing: true) {
                    return .success((firstEnd + 1, lineStart, end < bytes.count ? end + 1 : end, lineNumber + 1))
                }
                lineNumber += 1
                lineStart = end < bytes.count ? end + 1 : end
            }
            return .failure(.unclosed)
        }
        switch cut {
        case .failure(let failure): throw failure
        case .success(let (yamlStart, yamlEnd, bodyStart, bodyFirstLine)):
            // Every offset is the end or just after a newline: a character boundary.
            let utf8 = text.utf8
            let at = { (offset: Int) in utf8.index(utf8.startIndex, offsetBy: offset) }
            return SplitBriefing(
                yaml: text[at(yamlStart)..<at(yamlEnd)], yamlFirstLine: 2, body: text[at(bodyStart)...], bodyFirstLine: bodyFirstLine)
        }
    }

    /// Where the line starting at `start` ends: its newline, or the end of the text.
    private static func lineEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress,
            let newline = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start)
        else { return bytes.count }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(newline))
    }

    /// `---` with nothing after it but blanks.
    private static func isFence(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, closing: Bool) -> Bool {
        var end = line.upperBound
        while end > line.lowerBound, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
        let word = bytes[line.lowerBound..<end]
        return word.elementsEqual("---".utf8) || (closing && word.elementsEqual("...".utf8))
    }
}
