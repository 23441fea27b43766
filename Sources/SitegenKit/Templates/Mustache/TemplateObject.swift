import CSitegenSystem

/// The members of a template object, by name.
///
/// Not a dictionary: a page context holds a handful of members per object and
/// is looked up hundreds of times per page, inner objects first. Hashing every
/// name at every level was a fifth of a full build's time; comparing a few
/// names as two integers each (`NameKey`) costs less than hashing one. An
/// object with many members (a briefing's `params` may hold any number) also
/// gets an index, so a lookup never scans far. The members live in one shared
/// storage object, copied only when a shared object is changed: rendering copies
/// objects constantly, and each copy then retains one reference.
public struct TemplateObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// Names, their keys and values in one block the object allocates itself. Arrays held
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
        @exclusivity(unchecked) private var keys: UnsafeMutablePointer<NameKey>
        @exclusivity(unchecked) private var values: UnsafeMutablePointer<TemplateValue>
        @exclusivity(unchecked) private var texts: UnsafeMutablePointer<TextBytes>
        /// Copies of texts' bytes (`compacted()`), after the arrays in the same
        /// block; the texts that point here move with the block.
        @exclusivity(unchecked) private var ownBytes: UnsafeMutablePointer<UInt8>
        @exclusivity(unchecked) private var ownByteCount: Int
        @exclusivity(unchecked) private(set) var index: [String: Int]?

        init(capacity: Int, ownByteCount: Int = 0) {
            self.capacity = Swift.max(capacity, 1)
            self.ownByteCount = ownByteCount
            (keys, texts, values, names, ownBytes) = Self.allocate(capacity: self.capacity, ownByteCount: ownByteCount)
        }

        deinit {
            names.deinitialize(count: count)
            values.deinitialize(count: count)
            UnsafeMutableRawPointer(keys).deallocate()
        }

        /// The four arrays in one allocation, keys first, then the own bytes: a
        /// lookup compares keys, then reads the text and value beside them (the
        /// names only for names a key cannot stand for). Allocated apart, the
        /// arrays were a cache miss each per object for the list entries pages
        /// share (most of a lookup's time in a full build).
        private static func allocate(capacity: Int, ownByteCount: Int) -> (
            UnsafeMutablePointer<NameKey>, UnsafeMutablePointer<TextBytes>, UnsafeMutablePointer<TemplateValue>,
            UnsafeMutablePointer<String>, UnsafeMutablePointer<UInt8>
        ) {
            let textsAt = capacity * MemoryLayout<NameKey>.stride
            let valuesAt = textsAt + capacity * MemoryLayout<TextBytes>.stride
            let namesAt = valuesAt + capacity * MemoryLayout<TemplateValue>.stride
            let bytesAt = namesAt + capacity * MemoryLayout<String>.stride
            let block = UnsafeMutableRawPointer.allocate(
                byteCount: bytesAt + ownByteCount,
                alignment: Swift.max(
                    MemoryLayout<NameKey>.alignment, MemoryLayout<String>.alignment, MemoryLayout<TextBytes>.alignment,
                    MemoryLayout<TemplateValue>.alignment))
            return (
                block.bindMemory(to: NameKey.self, capacity: capacity),
                (block + textsAt).bindMemory(to: TextBytes.self, capacity: capacity),
                (block + valuesAt).bindMemory(to: TemplateValue.self, capacity: capacity),
                (block + namesAt).bindMemory(to: String.self, capacity: capacity),
                (block + bytesAt).bindMemory(to: UInt8.self, capacity: ownByteCount)
            )
        }

        /// A copy whose texts of more than 15 bytes are copied into its own block
        /// beside its members, when `compacting`; else the texts stay where they are.
        /// `emptying`: the members move to the copy and this object is left empty,
        /// for an object no one else holds (nothing is retained and released again).
        func copy(compacting: Bool = false, capacity: Int? = nil, emptying: Bool = false) -> Members {
            let copying = compacting ? (0..<count).reduce(0) { $0 + texts[$1].bytes.count } : ownByteCount
            let copy = Members(capacity: Swift.max(capacity ?? count, count), ownByteCount: copying)
            if emptying {
                copy.names.moveInitialize(from: names, count: count)
                copy.values.moveInitialize(from: values, count: count)
            } else {
                copy.names.initialize(from: names, count: count)
                copy.values.initialize(from: values, count: count)
            }
            copy.keys.initialize(from: keys, count: count)
            // The copied values share their strings' storage: the same bytes.
            copy.texts.initialize(from: texts, count: count)
            (copy.count, copy.index) = (count, index)
            if compacting {
                var offset = 0
                for position in 0..<count where !texts[position].bytes.isEmpty {
                    let bytes = texts[position].bytes
                    (copy.ownBytes + offset).initialize(from: bytes.baseAddress!, count: bytes.count)  // Not empty.
                    let plain = TemplateValue.htmlReserved.firstMember(in: bytes, from: 0) == bytes.count
                    copy.texts[position] = TextBytes(start: copy.ownBytes + offset, count: bytes.count, plain: plain)
                    offset += bytes.count
                }
            } else {
                copy.adoptOwnBytes(from: ownBytes)
            }
            // The texts stay valid: the moved values keep the same strings.
            if emptying { (count, index) = (0, nil) }
            return copy
        }

        /// Copies own bytes from `old` (another block's, or this one's before it
        /// grew) into this block, and points the texts that pointed there here.
        private func adoptOwnBytes(from old: UnsafeMutablePointer<UInt8>) {
            guard ownByteCount > 0 else { return }
            ownBytes.initialize(from: old, count: ownByteCount)
            let range = UnsafePointer(old)..<UnsafePointer(old + ownByteCount)
            for position in 0..<count {
                guard let start = texts[position].bytes.baseAddress, range.contains(start) else { continue }
                texts[position] = TextBytes(
                    start: ownBytes + (start - range.lowerBound), count: texts[position].bytes.count, plain: texts[position].isPlain)
            }
        }

        var spareCapacity: Int { capacity - count }

        /// Starts loading the block's cache lines that a lookup reads (keys,
        /// texts, values) and the own bytes its texts are shown from; the names,
        /// read only for names a key cannot stand for, are skipped.
        func prefetchBlock() {
            let start = UnsafeRawPointer(keys)
            let looked = capacity * (MemoryLayout<NameKey>.stride + MemoryLayout<TextBytes>.stride + MemoryLayout<TemplateValue>.stride)
            for line in stride(from: 0, to: Swift.min(looked, Self.prefetchLimit), by: 64) { sitegen_prefetch(start + line) }
            let own = UnsafeRawPointer(ownBytes)
            for line in stride(from: 0, to: Swift.min(ownByteCount, Self.prefetchLimit), by: 64) { sitegen_prefetch(own + line) }
        }

        /// At most this many bytes of each part are asked for: a list entry's
        /// lookups and texts take about a kilobyte; a larger object is not a list entry.
        private static let prefetchLimit = 2048

        func name(at position: Int) -> String { names[position] }
        func value(at position: Int) -> TemplateValue { values[position] }
        func valueAddress(at position: Int) -> UnsafePointer<TemplateValue> { UnsafePointer(values + position) }
        func textBytes(at position: Int) -> TextBytes { texts[position] }

        func setValue(_ value: TemplateValue, at position: Int) {
            values[position] = value
            texts[position] = TextBytes(values[position])
        }

        func position(of name: String, key: NameKey) -> Int? {
            if let index { return index[name] }
            guard key.standsForName else {
                for position in 0..<count where names[position] == name { return position }
                return nil
            }
            for position in 0..<count {
                let other = keys[position]
                if other == key || (!other.standsForName && names[position] == name) { return position }
            }
            return nil
        }

        /// `key`: the name's, as `position(of:key:)` was just asked with it.
        func append(_ name: String, key: NameKey, _ value: TemplateValue) {
            if count == capacity { grow() }
            (names + count).initialize(to: name)
            (keys + count).initialize(to: key)
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
            (keys + position).moveInitialize(from: keys + position + 1, count: count - position - 1)
            (values + position).moveInitialize(from: values + position + 1, count: count - position - 1)
            (texts + position).moveInitialize(from: texts + position + 1, count: count - position - 1)
            count -= 1
            if index != nil { rebuildIndex() }
        }

        private func grow() {
            let larger = capacity * 2
            let (newKeys, newTexts, newValues, newNames, newBytes) = Self.allocate(capacity: larger, ownByteCount: ownByteCount)
            newKeys.moveInitialize(from: keys, count: count)
            newNames.moveInitialize(from: names, count: count)
            newValues.moveInitialize(from: values, count: count)
            newTexts.moveInitialize(from: texts, count: count)
            let (oldBlock, oldBytes) = (UnsafeMutableRawPointer(keys), ownBytes)
            (keys, names, values, texts, ownBytes, capacity) = (newKeys, newNames, newValues, newTexts, newBytes, larger)
            adoptOwnBytes(from: oldBytes)
            oldBlock.deallocate()
        }

        private func rebuildIndex() {
            index = count >= TemplateObject.indexedFrom ? Dictionary(uniqueKeysWithValues: (0..<count).map { (names[$0], $0) }) : nil
        }
    }

    private var storage: Members
    fileprivate static let indexedFrom = 32

    public init() { storage = Members(capacity: 4) }

    public init(minimumCapacity: Int) { storage = Members(capacity: minimumCapacity) }

    /// The first value of a repeated name wins, as in a dictionary literal read by `Dictionary(_:uniquingKeysWith:)`.
    public init(_ members: some Sequence<(String, TemplateValue)>) {
        storage = Members(capacity: members.underestimatedCount)
        for (name, value) in members {
            let key = NameKey(name)
            if storage.position(of: name, key: key) == nil { storage.append(name, key: key, value) }
        }
    }

    public init(dictionaryLiteral members: (String, TemplateValue)...) { self.init(members) }

    /// Makes room for `count` members in all, unshared: an object about to gain
    /// many members (a briefing's page context, from its list entry) is copied
    /// once instead of copied and then grown twice.
    public mutating func reserveCapacity(_ count: Int) {
        guard !isKnownUniquelyReferenced(&storage) || storage.count + storage.spareCapacity < count else { return }
        storage = storage.copy(capacity: count)
    }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.count == 0 }

    public subscript(name: String) -> TemplateValue? {
        get { storage.position(of: name, key: NameKey(name)).map { storage.value(at: $0) } }
        set {
            let key = NameKey(name)
            switch (storage.position(of: name, key: key), newValue) {
            case (let at?, let value?): uniqueStorage().setValue(value, at: at)
            case (nil, let value?): uniqueStorage().append(name, key: key, value)
            case (let at?, nil): uniqueStorage().remove(at: at)
            case (nil, nil): break
            }
        }
    }

    /// Member names with their keys made once, for objects made again and again
    /// with the same members (`picking`).
    struct Names: Sendable {
        fileprivate let names: [String]
        fileprivate let keys: [NameKey]

        /// Different names: `picking` makes each a member without looking for it first.
        init(_ names: [String]) {
            precondition(Set(names).count == names.count, "names repeat")
            (self.names, keys) = (names, names.map(NameKey.init))
        }
    }

    /// The members `names` names that this object has, in that order, as a new
    /// object: a briefing's link (previous, next) from its list entry. Looked up
    /// and set by name, each member's key was made twice and the new object
    /// searched for it before it was added.
    func picking(_ names: Names) -> TemplateObject {
        let picked = TemplateObject(minimumCapacity: names.names.count)
        for (name, key) in zip(names.names, names.keys) {
            guard let position = storage.position(of: name, key: key) else { continue }
            picked.storage.append(name, key: key, storage.value(at: position))
        }
        return picked
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

        /// Starts loading what a render of the object will read (see
        /// `MustacheRenderer.renderSection`); `headerOnly`: only the storage
        /// object, whose fields say where the rest is. Not retained: the list
        /// entries pages prefetch are shared by every page and both cores, and
        /// retaining and releasing each made the two fight over its count.
        func prefetch(headerOnly: Bool) {
            if headerOnly {
                sitegen_prefetch(storage.toOpaque())
            } else {
                storage._withUnsafeGuaranteedRef { $0.prefetchBlock() }
            }
        }

        /// Where the member's value lives, valid while the object is alive and
        /// unchanged; `text`: the bytes of its text when it keeps them (`TextBytes`).
        /// (Not returned as an optional pair: debug builds of Swift 6.3 read such
        /// an optional as present when its value pointer was null.)
        func member(_ name: String, key: NameKey, text: inout TextBytes) -> UnsafePointer<TemplateValue>? {
            storage._withUnsafeGuaranteedRef { members in
                guard let position = members.position(of: name, key: key) else { return nil }
                text = members.textBytes(at: position)
                return members.valueAddress(at: position)
            }
        }
    }

    /// The same members, with the bytes of their texts of more than 15 bytes
    /// copied beside them, in the object's own block: for an object that many
    /// pages show, such as a briefing's list entry. Its texts (titles,
    /// summaries) otherwise stay wherever they were made, strewn over the heap
    /// while content was read, and rendering missed the cache on each one.
    func compacted() -> TemplateObject {
        var copy = self
        copy.compact()  // Shared with `self`: copied, not moved.
        return copy
    }

    /// Makes this object `compacted()`; when no other object shares its members,
    /// they move into the compacted block instead of being copied.
    mutating func compact() {
        // Asked first: the call below holds the storage too.
        let alone = isKnownUniquelyReferenced(&storage)
        storage = storage.copy(compacting: true, emptying: alone)
    }

    /// Valid only while this object is alive and unchanged.
    var borrowed: Borrowed { Borrowed(storage: .passUnretained(storage)) }

    private mutating func uniqueStorage() -> Members {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }
}

extension TemplateValue {
    /// The object this value is, read without retaining it; valid while the value is.
    var borrowedObject: TemplateObject.Borrowed? {
        guard case .object(let object) = self else { return nil }
        return object.borrowed
    }
}

extension UnsafePointer<TemplateValue> {
    /// Starts loading the object the value here is, if it is one (`TemplateObject.prefetch`),
    /// read in place: a value copied out of a list to ask would be retained and released.
    func prefetchObject(headerOnly: Bool) { pointee.borrowedObject?.prefetch(headerOnly: headerOnly) }
}
