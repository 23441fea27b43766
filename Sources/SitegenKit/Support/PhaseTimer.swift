import CSitegenSystem
import Foundation

/// Wall time of each build phase, and the process's CPU time and page faults so
/// far, printed to stderr when `SITEGEN_TIMINGS` is set: where a slow build
/// spends its time, without a profiler. Page faults count the pages of memory
/// the process touched for the first time, each dear on a virtual machine whose
/// host takes freed memory back (README, "Why this host has slow spells").
///
/// `SITEGEN_TIMINGS=heap` adds the heap in use at each mark (glibc's
/// `mallinfo2`), which walks every free block: 4 ms over the ten marks of a
/// cold build of 10,000 briefings, which the phases' times then include, and
/// more on a heap with more free blocks.
///
/// `SITEGEN_TIMINGS=perf` also ends each line with the monotonic clock in
/// nanoseconds (`@123456789`), the clock `perf record -k CLOCK_MONOTONIC`
/// stamps samples with: `bench/phase_profile.py` sorts a profile by phase.
final class PhaseTimer: Sendable {
    private static let setting = ProcessInfo.processInfo.environment["SITEGEN_TIMINGS"]
    static let enabled = setting != nil
    private static let stampsClock = setting == "perf"
    private static let showsHeap = setting == "heap"
    private let started = PhaseTimer.monotonicNanoseconds()

    func mark(_ phase: String) {
        guard Self.enabled else { return }
        let now = Self.monotonicNanoseconds()
        let milliseconds = Double(now - started) / 1_000_000
        // CPU time of every thread so far: a phase whose CPU grows no faster
        // than its wall time ran on one core.
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        let cpu = Self.milliseconds(usage.ru_utime) + Self.milliseconds(usage.ru_stime)
        let heap = Self.showsHeap ? sitegen_heap_in_use() : -1
        let line = Self.line(
            phase, milliseconds: milliseconds, cpu: cpu, faults: Int(usage.ru_minflt),
            heapMiB: heap < 0 ? nil : Int(heap >> 20), clock: Self.stampsClock ? now : nil)
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// One mark as printed; `bench/ab.py` and `bench/phase_profile.py` read it back.
    static func line(_ phase: String, milliseconds: Double, cpu: Double, faults: Int, heapMiB: Int?, clock: Int?) -> String {
        let heap = heapMiB.map { String(format: ", heap %5d MiB", $0) } ?? ""
        let figures = String(format: "%8.1f ms (CPU %7.1f ms, %7d faults", milliseconds, cpu, faults) + heap + ")"
        return "sitegen: \(figures)  \(phase)\(clock.map { " @\($0)" } ?? "")\n"
    }

    private static func monotonicNanoseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int(now.tv_sec) * 1_000_000_000 + Int(now.tv_nsec)
    }

    private static func milliseconds(_ time: timeval) -> Double { Double(time.tv_sec) * 1000 + Double(time.tv_usec) / 1000 }
}
