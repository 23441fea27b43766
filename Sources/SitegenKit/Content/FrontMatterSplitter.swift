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

    /// Expects `\n` line ends (the loader turns CRLF into LF first).
    static func split(_ text: String) throws(Failure) -> SplitBriefing {
        let bytes = text.utf8
        if bytes.allSatisfy({ $0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09 }) { throw .empty }
        let newline = UInt8(ascii: "\n")
        let firstEnd = bytes.firstIndex(of: newline) ?? bytes.endIndex
        guard isFence(text[bytes.startIndex..<firstEnd], closing: false) else { throw .missingOpening }
        guard firstEnd < bytes.endIndex else { throw .unclosed }
        let yamlStart = bytes.index(after: firstEnd)
        var lineStart = yamlStart
        var lineNumber = 2
        while lineStart < bytes.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: newline) ?? bytes.endIndex
            if isFence(text[lineStart..<lineEnd], closing: true) {
                let bodyStart = lineEnd < bytes.endIndex ? bytes.index(after: lineEnd) : lineEnd
                return SplitBriefing(
                    yaml: text[yamlStart..<lineStart], yamlFirstLine: 2, body: text[bodyStart...],
                    bodyFirstLine: lineNumber + 1)
            }
            lineNumber += 1
            lineStart = lineEnd < bytes.endIndex ? bytes.index(after: lineEnd) : lineEnd
        }
        throw .unclosed
    }

    /// `---` with nothing after it but blanks.
    private static func isFence(_ line: Substring, closing: Bool) -> Bool {
        var end = line.utf8.endIndex
        while end > line.utf8.startIndex {
            let before = line.utf8.index(before: end)
            let byte = line.utf8[before]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D else { break }
            end = before
        }
        let word = line.utf8[line.utf8.startIndex..<end]
        return word.elementsEqual("---".utf8) || (closing && word.elementsEqual("...".utf8))
    }
}
