/// A set of strings that usually holds a handful: the keys of one front matter
/// mapping, one briefing's tag slugs. Up to `linearLimit` they sit in an array
/// and are compared one by one, as short strings compare without hashing; past
/// that a `Set` takes over, so a file with thousands of keys is not quadratic.
/// Made for every mapping of every briefing, a `Set` allocated its table and
/// hashed every key with SipHash.
struct FewStrings {
    private static let linearLimit = 16
    private var few: [String] = []
    private var many: Set<String>?

    init() { few.reserveCapacity(8) }

    /// Adds `string`; false when it was there already.
    mutating func insert(_ string: String) -> Bool {
        if let inserted = many?.insert(string).inserted { return inserted }
        guard !few.contains(string) else { return false }
        few.append(string)
        if few.count > Self.linearLimit { (many, few) = (Set(few), []) }
        return true
    }
}
