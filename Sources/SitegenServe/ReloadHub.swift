/// Tells every open browser tab that a new build is in place. Each tab holds a
/// server-sent-events stream; a build ends by sending each one a message.
actor ReloadHub {
    private var listeners: [Int: AsyncStream<Int>.Continuation] = [:]
    private var nextID = 0
    private(set) var generation = 0

    func subscribe() -> (id: Int, stream: AsyncStream<Int>) {
        let (stream, continuation) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
        nextID += 1
        listeners[nextID] = continuation
        return (nextID, stream)
    }

    func unsubscribe(_ id: Int) {
        listeners.removeValue(forKey: id)?.finish()
    }

    func broadcast() {
        generation += 1
        for continuation in listeners.values { continuation.yield(generation) }
    }

    var listenerCount: Int { listeners.count }

    func finishAll() {
        for continuation in listeners.values { continuation.finish() }
        listeners = [:]
    }
}
