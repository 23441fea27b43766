/// The members of a template object, by name.
///
/// Not a dictionary: a page context holds a handful of members per object and
/// is looked up hundreds of times per page, inner objects first. Hashing every
/// name at every level was a fifth of a full build's time; comparing a few short
/// names (two machine words each, up to 15 bytes) costs less than hashing one.
/// An object with many members (a briefing's `params` may hold any number) also
/// gets an index, so a lookup never scans far. The members live in one shared
/// buffer, copied only when a shared object is changed: rendering copies
/// objects constantly, and each copy then retains one reference.
public struct TemplateObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    private final class Members: @unchecked Sendable {
        // Changed only while uniquely referenced (`uniqueStorage()`), so never
        // while shared across threads or read elsewhere: the runtime's access
        // checks, a tenth of every lookup, are left out.
        @exclusivity(unchecked) var names: [String] = []
        @exclusivity(unchecked) var values: [TemplateValue] = []
        @exclusivity(unchecked) var index: [String: Int]?

        func copy() -> Members {
            let copy = Members()
            (copy.names, copy.values, copy.index) = (names, values, index)
            return copy
        }
    }

    private var storage = Members()
    private static let indexedFrom = 16

    public init() {}

    public init(minimumCapacity: Int) {
        storage.names.reserveCapacity(minimumCapacity)
        storage.values.reserveCapacity(minimumCapacity)
    }

    /// The first value of a repeated name wins, as in a dictionary literal read by `Dictionary(_:uniquingKeysWith:)`.
    public init(_ members: some Sequence<(String, TemplateValue)>) {
        for (name, value) in members where position(of: name) == nil { append(name, value) }
    }

    public init(dictionaryLiteral members: (String, TemplateValue)...) { self.init(members) }

    public var count: Int { storage.names.count }
    public var isEmpty: Bool { storage.names.isEmpty }

    public subscript(name: String) -> TemplateValue? {
        get { position(of: name).map { storage.values[$0] } }
        set {
            switch (position(of: name), newValue) {
            case (let at?, let value?): uniqueStorage().values[at] = value
            case (nil, let value?): append(name, value)
            case (let at?, nil):
                let members = uniqueStorage()
                members.names.remove(at: at)
                members.values.remove(at: at)
                if members.index != nil { Self.rebuildIndex(members) }
            case (nil, nil): break
            }
        }
    }

    /// Members of `other` join this object; `combine` picks the value of a name both have.
    public mutating func merge(_ other: TemplateObject, uniquingKeysWith combine: (TemplateValue, TemplateValue) -> TemplateValue) {
        for (name, value) in other { self[name] = self[name].map { combine($0, value) } ?? value }
    }

    public func makeIterator() -> Zip2Sequence<[String], [TemplateValue]>.Iterator {
        zip(storage.names, storage.values).makeIterator()
    }

    /// Same members with equal values, in any order.
    public static func == (a: TemplateObject, b: TemplateObject) -> Bool {
        a.count == b.count && a.allSatisfy { b[$0.0] == $0.1 }
    }

    private func position(of name: String) -> Int? {
        if let index = storage.index { return index[name] }
        return storage.names.withUnsafeBufferPointer { names in
            for at in names.indices where names[at] == name { return at }
            return nil
        }
    }

    private mutating func uniqueStorage() -> Members {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    private mutating func append(_ name: String, _ value: TemplateValue) {
        let members = uniqueStorage()
        members.names.append(name)
        members.values.append(value)
        if members.index != nil {
            members.index?[name] = members.names.count - 1
        } else if members.names.count >= Self.indexedFrom {
            Self.rebuildIndex(members)
        }
    }

    private static func rebuildIndex(_ members: Members) {
        members.index =
            members.names.count >= indexedFrom ? Dictionary(uniqueKeysWithValues: zip(members.names, members.names.indices)) : nil
    }
}
