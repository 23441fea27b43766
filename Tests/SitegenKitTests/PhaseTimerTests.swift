import Testing

@testable import SitegenKit

/// The mark lines `bench/ab.py` and `bench/phase_profile.py` read back.
@Suite("Phase timings")
struct PhaseTimerTests {
    @Test("a mark gives wall time, CPU time and page faults, then the phase")
    func plainMark() {
        let line = PhaseTimer.line("cache loaded", milliseconds: 61.54, cpu: 98.21, faults: 6657, heapMiB: nil, clock: nil)
        #expect(line == "sitegen:     61.5 ms (CPU    98.2 ms,    6657 faults)  cache loaded\n")
    }

    @Test("SITEGEN_TIMINGS=heap adds the heap inside the parentheses, =perf the clock after the phase")
    func heapAndClock() {
        let heap = PhaseTimer.line("published", milliseconds: 716.8, cpu: 1368.7, faults: 44158, heapMiB: 161, clock: nil)
        #expect(heap == "sitegen:    716.8 ms (CPU  1368.7 ms,   44158 faults, heap   161 MiB)  published\n")
        let clock = PhaseTimer.line("published", milliseconds: 1, cpu: 2, faults: 3, heapMiB: nil, clock: 123_456_789)
        #expect(clock == "sitegen:      1.0 ms (CPU     2.0 ms,       3 faults)  published @123456789\n")
    }
}
