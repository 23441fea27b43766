/// The cache's briefing records by content path, in one table per shard file
/// (`BuildCache.shard`): loading keeps the tables the files were decoded into,
/// and saving writes a changed shard's table as it is. Merging thirty-two
/// tables into one took 5.7 ms of every warm build with the other core idle,
/// for lookups that find the shard from the path as cheaply as the files do.
struct CachedRecords: Sendable {
    /// `shards[i]` holds the paths of shard `i`.
    private(set) var shards: [[String: CachedBriefing]]

    init(shards: [[String: CachedBriefing]] = Array(repeating: [:], count: BuildCache.shardCount)) {
        precondition(shards.count == BuildCache.shardCount)
        self.shards = shards
    }

    subscript(path: String) -> CachedBriefing? {
        get { shards[BuildCache.shard(of: path)][path] }
        set { shards[BuildCache.shard(of: path)][path] = newValue }
    }

    /// Room for about `count` records in all, spread over the shards.
    mutating func reserveCapacity(_ count: Int) {
        let each = count / shards.count + count / (4 * shards.count) + 1
        for shard in shards.indices { shards[shard].reserveCapacity(each) }
    }

    var count: Int { shards.reduce(0) { $0 + $1.count } }

    var paths: some Sequence<String> { shards.lazy.flatMap(\.keys) }

    var records: some Sequence<CachedBriefing> { shards.lazy.flatMap(\.values) }
}
