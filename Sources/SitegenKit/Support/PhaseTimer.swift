import Foundation

/// Wall time of each build phase, printed to stderr when `SITEGEN_TIMINGS` is
/// set: where a slow build spends its time, without a profiler.
final class PhaseTimer: Sendable {
    static let enabled = ProcessInfo.processInfo.environment["SITEGEN_TIMINGS"] != nil
    private let started = DispatchTime.now().uptimeNanoseconds

    func mark(_ phase: String) {
        guard Self.enabled else { return }
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
        FileHandle.standardError.write(Data("sitegen: \(String(format: "%8.1f", milliseconds)) ms  \(phase)\n".utf8))
    }
}
