import Codecs
import Foundation
import HTTP
import Locking
import Store
import Telemetry

/// A planned switchover, run by the primary: it hands the primary role to its standby with no acknowledged write lost
/// and becomes that node's standby without a rewind.
///
/// The steps (`docs/failover.md`, "Planned switchover"):
/// 1. check the peer is this primary's standby (not fenced, not in a higher term) and let it catch up while writes
///    still flow (up to `catchUpTimeout`);
/// 2. stop the role's services (job workers, scheduler, auction settlement, outbox relay) while writes still flow;
/// 3. pause writes: the write guard answers 503 `switching_over` with `Retry-After: 1`, and the log recorder refuses
///    every later batch; a writer barrier lets the batches admitted before finish, so the log head H is final;
/// 4. wait until the standby acknowledged H (it applied everything this node committed);
/// 5. store role standby in the same term with H as the applied position (`replication_node`: a restart from here on
///    starts as a standby that follows from H, and nothing has to be rewound, since nothing after H exists);
/// 6. ask the standby to take over (`POST /replication/handoff` with H and its checksum): it checks its head equals H
///    and promotes itself into the next term;
/// 7. follow the new primary and close this node's WebSocket clients (1012), which reconnect to it.
///
/// A failure in steps 1 to 5, or a refused handoff, takes everything back: the node stays (or is again) primary in its
/// term and takes writes, its services start again. The fencing rules stay as they are: the peer watcher watches as
/// a standby only from step 5 on, so any other higher term still fences this node.
///
/// One switchover at a time (`isRunning`); `run()` blocks the calling thread (the route's own thread).
public final class ReplicationSwitchover: Sendable {
    /// Deadlines of the steps.
    public struct Settings: Sendable {
        /// How long the standby may take to acknowledge the head, before the pause and again during it.
        public var catchUpTimeout: Duration = .seconds(5)
        /// How long the standby's promotion may take to answer.
        public var handoffTimeout: Duration = .seconds(10)
        /// How long the role's services get to stop before the pause.
        public var servicesStopDeadline: Duration = .seconds(10)
        public init() {}
    }

    /// What the App does at each step: the parts of the node the Replication module does not own.
    public struct Hooks: Sendable {
        /// Stops the services that move with the primary role (before the pause).
        public var stopRoleServices: @Sendable (_ deadline: Duration) -> Void
        /// Starts them again (the switchover aborted; this node is primary again).
        public var startRoleServices: @Sendable () -> Void
        /// Tells the peer watcher this node is a standby now (in `term`), or a primary again.
        public var steppedDown: @Sendable (_ term: Int64) -> Void
        public var resumedPrimary: @Sendable (_ term: Int64) -> Void
        /// Starts following the new primary, then closes this node's WebSocket clients so they reconnect to it.
        public var followPeer: @Sendable () -> Void

        public init(stopRoleServices: @escaping @Sendable (Duration) -> Void,
                    startRoleServices: @escaping @Sendable () -> Void,
                    steppedDown: @escaping @Sendable (Int64) -> Void, resumedPrimary: @escaping @Sendable (Int64) -> Void,
                    followPeer: @escaping @Sendable () -> Void) {
            self.stopRoleServices = stopRoleServices
            self.startRoleServices = startRoleServices
            self.steppedDown = steppedDown
            self.resumedPrimary = resumedPrimary
            self.followPeer = followPeer
        }
    }

    /// What a finished switchover reports (the route's answer, `worldgame switchover`'s output).
    public struct Report: Sendable, Codable, Equatable {
        /// The term this node held, and the new primary's.
        public var oldTerm: Int64
        public var newTerm: Int64
        /// The last seq this node wrote; the new primary writes from the next one.
        public var headSeq: Int64
        /// The new primary (this node's `--peer`).
        public var newPrimary: String
        /// How long writes were refused here (from the pause to the new primary's answer).
        public var pauseMilliseconds: Double
        /// How long the standby took to acknowledge the final head once writes were paused.
        public var catchUpMilliseconds: Double
        /// The whole switchover, checks and the services' stop included.
        public var totalMilliseconds: Double
    }

    private let node: ReplicationNode
    private let feed: ReplicationFeed
    private let writer: Writer
    private let peer: ReplicationPeer?
    private let secret: ReplicationSecret?
    private let settings: Settings
    private let hooks: Hooks
    private let logger: Logger
    private let nowMilliseconds: @Sendable () -> Int64
    private let isRunning = Locked(false)

    public init(node: ReplicationNode, feed: ReplicationFeed, writer: Writer, peer: ReplicationPeer?,
                secret: ReplicationSecret?, settings: Settings = Settings(), hooks: Hooks, logger: Logger,
                nowMilliseconds: @escaping @Sendable () -> Int64) {
        self.node = node
        self.feed = feed
        self.writer = writer
        self.peer = peer
        self.secret = secret
        self.settings = settings
        self.hooks = hooks
        self.logger = logger
        self.nowMilliseconds = nowMilliseconds
    }

    /// Runs the switchover (see the type's steps); returns what happened.
    /// - Throws: `SwitchoverError`; every case but `outcomeUnknown` leaves this node primary and taking writes.
    public func run(settings override: Settings? = nil) throws(SwitchoverError) -> Report {
        let settings = override ?? self.settings
        let mayRun = isRunning.withLock { running -> Bool in
            defer { running = true }
            return !running
        }
        guard mayRun else { throw .inProgress }
        defer { isRunning.withLock { $0 = false } }
        guard let peer, let secret else { throw .noPeer }
        let began = ContinuousClock.now
        let term = try checkPeer(peer)
        logger.info("switchover starting", [("term", .int(term)), ("peer", .string(peer.url))])
        try waitForStandby(headSeq: node.current.headSeq, timeout: settings.catchUpTimeout)
        hooks.stopRoleServices(settings.servicesStopDeadline)
        let pauseBegan = ContinuousClock.now
        let head: ReplicationNode.State
        do {
            head = try pauseWrites()
            let caughtUp = ContinuousClock.now
            try waitForStandby(headSeq: head.headSeq, timeout: settings.catchUpTimeout)
            let catchUp = ContinuousClock.now - caughtUp
            try stepDown(head, peer: peer)
            let newTerm = try handOff(head, peer: peer, secret: secret, timeout: settings.handoffTimeout)
            node.update { $0.isSwitchingOver = false }
            let pause = ContinuousClock.now - pauseBegan
            hooks.followPeer()
            let report = Report(oldTerm: head.term, newTerm: newTerm, headSeq: head.headSeq, newPrimary: peer.url,
                                pauseMilliseconds: pause.milliseconds, catchUpMilliseconds: catchUp.milliseconds,
                                totalMilliseconds: (ContinuousClock.now - began).milliseconds)
            logger.info("switchover done: this node follows the new primary", [
                ("old_term", .int(report.oldTerm)), ("new_term", .int(report.newTerm)), ("head_seq", .int(report.headSeq)),
                ("pause_ms", .double(report.pauseMilliseconds)), ("catch_up_ms", .double(report.catchUpMilliseconds)),
                ("new_primary", .string(peer.url)),
            ])
            return report
        } catch .outcomeUnknown(let detail) {
            node.update { $0.isSwitchingOver = false }
            hooks.followPeer()
            logger.error("switchover outcome unknown: this node stepped down; check both nodes", [
                ("detail", .string(detail)),
            ])
            throw .outcomeUnknown(detail: detail)
        } catch {
            resume(term: term, error: error)
            throw error
        }
    }

    /// Asks the peer's status: it must be a standby, not fenced, in this node's term or an older one. Returns this
    /// node's term.
    private func checkPeer(_ peer: ReplicationPeer) throws(SwitchoverError) -> Int64 {
        let state = node.current
        guard state.role == .primary, !state.isFenced, state.staleWriterReason == nil else {
            throw .notPrimary(role: state.role.rawValue, isFenced: state.isFenced)
        }
        let status: ReplicationStatus
        do {
            status = try Self.status(of: peer)
        } catch {
            throw .peerUnreachable(url: peer.url, detail: String(describing: error))
        }
        guard status.role == .standby, status.fenced != true, status.term <= state.term else {
            throw .peerNotStandby(url: peer.url, role: status.role.rawValue, term: status.term,
                                  isFenced: status.fenced == true)
        }
        return state.term
    }

    /// Waits until the standby acknowledged `headSeq` (it applied and committed everything up to it).
    private func waitForStandby(headSeq: Int64, timeout: Duration) throws(SwitchoverError) {
        let began = ContinuousClock.now
        guard feed.waitForAcknowledgement(of: headSeq, timeout: timeout) else {
            throw .standbyBehind(acknowledgedSeq: feed.acknowledgedSeqs.values.max(), headSeq: headSeq,
                                 waitedMilliseconds: Int64((ContinuousClock.now - began).milliseconds))
        }
    }

    /// Refuses new writes, then lets those already admitted finish (a writer barrier); returns the state with the
    /// final head.
    private func pauseWrites() throws(SwitchoverError) -> ReplicationNode.State {
        node.update { $0.isSwitchingOver = true }
        do {
            // Runs after every command queued before it committed; the recorder refuses every later game write.
            try writer.performExclusiveAndWait { _ in }
        } catch {
            throw .storeFailed(detail: String(describing: error))
        }
        logger.info("switchover paused writes", [("head_seq", .int(node.current.headSeq))])
        return node.current
    }

    /// Stores role standby in the same term with `head` as the applied position, durably, then switches the live role.
    private func stepDown(_ head: ReplicationNode.State, peer: ReplicationPeer) throws(SwitchoverError) {
        let now = nowMilliseconds()
        do {
            try writer.performExclusiveAndWait { connection in
                // On an error the writer rolls back what the body left open.
                try connection.run("BEGIN IMMEDIATE")
                try ReplicationLog.setRole(.standby, term: head.term, nowMilliseconds: now, in: connection)
                try ReplicationLog.setApplied(seq: head.headSeq, checksum: head.headChecksum, term: head.term,
                                              nowMilliseconds: now, in: connection)
                try connection.run("COMMIT")
            }
        } catch {
            throw .storeFailed(detail: String(describing: error))
        }
        node.update { state in
            state.role = .standby
            state.primaryURL = peer.url
            state.primaryHeadSeq = head.headSeq
        }
        hooks.steppedDown(head.term)
        logger.info("switchover stepped down: role standby stored", [
            ("term", .int(head.term)), ("applied_seq", .int(head.headSeq)),
        ])
    }

    /// Asks the standby to take over at `head`; returns its new term. A refusal throws `handoffRefused`; a lost answer
    /// asks the peer's status for a few seconds: primary in a higher term is success, still standby a refusal,
    /// silence `outcomeUnknown`.
    private func handOff(_ head: ReplicationNode.State, peer: ReplicationPeer, secret: ReplicationSecret,
                         timeout: Duration) throws(SwitchoverError) -> Int64 {
        let path = "/replication/handoff?term=\(head.term)&seq=\(head.headSeq)&checksum=\(Hex.encode(head.headChecksum))"
        let transportError: String
        do {
            let client = try HTTPClient(host: peer.host, port: peer.port, timeout: timeout)
            defer { client.close() }
            let response = try client.send(.post, path, headers: ["authorization": secret.authorizationHeader])
            if response.status == 200,
               let status = try? JSONDecoder().decode(ReplicationStatus.self, from: Data(response.body)),
               status.role == .primary, status.term > head.term {
                return status.term
            }
            if case .primaryRefused(let code, let errorCode, let message) = ReplicationFollower.refusal(response) {
                throw SwitchoverError.handoffRefused(status: code, code: errorCode, message: message)
            }
            transportError = "unexpected answer \(response.status)"
        } catch let error as SwitchoverError {
            throw error
        } catch {
            transportError = String(describing: error)
        }
        for _ in 0..<10 {
            if let status = try? Self.status(of: peer) {
                if status.role == .primary, status.term > head.term { return status.term }
                if status.role == .standby, status.term <= head.term {
                    throw .handoffRefused(status: 0, code: "no_answer", message:
                        "the handoff got no answer (\(transportError)) and the peer is still a standby in term \(status.term)")
                }
            }
            Thread.sleep(forTimeInterval: 0.3)
        }
        throw .outcomeUnknown(detail: "the handoff got no answer (\(transportError)) and the peer's status did not "
                                  + "show it primary within 3 s")
    }

    /// Takes the primary role back after a failed step: the same term (the peer never wrote in a newer one, or this
    /// node's watcher fences it), writes open, services started again.
    private func resume(term: Int64, error: SwitchoverError) {
        let wasStandby = node.current.role == .standby
        if wasStandby {
            let now = nowMilliseconds()
            do {
                try writer.performExclusiveAndWait { connection in
                    try connection.run("BEGIN IMMEDIATE")
                    try ReplicationLog.setRole(.primary, term: term, nowMilliseconds: now, in: connection)
                    try connection.run("COMMIT")
                }
            } catch {
                logger.error("switchover could not store the primary role back: a restart would start this node as a "
                             + "standby; run `worldgame promote --data-dir` if so", [
                    ("error", .string(String(describing: error)))])
            }
            node.update { $0.role = .primary }
            hooks.resumedPrimary(term)
        }
        node.update { $0.isSwitchingOver = false }
        hooks.startRoleServices()
        logger.error("switchover aborted: this node stays primary and takes writes", [
            ("term", .int(term)), ("stepped_down_before", .bool(wasStandby)), ("error", .string(error.description)),
        ])
    }

    /// The peer's `GET /replication/status`.
    static func status(of peer: ReplicationPeer) throws -> ReplicationStatus {
        let client = try HTTPClient(host: peer.host, port: peer.port, timeout: .seconds(2))
        defer { client.close() }
        let response = try client.send(.get, "/replication/status")
        guard response.status == 200 else { throw ReplicationFollower.refusal(response) }
        return try JSONDecoder().decode(ReplicationStatus.self, from: Data(response.body))
    }
}
