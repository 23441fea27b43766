import Foundation

/// The current stamps of the spare's recorded folders, read on a thread of
/// their own from when the cache is loaded, while the build reads content and
/// assembles the site (stretches that keep one core busy, not two). Seventeen
/// thousand folder lookups were a fifth of a warm build; the pruner compares
/// what this read with what the cache recorded.
///
/// Started only while the build holds the output's lock (`OutputLock`): no
/// other build can change the spare between the reading and the pruning.
final class SpareStampReader: Sendable {
    /// The spare's recorded folders and stamps, in the order `now` follows.
    let recorded: [(String, FolderStamp)]
    private let stamps: BackgroundResult<[FolderStamp]>

    init(spare: String, recorded: [(String, FolderStamp)], threads: Int = ParallelismSettings.threads) {
        self.recorded = recorded
        let folder = OpenFolder(spare)
        let paths = recorded.map(\.0)
        // On one thread: the point is to use a core the build leaves idle.
        stamps = BackgroundResult(threads: threads) { FolderStamp.read(paths, in: folder, threads: 1) }
    }

    /// The stamps as they are now, one per recorded folder; `untrusted` where
    /// there is no folder.
    var now: [FolderStamp] { stamps.value }
}
