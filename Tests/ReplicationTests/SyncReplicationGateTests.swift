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
    /// A standby stand-in: the primary's log head and the highest acknowledged sequence number; and whether the node
    /// is still primary, as its fence check answers.
    final class FakeStandby: Sendable {
        let head = Atomic<Int64>(0)
        let acknowledged = Atomic<Int64>(0)
        let nodeIsPrimary = Atomic<Bool>(true)

        /// Waits until `sequence` is acknowledged or `timeout` passes, as the real feed's wait would block.
        func waitForAcknowledgement(_ sequence: Int64, _ timeout: Duration) -> Bool {
            waitUntil(timeout, interval: .milliseconds(1)) { acknowledged.load(ordering: .acquiring) >= sequence }
        }
    }

    /// A gate over a fake standby, its metrics and log, and the names of the batches it released in order
    /// (`NAME: unconfirmed` for a batch answered `commitUnconfirmed`).
    final class GateUnderTest: Sendable {
        let standby: FakeStandby
        let sink: InMemoryLogSink
        let released = Collected<String>()
        let gate: SyncReplicationGate
        let metrics: SyncReplicationMetrics

        /// An activated gate (unless `activated` is false) whose node is primary while `standby.nodeIsPrimary` says so.
        init(timeout: Duration, fallback: SyncReplicationGate.Fallback, activated: Bool = true,
             configure: (inout SyncReplicationGate.Configuration, FakeStandby) -> Void = { _, _ in }) throws {
            let standby = FakeStandby(), sink = InMemoryLogSink()
            var configuration = SyncReplicationGate.Configuration(
                headSequence: { standby.head.load(ordering: .acquiring) },
                waitForAcknowledgement: { standby.waitForAcknowledgement($0, $1) }, timeout: timeout, fallback: fallback)
            configuration.isPrimary = { standby.nodeIsPrimary.load(ordering: .acquiring) }
            configure(&configuration, standby)
            self.standby = standby
            self.sink = sink
            metrics = try SyncReplicationMetrics(registry: MetricsRegistry())
            gate = SyncReplicationGate(configuration: configuration, logger: Logger(label: "test", sink: sink),
                                       metrics: metrics)
            if activated { gate.activate() }
        }

        /// Sets whether the node is primary (false: fenced or stepped down).
        func setPrimary(_ isPrimary: Bool) { standby.nodeIsPrimary.store(isPrimary, ordering: .releasing) }

        /// Moves the standby's head to `sequence` and holds a batch named `name` behind it.
        func hold(sequence: Int64, _ name: String) {
            standby.head.store(sequence, ordering: .releasing)
            let released = released
            gate.hold(WriterHeldBatch { failure in released.append(failure == nil ? name : "\(name): unconfirmed") })
        }

        /// Acknowledges up to `sequence` on the standby.
        func acknowledge(_ sequence: Int64) { standby.acknowledged.store(sequence, ordering: .releasing) }

        /// Waits until `count` releases happened, for up to 10 s.
        func waitForReleases(_ count: Int) -> Bool {
            waitUntil(.seconds(10)) { released.all.count >= count }
        }
    }

    @Test func releasesOnlyAcknowledgedBatchesInOrder() throws {
        let tested = try GateUnderTest(timeout: .seconds(30), fallback: .block)
        defer { tested.gate.stop() }
        tested.hold(sequence: 1, "a")
        tested.hold(sequence: 2, "b")
        tested.hold(sequence: 2, "c")   // a batch that appended no record shares the head
        #expect(tested.released.all.isEmpty)
        tested.acknowledge(1)
        #expect(tested.waitForReleases(1))
        #expect(tested.released.all == ["a"] && tested.gate.pendingCount == 2)
        tested.acknowledge(2)
        #expect(tested.waitForReleases(3))
        #expect(tested.released.all == ["a", "b", "c"])
        #expect(tested.metrics.timeouts.value == 0 && !tested.gate.isDegraded)
    }

    @Test func blockFallbackKeepsWritesUnacknowledgedAndLogsErrors() throws {
        let tested = try GateUnderTest(timeout: .milliseconds(10), fallback: .block)
        defer { tested.gate.stop() }
        tested.hold(sequence: 1, "a")
        _ = waitUntil(.seconds(10)) { tested.metrics.timeouts.value >= 3 }
        #expect(tested.metrics.timeouts.value >= 3)
        #expect(tested.released.all.isEmpty && !tested.gate.isDegraded)
        #expect(tested.sink.records.contains { $0.level == .error && $0.message.contains("blocking writes") })
        tested.acknowledge(1)
        #expect(tested.waitForReleases(1))
    }

    @Test func asyncFallbackDegradesThenResumesWhenTheStandbyCatchesUp() throws {
        let tested = try GateUnderTest(timeout: .milliseconds(10), fallback: .async)
        defer { tested.gate.stop() }
        let (gate, metrics) = (tested.gate, tested.metrics)
        tested.hold(sequence: 1, "a")
        #expect(tested.waitForReleases(1))
        #expect(gate.isDegraded && metrics.timeouts.value == 1 && metrics.degraded.value == 1)
        #expect(tested.sink.records.contains { $0.level == .error && $0.message.contains("degraded to async") })
        tested.hold(sequence: 2, "b")   // degraded: released without waiting
        #expect(tested.waitForReleases(2))
        tested.acknowledge(3)
        tested.hold(sequence: 3, "c")
        #expect(tested.waitForReleases(3))
        // Resuming flips the state, then the gauge, then logs: wait for the last of the three.
        _ = waitUntil(.seconds(10)) { tested.sink.records.contains { $0.message.contains("sync replication resumed") } }
        #expect(tested.sink.records.contains { $0.message.contains("sync replication resumed") })
        #expect(!gate.isDegraded && metrics.degraded.value == 0)
    }

    @Test func batchesPassUngatedUntilActivatedAndOnANonPrimary() throws {
        let tested = try GateUnderTest(timeout: .seconds(30), fallback: .block, activated: false)
        defer { tested.gate.stop() }
        tested.hold(sequence: 1, "before activation")
        #expect(tested.released.all == ["before activation"])
        tested.gate.activate()
        tested.setPrimary(false)
        tested.hold(sequence: 2, "on a standby")
        #expect(tested.released.all == ["before activation", "on a standby"])
        tested.setPrimary(true)
        tested.hold(sequence: 3, "gated")
        #expect(tested.gate.pendingCount == 1 && tested.released.all.count == 2)
        tested.acknowledge(3)  // release it now rather than at the 30 s timeout
        #expect(tested.waitForReleases(3))
    }

    @Test func stopReleasesWhatIsHeld() throws {
        let tested = try GateUnderTest(timeout: .milliseconds(20), fallback: .block)
        tested.hold(sequence: 1, "a")
        tested.hold(sequence: 2, "b")
        tested.gate.stop()
        #expect(tested.released.all == ["a", "b"])
        let released = tested.released
        tested.gate.hold(WriterHeldBatch { _ in released.append("after stop") })
        #expect(tested.released.all == ["a", "b", "after stop"])
    }
}

extension SyncReplicationGateTests {
    /// A fenced node's held batches must not wait forever for a standby that became primary: they are answered
    /// `commitUnconfirmed` (not success), in order, within a fence check, even with `--sync-fallback block`.
    @Test func aFencedNodeAnswersItsHeldBatchesUnconfirmed() throws {
        let tested = try GateUnderTest(timeout: .seconds(60), fallback: .block)
        defer { tested.gate.stop() }
        tested.hold(sequence: 1, "a")
        tested.hold(sequence: 2, "b")
        #expect(tested.gate.pendingCount == 2 && tested.released.all.isEmpty)
        tested.setPrimary(false)   // fenced: the peer is primary in a higher term
        tested.hold(sequence: 2, "fence-era batch")   // queued behind them for order
        #expect(tested.waitForReleases(3))
        #expect(tested.released.all == ["a: unconfirmed", "b: unconfirmed", "fence-era batch"])
        #expect(tested.gate.pendingCount == 0)
        #expect(tested.sink.records.contains { $0.message.contains("commit_unconfirmed") })
    }

    /// A switchover steps down once the standby acknowledged the final head: batches held then are confirmed and must
    /// be released as successes, even when the gate sees the new role first; only unacknowledged ones are unconfirmed.
    @Test func aNodeThatSteppedDownReleasesAcknowledgedBatches() throws {
        // The gate's own waits never notice the acknowledgement (as if it had not woken yet); a look without waiting
        // sees it.
        let tested = try GateUnderTest(timeout: .seconds(60), fallback: .block) { configuration, standby in
            configuration.waitForAcknowledgement = { sequence, timeout in
                guard timeout == .zero else {
                    Thread.sleep(forTimeInterval: Double(timeout.components.attoseconds) / 1e18
                                 + Double(timeout.components.seconds))
                    return false
                }
                return standby.acknowledged.load(ordering: .acquiring) >= sequence
            }
        }
        defer { tested.gate.stop() }
        tested.hold(sequence: 1, "a")
        tested.hold(sequence: 2, "b")
        tested.hold(sequence: 3, "c")
        // The standby acknowledged 2, then the node stepped down; 3 was never acknowledged.
        tested.acknowledge(2)
        #expect(tested.released.all.isEmpty)
        tested.setPrimary(false)
        #expect(tested.waitForReleases(3))
        #expect(tested.released.all == ["a", "b", "c: unconfirmed"])
    }
}
