import Dispatch
import Foundation
import HTTP
import Lifecycle
import Locking
import Synchronization
import Telemetry

/// Fencing for a node that has a `--peer`: asks the peer's `GET /replication/status` (once at start-up on a primary,
/// then every `interval`) and, when this node is primary and the peer is a primary in a higher term, stops this
/// node's writes at once and calls `onFence`. On a standby with `--auto-promote-after` (opt-in), it promotes the node
/// once the primary has been silent that long; after any promotion (`promoted(toTerm:)`) it watches as a primary.
///
/// One thread ("worldgame-peer-watch") owns the polling; the decision is `FailoverMonitor` (in a Mutex, also used by
/// the start-up check on the main thread). Fencing sets the live role to standby with the peer as the primary: the
/// write guard then answers 503 `not_primary` naming it, `/ready` reports the standby role, and the log recorder
/// refuses any batch (jobs included); `onFence` then stops the jobs (see `docs/failover.md`), and `worldgame rejoin`
/// is the way back.
public final class PeerTermWatcher: Service {
    private let peerURL: String
    private let node: ReplicationNode
    private let interval: Duration
    private let logger: Logger
    private let monitor: Locked<FailoverMonitor>
    private let stopSignal = DispatchSemaphore(value: 0)
    private let isStopped = Atomic<Bool>(false)
    /// Promotes this node (standby with auto-promotion only).
    private let promote: (@Sendable () throws -> Void)?
    /// Runs after this node fenced itself (new term, new primary's URL), on the thread that fenced it.
    private let onFence: (@Sendable (Int64, String) -> Void)?

    public init(peerURL: String, node: ReplicationNode, interval: Duration, logger: Logger,
         autoPromoteAfter: Duration? = nil, promote: (@Sendable () throws -> Void)? = nil,
         onFence: (@Sendable (Int64, String) -> Void)? = nil) {
        self.peerURL = peerURL
        self.node = node
        self.interval = interval
        self.logger = logger
        self.promote = promote
        self.onFence = onFence
        let state = node.current
        monitor = Locked(FailoverMonitor(role: state.role == .primary ? .primary : .standby, term: state.term,
                                        autoPromoteAfter: promote == nil ? nil : autoPromoteAfter, now: .now))
    }

    /// Asks the peer once and fences on a higher term; returns whether this node is fenced now.
    @discardableResult
    public func checkOnce() -> Bool {
        let observation = observePeer()
        let action = monitor.withLock { $0.observe(observation, at: .now) }
        switch action {
        case .fence(let newTerm, let primaryURL): fence(newTerm: newTerm, primaryURL: primaryURL)
        case .promote(let silence): promoteAfter(silence)
        case .none: break
        }
        return monitor.withLock { $0.role == .fenced }
    }

    /// Starts polling every `interval` until `stop()`.
    public func start() {
        let thread = Thread { [self] in
            while !isStopped.load(ordering: .acquiring) {
                if checkOnce() { return }   // fenced: nothing more to watch
                _ = stopSignal.wait(timeout: .now() + .milliseconds(Int(interval.milliseconds)))
            }
        }
        thread.name = "worldgame-peer-watch"
        thread.start()
    }

    /// This node was promoted into `term` (by the operator or automatically): from now on it watches as a primary.
    public func promoted(toTerm term: Int64) {
        monitor.withLock { $0.promoted(toTerm: term, at: .now) }
    }

    /// This primary handed its role to the peer (`worldgame switchover`) and follows it now: from now on it watches as
    /// a standby (the peer's next term fences nothing), and never promotes itself.
    public func steppedDown(toTerm term: Int64) {
        monitor.withLock { $0.steppedDown(term: term, at: .now) }
    }

    /// Ends the polling after the current check. Idempotent.
    public func stop() {
        isStopped.store(true, ordering: .releasing)
        stopSignal.signal()
    }

    public var name: String { "peer-watcher" }

    /// As one of the node's services: `stop()` (the current check ends on its own, within its 2 s timeout).
    @discardableResult
    public func stop(deadline: Duration) -> Bool {
        stop()
        return true
    }

    private func observePeer() -> FailoverMonitor.Observation {
        do {
            let peer = try ReplicationPeer(url: peerURL)
            let client = try HTTPClient(host: peer.host, port: peer.port, timeout: .seconds(2))
            defer { client.close() }
            let response = try client.send(.get, "/replication/status")
            guard response.status == 200 else { return .silent }
            let status = try JSONDecoder().decode(ReplicationStatus.self, from: Data(response.body))
            return .peer(isPrimary: status.role == .primary, term: status.term, url: peerURL)
        } catch {
            return .silent
        }
    }

    private func promoteAfter(_ silence: Duration) {
        logger.error("standby promoting itself: the primary has been silent", [
            ("silence_ms", .double(silence.milliseconds)), ("primary", .string(peerURL)),
        ])
        do {
            try promote?()
            promoted(toTerm: node.current.term)
        } catch {
            logger.error("automatic promotion failed", [("error", .string(String(describing: error)))])
        }
    }

    private func fence(newTerm: Int64, primaryURL: String) {
        let oldTerm = node.update { state -> Int64 in
            let old = state.term
            state.role = .standby
            state.isFenced = true
            state.term = max(state.term, newTerm)
            state.primaryURL = primaryURL
            return old
        }
        logger.error("primary fenced: the peer is primary in a higher term; writes refused until rejoin", [
            ("term", .int(oldTerm)), ("peer_term", .int(newTerm)), ("primary", .string(primaryURL)),
        ])
        onFence?(newTerm, primaryURL)
    }
}
