import Clocks
import Engine
import Foundation
import Game
import HTTP
import Lifecycle
import Locking
import Realtime
import Replication
import Store
import Telemetry

/// The replication parts of a running node, wired: its role and position, the primary's feed and log recorder, and a
/// standby's follower. The rules they follow (start-up, promotion, the write guard) live in `Replication`.
///
/// Built by `Node.start()` on the main thread before the writer opens; afterwards shared read-only, with the follower
/// and re-bootstrap handles in `Locked`s (promotion, from the promote thread, stops the follower; `stop` both).
final class NodeReplication: Sendable {
    let node: ReplicationNode
    let feed: ReplicationFeed
    let pruner: ReplicationPruner
    let recorder: ReplicationRecorder
    let secret: ReplicationSecret?
    let peer: ReplicationPeer?
    /// Stamps role changes, applied batches and log records.
    let clock: any WallClock
    private let follower = Locked<ReplicationFollower?>(nil)
    private let rebootstrap = Locked<StandbyRebootstrap?>(nil)
    /// What `startFollower` needs, kept by the service's start so a node that hands its primary role over
    /// (`follow()`) starts following with the same parts.
    private let followerParts = Locked<FollowerParts?>(nil)

    /// The parts a follower republishes through and reports to.
    private struct FollowerParts: Sendable {
        let writer: Writer
        let events: EventBus
        let feed: RealtimeEventFeed
        let readiness: Readiness
        let logger: Logger
    }

    private init(node: ReplicationNode, secret: ReplicationSecret?, peer: ReplicationPeer?, retainedRecords: Int64,
                 clock: any WallClock) {
        self.node = node
        self.secret = secret
        self.peer = peer
        self.clock = clock
        feed = ReplicationFeed()
        pruner = ReplicationPruner(retainedRecords: retainedRecords, feed: feed)
        recorder = ReplicationRecorder(node: node, feed: feed, pruner: pruner, clock: clock)
    }

    /// Loads the secret, bootstraps a standby that needs it, reconciles the stored role with `--role`, and reads the
    /// node's position (`ReplicationStartup`). The database must be migrated and closed.
    static func prepare(configuration: NodeConfiguration, clock: any WallClock, logger: Logger) throws -> NodeReplication {
        let secret = try configuration.replicationSecretFile.map { path throws in try ReplicationSecret.load(path: path) }
        let peer = try configuration.peerURL.map { url throws in try ReplicationPeer(url: url) }
        let store = configuration.storeConfiguration
        let request = ReplicationStartup.Request(
            role: configuration.role == .standby ? .standby : .primary, dataDirectory: configuration.dataDirectory,
            store: store, peer: peer, secret: secret, clock: clock)
        let node = try ReplicationStartup.prepare(request, logger: logger) { _ = try DatabaseSetup.migrate(store) }
        return NodeReplication(node: node, secret: secret, peer: peer,
                               retainedRecords: Int64(configuration.replicationRetainedRecords), clock: clock)
    }

    /// The running part as one of the node's services: starting starts the feed's timer and a standby's follower;
    /// stopping stops a re-bootstrap, the follower and the feed (answering the standby's waiting long polls, so the
    /// internal listener, which stops next, drains at once).
    func service(writer: Writer, events: EventBus, feed: RealtimeEventFeed, readiness: Readiness,
                 logger: Logger) -> some Service {
        ClosureService(name: "replication", start: { [self] in
            self.feed.start()
            followerParts.withLock {
                $0 = FollowerParts(writer: writer, events: events, feed: feed, readiness: readiness, logger: logger)
            }
            startFollower(writer: writer, events: events, feed: feed, readiness: readiness, logger: logger)
        }) { [self] _ in
            stop()
            return true
        }
    }

    /// Starts a standby's follower: applied records republish their domain events on `events`, in order, each
    /// record's position queued on `feed` first; a re-bootstrap tells `feed` that the records it skipped are gone.
    func startFollower(writer: Writer, events: EventBus, feed: RealtimeEventFeed, readiness: Readiness, logger: Logger) {
        guard node.role == .standby, !node.current.isFenced, let peer, let secret else { return }
        let applier = ReplicationApplier(writer: writer, node: node, pruner: pruner, clock: clock) { records in
            Self.republish(records, on: events, feed: feed, logger: logger)
        }
        let node = node
        let rebootstrap = StandbyRebootstrap(peer: peer, secret: secret, writer: writer, node: node,
                                             readiness: readiness, clock: clock, logger: logger) { seq in
            feed.skip(to: RealtimeLogPosition(logSeq: seq, term: node.current.term))
        }
        let follower = ReplicationFollower(peer: peer, secret: secret, node: node, applier: applier, logger: logger) {
            try rebootstrap.run()
        }
        self.rebootstrap.withLock { $0 = rebootstrap }
        self.follower.withLock { $0 = follower }
        follower.start()
    }

    /// Starts following the peer after this node handed its primary role over (`worldgame switchover`): the same
    /// follower a node started as standby runs, from the head the switchover stored as applied.
    func follow() {
        guard let parts = followerParts.withLock({ $0 }) else { return }
        startFollower(writer: parts.writer, events: parts.events, feed: parts.feed, readiness: parts.readiness,
                      logger: parts.logger)
    }

    /// Publishes the domain events carried by `records` (writer thread, after their commit), each record's position
    /// queued on `feed` first. A record whose events cannot be read is skipped whole, and `feed` is told (subscribers
    /// `resync` rather than miss its events silently).
    static func republish(_ records: [ReplicationRecord], on events: EventBus, feed: RealtimeEventFeed, logger: Logger) {
        for record in records where !record.events.isEmpty {
            let position = RealtimeLogPosition(logSeq: record.seq, term: record.term)
            let batches: [[DomainEvent]]
            do {
                batches = try ReplicationEvents.decode(record.events).map { try DomainEventCoding.decode($0) }
            } catch {
                logger.error("replicated events unreadable", [("seq", .int(record.seq)), ("error", .string("\(error)"))])
                feed.skip(to: position)
                continue
            }
            feed.expect(batches.count, at: position)
            for batch in batches { events.publish(batch) }
        }
    }

    /// Promotes a running standby (`ReplicationPromotion`: the next term and the primary role, stored in one writer
    /// command), then stops the follower after its current poll. `Node.promoteOnline` then starts the primary's
    /// services.
    func promote(writer: Writer, logger: Logger) throws -> ReplicationNode.State {
        let began = ContinuousClock.now
        let term = try ReplicationPromotion.promote(node, writer: writer, clock: clock)
        let stopping = follower.withLock { $0 }
        Thread { stopping?.stop() }.start()
        logger.info("node promoted to primary", [("term", .int(term)), ("duration_ms",
                                                                         .double((ContinuousClock.now - began).milliseconds))])
        return node.current
    }

    /// Stops a re-bootstrap (its wait or download), the follower and the feed.
    func stop() {
        rebootstrap.withLock { $0 }?.stop()
        follower.withLock { $0 }?.stop()
        feed.stop()
    }
}

extension NodeReplication {
    /// The standby's write guard in front of both listeners' routes.
    var writeGuard: ReplicationWriteGuard { ReplicationWriteGuard(node: node) }

    /// The replication endpoints of this node.
    func routes(readers: ReaderPool, databasePath: String,
                promote: @escaping @Sendable () throws -> ReplicationNode.State) -> ReplicationRoutes {
        ReplicationRoutes(node: node, feed: feed, secret: secret, readers: readers, databasePath: databasePath,
                          promote: promote, clock: clock)
    }
}
