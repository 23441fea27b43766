extension [UInt8] {
    /// Appends a literal's UTF-8 bytes in one copy. `bytes += "…".utf8` goes
    /// through String's UTF-8 view, several times the instructions for a dozen
    /// bytes, and the sitemap and search index append a few per briefing.
    static func += (bytes: inout [UInt8], literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }
}
