import Foundation

/// The current stamps of the spare's recorded folders, read on a thread of
/// their own from when the cache is loaded, while the build reads content and
/// assembles the site (stretches that keep one core busy, not two). Seventeen
/// thousand folder lookups were a fifth of a warm build; the pruner compares
/// what this read with what the cache recorded.
///
/// Started only while the build holds the output's lock (`OutputLock`): no
/// other build can change the spare between the reading and the pruning.
final class SpareStampReader: @unchecked Sendable {
    /// The spare's recorded folders and stamps, in the order `now` follows.
    let recorded: [(String, FolderStamp)]
    private let folder: OpenFolder?
    private let done = DispatchGroup()
    /// Written once, by the reading thread before it leaves `done` (or by `now`
    /// itself with one thread), and read only after `done` is waited for.
    private var stamps: [FolderStamp]?

    init(spare: String, recorded: [(String, FolderStamp)], threads: Int = ParallelismSettings.threads) {
        self.recorded = recorded
        folder = OpenFolder(spare)
        guard threads > 1 else { return }
        done.enter()
        Thread.detachNewThread { [self] in
            stamps = read()
            done.leave()
        }
    }

    /// The stamps as they are now, one per recorded folder; `untrusted` where
    /// there is no folder.
    var now: [FolderStamp] {
        done.wait()
        if stamps == nil { stamps = read() }
        return stamps ?? []
    }

    /// On one thread: the point is to use a core the build leaves idle.
    private func read() -> [FolderStamp] { FolderStamp.read(recorded.map(\.0), in: folder, threads: 1) }
}
