import Foundation

/// Values kept alive until the process exits, so they are never freed one
/// allocation at a time: a one-shot `sitegen build` ends right after its
/// report, and freeing tens of thousands of strings and arrays first only
/// delays the exit. The same trick as clang's `-disable-free`.
enum LeftForExit {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept: [Any] = []  // Guarded by `lock`.

    static func keep(_ values: [Any]) {
        lock.withLock { kept.append(values) }
    }
}
