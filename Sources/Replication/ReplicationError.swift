/// Everything the replication module can throw; each case carries the facts needed to act on it.
public enum ReplicationError: Error, CustomStringConvertible, Equatable {
    /// Received bytes do not follow the record or event framing at `offset`.
    case malformedFrame(offset: Int, detail: String)
    /// A record arrived out of order: `expectedSeq` was next, `receivedSeq` came.
    case sequenceGap(expectedSeq: Int64, receivedSeq: Int64)
    /// The running checksum through record `seq` differs: the two logs diverged (hex strings).
    case checksumMismatch(seq: Int64, expected: String, received: String)
    /// A write reached the writer of a node that is not the primary.
    case notPrimary(primaryURL: String?)
    /// Records from `seq` on arrived after this node stopped being a standby (it was promoted); they were not applied.
    case notStandby(seq: Int64)
    /// `--peer` is not an `http://host:port` URL.
    case invalidPeerURL(url: String)
    /// The primary could not be reached or broke the exchange.
    case primaryUnreachable(url: String, detail: String)
    /// The primary answered `status` with `code` where 200 was expected.
    case primaryRefused(status: Int, code: String, message: String)
    /// The replication secret file is missing, unreadable or too short.
    case secretUnusable(path: String, detail: String)
    /// A snapshot could not be taken, received or installed.
    case snapshotFailed(step: String, detail: String)
    /// No snapshot `id` exists on this primary (never taken, deleted, or expired): take a new one.
    case snapshotUnknown(id: String)
    /// A snapshot range request asked for `length` bytes at `offset` of a file of `byteSize` bytes.
    case snapshotRangeInvalid(offset: Int64, length: Int, byteSize: Int64)
    /// The database's `replication_node` row is missing or holds `role`, which is neither primary nor standby.
    case nodeStateInvalid(detail: String)
    /// The primary's snapshot has schema version `snapshotVersion` where this node has `localVersion` (the nodes run
    /// different releases): nothing was downloaded.
    case snapshotSchemaMismatch(snapshotVersion: Int, localVersion: Int)
    /// The primary is already taking a snapshot (one at a time): ask again later.
    case snapshotTakeInProgress
    /// The primary already holds `limit` snapshots in use (taken or read recently): ask again later.
    case snapshotLimitReached(limit: Int)
    /// The node is stopping: a download or re-bootstrap gave up at `step`.
    case stopRequested(step: String)
    /// The one-release rule refused this pair (`VersionCompatibility`); `detail` names both versions and the upgrade
    /// path. Nothing was fetched or written.
    case versionIncompatible(detail: String)
    /// The primary logged migration `version` (`fileName`), which this standby has not applied (or applied from a
    /// different file): it runs an older release than its primary.
    case migrationMissing(version: Int, fileName: String)
    /// A record cannot be applied on top of this standby's rows (a migration that changed rows on the primary): the
    /// standby re-bootstraps from a snapshot taken after it. The records before it were applied.
    case rebootstrapNeeded(seq: Int64, reason: String)

    public var description: String {
        switch self {
        case .malformedFrame(let offset, let detail):
            return "malformed replication frame at byte \(offset): \(detail)"
        case .sequenceGap(let expectedSeq, let receivedSeq):
            return "replication record \(receivedSeq) arrived where \(expectedSeq) was next"
        case .checksumMismatch(let seq, let expected, let received):
            return "replication checksum differs at seq \(seq): computed \(expected), primary sent \(received)"
        case .notPrimary(let primaryURL):
            return "this node is not the primary" + (primaryURL.map { "; the primary is \($0)" } ?? "")
        case .notStandby(let seq):
            return "records from seq \(seq) arrived after this node was promoted; not applied"
        case .invalidPeerURL(let url):
            return "peer URL \(url) is not of the form http://host:port"
        case .primaryUnreachable(let url, let detail):
            return "cannot reach the primary at \(url): \(detail)"
        case .primaryRefused(let status, let code, let message):
            return "the primary answered \(status) \(code): \(message)"
        case .secretUnusable(let path, let detail):
            return "replication secret file \(path) is unusable: \(detail)"
        case .snapshotFailed(let step, let detail):
            return "snapshot failed while \(step): \(detail)"
        case .snapshotUnknown(let id):
            return "snapshot \(id) does not exist on this primary (deleted or expired); take a new one"
        case .snapshotRangeInvalid(let offset, let length, let byteSize):
            return "snapshot range of \(length) bytes at offset \(offset) is outside its \(byteSize) bytes"
        case .nodeStateInvalid(let detail):
            return "replication node state is invalid: \(detail)"
        case .snapshotSchemaMismatch(let snapshotVersion, let localVersion):
            return "the primary's snapshot has schema version \(snapshotVersion), this node \(localVersion): "
                + "restart the standby with the primary's release"
        case .snapshotTakeInProgress:
            return "the primary is already taking a snapshot; ask again later"
        case .snapshotLimitReached(let limit):
            return "the primary already holds \(limit) snapshots in use; ask again later"
        case .stopRequested(let step):
            return "the node is stopping; gave up while \(step)"
        case .versionIncompatible(let detail):
            return detail
        case .migrationMissing(let version, let fileName):
            return "the primary applied migration \(version) (\(fileName)) which this standby has not applied with the same "
                + "file: the standby runs an older release; \(VersionCompatibility.upgradePath)"
        case .rebootstrapNeeded(let seq, let reason):
            return "record \(seq) needs a fresh snapshot: \(reason)"
        }
    }
}
