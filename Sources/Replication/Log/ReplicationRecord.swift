/// One replication log record: what one committed writer batch changed, in log order.
///
/// An immutable value, made on the primary's writer thread (inside the batch, before COMMIT) and carried to
/// standbys. `changeset` is the batch's SQLite changeset; `events` the batch's domain-event attachments as framed by
/// `ReplicationEvents`; `checksum` the running checksum through this record (`ReplicationChecksum`).
public struct ReplicationRecord: Sendable, Equatable {
    /// Position in the log: 1, 2, 3... without gaps.
    public var seq: Int64
    /// The primary term that wrote the record.
    public var term: Int64
    public var changeset: [UInt8]
    public var events: [UInt8]
    /// SHA-256(previous checksum ‖ seq ‖ term ‖ changeset), 32 bytes.
    public var checksum: [UInt8]
    /// Wall-clock time of the commit on the primary, in Unix milliseconds (for lag in milliseconds).
    public var committedAtMilliseconds: Int64
}
