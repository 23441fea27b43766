import Foundation

/// Wall time of each build phase, and the process's CPU time so far, printed to
/// stderr when `SITEGEN_TIMINGS` is set: where a slow build spends its time,
/// without a profiler.
final class PhaseTimer: Sendable {
    static let enabled = ProcessInfo.processInfo.environment["SITEGEN_TIMINGS"] != nil
    private let started = DispatchTime.now().uptimeNanoseconds

    func mark(_ phase: String) {
        guard Self.enabled else { return }
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
        // CPU time of every thread so far: a phase whose CPU grows no faster
        // than its wall time ran on one core.
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        let cpu = Self.milliseconds(usage.ru_utime) + Self.milliseconds(usage.ru_stime)
        let line = String(format: "%8.1f ms (CPU %7.1f ms)  ", milliseconds, cpu)
        FileHandle.standardError.write(Data("sitegen: \(line)\(phase)\n".utf8))
    }

    private static func milliseconds(_ time: timeval) -> Double { Double(time.tv_sec) * 1000 + Double(time.tv_usec) / 1000 }
}
