import Dispatch
import Foundation
import Lifecycle
import Locking
import Net
import Telemetry

/// Gives the memory that glibc's arenas keep after a burst of allocations back to the system.
///
/// Exists because a one-off burst (a settlement wave that releases thousands of bids in one writer batch: a
/// multi-megabyte changeset, SQLite's session and page memory, the events and their frames) is freed afterwards, but
/// the arenas keep those pages for later mallocs: RSS stepped up by 11-14 MiB at such a wave and never came down. On
/// the `worldgame-heap-trim` thread, every `interval`, the trimmer reads the allocator's statistics; when the free
/// bytes the arenas keep have grown by `burstBytes` since the last trim (or since start), it calls `malloc_trim(0)`,
/// which hands whole free pages back (`madvise(MADV_DONTNEED)`; the chunks stay free for later use, so the allocator
/// loses nothing). Steady churn does not grow the free bytes by that much, so a trim is rare (about one per burst);
/// each walks every arena under its lock for a few milliseconds. State: a `Locked` baseline; any thread may call
/// `check()` (the thread, and tests).
public final class HeapTrimmer: Service {
    /// When to look and how large a burst must be.
    public struct Configuration: Sendable {
        /// How often the statistics are read.
        public var interval: Duration
        /// Growth of the arenas' free bytes since the last trim that triggers the next one.
        public var burstBytes: Int

        public init(interval: Duration = .seconds(30), burstBytes: Int = 8 << 20) {
            self.interval = interval
            self.burstBytes = burstBytes
        }
    }

    public let configuration: Configuration
    private let logger: Logger
    private let statistics: @Sendable () -> SystemMalloc.Statistics
    private let trim: @Sendable () -> Bool
    /// The arenas' free bytes right after the last trim (0 before the first), and how many trims ran.
    private let state = Locked((baselineFreeBytes: 0, trims: 0))
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let isRunning = Locked(false)
    private let trimsCounter: Counter?

    /// - Parameters:
    ///   - registry: where `worldgame_malloc_trims_total` goes (nil: nowhere).
    ///   - statistics: the allocator's statistics (nil: `SystemMalloc.statistics`; tests inject their own).
    ///   - trim: gives free pages back, returns whether any went (nil: `SystemMalloc.trim`).
    /// - Throws: `MetricsError` when the counter's name is already registered.
    public init(configuration: Configuration = Configuration(), logger: Logger, registry: MetricsRegistry? = nil,
                statistics: (@Sendable () -> SystemMalloc.Statistics)? = nil,
                trim: (@Sendable () -> Bool)? = nil) throws {
        self.configuration = configuration
        self.logger = logger
        self.statistics = statistics ?? { SystemMalloc.statistics() }
        self.trim = trim ?? { SystemMalloc.trim() }
        trimsCounter = try registry?.makeCounter(
            "worldgame_malloc_trims_total",
            help: "malloc_trim calls made after the allocator's free bytes grew by a burst (HeapTrimmer).")
    }

    /// Trims run since start.
    public var trimCount: Int { state.withLock { $0.trims } }

    /// One round: trims when the free bytes grew by `burstBytes` since the last trim; returns whether it trimmed.
    @discardableResult
    public func check() -> Bool {
        let before = statistics()
        let baseline = state.withLock { $0.baselineFreeBytes }
        guard before.freeBytes - baseline >= configuration.burstBytes else {
            // Free memory handed back to the system by glibc itself (or reused) lowers the baseline, so the next
            // burst is measured from where the arenas are now.
            if before.freeBytes < baseline { state.withLock { $0.baselineFreeBytes = before.freeBytes } }
            return false
        }
        let released = trim()
        let after = statistics()
        state.withLock { $0 = (baselineFreeBytes: after.freeBytes, trims: $0.trims + 1) }
        trimsCounter?.increment()
        logger.info("heap trimmed", [("free_bytes", .int(Int64(before.freeBytes))),
                                     ("in_use_bytes", .int(Int64(before.inUseBytes))),
                                     ("baseline_free_bytes", .int(Int64(baseline))), ("released", .bool(released))])
        return true
    }

    public var name: String { "heap-trimmer" }

    /// Checks every `interval` on the `worldgame-heap-trim` thread until stopped.
    public func start() {
        guard isRunning.withLock({ running in defer { running = true }; return !running }) else { return }
        let milliseconds = Int(configuration.interval.milliseconds)
        let thread = Thread { [self] in
            while wake.wait(timeout: .now() + .milliseconds(milliseconds)) == .timedOut {
                check()
            }
            finished.signal()
        }
        thread.name = "worldgame-heap-trim"
        thread.start()
    }

    /// Stops the thread (waits up to 2 s for it). Idempotent.
    @discardableResult
    public func stop(deadline: Duration) -> Bool {
        guard isRunning.withLock({ running in defer { running = false }; return running }) else { return true }
        wake.signal()
        return finished.wait(timeout: .now() + 2) == .success
    }
}
