-- The operators' audit trail and suspended accounts.
--
-- `admin_audit`: one row per operator action (and per view of sealed bids before settlement), written in the same
-- writer transaction as the action itself, so an action that rolls back leaves no row and a committed action always
-- has one. Append-only: the triggers below abort any UPDATE or DELETE (replication applies changesets with triggers
-- off, so a standby's applier and a rewind still work). `details` is a JSON object; it never holds a password or a
-- token. Times are Unix milliseconds.
CREATE TABLE admin_audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    admin_id INTEGER NOT NULL REFERENCES players (id),
    action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
    target TEXT NOT NULL CHECK (length(target) BETWEEN 1 AND 128),
    details TEXT NOT NULL CHECK (json_valid(details) AND json_type(details) = 'object'),
    remote_address TEXT NOT NULL,
    request_id TEXT NOT NULL,
    trace_id TEXT
) STRICT;
CREATE INDEX admin_audit_admin ON admin_audit (admin_id);

CREATE TRIGGER admin_audit_no_update BEFORE UPDATE ON admin_audit BEGIN
    SELECT RAISE(ABORT, 'admin_audit is append-only: rows are never changed');
END;
CREATE TRIGGER admin_audit_no_delete BEFORE DELETE ON admin_audit BEGIN
    SELECT RAISE(ABORT, 'admin_audit is append-only: rows are never deleted');
END;

-- A suspended player (`suspended_at` set) cannot log in, and every token of theirs is refused (the suspension also
-- raises `token_generation`); reinstating clears both columns. The reason is the operator's, shown in the console.
ALTER TABLE players ADD COLUMN suspended_at INTEGER;
ALTER TABLE players ADD COLUMN suspended_reason TEXT CHECK (suspended_reason IS NULL OR length(suspended_reason) <= 500);
