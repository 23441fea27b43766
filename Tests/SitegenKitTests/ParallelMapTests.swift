import Foundation
import Testing

@testable import SitegenKit

/// Counts the instances alive, from any thread.
private final class Counted: @unchecked Sendable {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var alive = 0  // Guarded by `lock`.
    static var count: Int { lock.withLock { alive } }

    init() { Self.lock.withLock { Self.alive += 1 } }
    deinit { Self.lock.withLock { Self.alive -= 1 } }
}

@Suite("Parallel helpers", .serialized)
struct ParallelMapTests {
    @Test("parallelMap keeps the order of its input, on one thread and on several")
    func order() {
        let numbers = Array(0..<10_000)
        #expect(numbers.parallelMap { $0 * 2 } == numbers.map { $0 * 2 })
        #expect(numbers.parallelMap(threads: 1) { $0 * 2 } == numbers.map { $0 * 2 })
        #expect([Int]().parallelMap { $0 }.isEmpty)
    }

    @Test("releaseOnEveryCore frees every value it is given, in runs or, for a few, at once")
    func releasesEverything() {
        for count in [0, 3, 1023, 1024, 5000] {
            let values = (0..<count).map { _ in Counted() }
            #expect(Counted.count == count)
            // Handed over: by the time the call returns, nothing holds them.
            releaseOnEveryCore(consume values)
            #expect(Counted.count == 0, "\(count) values")
        }
    }
}
