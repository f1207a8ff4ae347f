import Dispatch
import Foundation
import Lifecycle
import Locking
import Net
import Store
import Telemetry

/// Whether the data dir's disk takes writes, and how much room it has left: the operator's signal for a full disk.
///
/// Exists because a full disk used to answer 500 while `/ready` stayed 200. The writer reports every write the disk
/// refused (`WriterObserver.storageDidFail`: SQLITE_FULL, an I/O error on write or fsync) and every batch that committed
/// changes; a sampler thread (`worldgame-storage`) reads the file system's free bytes with statvfs every
/// `sampleInterval`. While full, `/ready` answers 503 `storage_full` and `worldgame_storage_full` is 1; it clears on
/// its own at the next committed write or at a sample with at least `recoveryFreeBytes` free. Free space under
/// `warnFreeBytes` logs one warning (and one info line when it is back above). The writer's refused batch rolled back
/// whole, so nothing acknowledged is lost. State sits in a `Locked`, held only to copy values in and out; logging and
/// statvfs happen outside it. Any thread.
public final class StorageMonitor: WriterObserver, Service {
    /// What the monitor watches and its thresholds.
    public struct Configuration: Sendable {
        /// The folder whose file system is sampled (the data dir).
        public var dataDirectory: String
        /// A warning is logged when free bytes drop below this (`--storage-warn-free-bytes`).
        public var warnFreeBytes: Int64
        /// A sample with at least this many free bytes clears `storage_full` without waiting for a write.
        public var recoveryFreeBytes: Int64 = 8 << 20
        /// How often the sampler thread reads the free space.
        public var sampleInterval: Duration = .seconds(10)

        public init(dataDirectory: String, warnFreeBytes: Int64, recoveryFreeBytes: Int64 = 8 << 20,
                    sampleInterval: Duration = .seconds(10)) {
            self.dataDirectory = dataDirectory
            self.warnFreeBytes = warnFreeBytes
            self.recoveryFreeBytes = recoveryFreeBytes
            self.sampleInterval = sampleInterval
        }
    }

    /// The monitor's view at one instant.
    public struct Status: Sendable, Equatable {
        /// The disk refused a write and nothing has proved it takes writes again.
        public var isFull = false
        /// Free bytes at the last sample (nil before the first, or when statvfs failed).
        public var freeBytes: Int64?
        public var isBelowWarnFloor = false
        /// The refused write's error, for `/ready`'s message.
        public var lastFailure: String?
    }

    public let configuration: Configuration
    private let logger: Logger
    private let freeBytesOf: @Sendable (String) throws -> Int64
    private let state = Locked(Status())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let isRunning = Locked(false)

    /// - Parameter freeBytesOf: the free bytes of the file system holding a path; nil reads them with statvfs (tests
    ///   inject their own).
    public init(configuration: Configuration, logger: Logger,
                freeBytesOf: (@Sendable (String) throws -> Int64)? = nil) {
        self.configuration = configuration
        self.logger = logger
        self.freeBytesOf = freeBytesOf ?? { path in try SystemFileSystemSpace.sample(path: path).availableBytes }
    }

    /// The current status.
    public var status: Status { state.withLock { $0 } }

    /// `/ready`'s message while the disk is full, nil otherwise.
    public var notReadyMessage: String? {
        let status = status
        guard status.isFull else { return nil }
        let free = status.freeBytes.map { "\($0) bytes free" } ?? "free space unknown"
        return "storage_full: the data dir \(configuration.dataDirectory) refused a write (\(status.lastFailure ?? "disk full"), "
            + "\(free)); this node takes no writes until space is freed"
    }

    /// Registers `worldgame_storage_full` (0/1) and `worldgame_storage_free_bytes` (-1 before the first sample).
    public func register(in registry: MetricsRegistry) throws {
        try registry.makeCallbackGauge("worldgame_storage_full",
                                       help: "1 while the data dir's disk refuses writes (503 storage_full), else 0.") { [state] in
            state.withLock { $0.isFull } ? 1 : 0
        }
        try registry.makeCallbackGauge("worldgame_storage_free_bytes",
                                       help: "Free bytes of the data dir's file system (statvfs, sampled every 10 s).") { [state] in
            Double(state.withLock { $0.freeBytes } ?? -1)
        }
    }

    /// As the writer's observer: committed changes clear `storage_full`.
    public func didCommit(_ stats: WriterBatchStats) {
        if stats.hasChanges { recordCommittedWrite() }
    }

    /// As the writer's observer: a refused write sets `storage_full`.
    public func storageDidFail(_ error: StoreError) {
        recordStorageFailure(error)
    }

    /// The disk refused a write: marks the node full (logging once per episode) and samples the free space now.
    public func recordStorageFailure(_ error: StoreError) {
        let wasFull = state.withLock { status in
            defer { status.isFull = true; status.lastFailure = error.description }
            return status.isFull
        }
        let free = sample()
        guard !wasFull else { return }
        logger.error("storage full: writes refused", [
            ("data_dir", .string(configuration.dataDirectory)), ("error", .string(error.description)),
            ("free_bytes", .int(free ?? -1)),
        ])
    }

    /// A batch committed changes: the disk takes writes again (and the free-space gauge is refreshed at once, not at
    /// the next periodic sample).
    public func recordCommittedWrite() {
        guard state.withLock({ $0.isFull }) else { return }
        clearFull(because: "a write committed")
        sample()
    }

    /// Reads the free space, updates the gauge, warns under the floor and clears `storage_full` above the recovery
    /// margin; returns the free bytes (nil when statvfs failed, which is logged).
    @discardableResult
    public func sample() -> Int64? {
        let free: Int64
        do {
            free = try freeBytesOf(configuration.dataDirectory)
        } catch {
            state.withLock { $0.freeBytes = nil }
            logger.warning("storage free space unknown", [("data_dir", .string(configuration.dataDirectory)),
                                                           ("error", .string(String(describing: error)))])
            return nil
        }
        let below = free < configuration.warnFreeBytes
        let (wasBelow, isFull) = state.withLock { status in
            defer { status.freeBytes = free; status.isBelowWarnFloor = below }
            return (status.isBelowWarnFloor, status.isFull)
        }
        if below && !wasBelow {
            logger.warning("storage free space below the warning floor", [
                ("data_dir", .string(configuration.dataDirectory)), ("free_bytes", .int(free)),
                ("floor_bytes", .int(configuration.warnFreeBytes)),
            ])
        } else if !below && wasBelow {
            logger.info("storage free space above the warning floor again", [
                ("data_dir", .string(configuration.dataDirectory)), ("free_bytes", .int(free)),
            ])
        }
        if isFull && free >= configuration.recoveryFreeBytes { clearFull(because: "free space returned") }
        return free
    }

    private func clearFull(because cause: String) {
        let wasFull = state.withLock { status in
            defer { status.isFull = false; status.lastFailure = nil }
            return status.isFull
        }
        guard wasFull else { return }
        logger.info("storage writable again", [("data_dir", .string(configuration.dataDirectory)), ("cause", .string(cause))])
    }

    /// Samples once now, then every `sampleInterval` on the `worldgame-storage` thread until `stop()`.
    public func start() {
        guard isRunning.withLock({ running in defer { running = true }; return !running }) else { return }
        sample()
        let interval = configuration.sampleInterval
        let thread = Thread { [self] in
            while wake.wait(timeout: .now() + .milliseconds(Int(interval.milliseconds))) == .timedOut {
                sample()
            }
            finished.signal()
        }
        thread.name = "worldgame-storage"
        thread.start()
    }

    /// Stops the sampler thread (waits up to 2 s for it). Idempotent.
    public func stop() {
        guard isRunning.withLock({ running in defer { running = false }; return running }) else { return }
        wake.signal()
        _ = finished.wait(timeout: .now() + 2)
    }

    /// As one of the node's services (started early, so free space is sampled through migration and bootstrap).
    public var name: String { "storage-monitor" }

    @discardableResult
    public func stop(deadline: Duration) -> Bool {
        stop()
        return true
    }
}
