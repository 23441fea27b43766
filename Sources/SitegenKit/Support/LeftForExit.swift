import CSitegenSystem
import Foundation

/// Values kept alive until the process exits, so they are never freed one
/// allocation at a time: a one-shot `sitegen build` ends right after its
/// report, and freeing tens of thousands of strings and arrays first only
/// delays the exit. The same trick as clang's `-disable-free`.
enum LeftForExit {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept: [Any] = []  // Guarded by `lock`.

    /// Memory of a one-shot build is kept, so the heap may as well grow in large steps.
    static func growHeapInLargeSteps() { sitegen_grow_heap_in_large_steps() }

    static func keep(_ values: [Any]) {
        lock.withLock { kept.append(values) }
    }
}
