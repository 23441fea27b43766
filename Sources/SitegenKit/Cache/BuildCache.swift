import Foundation

/// `.sitegen-cache/`: what the last successful build learned, so the next one
/// redoes only what changed. Unchanged briefings are not read, parsed or
/// rendered again, and unchanged output files are not rewritten.
///
/// Never trusted blindly: a cache from another sitegen version, from other
/// settings that shape every briefing (time zone, unsafeHTML), or failing its
/// checksum is ignored with a note, and the build starts from scratch. Output is
/// byte-identical with and without it.
///
/// A file's checksum covers everything but the rendered bodies, which follow
/// it, each with its own hash (`CacheWriter.html`): loading reads a tenth of
/// the bytes. A body is checked when first used, and a build that finds one
/// damaged publishes nothing and builds again without the cache
/// (`damagedBodies`, `SiteGenerator`).
struct BuildCache: Sendable {
    /// Bumped whenever the encoding or the meaning of a record changes, and
    /// whenever sitegen writes other bytes for the same inputs: the output
    /// manifest's fingerprints stand for the bytes of the files they kept.
    /// (8: feed entries' HTML as CDATA in Atom, JSON Feed HTML without `\u003c`.)
    /// (9: a body's first paragraph, heading ids and links as one blob, read only when asked for.)
    /// (10: rendered bodies in a tail after the checksummed part, each checked by its hash when used.)
    /// (11: hashes and nanosecond times in eight fixed bytes instead of varints.)
    /// (12: a briefing's params as one blob, decoded only when a page shows them.)
    /// (13, 14: page fingerprints hashed word by word, texts by their XXH64, `FingerprintBuilder`.)
    /// (15: content files' mtimes in `times.bin`, not in the records, `RecordTimes`.)
    /// (16: no first paragraph in a body's details: only a briefing without a summary needs it, once.)
    static let formatVersion = 16
    static let folderName = ".sitegen-cache"
    private static let magic = Array("sitegen build cache\n".utf8)
    /// Briefings are spread over this many files by a hash of their path, so
    /// an edit rewrites one small file, and loading decodes them on every core.
    static let shardCount = 32
    private static let outputsFile = "output.bin"
    private static let stampFile = "stamp.bin"
    private static let spareFile = "spare.bin"
    private static let relatedFile = "related.bin"
    private static let timesFile = "times.bin"

    let folder: URL
    /// Settings every parsed or rendered briefing depends on.
    let fingerprint: String
    var briefings = CachedRecords()
    var outputs = OutputManifest()
    /// The files of the spare beside the output (the site before the published one).
    var spare: OutputManifest?
    /// The spare is the site `outputs` described when the cache was loaded:
    /// its file on disk is renamed to the spare's instead of encoded again.
    private var spareIsLoadedOutputs = false
    /// Related briefings of the last build, reused while dates and tags stay.
    var related: KnownRelated?
    private var relatedOnDisk: UInt64?
    /// Written only when no input changed during the build (see `save`).
    var stamp: InputStamp?
    /// Shards whose records differ from what was loaded: only these are written.
    private var dirtyShards = Set(0..<shardCount)
    /// The shard files loaded, whose bodies are checked as they are used.
    private var shardFiles: [(name: String, file: MappedFile)] = []
    /// The checksum of each shard file loaded: a shard not written again keeps
    /// it, and its records' times are written for it (`RecordTimes`).
    private var shardChecksums = [UInt64?](repeating: nil, count: shardCount)

    /// An empty cache, to be filled by the build and saved in `folder`.
    init(folder: URL, fingerprint: String) {
        (self.folder, self.fingerprint) = (folder, fingerprint)
    }

    static func fingerprint(config: SiteConfig) -> String {
        "sitegen \(SitegenVersion.current); time zone \(config.timeZone.identifier); unsafeHTML \(config.unsafeHTML)"
    }

    /// The cache in `folder`, or an empty one and a note saying why the stored one was not used.
    static func load(folder: URL, fingerprint: String) -> (BuildCache, note: String?) {
        var cache = BuildCache(folder: folder, fingerprint: fingerprint)
        guard FileManager.default.fileExists(atPath: folder.path) else { return (cache, nil) }
        do throws(CacheProblem) {
            // The records' times first (a few kilobytes): each shard takes its own as it is decoded.
            let times = try readTimes(in: folder, fingerprint: fingerprint)
            // Every file decoded at once, the two manifests first: they take longest.
            let parts = ([.outputs, .spare, .related] + (0..<shardCount).map(Part.shard)).parallelMap { part in
                Result { () throws(CacheProblem) in try readPart(part, in: folder, fingerprint: fingerprint, times: times) }
            }
            var shards = [[String: CachedBriefing]](repeating: [:], count: shardCount)
            for part in parts {
                switch part {
                case .success(let decoded):
                    if let shard = decoded.shard {
                        shards[shard] = decoded.briefings
                        cache.shardChecksums[shard] = decoded.checksum
                    }
                    if let file = decoded.file, decoded.shard != nil { cache.shardFiles.append((decoded.name, file)) }
                    cache.outputs = decoded.outputs ?? cache.outputs
                    cache.spare = decoded.spare ?? cache.spare
                    cache.related = decoded.related ?? cache.related
                case .failure(let problem): throw problem
                }
            }
            cache.briefings = CachedRecords(shards: shards)
            cache.dirtyShards = []
            cache.relatedOnDisk = cache.related?.signature
            return (cache, nil)
        } catch {
            return (BuildCache(folder: folder, fingerprint: fingerprint), error.note)
        }
    }

    private static func shardFile(_ shard: Int) -> String { "briefings-\(shard < 10 ? "0" : "")\(shard).bin" }

    static func shard(of path: String) -> Int { Int(XXHash64.hash(path) % UInt64(shardCount)) }

    private enum Part: Sendable {
        case shard(Int)
        case outputs, spare, related
    }

    /// What one cache file holds: only the field of its part is set.
    private struct DecodedPart: Sendable {
        var name = ""
        var file: MappedFile?
        var checksum: UInt64?
        var shard: Int?
        var briefings: [String: CachedBriefing] = [:]
        var outputs: OutputManifest?
        var spare: OutputManifest?
        var related: KnownRelated?
    }

    /// A shard that was never written holds no briefings; the spare and the
    /// related lists may be missing too. Only the published site's manifest must be there.
    private static func readPart(_ part: Part, in folder: URL, fingerprint: String, times: RecordTimes) throws(CacheProblem)
        -> DecodedPart
    {
        let name: String
        switch part {
        case .shard(let shard): name = shardFile(shard)
        case .outputs: name = outputsFile
        case .spare: name = spareFile
        case .related: name = relatedFile
        }
        var decoded = DecodedPart(name: name)
        if case .outputs = part {} else if !FileManager.default.fileExists(atPath: folder.appending(path: name).path) { return decoded }
        (_, decoded.file, decoded.checksum) = try read(name, in: folder, fingerprint: fingerprint) {
            (input: inout CacheReader, checksum: UInt64) throws(CacheDamage) in
            switch part {
            case .shard(let shard):
                decoded.shard = shard
                let count = try input.count()
                let modified = times.modified(ofShard: shard, checksum: checksum, count: count)
                decoded.briefings.reserveCapacity(count)
                for ordinal in 0..<count {
                    decoded.briefings[try input.string()] = try CachedBriefing(
                        from: &input, ordinal: ordinal, modified: modified?[ordinal] ?? -1)
                }
            case .outputs: decoded.outputs = try OutputManifest(from: &input, folders: false)
            case .spare: decoded.spare = try OutputManifest(from: &input)
            case .related: decoded.related = try KnownRelated(from: &input)
            }
        }
        return decoded
    }

    /// No times file (a save stopped before writing it) leaves every time unknown;
    /// a damaged one is damage like any other file's.
    private static func readTimes(in folder: URL, fingerprint: String) throws(CacheProblem) -> RecordTimes {
        guard FileManager.default.fileExists(atPath: folder.appending(path: timesFile).path) else { return RecordTimes() }
        return try read(timesFile, in: folder, fingerprint: fingerprint) { (input: inout CacheReader, _) throws(CacheDamage) in
            try RecordTimes(from: &input)
        }.value
    }

    /// This build's briefings; `changed` are those whose record is not exactly as loaded.
    /// `everyRecordSeen`: every path the cache has records for was loaded again,
    /// so no record is dropped and ten thousand paths need not be looked up.
    mutating func replaceBriefings(with records: CachedRecords, changed: [String], everyRecordSeen: Bool = false) {
        for path in changed { dirtyShards.insert(Self.shard(of: path)) }
        if !everyRecordSeen {
            for path in briefings.paths where records[path] == nil { dirtyShards.insert(Self.shard(of: path)) }
        }
        briefings = records
    }

    /// Called before a build changes the output or the spare: a build killed
    /// halfway must leave no record vouching for folders it was changing.
    /// A build published `written` into `root`: the site it replaced becomes the
    /// spare, known as far as `outputs` described that folder.
    mutating func replaceOutputs(with written: OutputManifest, root: String) {
        spareIsLoadedOutputs = outputs.root == root
        spare = spareIsLoadedOutputs ? outputs : OutputManifest()
        spare?.root = root
        outputs = written
        outputs.root = root
    }

    static func damagedNote(_ file: String) -> String { "the build cache (\(file)) is damaged; ignoring it and building from scratch" }

    static func forgetOutputState(folder: URL) {
        for name in [stampFile, spareFile] { try? FileManager.default.removeItem(at: folder.appending(path: name)) }
    }

    static func loadStamp(folder: URL, fingerprint: String) -> InputStamp? {
        try? read(stampFile, in: folder, fingerprint: fingerprint) { (input: inout CacheReader, _) throws(CacheDamage) in
            try InputStamp(from: &input)
        }.value
    }

    /// The published site's files, without the folder stamps (only pruning compares those).
    static func loadOutputs(folder: URL, fingerprint: String) -> (root: String, files: [(String, OutputManifest.Entry)])? {
        try? read(outputsFile, in: folder, fingerprint: fingerprint) { (input: inout CacheReader, _) throws(CacheDamage) in
            try OutputManifest.files(from: &input)
        }.value
    }

    /// Writes the cache; a cache that cannot be written only costs the next build time.
    func save(briefingsModifiedBefore cutoff: Int) -> String? {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let shards = briefings.shards
            let outputsPath = folder.appending(path: Self.outputsFile).path
            let moved = spareIsLoadedOutputs && rename(outputsPath, folder.appending(path: Self.spareFile).path) == 0
            // Every file to write is encoded at once: the manifests take longest, so they go first.
            // A shard comes with the records it holds, in its order: their times are saved in that order.
            var files: [(String, @Sendable () -> (SealedFile, records: [CachedBriefing]))] = [
                (Self.outputsFile, { [outputs] in (seal(outputs.write), []) })
            ]
            if let spare, !moved { files.append((Self.spareFile, { (seal(spare.write), []) })) }
            if let related, related.signature != relatedOnDisk { files.append((Self.relatedFile, { (seal(related.write), []) })) }
            let written = dirtyShards.sorted()
            for shard in written {
                files.append((Self.shardFile(shard), { encode(shards[shard].sorted { $0.key < $1.key }) }))
            }
            let encoded = files.parallelMap { $0.1() }
            for ((name, _), (file, _)) in zip(files, encoded) { try file.write(to: folder.appending(path: name)) }
            // After the shards: times written for a shard file that a stopped save
            // left behind would not match its checksum, and are not used.
            var times = keptTimes(modifiedBefore: cutoff)
            for (shard, (file, records)) in zip(written, encoded.suffix(written.count)) {
                times.shards[shard] = RecordTimes.Shard(checksum: file.checksum, modified: records.map { $0.trustedTime(before: cutoff) })
            }
            try seal(times.write).write(to: folder.appending(path: Self.timesFile))
            if dirtyShards.count == Self.shardCount { removeForeignFiles() }
            if let stamp, !stamp.files.contains(where: { $0.identity.modified >= cutoff }) {
                try seal(stamp.write).write(to: folder.appending(path: Self.stampFile))
            }
            return nil
        } catch let failure as CacheWriteFailure {
            return "could not write the build cache: \(failure)"
        } catch {
            return "could not write the build cache in \(folder.path): \(error.localizedDescription)"
        }
    }

    /// A cache written from scratch replaces one of another format, whose files
    /// (other names, other shard counts) would otherwise stay forever.
    private func removeForeignFiles() {
        let named = [Self.outputsFile, Self.stampFile, Self.spareFile, Self.relatedFile, Self.timesFile]
        let ours = Set((0..<Self.shardCount).map(Self.shardFile) + named)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasSuffix(".bin") && !ours.contains(name) {
            try? FileManager.default.removeItem(at: folder.appending(path: name))
        }
    }

    /// A shard file of `records` (in path order), and the records it holds, in its order.
    private func encode(_ records: [(key: String, value: CachedBriefing)]) -> (SealedFile, records: [CachedBriefing]) {
        // A body found damaged is not carried into the new file: its briefing is read again next time.
        let kept = records.filter { $0.value.body.rendered.isIntact }
        var out = CacheWriter()
        out.reserve(kept.count * 2048)  // A record without its body, generously.
        out.unsigned(UInt64(kept.count))
        for (path, record) in kept {
            out.string(path)
            record.write(to: &out)
        }
        return (seal(out), kept.map(\.value))
    }

    /// The times of the shard files not written again, whose records stand where they were read.
    private func keptTimes(modifiedBefore cutoff: Int) -> RecordTimes {
        var times = RecordTimes()
        for (shard, records) in briefings.shards.enumerated() where !dirtyShards.contains(shard) {
            guard let checksum = shardChecksums[shard] else { continue }
            var modified = [Int](repeating: -2, count: records.count)
            for record in records.values where modified.indices.contains(record.ordinal) && modified[record.ordinal] == -2 {
                modified[record.ordinal] = record.trustedTime(before: cutoff)
            }
            // A record not read from that file would be a bug: the shard's times are then left out, not misplaced.
            if !modified.contains(-2) { times.shards[shard] = RecordTimes.Shard(checksum: checksum, modified: modified) }
        }
        return times
    }

    /// The name of a shard file in which a body this build used failed its
    /// hash, or nil. Such a build must not publish (see `SiteGenerator`).
    var damagedBodies: String? { shardFiles.first { $0.file.foundDamage }?.name }

    // MARK: File framing: magic, version, fingerprint, checksum, checked length, payload, tail

    private func seal(_ write: (inout CacheWriter) -> Void) -> SealedFile {
        var encoded = CacheWriter()
        write(&encoded)
        return seal(encoded)
    }

    /// The checksum covers the payload; the tail of rendered bodies after it is
    /// checked body by body, by the hash written with each.
    private func seal(_ written: CacheWriter) -> SealedFile {
        var header = CacheWriter()
        header.unsigned(UInt64(Self.formatVersion))
        header.string(fingerprint)
        let checksum = XXHash64.hash(written.bytes)
        header.unsigned(checksum)
        header.unsigned(UInt64(written.bytes.count))
        return SealedFile(head: Self.magic + header.bytes, payload: written.bytes, tail: written.tail, checksum: checksum)
    }

    private enum CacheProblem: Error {
        case unreadable(String)
        case otherVersion(String)
        case otherSettings
        case damaged(String)

        var note: String? {
            switch self {
            case .unreadable(let file): "the build cache (\(file)) could not be read; building from scratch"
            case .otherVersion(let writer): "the build cache was written by \(writer); building from scratch"
            case .otherSettings: nil
            case .damaged(let file): BuildCache.damagedNote(file)
            }
        }
    }

    private static func open(_ name: String, in folder: URL, fingerprint: String) throws(CacheProblem) -> (CacheReader, checksum: UInt64) {
        guard let file = MappedFile.map(folder.appending(path: name).path) else { throw .unreadable(name) }
        guard file.bytes.starts(with: magic) else { throw .damaged(name) }
        var reader = CacheReader(file, from: magic.count)
        func field<T>(_ read: (inout CacheReader) throws(CacheDamage) -> T) throws(CacheProblem) -> T {
            let result = Result { () throws(CacheDamage) in try read(&reader) }
            guard case .success(let value) = result else { throw .damaged(name) }
            return value
        }
        guard try field({ (reader: inout CacheReader) throws(CacheDamage) in try reader.unsigned() }) == UInt64(formatVersion) else {
            throw .otherVersion("another sitegen version")
        }
        let stored = try field { (reader: inout CacheReader) throws(CacheDamage) in try reader.string() }
        guard stored == fingerprint else {
            let writer = stored.split(separator: ";").first.map(String.init) ?? "another sitegen version"
            throw writer == "sitegen \(SitegenVersion.current)" ? .otherSettings : .otherVersion(writer)
        }
        let checksum = try field { (reader: inout CacheReader) throws(CacheDamage) in try reader.unsigned() }
        let length = try field { (reader: inout CacheReader) throws(CacheDamage) in try reader.count() }
        let start = reader.offset
        file.prefault(0..<start + length)
        reader = CacheReader(file, from: start, to: start + length)
        guard XXHash64.hash(reader.unread) == checksum else { throw .damaged(name) }
        return (reader, checksum)
    }

    /// One cache file, framing checked, then decoded by `decode` (given the
    /// file's checksum) to the end of its checked part.
    private static func read<T>(
        _ name: String, in folder: URL, fingerprint: String, decode: (inout CacheReader, UInt64) throws(CacheDamage) -> T
    ) throws(CacheProblem) -> (value: T, file: MappedFile, checksum: UInt64) {
        var (input, checksum) = try open(name, in: folder, fingerprint: fingerprint)
        let result = Result { () throws(CacheDamage) in try decode(&input, checksum) }
        guard case .success(let value) = result, input.remaining == 0 else { throw .damaged(name) }
        return (value, input.file, checksum)
    }
}
