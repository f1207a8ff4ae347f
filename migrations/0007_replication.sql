-- Replication: the log of committed writer batches (one row per batch that changed something) and this node's
-- replication state. Neither table is recorded in the changesets (the writer's session excludes them).
CREATE TABLE replication_log (
    seq INTEGER PRIMARY KEY NOT NULL,
    term INTEGER NOT NULL,
    changeset BLOB NOT NULL,
    events BLOB NOT NULL,
    checksum BLOB NOT NULL,
    committed_at_ms INTEGER NOT NULL
) STRICT;

-- One row: the role and term this node last took, and how far it has applied or written the log.
CREATE TABLE replication_node (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    role TEXT NOT NULL CHECK (role IN ('primary', 'standby')),
    term INTEGER NOT NULL,
    applied_seq INTEGER NOT NULL,
    applied_checksum BLOB NOT NULL,
    updated_at_ms INTEGER NOT NULL
) STRICT;

INSERT INTO replication_node (id, role, term, applied_seq, applied_checksum, updated_at_ms)
VALUES (1, 'primary', 1, 0, zeroblob(32), 0);
