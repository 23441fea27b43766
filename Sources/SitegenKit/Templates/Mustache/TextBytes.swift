/// Where a text value's UTF-8 bytes live, read without copying the `String`:
/// a string of more than 15 bytes is never stored inline (small), so its bytes
/// sit in its storage object (or, for a literal, in the binary) and stay put
/// for as long as any copy of the string is alive and unchanged, which the
/// value in the same object is. Empty for anything else (numbers, short or
/// non-contiguous texts), which the renderer shows from the value itself.
struct TextBytes {
    private let start: UnsafePointer<UInt8>?
    /// The count, and in the top bit `isPlain`: a flag of its own would make
    /// every member's slot in an object's block larger.
    private let countAndPlain: Int

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: countAndPlain & Int.max) }

    /// Known to hold none of the bytes HTML escapes, so the renderer copies them
    /// as they are. Found only for the texts of compacted objects (list entries
    /// many pages show), once each, rather than every time a page shows them.
    var isPlain: Bool { countAndPlain < 0 }

    static var none: TextBytes { TextBytes(start: nil, count: 0) }

    /// Bytes the caller keeps alive and unchanged for as long as this is used
    /// (a compacted object's own block: `TemplateObject.compact()`).
    init(start: UnsafePointer<UInt8>?, count: Int, plain: Bool = false) {
        (self.start, countAndPlain) = (start, plain ? count | Int.min : count)
    }

    /// `value`: the value where it is stored for good, not a temporary copy.
    init(_ value: TemplateValue) {
        guard case .text(let text) = value, text.utf8.count > 15,
            let bytes = text.utf8.withContiguousStorageIfAvailable({ $0 })
        else {
            self = .none
            return
        }
        (start, countAndPlain) = (bytes.baseAddress, bytes.count)
    }
}
