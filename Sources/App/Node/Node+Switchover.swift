import Realtime
import Replication
import Store
import Telemetry
import WebSocket

/// How a running primary hands its role to its standby (`worldgame switchover`, `POST /replication/switchover`): the
/// steps are `ReplicationSwitchover`'s; this wires the parts of the node they move. The primary's services
/// (`PrimaryServices`) pause before the write pause and start again on an abort; after the handoff the node follows
/// its peer from the head it stored and closes its WebSocket clients with 1012 "service restart", so they reconnect
/// to the new primary and `resume` there. The peer watcher watches as a standby from the step-down on.
///
/// Every hook runs on the switchover route's thread ("worldgame-repl-switchover").
extension Node {
    /// The switchover of this node, built once with its routes.
    func makeSwitchover(_ replication: NodeReplication, writer: Writer) -> ReplicationSwitchover {
        let logger = logger
        let clock = clock
        let hooks = ReplicationSwitchover.Hooks(
            stopRoleServices: { [weak self] deadline in self?.primary?.pause(deadline: deadline) },
            startRoleServices: { [weak self] in
                guard let self, let primary else { return }
                do {
                    try startPrimaryServices(primary)
                } catch {
                    logger.error("primary services did not start again after the aborted switchover; retrying",
                                 [("error", .string(String(describing: error)))])
                }
            },
            steppedDown: { [weak self] term in self?.peerWatcher?.steppedDown(toTerm: term) },
            resumedPrimary: { [weak self] term in self?.peerWatcher?.promoted(toTerm: term) },
            followPeer: { [weak self] in self?.followAfterSwitchover(replication) })
        return ReplicationSwitchover(node: replication.node, feed: replication.feed, writer: writer,
                                     peer: replication.peer, secret: replication.secret, hooks: hooks, logger: logger,
                                     nowMilliseconds: { clock.now.rawValue })
    }

    /// Starts the follower, then closes every WebSocket client with 1012 so it reconnects to the new primary.
    private func followAfterSwitchover(_ replication: NodeReplication) {
        replication.follow()
        let closed = gateway?.closeAll(code: .serviceRestart, reason: RealtimeGateway.switchoverCloseReason) ?? 0
        logger.info("switchover closed the WebSocket clients: they reconnect to the new primary", [
            ("connections", .int(Int64(closed))), ("close_code", .int(Int64(WebSocketCloseCode.serviceRestart.rawValue))),
        ])
    }
}
