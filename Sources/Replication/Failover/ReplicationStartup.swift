import Clocks
import Store
import Telemetry

/// What a node decides about replication before its writer opens: refuse a fenced standby, bootstrap a standby that
/// needs a snapshot, store the requested role (within the rules below) and read the node's position.
///
/// Why a type: these are the replication rules of start-up (a standby's data dir becomes primary only through
/// `promote`, a fenced one only through `rejoin`; a fenced data dir never bootstraps over the writes its new primary
/// lacks), kept apart from the wiring that calls them. Runs on the starting thread, over short-lived connections to a
/// migrated, closed database.
public enum ReplicationStartup {
    /// What the node asked for and what it needs to act on it.
    public struct Request: Sendable {
        /// `--role`.
        public var role: ReplicationRole
        /// The data dir, named in the errors.
        public var dataDirectory: String
        public var store: StoreConfiguration
        public var peer: ReplicationPeer?
        public var secret: ReplicationSecret?
        /// The node's wall clock, stamped on the stored role and the bootstrap's node row.
        public var clock: any WallClock
        /// This node's release, schema and protocol: sent to the primary, which the one-release rule checks.
        public var version: NodeVersion

        public init(role: ReplicationRole, dataDirectory: String, store: StoreConfiguration, peer: ReplicationPeer?,
                    secret: ReplicationSecret?, clock: any WallClock, version: NodeVersion = .running(schemaVersion: nil)) {
            self.version = version
            self.role = role
            self.dataDirectory = dataDirectory
            self.store = store
            self.peer = peer
            self.secret = secret
            self.clock = clock
        }
    }

    /// Removes a previous run's leftovers, bootstraps a standby that needs it (then runs `migrate` over the installed
    /// snapshot), stores the requested role and returns the in-memory state.
    /// - Throws: `ReplicationError.nodeStateInvalid` for a fenced standby or a standby's data dir started as primary;
    ///   the bootstrap's, `migrate`'s or the database's errors.
    public static func prepare(_ request: Request, logger: Logger, migrate: () throws -> Void) throws -> ReplicationNode {
        let store = request.store
        // Node start, before any snapshot or bootstrap: files there belong to a previous run (a crash, a stop that
        // gave up waiting for a download).
        ReplicationSnapshotStore(databasePath: store.path).removeLeftovers()
        ReplicationBootstrap.removeLeftovers(databasePath: store.path)
        if request.role == .standby, let fence = try withConnection(store, ReplicationFence.load) {
            // Before any bootstrap: a snapshot would silently replace the writes the new primary lacks.
            throw ReplicationError.nodeStateInvalid(detail:
                "the data dir \(request.dataDirectory) was fenced by term \(fence.term) (primary \(fence.primaryURL)); "
                    + "run `worldgame rejoin` first, which rewinds and reports what that primary lacks")
        }
        var versionRefusal: String?
        if request.role == .standby, let peer = request.peer, let secret = request.secret {
            // A former primary (an old primary restarted on the next release to follow the promoted standby) stored
            // no applied seq: its position is its log head. The follower's checksum chain refuses a diverged tail.
            let applied = try withConnection(store) { connection in
                max(try ReplicationLog.nodeRow(in: connection).appliedSeq, try ReplicationLog.head(in: connection)?.seq ?? 0)
            }
            let decision: ReplicationBootstrap.Decision
            do {
                decision = try ReplicationBootstrap.decide(appliedSeq: applied, peer: peer, secret: secret,
                                                           version: request.version)
            } catch ReplicationError.versionIncompatible(let detail) {
                // A standby with data starts anyway (it serves its reads; `/ready` and `status` say why it does
                // not follow, and the follower asks again); an empty one cannot, and `run` below throws.
                logger.error("replication version refused", [("reason", .string(detail)), ("peer", .string(peer.url))])
                versionRefusal = detail
                decision = .follow(appliedSeq: applied)
            }
            if case .bootstrap(let reason) = decision {
                logger.info("standby bootstrap starting", [("reason", .string(reason)), ("peer", .string(peer.url))])
                let seq = try ReplicationBootstrap.run(peer: peer, secret: secret, databasePath: store.path,
                                                       nowMilliseconds: request.clock.now.rawValue, version: request.version)
                logger.info("standby bootstrap installed", [("applied_seq", .int(seq))])
                try migrate()
            }
        }
        let node = try withConnection(store) { connection in try reconcile(connection, request: request, logger: logger) }
        if let versionRefusal { node.update { $0.versionRefusal = versionRefusal } }
        return node
    }

    /// Stores the requested role (a primary's data dir may become a standby; a standby's may only become primary
    /// through `promote`; a fenced one only through `rejoin`) and returns the in-memory state: fenced when the database
    /// holds a fence above its term (`ReplicationFence`), whether or not the peer answers.
    static func reconcile(_ connection: Connection, request: Request, logger: Logger) throws -> ReplicationNode {
        let row = try ReplicationLog.nodeRow(in: connection)
        let role = request.role
        if role == .primary && row.role == .standby {
            throw ReplicationError.nodeStateInvalid(detail:
                "the data dir \(request.dataDirectory) belongs to a standby (term \(row.term)); run `worldgame promote` first")
        }
        let fence = try ReplicationFence.load(in: connection)
        if role != row.role {
            try ReplicationLog.setRole(role, term: row.term, nowMilliseconds: request.clock.now.rawValue, in: connection)
            logger.info("replication role stored", [("role", .string(role.rawValue)), ("term", .int(row.term))])
        }
        let head = try ReplicationLog.head(in: connection)
        let node = ReplicationNode(role: fence == nil ? role : .standby, term: fence?.term ?? row.term,
                                   headSeq: head?.seq ?? 0, headChecksum: head?.checksum ?? ReplicationChecksum.initial,
                                   headCommittedAtMilliseconds: head?.committedAt ?? 0,
                                   primaryURL: fence?.primaryURL ?? request.peer?.url, version: request.version)
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
}
