import Crypto

/// Reads the replication log's newest position (sequence number and running checksum) for backup manifests.
///
/// Stateless; uses the caller's connection (inside the caller's read transaction, so the position matches the
/// snapshot). Returns nil when the database has no replication log (migration 0007 not applied) or it is empty.
enum BackupReplicationPosition {
    static func latest(in connection: Connection) throws(StoreError) -> (sequence: Int64, checksum: String)? {
        let table = try connection.queryOne(
            "SELECT count(*) AS present FROM sqlite_schema WHERE type = 'table' AND name = 'replication_log'")
        guard try table?.int("present") == 1 else { return nil }
        guard let row = try connection.queryOne("SELECT seq, checksum FROM replication_log ORDER BY seq DESC LIMIT 1")
        else { return nil }
        let checksum: String
        switch try row.value("checksum") {
        case .blob(let bytes): checksum = Hex.encode(bytes)
        default: checksum = try row.string("checksum")
        }
        return (try row.int64("seq"), checksum)
    }
}
