import Store

/// The node-local record of every cross-node job message received (`remote_job_receipts` in
/// `<data-dir>/local.sqlite`): the consumer inserts the row and the job in one transaction, so a redelivered or
/// duplicated message, found here, is deleted from the queue without running again.
///
/// Lives in the node-local database because a standby's game database is a read-only replica. Stateless; functions
/// run inside the local writer's commands.
public enum RemoteJobReceipts {
    /// The local database's own migration (applied with the game schema's; numbered far above them).
    public static let migrationFile = (name: "9001_remote_job_receipts.sql", contents: """
        -- Cross-node job messages received by this node (issue 11); message_key is the sender's idempotency key.
        CREATE TABLE remote_job_receipts (
            message_key TEXT PRIMARY KEY NOT NULL,
            message_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            origin TEXT NOT NULL,
            job_id INTEGER,
            received_at INTEGER NOT NULL
        ) STRICT;
        """)

    /// Records `envelope` as received; returns false when its key was seen before (a duplicate).
    public static func record(_ envelope: RemoteJobEnvelope, messageId: Int64, now: Int64, in executor: any SQLExecutor) throws -> Bool {
        try executor.run("""
            INSERT INTO remote_job_receipts(message_key, message_id, kind, origin, received_at) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT DO NOTHING
            """, [envelope.key, messageId, envelope.kind, envelope.origin, now])
        return executor.changes == 1
    }

    /// Links the receipt to the local job it created.
    public static func link(key: String, jobId: Int64?, in executor: any SQLExecutor) throws {
        try executor.run("UPDATE remote_job_receipts SET job_id = ?2 WHERE message_key = ?1", [key, jobId])
    }

    /// How many messages were received in total.
    public static func count(in executor: any SQLExecutor) throws -> Int {
        try executor.queryOne("SELECT count(*) AS count FROM remote_job_receipts", [])?.int("count") ?? 0
    }
}
