/// The members of a template object, by name.
///
/// Not a dictionary: a page context holds a handful of members per object and
/// is looked up hundreds of times per page, inner objects first. Hashing every
/// name at every level was a fifth of a full build's time; comparing a few short
/// names (two machine words each, up to 15 bytes) costs less than hashing one.
/// An object with many members (a briefing's `params` may hold any number) also
/// gets an index, so a lookup never scans far. The members live in one shared
/// storage object, copied only when a shared object is changed: rendering copies
/// objects constantly, and each copy then retains one reference.
public struct TemplateObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// Names and values in two buffers the object allocates itself. Arrays held
    /// by a class are retained and released around every read (the class could
    /// change them meanwhile); these pointers are plain values, so a lookup that
    /// compares a few names touches no reference count.
    ///
    /// Beside each value, where a text keeps its bytes (`TextBytes`): the
    /// renderer shows a text from there. Taking the `String` out of the value
    /// copied it, retaining and releasing its storage, from both cores at once
    /// for the titles and summaries every list shares: 4% of a full build's CPU.
    fileprivate final class Members: @unchecked Sendable {
        // Changed only while uniquely referenced (`uniqueStorage()`), so never
        // while shared across threads or read elsewhere.
        // Without the runtime's exclusivity checks, a tenth of every lookup.
        @exclusivity(unchecked) private(set) var count = 0
        @exclusivity(unchecked) private var capacity: Int
        @exclusivity(unchecked) private var names: UnsafeMutablePointer<String>
        @exclusivity(unchecked) private var values: UnsafeMutablePointer<TemplateValue>
        @exclusivity(unchecked) private var texts: UnsafeMutablePointer<TextBytes>
        @exclusivity(unchecked) private(set) var index: [String: Int]?

        init(capacity: Int) {
            self.capacity = Swift.max(capacity, 1)
            names = .allocate(capacity: self.capacity)
            values = .allocate(capacity: self.capacity)
            texts = .allocate(capacity: self.capacity)
        }

        deinit {
            names.deinitialize(count: count)
            values.deinitialize(count: count)
            names.deallocate()
            values.deallocate()
            texts.deallocate()
        }

        func copy() -> Members {
            let copy = Members(capacity: count)
            copy.names.initialize(from: names, count: count)
            copy.values.initialize(from: values, count: count)
            // The copied values share their strings' storage: the same bytes.
            copy.texts.initialize(from: texts, count: count)
            (copy.count, copy.index) = (count, index)
            return copy
        }

        func name(at position: Int) -> String { names[position] }
        func value(at position: Int) -> TemplateValue { values[position] }
        func valueAddress(at position: Int) -> UnsafePointer<TemplateValue> { UnsafePointer(values + position) }
        func textBytes(at position: Int) -> TextBytes { texts[position] }

        func setValue(_ value: TemplateValue, at position: Int) {
            values[position] = value
            texts[position] = TextBytes(values[position])
        }

        func position(of name: String) -> Int? {
            if let index { return index[name] }
            for position in 0..<count where names[position] == name { return position }
            return nil
        }

        func append(_ name: String, _ value: TemplateValue) {
            if count == capacity { grow() }
            (names + count).initialize(to: name)
            (values + count).initialize(to: value)
            (texts + count).initialize(to: TextBytes(values[count]))
            count += 1
            if index != nil {
                index?[name] = count - 1
            } else if count >= TemplateObject.indexedFrom {
                rebuildIndex()
            }
        }

        func remove(at position: Int) {
            (names + position).deinitialize(count: 1)
            (values + position).deinitialize(count: 1)
            (names + position).moveInitialize(from: names + position + 1, count: count - position - 1)
            (values + position).moveInitialize(from: values + position + 1, count: count - position - 1)
            (texts + position).moveInitialize(from: texts + position + 1, count: count - position - 1)
            count -= 1
            if index != nil { rebuildIndex() }
        }

        private func grow() {
            let larger = capacity * 2
            let (newNames, newValues) = (
                UnsafeMutablePointer<String>.allocate(capacity: larger), UnsafeMutablePointer<TemplateValue>.allocate(capacity: larger)
            )
            let newTexts = UnsafeMutablePointer<TextBytes>.allocate(capacity: larger)
            newNames.moveInitialize(from: names, count: count)
            newValues.moveInitialize(from: values, count: count)
            newTexts.moveInitialize(from: texts, count: count)
            names.deallocate()
            values.deallocate()
            texts.deallocate()
            (names, values, texts, capacity) = (newNames, newValues, newTexts, larger)
        }

        private func rebuildIndex() {
            index = count >= TemplateObject.indexedFrom ? Dictionary(uniqueKeysWithValues: (0..<count).map { (names[$0], $0) }) : nil
        }
    }

    private var storage: Members
    fileprivate static let indexedFrom = 16

    public init() { storage = Members(capacity: 4) }

    public init(minimumCapacity: Int) { storage = Members(capacity: minimumCapacity) }

    /// The first value of a repeated name wins, as in a dictionary literal read by `Dictionary(_:uniquingKeysWith:)`.
    public init(_ members: some Sequence<(String, TemplateValue)>) {
        storage = Members(capacity: members.underestimatedCount)
        for (name, value) in members where storage.position(of: name) == nil { storage.append(name, value) }
    }

    public init(dictionaryLiteral members: (String, TemplateValue)...) { self.init(members) }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.count == 0 }

    public subscript(name: String) -> TemplateValue? {
        get { storage.position(of: name).map { storage.value(at: $0) } }
        set {
            switch (storage.position(of: name), newValue) {
            case (let at?, let value?): uniqueStorage().setValue(value, at: at)
            case (nil, let value?): uniqueStorage().append(name, value)
            case (let at?, nil): uniqueStorage().remove(at: at)
            case (nil, nil): break
            }
        }
    }

    /// Members of `other` join this object; `combine` picks the value of a name both have.
    public mutating func merge(_ other: TemplateObject, uniquingKeysWith combine: (TemplateValue, TemplateValue) -> TemplateValue) {
        for (name, value) in other { self[name] = self[name].map { combine($0, value) } ?? value }
    }

    public func makeIterator() -> some IteratorProtocol<(String, TemplateValue)> {
        let storage = storage
        return (0..<storage.count).lazy.map { (storage.name(at: $0), storage.value(at: $0)) }.makeIterator()
    }

    /// Same members with equal values, in any order.
    public static func == (a: TemplateObject, b: TemplateObject) -> Bool {
        a.count == b.count && a.allSatisfy { b[$0.0] == $0.1 }
    }

    /// The object as a renderer reads it while the object stays on its context
    /// stack: looked up without retaining the object (see `MustacheRenderer`).
    struct Borrowed {
        fileprivate let storage: Unmanaged<Members>

        /// Where the member's value lives, valid while the object is alive and
        /// unchanged; `text`: the bytes of its text when it keeps them (`TextBytes`).
        /// (Not returned as an optional pair: debug builds of Swift 6.3 read such
        /// an optional as present when its value pointer was null.)
        func member(_ name: String, text: inout TextBytes) -> UnsafePointer<TemplateValue>? {
            storage._withUnsafeGuaranteedRef { members in
                guard let position = members.position(of: name) else { return nil }
                text = members.textBytes(at: position)
                return members.valueAddress(at: position)
            }
        }
    }

    /// Valid only while this object is alive and unchanged.
    var borrowed: Borrowed { Borrowed(storage: .passUnretained(storage)) }

    private mutating func uniqueStorage() -> Members {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }
}

/// Where a text value's UTF-8 bytes live, read without copying the `String`:
/// a string of more than 15 bytes is never stored inline (small), so its bytes
/// sit in its storage object (or, for a literal, in the binary) and stay put
/// for as long as any copy of the string is alive and unchanged, which the
/// value in the same object is. Empty for anything else (numbers, short or
/// non-contiguous texts), which the renderer shows from the value itself.
struct TextBytes {
    private let start: UnsafePointer<UInt8>?
    private let count: Int

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }

    static var none: TextBytes { TextBytes(start: nil, count: 0) }

    private init(start: UnsafePointer<UInt8>?, count: Int) { (self.start, self.count) = (start, count) }

    /// `value`: the value where it is stored for good, not a temporary copy.
    init(_ value: TemplateValue) {
        guard case .text(let text) = value, text.utf8.count > 15,
            let bytes = text.utf8.withContiguousStorageIfAvailable({ $0 })
        else {
            self = .none
            return
        }
        (start, count) = (bytes.baseAddress, bytes.count)
    }
}
