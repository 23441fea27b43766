/// When each briefing record's file was last modified, kept apart from the
/// records (`times.bin`). A fresh checkout (CI) gives every content file a new
/// mtime and the same bytes: with the mtimes inside the records, every shard
/// was written again after such a build, 67 MB for 10,000 briefings and most of
/// its cache save. Now only this file changes, eight bytes a briefing.
///
/// Per shard, the times follow the order of the shard file's records, and
/// come with the checksum of the shard file they were written for. Times for
/// another version of a shard (a save stopped between the two files, a file
/// copied back by hand) are not used: its records are then checked by their
/// bytes' hash, as after a checkout, and the build is still right.
struct RecordTimes: Sendable, Equatable {
    struct Shard: Sendable, Equatable {
        /// The checksum of the shard file's checked part (see `BuildCache.seal`).
        var checksum: UInt64
        /// Nanoseconds, or -1 for a time not to be trusted.
        var modified: [Int]
    }

    /// By shard number; a shard never written has none.
    var shards: [Shard?]

    init(shards: [Shard?] = Array(repeating: nil, count: BuildCache.shardCount)) {
        self.shards = shards
    }

    /// The times of a shard file with this checksum holding `count` records,
    /// or nil when they were written for another version of it.
    func modified(ofShard shard: Int, checksum: UInt64, count: Int) -> [Int]? {
        guard shard < shards.count, let times = shards[shard], times.checksum == checksum, times.modified.count == count else {
            return nil
        }
        return times.modified
    }

    func write(to out: inout CacheWriter) {
        out.unsigned(UInt64(shards.count))
        for shard in shards {
            out.optional(shard) { out, shard in
                out.fixed(shard.checksum)
                out.unsigned(UInt64(shard.modified.count))
                for time in shard.modified { out.fixedInt(time) }
            }
        }
    }

    init(from input: inout CacheReader) throws(CacheDamage) {
        let count = try input.count()
        guard count == BuildCache.shardCount else { throw CacheDamage() }
        shards = try (0..<count).map { _ throws(CacheDamage) in
            try input.optional { (input: inout CacheReader) throws(CacheDamage) in
                let checksum = try input.fixed()
                let times = try input.count()
                return Shard(checksum: checksum, modified: try (0..<times).map { _ throws(CacheDamage) in try input.fixedInt() })
            }
        }
    }
}
