-- The outbox of cross-node jobs (issue 11): enqueueing a job of a kind marked remote writes a row here in the same
-- transaction as the change that caused it; the outbox relay puts unsent rows on the cloud queue and then sets
-- sent_at (at least once: a crash between the put and the mark puts the row again, and the consumer on the other node
-- drops the duplicate by message_key). Times are Unix milliseconds (UTC).
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 200),
    payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
    priority INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER,
    -- The enqueuer's dedupe key: a second row with the same key is refused for good (schedules key each due time).
    dedupe_key TEXT UNIQUE,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    send_attempts INTEGER NOT NULL DEFAULT 0 CHECK (send_attempts >= 0),
    last_error TEXT
) STRICT;

-- The relay's scan: unsent rows in order.
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
