/// The cache's briefing records by content path, kept in the tables they were
/// loaded into, one per shard file: merging thirty-two tables into one took
/// 5.7 ms of every warm build with the other core idle, for lookups that can
/// find the shard from the path as cheaply as the file did (`BuildCache.shard`).
struct CachedRecords: Sendable {
    /// One table per shard, by `BuildCache.shard(of:)`; or one table in all.
    private var shards: [[String: CachedBriefing]]

    /// Records as loaded: `shards[i]` holds the paths of shard `i`.
    init(shards: [[String: CachedBriefing]]) {
        precondition(shards.count == BuildCache.shardCount)
        self.shards = shards
    }

    /// Records in one table, as a build made them.
    init(_ records: [String: CachedBriefing] = [:]) { shards = [records] }

    subscript(path: String) -> CachedBriefing? {
        shards.count == 1 ? shards[0][path] : shards[BuildCache.shard(of: path)][path]
    }

    var count: Int { shards.reduce(0) { $0 + $1.count } }

    var paths: some Sequence<String> { shards.lazy.flatMap(\.keys) }

    var all: some Sequence<(key: String, value: CachedBriefing)> { shards.lazy.flatMap { $0 } }
}
