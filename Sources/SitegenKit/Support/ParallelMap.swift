import Dispatch
import Foundation

/// Where the results go: the new array's own storage, written by many threads.
///
/// `@unchecked Sendable` is safe here: `parallelMap` hands every index to exactly
/// one iteration of `concurrentPerform`, so no element is written twice or read
/// while written, and the array is only read after `concurrentPerform` has returned.
private struct ResultSlots<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}

extension Collection where Index == Int, Self: Sendable {
    /// `map` spread over every core, in order. Work is handed out in small chunks so
    /// one slow item (a huge briefing) does not leave the other cores idle.
    ///
    /// Each result is made in its place in the array returned. Made in slots of
    /// optionals and then copied out, every result was retained and released
    /// again on the calling thread, with the other cores idle: for ten thousand
    /// briefings, or their pages, a millisecond or more per call, several calls a build.
    func parallelMap<T>(threads: Int = ParallelismSettings.threads, _ transform: @Sendable (Element) -> T) -> [T] {
        let count = self.count
        guard count > 1, threads > 1 else { return map(transform) }
        let chunk = Swift.max(1, Swift.min(64, count / (threads * 8)))
        let chunks = (count + chunk - 1) / chunk
        let start = startIndex
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let slots = ResultSlots(base: buffer.baseAddress!)  // count > 1: not empty.
            DispatchQueue.concurrentPerform(iterations: chunks) { chunkIndex in
                let lower = chunkIndex * chunk
                let upper = Swift.min(count, lower + chunk)
                for offset in lower..<upper {
                    (slots.base + offset).initialize(to: transform(self[start + offset]))
                }
            }
            // Every element was made above: `transform` cannot throw, and a trap ends the process.
            initialized = count
        }
    }
}

extension Collection where Index == Int, Self: Sendable {
    /// `forEach` spread over every core. Every element is done; then the first
    /// failure, in the collection's order, is thrown, so the error reported does
    /// not depend on which thread got there first.
    func parallelForEach(_ body: @Sendable (Element) throws(Diagnostic) -> Void) throws(Diagnostic) {
        let failures = parallelMap { element -> Diagnostic? in
            do throws(Diagnostic) {
                try body(element)
                return nil
            } catch {
                return error
            }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
    }
}

/// Lets go of `values` on every core, a run of them per task, rather than one
/// after another on the thread that held them last: freeing a value that holds
/// many others (strings, lists, objects) is work too. A few are let go as usual.
func releaseOnEveryCore<T>(_ values: consuming [T]) {
    guard values.count >= 1024 else { return }
    let held = values.indices.runs(of: 256).map { HeldValues(Array(values[$0])) }
    // Only the runs hold the values now: each is freed where its run is emptied.
    _ = consume values
    _ = held.parallelMap { $0.values = [] }
}

/// A run of values for `releaseOnEveryCore`. `@unchecked Sendable`: each run is
/// emptied by the one task that is handed it, and read by nothing else.
private final class HeldValues<T>: @unchecked Sendable {
    var values: [T]
    init(_ values: [T]) { self.values = values }
}

extension Range<Int> {
    /// The range cut into consecutive runs of `length` (the last may be shorter):
    /// work spread over the cores a run at a time, each run's result joined in order.
    func runs(of length: Int) -> [Range<Int>] {
        stride(from: lowerBound, to: upperBound, by: length).map { $0..<Swift.min($0 + length, upperBound) }
    }
}

/// How many threads the build uses. `SITEGEN_THREADS` overrides the core count so
/// determinism can be tested with 1 and 2 threads.
public enum ParallelismSettings {
    public static let threads: Int = {
        if let text = getenv("SITEGEN_THREADS").map({ String(cString: $0) }), let value = Int(text), value > 0 {
            return value
        }
        return ProcessInfo.processInfo.activeProcessorCount
    }()
}
