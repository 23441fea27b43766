/// The tail of a cache file: rendered bodies, one after another, where
/// `CacheWriter.html` says. A body fresh from libcmark is copied in; one still
/// in the cache file it was read from is lent from that file's mapping and
/// written from there, and neighbours from one file make one piece. A warm
/// edit writes again the shard holding the edited briefing: copying its three
/// hundred other bodies into fresh memory was most of that write.
struct CacheTail: Sendable {
    enum Piece: Sendable {
        /// Bytes of `owned`.
        case owned(Range<Int>)
        /// Bytes of a mapped cache file, checked against their hashes already.
        case mapped(MappedFile, Range<Int>)
    }

    private(set) var pieces: [Piece] = []
    /// The bodies copied in, in order.
    private(set) var owned: [UInt8] = []
    /// Bytes in the tail.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    mutating func append(_ html: RenderedHTML) {
        count += html.utf8Count
        // Lent only when intact: a damaged body would carry its damage into the new file.
        if let (file, range) = html.mapping, html.isIntact {
            if case .mapped(let last, let lastRange)? = pieces.last, last === file, lastRange.upperBound == range.lowerBound {
                pieces[pieces.count - 1] = .mapped(file, lastRange.lowerBound..<range.upperBound)
            } else {
                pieces.append(.mapped(file, range))
            }
            return
        }
        let start = owned.count
        html.withUTF8 { owned.append(contentsOf: $0) }
        if case .owned(let last)? = pieces.last, last.upperBound == start {
            pieces[pieces.count - 1] = .owned(last.lowerBound..<owned.count)
        } else {
            pieces.append(.owned(start..<owned.count))
        }
    }

    /// Calls `body` with each piece's bytes in order, all valid during the call.
    func withPieces<Result>(_ body: ([UnsafeRawBufferPointer]) -> Result) -> Result {
        owned.withUnsafeBytes { owned in
            let buffers = pieces.map { piece -> UnsafeRawBufferPointer in
                switch piece {
                case .owned(let range): UnsafeRawBufferPointer(rebasing: owned[range])
                case .mapped(let file, let range): UnsafeRawBufferPointer(rebasing: file.bytes[range])
                }
            }
            // The mapped files are held by `pieces`, alive until this returns.
            return withExtendedLifetime(pieces) { body(buffers) }
        }
    }

    /// The tail's bytes joined (for tests and small files).
    var bytes: [UInt8] {
        withPieces { buffers in buffers.reduce(into: [UInt8]()) { $0.append(contentsOf: $1) } }
    }
}
