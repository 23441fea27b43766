import Foundation

/// Foundation's string functions bridge to NSString, which cost a build of
/// 10,000 briefings a tenth of a second for text that almost never needs them.
/// Each function here answers the common case from the bytes and hands the rest
/// to Foundation, so the results are Foundation's own.
extension String {
    /// `trimmingCharacters(in: set)` for a set holding only whitespace, newlines
    /// or control characters: text that starts and ends with a visible ASCII
    /// character has nothing to trim. The set is made only when needed: even
    /// `.whitespacesAndNewlines` asks Foundation for a shared set and casts it,
    /// for every tag of every briefing.
    func trimming(_ set: @autoclosure () -> CharacterSet) -> String {
        let visible: ClosedRange<UInt8> = 0x21...0x7E
        if let first = utf8.first, let last = utf8.last, visible.contains(first), visible.contains(last) { return self }
        return trimmingCharacters(in: set())
    }

    /// The last component of a `/`-separated relative path (a file's name).
    var lastPathComponent: String {
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return self }
        return String(self[index(after: slash)...])
    }

    /// The folder of a `/`-separated relative path, "" for a top-level name.
    var deletingLastPathComponent: String {
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(self[..<slash])
    }

    /// A file name without its extension; a name starting with its only dot keeps it.
    var deletingPathExtension: String {
        guard let dot = utf8.lastIndex(of: UInt8(ascii: ".")), dot > startIndex else { return self }
        return String(self[..<dot])
    }

    /// Whether the text holds `needle`'s bytes, found with memchr and memcmp:
    /// Foundation's `contains` bridges to NSString, and the generic
    /// `utf8.firstRange(of:)` looked up type metadata on every call (a tenth of a
    /// full build's rendering time when every link was searched for `://` with it).
    func containsBytes(of needle: String) -> Bool {
        var text = self
        var needle = needle
        return text.withUTF8 { bytes in
            needle.withUTF8 { wanted in
                guard let first = wanted.first else { return true }
                guard let base = bytes.baseAddress, let start = wanted.baseAddress, wanted.count <= bytes.count else { return false }
                let lastStart = bytes.count - wanted.count
                var from = 0
                while from <= lastStart, let hit = memchr(base + from, Int32(first), lastStart - from + 1) {
                    let at = hit.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base)
                    if memcmp(base + at, start, wanted.count) == 0 { return true }
                    from = at + 1
                }
                return false
            }
        }
    }
}
