/// The build cache's binary encoding: little-endian varints and length-prefixed
/// UTF-8, written and read in one fixed order. Much faster than JSON for tens of
/// megabytes of rendered HTML, and every read is bounds-checked, so a damaged
/// file is reported as damaged instead of crashing the build.
struct CacheWriter {
    private(set) var bytes: [UInt8] = []

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

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// The HTML's hash, then its bytes.
    mutating func html(_ value: RenderedHTML) {
        unsigned(value.hash)
        value.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Bytes with their length first, so a reader can pass over them whole.
    mutating func blob(_ write: (inout CacheWriter) -> Void) {
        var inner = CacheWriter()
        write(&inner)
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
/// are read, HTML is left in the mapping (`html()`).
struct CacheReader {
    private let file: MappedFile
    private var offset: Int

    init(_ file: MappedFile, from offset: Int = 0) {
        self.file = file
        self.offset = offset
    }

    private var bytes: UnsafeRawBufferPointer { file.bytes }

    var remaining: Int { bytes.count - offset }

    /// Everything not read yet, for the checksum.
    var unread: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[offset...]) }

    mutating func int() throws(CacheDamage) -> Int { Int(Int64(bitPattern: try unsigned())) }

    mutating func unsigned() throws(CacheDamage) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw CacheDamage() }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    mutating func bool() throws(CacheDamage) -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw CacheDamage() }
        offset += 1
        return bytes[offset - 1] == 1
    }

    mutating func count() throws(CacheDamage) -> Int {
        let value = try unsigned()
        guard value <= UInt64(bytes.count - offset) else { throw CacheDamage() }
        return Int(value)
    }

    mutating func string() throws(CacheDamage) -> String {
        let range = try byteRange()
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    mutating func skipString() throws(CacheDamage) { _ = try byteRange() }

    /// HTML written by `CacheWriter.html`, left undecoded in the mapping.
    mutating func html() throws(CacheDamage) -> RenderedHTML {
        let hash = try unsigned()
        return RenderedHTML(mapped: file, range: try byteRange(), hash: hash)
    }

    /// A body's details written by `RenderedMarkdown.writeDetails`: walked to
    /// check them, left in the mapping.
    mutating func details() throws(CacheDamage) -> (MappedFile, Range<Int>) {
        let range = try byteRange()
        var inner = CacheReader(file, from: range.lowerBound)
        try RenderedMarkdown.Details.skip(&inner)
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
