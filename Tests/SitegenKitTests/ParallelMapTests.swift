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

    @Test("parallelMap makes each result once, in its place: objects made are all held, then all freed")
    func resultsHeldOnce() {
        for threads in [1, 2, 4] {
            var made: [Counted]? = Array(0..<5_000).parallelMap(threads: threads) { _ in Counted() }
            #expect(Counted.count == 5_000, "\(threads) threads")
            #expect(Set(made!.map(ObjectIdentifier.init)).count == 5_000)
            made = nil
            #expect(Counted.count == 0, "\(threads) threads")
        }
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

    @Test("BackgroundResult works on its own thread while the caller goes on, or on demand with one thread")
    func backgroundResult() {
        let caller = pthread_self()
        let started = NSCondition()
        nonisolated(unsafe) var onCaller: Bool?  // Written under `started` before it is signalled.
        let background = BackgroundResult(threads: 2) { () -> Int in
            started.withLock {
                onCaller = pthread_equal(pthread_self(), caller) != 0
                started.signal()
            }
            return 42
        }
        // It starts without being asked for its value.
        started.withLock { while onCaller == nil { started.wait() } }
        #expect(onCaller == false)
        #expect(background.value == 42)
        #expect(background.value == 42)
        nonisolated(unsafe) var runs = 0
        let onDemand = BackgroundResult(threads: 1) { () -> Int in
            runs += 1
            return 7
        }
        #expect(runs == 0)
        #expect(onDemand.value == 7 && onDemand.value == 7)
        #expect(runs == 1)
        // A value known already is simply there.
        #expect(BackgroundResult(value: 9).value == 9)
        // Taken, the value is the caller's alone, to change.
        var taken = BackgroundResult(threads: 2) { Set(0..<1_000) }.take()
        taken.insert(1_000)
        #expect(taken == Set(0...1_000))
    }
}
