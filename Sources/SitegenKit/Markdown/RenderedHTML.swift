/// A briefing's rendered HTML: text fresh from libcmark, or bytes of a cache
/// file left undecoded until a page or feed shows them. A warm build of 10,000
/// briefings renders a handful of briefing pages, and decoding 70 MB of HTML it
/// never showed cost more than the rest of the build. Page fingerprints and
/// cache records are made from the bytes' hash, known for cached HTML and made
/// once for fresh HTML a build caches (`hashed`).
public struct RenderedHTML: Sendable, Equatable {
    private enum Storage: Sendable {
        case text(String)
        case mapped(MappedFile, Range<Int>)
    }

    private let storage: Storage
    private let knownHash: UInt64?
    /// Known to go into a CDATA section as it is (`BodyScan.fitsCDATA`): set
    /// for HTML fresh from libcmark, whose scan found out; HTML from the cache
    /// is checked as it is copied (`XMLEscaping.cdata`).
    let fitsCDATA: Bool

    /// XXH64 of the UTF-8 bytes: stored with cached HTML and by `hashed`, else
    /// made each time it is asked for. A build without the cache never asks:
    /// hashing every body as it was rendered, with every file as it was read
    /// (`TextFile.readHashed`), was 0.4-0.6% of its CPU, for nothing.
    public var hash: UInt64 { knownHash ?? withUTF8 { XXHash64.hash($0) } }

    public init(_ text: String) {
        self.init(text, fitsCDATA: false)
    }

    init(_ text: String, fitsCDATA: Bool) {
        storage = .text(text)
        knownHash = nil
        self.fitsCDATA = fitsCDATA
    }

    /// Bytes of a cache file, and the hash stored with them (in the file's
    /// checked part): the bytes are checked against it when first used.
    init(mapped file: MappedFile, range: Range<Int>, hash: UInt64) {
        storage = .mapped(file, range)
        knownHash = hash
        fitsCDATA = false
    }

    private init(storage: Storage, hash: UInt64, fitsCDATA: Bool) {
        self.storage = storage
        knownHash = hash
        self.fitsCDATA = fitsCDATA
    }

    /// The same HTML with its hash made now and kept: for a build that caches
    /// it, which reads the hash for the page's fingerprint and the record.
    var hashed: RenderedHTML { knownHash == nil ? RenderedHTML(storage: storage, hash: hash, fitsCDATA: fitsCDATA) : self }

    public var text: String {
        switch storage {
        case .text(let text): text
        case .mapped: withUTF8 { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Length in UTF-8 bytes, without decoding.
    var utf8Count: Int {
        switch storage {
        case .text(let text): text.utf8.count
        case .mapped(_, let range): range.count
        }
    }

    /// The bytes. Bytes from the cache that fail their hash are still lent,
    /// and mark their file damaged: the build that used them then publishes
    /// nothing and starts again without the cache (`BuildCache.damagedBodies`).
    func withUTF8<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        switch storage {
        case .text(let text):
            var text = text
            return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        case .mapped(let file, let range):
            _ = file.verify(range, hash: hash)
            return withExtendedLifetime(file) { body(UnsafeRawBufferPointer(rebasing: file.bytes[range])) }
        }
    }

    /// The cache file and range the bytes are in, when they are still there.
    var mapping: (file: MappedFile, range: Range<Int>)? {
        guard case .mapped(let file, let range) = storage else { return nil }
        return (file, range)
    }

    /// Whether the bytes still have the stored hash (always, unless from a damaged cache file).
    var isIntact: Bool {
        guard case .mapped(let file, let range) = storage else { return true }
        return file.verify(range, hash: hash)
    }

    public static func == (a: RenderedHTML, b: RenderedHTML) -> Bool {
        a.hash == b.hash && a.withUTF8 { first in b.withUTF8 { first.elementsEqual($0) } }
    }
}
