import Clocks
import Dispatch
import Foundation
import Locking
import Store
import Telemetry

/// Re-bootstraps a running standby that fell behind the primary's log retention: called by the follower on a 410, on
/// the follower thread. Not ready while a fresh snapshot downloads and is copied in through the writer; reads go on
/// meanwhile (old data until the copy commits). Domain events of the records skipped this way are not republished.
///
/// Why a type: failures back off (`RebootstrapBackoff`, 5 s doubling to 5 min; each try costs the primary a full
/// backup), a stop request ends a wait or a download between ranges, and a drain that began is never overwritten.
/// Shared by the follower thread (`run`) and the node's stop (`stop`); its state sits in `Locked`s.
public final class StandbyRebootstrap: Sendable {
    private let peer: ReplicationPeer
    private let secret: ReplicationSecret
    private let writer: Writer
    private let node: ReplicationNode
    private let readiness: any StandbyReadiness
    /// Stamps the installed snapshot's role and applied rows.
    private let clock: any WallClock
    private let logger: Logger
    private let backoff: Locked<RebootstrapBackoff>
    private let isStopping = Locked(false)
    private let wakeUp = DispatchSemaphore(value: 0)
    /// Called with the installed snapshot's seq once a re-bootstrap succeeded (the realtime feed forgets its windows).
    private let onInstalled: @Sendable (Int64) -> Void

    /// - Parameter clock: the node's wall clock, stamped on the installed snapshot's node row.
    public init(peer: ReplicationPeer, secret: ReplicationSecret, writer: Writer, node: ReplicationNode,
                readiness: any StandbyReadiness, clock: any WallClock, logger: Logger,
                backoff: RebootstrapBackoff = RebootstrapBackoff(),
                onInstalled: @escaping @Sendable (Int64) -> Void = { _ in }) {
        self.peer = peer
        self.secret = secret
        self.writer = writer
        self.node = node
        self.readiness = readiness
        self.clock = clock
        self.logger = logger
        self.backoff = Locked(backoff)
        self.onInstalled = onInstalled
    }

    public static let unavailableReason = "standby is re-bootstrapping from a snapshot: it fell behind the primary's log retention"

    /// Whether the node is stopping or no longer a standby (a promotion): downloads and waits give up.
    public var isStopRequested: Bool { isStopping.withLock { $0 } || node.role != .standby }

    /// Waits out the backoff of earlier failures, then downloads and installs a snapshot (follower thread).
    /// - Throws: `ReplicationError.stopRequested` when the node stops (or drains) first; the try's own error otherwise
    ///   (logged here once, with the wait before the next try).
    public func run() throws {
        try waitOutBackoff()
        guard readiness.markUnavailable(reason: Self.unavailableReason) else {
            throw ReplicationError.stopRequested(step: "starting a re-bootstrap while the node drains")
        }
        let began = ContinuousClock.now
        let from = node.current.headSeq
        logger.warning("standby re-bootstrap starting", [("applied_seq", .int(from)), ("peer", .string(peer.url))])
        let seq: Int64
        do {
            seq = try ReplicationBootstrap.runOnline(peer: peer, secret: secret, writer: writer, node: node,
                                                     nowMilliseconds: clock.now.rawValue) { [self] in
                isStopRequested
            }
        } catch {
            noteFailure(error)
            throw error
        }
        backoff.withLock { $0.recordSuccess() }
        onInstalled(seq)
        readiness.markReady(ifUnavailableFor: Self.unavailableReason)
        logger.info("standby re-bootstrapped", [("from_seq", .int(from)), ("applied_seq", .int(seq)),
                                                ("duration_ms", .double((ContinuousClock.now - began).milliseconds))])
    }

    /// Ends a backoff wait at once and makes later downloads stop before their next range. Idempotent.
    public func stop() {
        isStopping.withLock { $0 = true }
        wakeUp.signal()
    }

    private func waitOutBackoff() throws {
        let wait = backoff.withLock { $0.remainingWait(at: .now) }
        if wait > .zero, !isStopRequested {
            let nanoseconds = wait.components.seconds * 1_000_000_000 + wait.components.attoseconds / 1_000_000_000
            _ = wakeUp.wait(timeout: .now() + .nanoseconds(Int(nanoseconds)))
        }
        if isStopRequested { throw ReplicationError.stopRequested(step: "waiting to retry the re-bootstrap") }
    }

    private func noteFailure(_ error: any Error) {
        if case ReplicationError.stopRequested = error {
            logger.info("standby re-bootstrap stopped", [("error", .string(String(describing: error)))])
            return
        }
        let (wait, failures) = backoff.withLock { backoff in (backoff.recordFailure(at: .now), backoff.failures) }
        logger.error("standby re-bootstrap failed", [
            ("error", .string(String(describing: error))), ("failures", .int(Int64(failures))),
            ("retry_in_ms", .double(wait.milliseconds)),
        ])
    }
}
