/// Copies text as UTF-8, replacing the few bytes an output format reserves.
/// Long runs of ordinary bytes are copied whole, not byte by byte: feeds
/// escape tens of megabytes of HTML per build.
enum ByteEscaper {
    /// A replacement for the byte at `index` of `bytes`, with how many bytes it
    /// consumes; nil keeps the byte.
    typealias Rule = (_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (replacement: StaticString, consumed: Int)?

    static func escape(_ text: String, into out: inout [UInt8], rule: Rule) {
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            var index = 0
            while index < bytes.count {
                guard let (replacement, consumed) = rule(bytes, index) else {
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                index += consumed
                runStart = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
    }
}
