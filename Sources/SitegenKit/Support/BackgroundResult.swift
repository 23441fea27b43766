import Foundation

/// A value worked out on a thread of its own while the caller goes on, for
/// stretches where the caller keeps one core busy and the other would idle.
/// With one thread allowed, the work is done when the value is asked for.
final class BackgroundResult<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    private let work: @Sendable () -> Value
    /// Written once, by the working thread before it leaves `done` (or by
    /// `value` itself with one thread), and read only after `done` is waited for.
    private var result: Value?

    init(threads: Int = ParallelismSettings.threads, _ work: @escaping @Sendable () -> Value) {
        self.work = work
        guard threads > 1 else { return }
        done.enter()
        Thread.detachNewThread { [self] in
            result = work()
            done.leave()
        }
    }

    /// A value known already: no work, nothing to wait for.
    init(value: Value) {
        result = value
        work = { value }
    }

    /// Waits for the work when it is still running.
    var value: Value {
        done.wait()
        if result == nil { result = work() }
        return result!
    }

    /// The value, no longer held here (asked for again, it would be worked out
    /// again): a collection the caller changes is then not copied first.
    func take() -> Value {
        let value = self.value
        result = nil
        return value
    }
}
