/// The build cache's binary encoding: little-endian varints and length-prefixed
/// UTF-8, written and read in one fixed order. Much faster than JSON for tens of
/// megabytes of rendered HTML, and every read is bounds-checked, so a damaged
/// file is reported as damaged instead of crashing the build.
///
/// Rendered HTML goes to a `tail` after everything else, each body with its hash:
/// the file's checksum covers the rest (`BuildCache`), and a body is checked by
/// its own hash when a build first uses it, so loading never reads them all.
struct CacheWriter {
    private(set) var bytes: [UInt8] = []
    private(set) var tail = CacheTail()

    /// Room for `count` more bytes. Grown by doubling, a manifest's two megabytes
    /// passed through buffers of every size below it, each in memory never
    /// written before, which costs the kernel a page fault per page.
    mutating func reserve(_ count: Int) { bytes.reserveCapacity(bytes.count + count) }

    mutating func int(_ value: Int) { unsigned(UInt64(bitPattern: Int64(value))) }

    mutating func unsigned(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Eight bytes, little-endian: for hashes and nanosecond times, which as
    /// varints take nine or ten bytes and a loop turn for each when read.
    mutating func fixed(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }

    mutating func fixedInt(_ value: Int) { fixed(UInt64(bitPattern: Int64(value))) }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// The HTML's hash, and where its bytes are in the tail.
    mutating func html(_ value: RenderedHTML) {
        fixed(value.hash)
        unsigned(UInt64(tail.count))
        unsigned(UInt64(value.utf8Count))
        tail.append(value)
    }

    /// Bytes with their length first, so a reader can pass over them whole.
    mutating func blob(_ write: (inout CacheWriter) -> Void) {
        var inner = CacheWriter()
        write(&inner)
        precondition(inner.tail.isEmpty, "HTML inside a blob would lose its tail")
        inner.bytes.withUnsafeBytes { blob($0) }
    }

    mutating func blob(_ bytes: UnsafeRawBufferPointer) {
        unsigned(UInt64(bytes.count))
        self.bytes.append(contentsOf: bytes)
    }

    mutating func optional<T>(_ value: T?, _ write: (inout CacheWriter, T) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    /// In the dictionary's own order: it is read back into a dictionary, and
    /// sorting thirty thousand paths cost more than the rest of the encoding.
    mutating func dictionary<T>(_ values: [String: T], _ write: (inout CacheWriter, T) -> Void) {
        unsigned(UInt64(values.count))
        for (key, value) in values {
            string(key)
            write(&self, value)
        }
    }

    mutating func list<T>(_ values: [T], _ write: (inout CacheWriter, T) -> Void) {
        unsigned(UInt64(values.count))
        for value in values { write(&self, value) }
    }
}

/// The cache file ended early or held a value that cannot be.
struct CacheDamage: Error {}

/// Reads a cache file in place, from its mapping: strings are decoded as they
/// are read, HTML is left in the mapping (`html()`). Reads stop at `end`, where
/// the tail of HTML bodies begins.
struct CacheReader {
    let file: MappedFile
    private(set) var offset: Int
    private let end: Int

    init(_ file: MappedFile, from offset: Int = 0, to end: Int? = nil) {
        self.file = file
        self.offset = offset
        self.end = end ?? file.bytes.count
    }

    private var bytes: UnsafeRawBufferPointer { file.bytes }

    var remaining: Int { end - offset }

    /// Everything not read yet before the tail, for the checksum.
    var unread: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[offset..<end]) }

    mutating func int() throws(CacheDamage) -> Int { Int(Int64(bitPattern: try unsigned())) }

    mutating func unsigned() throws(CacheDamage) -> UInt64 {
        // Most values are counts and lengths below 128: one byte.
        if offset < end, case let byte = bytes.load(fromByteOffset: offset, as: UInt8.self), byte < 0x80 {
            offset += 1
            return UInt64(byte)
        }
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end, shift < 64 else { throw CacheDamage() }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    mutating func fixed() throws(CacheDamage) -> UInt64 {
        guard end - offset >= 8 else { throw CacheDamage() }
        defer { offset += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    mutating func fixedInt() throws(CacheDamage) -> Int { Int(Int64(bitPattern: try fixed())) }

    /// Passes over `count` bytes.
    mutating func skip(_ count: Int) throws(CacheDamage) {
        guard end - offset >= count else { throw CacheDamage() }
        offset += count
    }

    mutating func bool() throws(CacheDamage) -> Bool {
        guard offset < end, bytes[offset] <= 1 else { throw CacheDamage() }
        offset += 1
        return bytes[offset - 1] == 1
    }

    mutating func count() throws(CacheDamage) -> Int {
        let value = try unsigned()
        guard value <= UInt64(end - offset) else { throw CacheDamage() }
        return Int(value)
    }

    mutating func string() throws(CacheDamage) -> String {
        let range = try byteRange()
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    mutating func skipString() throws(CacheDamage) { _ = try byteRange() }

    /// HTML written by `CacheWriter.html`, left undecoded in the tail, to be
    /// checked by its hash when first used.
    mutating func html() throws(CacheDamage) -> RenderedHTML {
        let hash = try fixed()
        let (start, length) = (try unsigned(), try unsigned())
        let tail = UInt64(bytes.count - end)
        guard start <= tail, length <= tail - start else { throw CacheDamage() }
        let lower = end + Int(start)
        return RenderedHTML(mapped: file, range: lower..<lower + Int(length), hash: hash)
    }

    /// A body's details written by `RenderedMarkdown.writeDetails`: walked to
    /// check them, left in the mapping.
    mutating func details() throws(CacheDamage) -> (MappedFile, Range<Int>) {
        try blob(walkedBy: RenderedMarkdown.Details.skip)
    }

    /// A blob written by `CacheWriter.blob`, left in the mapping once `walk`
    /// has passed over exactly its bytes: decoding it later cannot fail.
    mutating func blob(walkedBy walk: (inout CacheReader) throws(CacheDamage) -> Void) throws(CacheDamage) -> (MappedFile, Range<Int>) {
        let range = try byteRange()
        var inner = CacheReader(file, from: range.lowerBound, to: range.upperBound)
        try walk(&inner)
        guard inner.offset == range.upperBound else { throw CacheDamage() }
        return (file, range)
    }

    private mutating func byteRange() throws(CacheDamage) -> Range<Int> {
        let length = try count()
        defer { offset += length }
        return offset..<offset + length
    }

    mutating func optional<T>(_ read: (inout CacheReader) throws(CacheDamage) -> T) throws(CacheDamage) -> T? {
        try bool() ? try read(&self) : nil
    }

    mutating func dictionary<T>(_ read: (inout CacheReader) throws(CacheDamage) -> T) throws(CacheDamage) -> [String: T] {
        let count = try count()
        var values: [String: T] = [:]
        values.reserveCapacity(count)
        for _ in 0..<count {
            let key = try string()
            values[key] = try read(&self)
        }
        return values
    }

    /// What `CacheWriter.dictionary` wrote, as key and value pairs in the order written.
    mutating func pairs<T>(_ read: (inout CacheReader) throws(CacheDamage) -> T) throws(CacheDamage) -> [(String, T)] {
        let count = try count()
        var values: [(String, T)] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append((try string(), try read(&self))) }
        return values
    }

    mutating func list<T>(_ read: (inout CacheReader) throws(CacheDamage) -> T) throws(CacheDamage) -> [T] {
        let count = try count()
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }
}
