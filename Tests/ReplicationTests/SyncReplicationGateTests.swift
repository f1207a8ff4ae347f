@testable import Replication
import Foundation
import Locking
import Store
import Synchronization
import Telemetry
import Testing
import TestSupport

/// `SyncReplicationGate`: batches are released in order only once acknowledged; timeouts block or degrade to async.
@Suite struct SyncReplicationGateTests {
    /// A standby stand-in: the primary's log head and the highest acknowledged sequence number.
    final class FakeStandby: Sendable {
        let head = Atomic<Int64>(0)
        let acknowledged = Atomic<Int64>(0)

        /// Waits until `sequence` is acknowledged or `timeout` passes, as the real feed's wait would block.
        func waitForAcknowledgement(_ sequence: Int64, _ timeout: Duration) -> Bool {
            waitUntil(timeout, interval: .milliseconds(1)) { acknowledged.load(ordering: .acquiring) >= sequence }
        }
    }

    final class Released: Sendable {
        private let names = Locked<[String]>([])
        func append(_ name: String) { names.withLock { $0.append(name) } }
        var all: [String] { names.withLock { $0 } }

        /// Waits until `count` releases happened, for up to 10 s.
        func waitFor(_ count: Int) -> Bool {
            waitUntil(.seconds(10)) { all.count >= count }
        }
    }

    static func makeGate(_ standby: FakeStandby, timeout: Duration, fallback: SyncReplicationGate.Fallback,
                         sink: InMemoryLogSink) throws -> (SyncReplicationGate, SyncReplicationMetrics) {
        let metrics = try SyncReplicationMetrics(registry: MetricsRegistry())
        let configuration = SyncReplicationGate.Configuration(
            headSequence: { standby.head.load(ordering: .acquiring) },
            waitForAcknowledgement: { standby.waitForAcknowledgement($0, $1) }, timeout: timeout, fallback: fallback)
        let gate = SyncReplicationGate(configuration: configuration, logger: Logger(label: "test", sink: sink), metrics: metrics)
        gate.activate()
        return (gate, metrics)
    }

    func hold(_ gate: SyncReplicationGate, _ standby: FakeStandby, sequence: Int64, _ name: String, into released: Released) {
        standby.head.store(sequence, ordering: .releasing)
        gate.hold(WriterHeldBatch { failure in released.append(failure == nil ? name : "\(name): unconfirmed") })
    }

    @Test func releasesOnlyAcknowledgedBatchesInOrder() throws {
        let standby = FakeStandby()
        let (gate, metrics) = try Self.makeGate(standby, timeout: .seconds(30), fallback: .block, sink: InMemoryLogSink())
        defer { gate.stop() }
        let released = Released()
        hold(gate, standby, sequence: 1, "a", into: released)
        hold(gate, standby, sequence: 2, "b", into: released)
        hold(gate, standby, sequence: 2, "c", into: released)   // a batch that appended no record shares the head
        #expect(released.all.isEmpty)
        standby.acknowledged.store(1, ordering: .releasing)
        #expect(released.waitFor(1))
        #expect(released.all == ["a"] && gate.pendingCount == 2)
        standby.acknowledged.store(2, ordering: .releasing)
        #expect(released.waitFor(3))
        #expect(released.all == ["a", "b", "c"])
        #expect(metrics.timeouts.value == 0 && !gate.isDegraded)
    }

    @Test func blockFallbackKeepsWritesUnacknowledgedAndLogsErrors() throws {
        let standby = FakeStandby()
        let sink = InMemoryLogSink()
        let (gate, metrics) = try Self.makeGate(standby, timeout: .milliseconds(10), fallback: .block, sink: sink)
        defer { gate.stop() }
        let released = Released()
        hold(gate, standby, sequence: 1, "a", into: released)
        _ = waitUntil(.seconds(10)) { metrics.timeouts.value >= 3 }
        #expect(metrics.timeouts.value >= 3)
        #expect(released.all.isEmpty && !gate.isDegraded)
        #expect(sink.records.contains { $0.level == .error && $0.message.contains("blocking writes") })
        standby.acknowledged.store(1, ordering: .releasing)
        #expect(released.waitFor(1))
    }

    @Test func asyncFallbackDegradesThenResumesWhenTheStandbyCatchesUp() throws {
        let standby = FakeStandby()
        let sink = InMemoryLogSink()
        let (gate, metrics) = try Self.makeGate(standby, timeout: .milliseconds(10), fallback: .async, sink: sink)
        defer { gate.stop() }
        let released = Released()
        hold(gate, standby, sequence: 1, "a", into: released)
        #expect(released.waitFor(1))
        #expect(gate.isDegraded && metrics.timeouts.value == 1 && metrics.degraded.value == 1)
        #expect(sink.records.contains { $0.level == .error && $0.message.contains("degraded to async") })
        hold(gate, standby, sequence: 2, "b", into: released)   // degraded: released without waiting
        #expect(released.waitFor(2))
        standby.acknowledged.store(3, ordering: .releasing)
        hold(gate, standby, sequence: 3, "c", into: released)
        #expect(released.waitFor(3))
        _ = waitUntil(.seconds(10)) { !gate.isDegraded }
        #expect(!gate.isDegraded && metrics.degraded.value == 0)
        #expect(sink.records.contains { $0.message.contains("sync replication resumed") })
    }

    @Test func batchesPassUngatedUntilActivatedAndOnANonPrimary() throws {
        let standby = FakeStandby()
        let isPrimary = Atomic<Bool>(true)
        let metrics = try SyncReplicationMetrics(registry: MetricsRegistry())
        var configuration = SyncReplicationGate.Configuration(
            headSequence: { standby.head.load(ordering: .acquiring) },
            waitForAcknowledgement: { standby.waitForAcknowledgement($0, $1) }, timeout: .seconds(30), fallback: .block)
        configuration.isPrimary = { isPrimary.load(ordering: .acquiring) }
        let gate = SyncReplicationGate(configuration: configuration, logger: Logger(label: "test", sink: InMemoryLogSink()),
                                       metrics: metrics)
        defer { gate.stop() }
        let released = Released()
        hold(gate, standby, sequence: 1, "before activation", into: released)
        #expect(released.all == ["before activation"])
        gate.activate()
        isPrimary.store(false, ordering: .releasing)
        hold(gate, standby, sequence: 2, "on a standby", into: released)
        #expect(released.all == ["before activation", "on a standby"])
        isPrimary.store(true, ordering: .releasing)
        hold(gate, standby, sequence: 3, "gated", into: released)
        #expect(gate.pendingCount == 1 && released.all.count == 2)
        standby.acknowledged.store(3, ordering: .releasing)  // release it now rather than at the 30 s timeout
        #expect(released.waitFor(3))
    }

    @Test func stopReleasesWhatIsHeld() throws {
        let standby = FakeStandby()
        let (gate, _) = try Self.makeGate(standby, timeout: .milliseconds(20), fallback: .block, sink: InMemoryLogSink())
        let released = Released()
        hold(gate, standby, sequence: 1, "a", into: released)
        hold(gate, standby, sequence: 2, "b", into: released)
        gate.stop()
        #expect(released.all == ["a", "b"])
        gate.hold(WriterHeldBatch { _ in released.append("after stop") })
        #expect(released.all == ["a", "b", "after stop"])
    }
}

extension SyncReplicationGateTests {
    /// A fenced node's held batches must not wait forever for a standby that became primary: they are answered
    /// `commitUnconfirmed` (not success), in order, within a fence check, even with `--sync-fallback block`.
    @Test func aFencedNodeAnswersItsHeldBatchesUnconfirmed() throws {
        let standby = FakeStandby()
        let isPrimary = Atomic<Bool>(true)
        let sink = InMemoryLogSink()
        var configuration = SyncReplicationGate.Configuration(
            headSequence: { standby.head.load(ordering: .acquiring) },
            waitForAcknowledgement: { standby.waitForAcknowledgement($0, $1) }, timeout: .seconds(60), fallback: .block)
        configuration.isPrimary = { isPrimary.load(ordering: .acquiring) }
        let gate = SyncReplicationGate(configuration: configuration, logger: Logger(label: "test", sink: sink),
                                       metrics: try SyncReplicationMetrics(registry: MetricsRegistry()))
        defer { gate.stop() }
        gate.activate()
        let released = Released()
        hold(gate, standby, sequence: 1, "a", into: released)
        hold(gate, standby, sequence: 2, "b", into: released)
        #expect(gate.pendingCount == 2 && released.all.isEmpty)
        isPrimary.store(false, ordering: .releasing)   // fenced: the peer is primary in a higher term
        hold(gate, standby, sequence: 2, "fence-era batch", into: released)   // queued behind them for order
        #expect(released.waitFor(3))
        #expect(released.all == ["a: unconfirmed", "b: unconfirmed", "fence-era batch"])
        #expect(gate.pendingCount == 0)
        #expect(sink.records.contains { $0.message.contains("commit_unconfirmed") })
    }

    /// A switchover steps down once the standby acknowledged the final head: batches held then are confirmed and must
    /// be released as successes, even when the gate sees the new role first; only unacknowledged ones are unconfirmed.
    @Test func aNodeThatSteppedDownReleasesAcknowledgedBatches() throws {
        let standby = FakeStandby()
        let isPrimary = Atomic<Bool>(true)
        // The gate's own waits never notice the acknowledgement (as if it had not woken yet); a look without waiting
        // sees it.
        var configuration = SyncReplicationGate.Configuration(
            headSequence: { standby.head.load(ordering: .acquiring) },
            waitForAcknowledgement: { sequence, timeout in
                guard timeout == .zero else {
                    Thread.sleep(forTimeInterval: Double(timeout.components.attoseconds) / 1e18
                                 + Double(timeout.components.seconds))
                    return false
                }
                return standby.acknowledged.load(ordering: .acquiring) >= sequence
            }, timeout: .seconds(60), fallback: .block)
        configuration.isPrimary = { isPrimary.load(ordering: .acquiring) }
        let gate = SyncReplicationGate(configuration: configuration, logger: Logger(label: "test", sink: InMemoryLogSink()),
                                       metrics: try SyncReplicationMetrics(registry: MetricsRegistry()))
        defer { gate.stop() }
        gate.activate()
        let released = Released()
        hold(gate, standby, sequence: 1, "a", into: released)
        hold(gate, standby, sequence: 2, "b", into: released)
        hold(gate, standby, sequence: 3, "c", into: released)
        // The standby acknowledged 2, then the node stepped down; 3 was never acknowledged.
        standby.acknowledged.store(2, ordering: .releasing)
        #expect(released.all.isEmpty)
        isPrimary.store(false, ordering: .releasing)
        #expect(released.waitFor(3))
        #expect(released.all == ["a", "b", "c: unconfirmed"])
    }
}
