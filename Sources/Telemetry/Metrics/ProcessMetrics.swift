import Foundation

/// Process-level gauges read from `/proc/self` at scrape time: resident memory, open descriptors, uptime, CPU seconds.
///
/// Exists so every node exposes the same resource metrics without a sidecar. Registered once at start-up; the
/// callbacks run on the scraping thread and only read files and the clock. A value the kernel refuses is `NaN`.
public enum ProcessMetrics {
    /// Registers `worldgame_process_resident_memory_bytes`, `worldgame_process_open_fds`,
    /// `worldgame_process_uptime_seconds` and `worldgame_process_cpu_seconds_total`.
    ///
    /// - Parameters:
    ///   - registry: where to register.
    ///   - startTime: when the process started, for the uptime gauge.
    /// - Throws: `MetricsError.duplicateName` if called twice on the same registry.
    public static func register(in registry: MetricsRegistry, startTime: ContinuousClock.Instant) throws(MetricsError) {
        try registry.makeCallbackGauge(
            "worldgame_process_resident_memory_bytes", help: "Resident set size of the process in bytes."
        ) { residentMemoryBytes() ?? .nan }
        try registry.makeCallbackGauge(
            "worldgame_process_open_fds", help: "Open file descriptors of the process."
        ) { openFileDescriptorCount() ?? .nan }
        try registry.makeCallbackGauge(
            "worldgame_process_uptime_seconds", help: "Seconds since the process started."
        ) {
            let (seconds, attoseconds) = (ContinuousClock.now - startTime).components
            return Double(seconds) + Double(attoseconds) * 1e-18
        }
        try registry.makeCallbackCounter(
            "worldgame_process_cpu_seconds_total", help: "User and system CPU time consumed by the process in seconds."
        ) { SystemIO.processCPUSeconds() ?? .nan }
    }

    /// The `VmRSS` line of `/proc/self/status` (kibibytes) in bytes.
    static func residentMemoryBytes() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, let kibibytes = Double(parts[1]) else { return nil }
            return kibibytes * 1024
        }
        return nil
    }

    /// Entries of `/proc/self/fd`, minus the descriptor used to list the directory itself.
    static func openFileDescriptorCount() -> Double? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return nil }
        return Double(max(entries.count - 1, 0))
    }
}
