import Clocks
import Engine
import Foundation
import Game
import HTTP
import Locking
import Realtime
import Replication
import Store
import Telemetry

/// The replication parts of a running node: its role and position, the primary's feed and log recorder, and a
/// standby's follower; plus the start-up steps (bootstrap, role reconciliation) and in-process promotion.
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
    /// node's position. The database must be migrated and closed.
    static func prepare(configuration: NodeConfiguration, clock: any WallClock, logger: Logger) throws -> NodeReplication {
        let secret = try configuration.replicationSecretFile.map { path throws in try ReplicationSecret.load(path: path) }
        let peer = try configuration.peerURL.map { url throws in try ReplicationPeer(url: url) }
        let store = configuration.storeConfiguration
        // Node start, before any snapshot or bootstrap: files there belong to a previous run (a crash, a stop that
        // gave up waiting for a download).
        ReplicationSnapshotStore(databasePath: store.path).removeLeftovers()
        ReplicationBootstrap.removeLeftovers(databasePath: store.path)
        if configuration.role == .standby, let fence = try withConnection(store, ReplicationFence.load) {
            // Before any bootstrap: a snapshot would silently replace the writes the new primary lacks.
            throw ReplicationError.nodeStateInvalid(detail:
                "the data dir \(configuration.dataDirectory) was fenced by term \(fence.term) (primary \(fence.primaryURL)); "
                    + "run `worldgame rejoin` first, which rewinds and reports what that primary lacks")
        }
        if configuration.role == .standby, let peer, let secret {
            let applied = try withConnection(store) { try ReplicationLog.nodeRow(in: $0).appliedSeq }
            if case .bootstrap(let reason) = try ReplicationBootstrap.decide(appliedSeq: applied, peer: peer, secret: secret) {
                logger.info("standby bootstrap starting", [("reason", .string(reason)), ("peer", .string(peer.url))])
                let seq = try ReplicationBootstrap.run(peer: peer, secret: secret, databasePath: store.path,
                                                       nowMilliseconds: clock.now.rawValue)
                logger.info("standby bootstrap installed", [("applied_seq", .int(seq))])
                try DatabaseSetup.migrate(store)
            }
        }
        let node = try withConnection(store) { connection in
            try reconcile(connection, configuration: configuration, peer: peer, clock: clock, logger: logger)
        }
        return NodeReplication(node: node, secret: secret, peer: peer,
                               retainedRecords: Int64(configuration.replicationRetainedRecords), clock: clock)
    }

    /// Stores `--role` (a primary's data dir may become a standby; a standby's may only become primary through
    /// `promote`; a fenced one only through `rejoin`) and returns the in-memory state: fenced when the database holds
    /// a fence above its term (`ReplicationFence`), whether or not the peer answers.
    private static func reconcile(_ connection: Connection, configuration: NodeConfiguration, peer: ReplicationPeer?,
                                  clock: any WallClock, logger: Logger) throws -> ReplicationNode {
        let row = try ReplicationLog.nodeRow(in: connection)
        let role: ReplicationRole = configuration.role == .standby ? .standby : .primary
        if role == .primary && row.role == .standby {
            throw ReplicationError.nodeStateInvalid(detail:
                "the data dir \(configuration.dataDirectory) belongs to a standby (term \(row.term)); run `worldgame promote` first")
        }
        let fence = try ReplicationFence.load(in: connection)
        if role != row.role {
            try ReplicationLog.setRole(role, term: row.term, nowMilliseconds: clock.now.rawValue, in: connection)
            logger.info("replication role stored", [("role", .string(role.rawValue)), ("term", .int(row.term))])
        }
        let head = try ReplicationLog.head(in: connection)
        let node = ReplicationNode(role: fence == nil ? role : .standby, term: fence?.term ?? row.term,
                                   headSeq: head?.seq ?? 0, headChecksum: head?.checksum ?? ReplicationChecksum.initial,
                                   headCommittedAtMilliseconds: head?.committedAt ?? 0,
                                   primaryURL: fence?.primaryURL ?? peer?.url)
        if let fence {
            node.update { $0.isFenced = true }
            logger.error("node starts fenced: it stored a higher term; writes refused until rejoin", [
                ("term", .int(row.term)), ("fenced_term", .int(fence.term)), ("primary", .string(fence.primaryURL)),
            ])
        }
        return node
    }

    private static func withConnection<T>(_ store: StoreConfiguration, _ body: (Connection) throws -> T) throws -> T {
        let connection = try Connection(configuration: store, readOnly: false)
        defer { connection.close() }
        return try body(connection)
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

    /// Promotes a running standby: bumps the term and stores the primary role in one writer command, then switches
    /// the node (the follower stops after its current poll). `Node.promoteOnline` then starts the primary's services.
    func promote(writer: Writer, logger: Logger) throws -> ReplicationNode.State {
        let node = node
        let clock = clock
        let began = ContinuousClock.now
        let term = try writer.performAndWait { transaction -> Int64 in
            let row = try ReplicationLog.nodeRow(in: transaction)
            let newTerm = max(row.term, node.current.term) + 1
            try ReplicationLog.setRole(.primary, term: newTerm, nowMilliseconds: clock.now.rawValue, in: transaction)
            transaction.afterCommit {
                node.update { state in
                    state.role = .primary
                    state.term = newTerm
                    state.primaryHeadSeq = state.headSeq
                }
            }
            return newTerm
        }
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
    /// Routes that change nothing, or that replication itself needs, pass the standby's write guard.
    static let writeGuardExemptPatterns: Set<String> = ["/replication/promote"]

    /// The 503 every write gets on a standby.
    static func notPrimaryResponse(primaryURL: String?) -> HTTPResponse {
        .error(.serviceUnavailable, code: "not_primary",
               message: "this node is a standby and takes no writes; the primary is \(primaryURL ?? "unknown")")
    }

    /// The central check in front of every route (`Router.wrapHandlers`): on a node that is not primary, anything
    /// but GET and HEAD answers 503 `not_primary` naming the primary.
    func writeGuard(method: HTTPMethod, pattern: String, handler: @escaping HTTPHandler) -> HTTPHandler {
        guard method != .get, method != .head, !Self.writeGuardExemptPatterns.contains(pattern) else { return handler }
        let node = node
        return { request, context, responder in
            guard node.isPrimary else {
                return responder.respond(Self.notPrimaryResponse(primaryURL: node.current.primaryURL))
            }
            handler(request, context, responder)
        }
    }

    /// The replication endpoints of this node.
    func routes(readers: ReaderPool, databasePath: String,
                promote: @escaping @Sendable () throws -> ReplicationNode.State) -> ReplicationRoutes {
        ReplicationRoutes(node: node, feed: feed, secret: secret, readers: readers, databasePath: databasePath,
                          promote: promote, clock: clock)
    }
}
