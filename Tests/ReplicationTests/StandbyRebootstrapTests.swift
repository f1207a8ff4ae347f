import ClockTesting
@testable import Replication
import Dispatch
import Foundation
import Locking
import Store
import Telemetry
import Testing
import TestSupport

/// `StandbyRebootstrap` against a primary that cannot be reached (port 1 on 127.0.0.1 refuses at once): failures back
/// off, a stop ends the wait, and a drain is never overwritten.
@Suite struct StandbyRebootstrapTests {
    /// The node's readiness as the re-bootstrap sees it (the node's own type lives in the layer that wires it).
    final class FakeReadiness: StandbyReadiness {
        enum State: Equatable {
            case ready
            case draining
            case unavailable(reason: String)
        }

        private let state = Locked(State.ready)

        var current: State { state.withLock { $0 } }

        func set(_ newState: State) { state.withLock { $0 = newState } }

        func markUnavailable(reason: String) -> Bool {
            state.withLock { state in
                guard state != .draining else { return false }
                state = .unavailable(reason: reason)
                return true
            }
        }

        func markReady(ifUnavailableFor reason: String) {
            state.withLock { if $0 == .unavailable(reason: reason) { $0 = .ready } }
        }
    }

    struct Fixture {
        let directory: TemporaryDirectory
        let writer: Writer
        let readiness = FakeReadiness()
        let sink = InMemoryLogSink()
        let rebootstrap: StandbyRebootstrap

        init(initialDelay: Duration = .seconds(5)) throws {
            directory = try TemporaryDirectory(prefix: "rebootstrap-test")
            writer = try Writer(configuration: StoreConfiguration(path: directory.file("node.db")))
            let node = ReplicationNode(role: .standby, term: 1, headSeq: 7, headChecksum: ReplicationChecksum.initial,
                                       headCommittedAtMilliseconds: 0, primaryURL: "http://127.0.0.1:1")
            var backoff = RebootstrapBackoff()
            backoff.initialDelay = initialDelay
            rebootstrap = StandbyRebootstrap(
                peer: try ReplicationPeer(url: "http://127.0.0.1:1"),
                secret: try ReplicationSecret(text: "rebootstrap-test-secret-0123456789"), writer: writer, node: node,
                readiness: readiness, clock: ManualClock(), logger: Logger(label: "test", sink: sink),
                backoff: backoff)
        }
    }

    @Test func aDrainingNodeStaysDrainingAndStartsNoDownload() throws {
        let fixture = try Fixture()
        defer { fixture.writer.shutdown() }
        fixture.readiness.set(.draining)
        #expect(throws: ReplicationError.self) { try fixture.rebootstrap.run() }
        #expect(fixture.readiness.current == .draining)
        #expect(!fixture.sink.records.contains { $0.message == "standby re-bootstrap starting" })
    }

    @Test func aFailureBacksOffAndAStopEndsTheWait() throws {
        let fixture = try Fixture(initialDelay: .seconds(600))
        defer { fixture.writer.shutdown() }
        fixture.readiness.set(.ready)
        #expect(throws: ReplicationError.self) { try fixture.rebootstrap.run() }
        #expect(fixture.readiness.current == .unavailable(reason: StandbyRebootstrap.unavailableReason))
        let failure = try #require(fixture.sink.records.first { $0.message == "standby re-bootstrap failed" })
        #expect(failure.level == .error)

        // The next try waits out the backoff (600 s here) unless the node stops.
        let outcome = Locked<(any Error)?>(nil)
        let finished = DispatchSemaphore(value: 0)
        Thread {
            do { try fixture.rebootstrap.run() } catch { outcome.withLock { $0 = error } }
            finished.signal()
        }.start()
        fixture.rebootstrap.stop()
        #expect(finished.wait(timeout: .now() + .seconds(60)) == .success)
        let error = try #require(outcome.withLock { $0 })
        guard case ReplicationError.stopRequested = error else {
            Issue.record("expected stopRequested, got \(error)")
            return
        }
        #expect(fixture.sink.records.count { $0.message == "standby re-bootstrap starting" } == 1, "no second try")
    }
}
