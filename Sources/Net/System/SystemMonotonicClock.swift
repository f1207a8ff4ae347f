#if canImport(Glibc)
import Glibc
#endif

/// `CLOCK_MONOTONIC` read as nanoseconds: one time base shared by every process on the machine, so a benchmark can
/// compare an instant taken in one process (a commit) with one taken in another (a client's receipt).
///
/// Stateless; any thread. `ContinuousClock` instants cannot cross a process boundary, these integers can.
package enum SystemMonotonicClock {
    /// Nanoseconds since an unspecified system-wide origin (boot, on Linux).
    package static func nanoseconds() -> Int64 {
        var now = timespec()
        // clock_gettime(CLOCK_MONOTONIC) cannot fail with a valid clock id and pointer.
        _ = clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}

extension SystemMonotonicClock {
    /// The unit of the CPU times in `/proc/PID/stat` (`sysconf(_SC_CLK_TCK)`, 100 on Linux); at least 1.
    package static var processClockTicksPerSecond: Int {
        max(1, sysconf(Int32(_SC_CLK_TCK)))
    }
}
