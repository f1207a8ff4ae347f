@testable import Monitoring
import Foundation
import Locking
import Store
import Telemetry
import Testing
import TestSupport

/// The disk-full state machine with an injected free-space source: a refused write sets `storage_full` (logged once),
/// a committed write or a sample above the recovery margin clears it, free space under the floor warns once, and the
/// two gauges follow.
@Suite struct StorageMonitorTests {
    final class FakeDisk: Sendable {
        let freeBytes = Locked<Int64>(100 << 20)
        func set(_ bytes: Int64) { freeBytes.withLock { $0 = bytes } }
    }

    func makeMonitor(_ disk: FakeDisk, sink: InMemoryLogSink) -> StorageMonitor {
        StorageMonitor(configuration: .init(dataDirectory: "/data", warnFreeBytes: 50 << 20, recoveryFreeBytes: 8 << 20),
                       logger: Logger(label: "test", level: .debug, sink: sink),
                       freeBytesOf: { _ in disk.freeBytes.withLock { $0 } })
    }

    static let full = StoreError.sqlite(code: 13, message: "database or disk is full", sql: "COMMIT")

    @Test func aRefusedWriteSetsFullUntilAWriteCommits() throws {
        let disk = FakeDisk(), sink = InMemoryLogSink()
        let monitor = makeMonitor(disk, sink: sink)
        let registry = MetricsRegistry()
        try monitor.register(in: registry)
        #expect(registry.exposition().contains("worldgame_storage_full 0"))
        #expect(registry.exposition().contains("worldgame_storage_free_bytes -1"))

        disk.set(0)
        monitor.storageDidFail(Self.full)
        monitor.storageDidFail(Self.full)
        #expect(monitor.status.isFull)
        #expect(monitor.notReadyMessage?.hasPrefix("storage_full: the data dir /data refused a write") == true)
        #expect(registry.exposition().contains("worldgame_storage_full 1"))
        #expect(registry.exposition().contains("worldgame_storage_free_bytes 0"))
        #expect(sink.records.filter { $0.message == "storage full: writes refused" && $0.level == .error }.count == 1)
        #expect(sink.records.filter { $0.message == "storage free space below the warning floor" }.count == 1)

        monitor.didCommit(WriterBatchStats(commandCount: 1, failedCommandCount: 0, commitDuration: .zero,
                                               batchDuration: .zero, hasChanges: false))
        #expect(monitor.status.isFull, "a batch that wrote nothing proves nothing")
        disk.set(30 << 20)
        monitor.didCommit(WriterBatchStats(commandCount: 1, failedCommandCount: 0, commitDuration: .zero,
                                               batchDuration: .zero, hasChanges: true))
        #expect(!monitor.status.isFull)
        #expect(registry.exposition().contains("worldgame_storage_free_bytes \(30 << 20)"), "sampled on recovery")
        #expect(monitor.notReadyMessage == nil)
        #expect(registry.exposition().contains("worldgame_storage_full 0"))
        #expect(sink.records.contains { $0.message == "storage writable again" })
    }

    @Test func aSampleAboveTheRecoveryMarginClearsFull() {
        let disk = FakeDisk(), sink = InMemoryLogSink()
        let monitor = makeMonitor(disk, sink: sink)
        disk.set(4096)
        monitor.recordStorageFailure(Self.full)
        disk.set(1 << 20)
        #expect(monitor.sample() == 1 << 20)
        #expect(monitor.status.isFull, "1 MiB free is under the 8 MiB recovery margin")
        disk.set(60 << 20)
        monitor.sample()
        #expect(!monitor.status.isFull)
        #expect(!monitor.status.isBelowWarnFloor)
        #expect(sink.records.contains { $0.message == "storage free space above the warning floor again" })
    }

    @Test func aFailedSampleIsLoggedAndLeavesTheGaugeUnknown() throws {
        let sink = InMemoryLogSink()
        let monitor = StorageMonitor(configuration: .init(dataDirectory: "/nonexistent/worldgame-data", warnFreeBytes: 1),
                                     logger: Logger(label: "test", level: .debug, sink: sink))
        #expect(monitor.sample() == nil)
        #expect(monitor.status.freeBytes == nil)
        #expect(sink.records.contains { $0.message == "storage free space unknown" && $0.level == .warning })
    }

    @Test func theRealFileSystemHasFreeBytes() throws {
        let directory = try TemporaryDirectory()
        let monitor = StorageMonitor(configuration: .init(dataDirectory: directory.path, warnFreeBytes: 0),
                                     logger: Logger(label: "test", level: .debug, sink: InMemoryLogSink()))
        #expect((monitor.sample() ?? -1) > 0)
    }
}
