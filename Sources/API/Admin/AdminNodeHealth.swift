/// What the node knows about its own health, gathered for `GET /api/admin/health` from the sources `worldgame
/// status`, `/ready` and `/metrics` already read (role and term, readiness, replication, the storage monitor, the
/// backup directory, the log's recent errors).
///
/// Filled by the App on the request's event loop through `AdminHandlers.Sources.health`; a field is nil when this
/// node does not know it (no replication configured, no backup directory), and is then left out of the answer.
public struct AdminNodeHealth: Sendable {
    /// The node's replication state as the console shows it.
    public struct Replication: Sendable {
        /// `async` or `sync`.
        public var mode: String
        public var standbyConnected: Bool?
        /// Records the standby is behind (a primary) or this node is behind its primary (a standby).
        public var lagRecords: Int64?
        public var lagMilliseconds: Int64?
        /// Sync mode fell back to async (the standby did not acknowledge in time).
        public var isDegraded: Bool?
        /// The node was fenced (a peer is primary in a higher term).
        public var isFenced: Bool

        public init(mode: String, standbyConnected: Bool? = nil, lagRecords: Int64? = nil, lagMilliseconds: Int64? = nil,
                    isDegraded: Bool? = nil, isFenced: Bool = false) {
            self.mode = mode
            self.standbyConnected = standbyConnected
            self.lagRecords = lagRecords
            self.lagMilliseconds = lagMilliseconds
            self.isDegraded = isDegraded
            self.isFenced = isFenced
        }
    }

    /// Free space of the data dir against the floor below which writes are refused.
    public struct Storage: Sendable {
        public var freeBytes: Int64
        public var floorBytes: Int64
        public var isFull: Bool

        public init(freeBytes: Int64, floorBytes: Int64, isFull: Bool) {
            self.freeBytes = freeBytes
            self.floorBytes = floorBytes
            self.isFull = isFull
        }
    }

    /// One recent error line of the node's log.
    public struct RecentError: Sendable {
        /// Unix milliseconds.
        public var at: Int64
        public var message: String
        public var requestID: String?

        public init(at: Int64, message: String, requestID: String?) {
            self.at = at
            self.message = message
            self.requestID = requestID
        }
    }

    /// `primary` or `standby`.
    public var role: String
    public var term: Int64?
    public var release: String
    public var schemaVersion: Int64?
    public var protocolVersion: Int64?
    public var replication: Replication?
    public var isReady: Bool
    /// Why the node is not ready (empty when ready).
    public var readyReasons: [String]
    public var storage: Storage?
    /// When the newest backup was taken (Unix milliseconds), if a backup directory is configured and holds one.
    public var lastBackupAt: Int64?
    /// Whether a backup directory is configured at all (no: `backup` is null).
    public var hasBackupDirectory: Bool
    /// Newest first.
    public var recentErrors: [RecentError]

    public init(role: String, term: Int64? = nil, release: String, schemaVersion: Int64? = nil,
                protocolVersion: Int64? = nil, replication: Replication? = nil, isReady: Bool,
                readyReasons: [String] = [], storage: Storage? = nil, lastBackupAt: Int64? = nil,
                hasBackupDirectory: Bool = false, recentErrors: [RecentError] = []) {
        self.role = role
        self.term = term
        self.release = release
        self.schemaVersion = schemaVersion
        self.protocolVersion = protocolVersion
        self.replication = replication
        self.isReady = isReady
        self.readyReasons = readyReasons
        self.storage = storage
        self.lastBackupAt = lastBackupAt
        self.hasBackupDirectory = hasBackupDirectory
        self.recentErrors = recentErrors
    }
}
