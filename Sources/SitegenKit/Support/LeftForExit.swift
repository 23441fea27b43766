import CSitegenSystem
import Foundation

/// Values kept alive until the process exits, so they are never freed one
/// allocation at a time: a one-shot `sitegen build` ends right after its
/// report, and freeing tens of thousands of strings and arrays first only
/// delays the exit. The same trick as clang's `-disable-free`.
public enum LeftForExit {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept: [Any] = []  // Guarded by `lock`.

    static func keep(_ values: [Any]) {
        lock.withLock { kept.append(values) }
    }

    /// Values gathered as a stage makes them, all kept when the collection ends.
    final class Collection {
        private var values: [Any] = []

        func keep(_ value: Any) { values.append(value) }

        deinit { LeftForExit.keep(values) }
    }

    /// For a process that builds once and exits: glibc's heaps are made
    /// readable and writable 64 MiB at a time instead of page by page. A
    /// thread's heap otherwise grows with an `mprotect` call for every few
    /// pages it takes (27,700 calls in a full build of 10,000 briefings, 7,000
    /// in a warm one) and gives memory back to the system as it shrinks, to
    /// fault it in again later. Pages not touched cost nothing: peak memory is
    /// the same. Called as `sitegen build` or `check` starts, before other
    /// threads make heaps of their own (a heap keeps the growth step it was made
    /// with). Not for `serve`, which should hand memory back between builds.
    public static func growHeapsInLargeSteps() {
        sitegen_grow_heaps_in_large_steps()
    }
}
