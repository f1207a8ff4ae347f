import Dispatch
import Foundation
import Locking
import Replication
import Telemetry

/// How a running node changes role without a restart: online promotion starts the primary-only part of the node's
/// services (`PrimaryServices`, joined as `PrimaryRoleService`: everything a restarted primary runs), and fencing stops
/// it again; the node's own stop stops it (a second time is harmless) in its place in the list.
///
/// `promoteOnline()` runs on the thread that promotes (the promote route's "worldgame-repl-promote" thread, or the
/// peer watcher's thread for auto-promotion), which waits for the services' own "worldgame-primary-start" thread;
/// `fenced(term:primaryURL:)` on the thread that fenced the node (the peer watcher's, or the main thread at start-up,
/// before the primary's services exist).
extension Node {
    /// With `--peer`: the watcher that fences this node when the peer is primary in a higher term, and promotes a
    /// standby after `--auto-promote-after` of silence (opt-in). A primary asks its peer once now, before any write.
    func makePeerWatcher(_ replication: NodeReplication) -> PeerTermWatcher? {
        guard let peerURL = configuration.peerURL, !replication.node.current.isFenced else { return nil }
        let isPrimary = replication.node.isPrimary
        let autoPromote: Duration? = isPrimary ? nil : configuration.autoPromoteAfterSeconds.map { .seconds($0) }
        var promote: (@Sendable () throws -> Void)?
        if autoPromote != nil {
            promote = { [weak self] in
                guard let self else { throw ReplicationError.notPrimary(primaryURL: nil) }
                _ = try promoteOnline()
            }
        }
        let watcher = PeerTermWatcher(
            peerURL: peerURL, node: replication.node, interval: .seconds(1), logger: logger, autoPromoteAfter: autoPromote,
            promote: promote) { [weak self] term, primaryURL in self?.fenced(term: term, primaryURL: primaryURL) }
        if isPrimary { watcher.checkOnce() }
        return watcher
    }

    /// Promotes this running standby: stores the primary role and the next term (`NodeReplication.promote`), then
    /// starts what a restarted primary runs (world and market preparation, auction engine, job workers, scheduler,
    /// outbox relay), so bids, settlements and schedules work at once. Returns the node's state.
    /// - Throws: `ReplicationError.nodeStateInvalid` on a fenced node (it must rejoin first), the writer's error, or
    ///   the services' first start-up error (the node then takes writes but runs no jobs until a retry succeeds;
    ///   logged at error level).
    func promoteOnline() throws -> ReplicationNode.State {
        guard let writer, let replication, let primary else { throw ReplicationError.notPrimary(primaryURL: nil) }
        if replication.node.current.isFenced {
            throw ReplicationError.nodeStateInvalid(detail:
                "this node is fenced (a newer primary exists); run `worldgame rejoin` instead of promoting it")
        }
        let state = try replication.promote(writer: writer, logger: logger)
        peerWatcher?.promoted(toTerm: state.term)
        try startPrimaryServices(primary)
        return replication.node.current
    }

    /// How long promotion waits for the primary's services before it answers anyway.
    static let servicesStartWait: Duration = .seconds(5)

    /// The first delay before `startPrimaryServices` tries a failed start again; it doubles up to `servicesRetryMaximum`.
    static let servicesRetryFirstDelay: Duration = .seconds(1)
    static let servicesRetryMaximum: Duration = .seconds(60)

    /// Starts the services on a thread of their own and waits for the first try up to `servicesStartWait`, rethrowing
    /// its error. In sync mode with `--sync-fallback block` a promoted node has no standby yet, so their first writes
    /// wait for one (as every write does): the promoter (the route's caller, the peer watcher) must not hang with them.
    /// A failed start (a full writer queue during promotion, say) leaves nothing running; the thread tries again with
    /// a doubling delay, logged at error level each time, for as long as the node is primary and the services are not
    /// stopped (fenced, shutting down).
    func startPrimaryServices(_ primary: PrimaryServices) throws {
        let outcome = Locked<Result<Void, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let node = replication?.node
        let logger = logger
        let thread = Thread {
            var delay = Self.servicesRetryFirstDelay
            var attempt = 1
            while true {
                let result = Result<Bool, any Error> { try primary.start() }
                if attempt == 1 {
                    outcome.withLock { $0 = result.map { _ in () } }
                    done.signal()
                }
                guard case .failure(let error) = result, node?.isPrimary ?? true else { return }
                logger.error("primary services will retry their start: no jobs run meanwhile", [
                    ("attempt", .int(Int64(attempt))), ("retry_in_ms", .double(delay.milliseconds)),
                    ("error", .string(String(describing: error))),
                ])
                Thread.sleep(forTimeInterval: Double(delay.milliseconds) / 1000)
                delay = min(delay * 2, Self.servicesRetryMaximum)
                attempt += 1
            }
        }
        thread.name = "worldgame-primary-start"
        thread.start()
        guard done.wait(timeout: .now() + .milliseconds(Int(Self.servicesStartWait.milliseconds))) == .success else {
            logger.warning("primary services still starting after promotion: their writes wait (sync mode, no standby?)",
                           [("waited_ms", .double(Self.servicesStartWait.milliseconds))])
            return
        }
        if case .failure(let error)? = outcome.withLock({ $0 }) { throw error }
    }

    /// This node learned of a higher term and refuses writes already: stores the fence (so a restart starts fenced
    /// even without its peer), then stops its job workers, scheduler and outbox relay, so no job even tries to commit
    /// in the stale term.
    func fenced(term: Int64, primaryURL: String) {
        storeFence(ReplicationFence(term: term, primaryURL: primaryURL))
        guard let primary else { return }
        let began = ContinuousClock.now
        let stopped = primary.stop(deadline: .seconds(10))
        logger.warning("fenced node stopped its jobs, scheduler and outbox relay", [
            ("term", .int(term)), ("primary", .string(primaryURL)), ("stopped_in_time", .bool(stopped)),
            ("duration_ms", .double((ContinuousClock.now - began).milliseconds)),
        ])
    }

    /// Writes the fence through the writer, durably, as an exclusive command: it runs alone (never in a batch with a
    /// job's write that the log recorder refuses now), in its own transaction, and its completion skips the sync gate
    /// (which may still hold batches the new primary will never acknowledge). If it fails, the error says what a
    /// restart would do.
    private func storeFence(_ fence: ReplicationFence) {
        guard let writer else { return }
        let clock = clock
        do {
            try writer.performExclusiveAndWait { connection in
                // On an error the writer rolls back what the body left open.
                try connection.run("BEGIN IMMEDIATE")
                try ReplicationFence.store(fence, nowMilliseconds: clock.now.rawValue, in: connection)
                try connection.run("COMMIT")
            }
            logger.info("fence stored", [("fenced_term", .int(fence.term)), ("primary", .string(fence.primaryURL))])
        } catch {
            logger.error("fence not stored: restarted without its peer, this node would take writes again", [
                ("fenced_term", .int(fence.term)), ("error", .string(String(describing: error))),
            ])
        }
    }
}
