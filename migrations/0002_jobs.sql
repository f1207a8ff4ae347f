-- The work queue drained by the worker threads, and the persisted schedules that feed it (issue 5).
-- Times are Unix milliseconds (UTC). A job's `attempts` counts claims: it is raised when a worker takes the job.
-- States: pending (waiting for run_at), running (leased to lease_owner until lease_expires_at), failed (the last attempt
-- failed; waiting for its retry at run_at), done, dead (out of attempts, unknown kind, or cancelled by an operator).
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 200),
    payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
    priority INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed', 'dead')),
    run_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
    lease_owner TEXT,
    lease_expires_at INTEGER,
    last_error TEXT,
    dedupe_key TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    finished_at INTEGER,
    CHECK ((state = 'running') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
) STRICT;

-- A dedupe key is unique among jobs that are still to run (pending, failed awaiting retry, running).
CREATE UNIQUE INDEX jobs_dedupe_key_active ON jobs (dedupe_key)
    WHERE dedupe_key IS NOT NULL AND state IN ('pending', 'running', 'failed');

-- The claim query: due jobs in priority order (higher first), then run_at, then id.
CREATE INDEX jobs_due ON jobs (priority DESC, run_at, id) WHERE state IN ('pending', 'failed');

-- The claim query's second half: running jobs whose lease has expired.
CREATE INDEX jobs_lease_expiry ON jobs (lease_expires_at) WHERE state = 'running';

-- Queue depth by state and kind (metrics, `worldgame jobs list --state`), and the purge of old finished jobs.
CREATE INDEX jobs_state_kind ON jobs (state, kind);
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE state = 'done';

-- Named schedules: exactly one of interval_seconds and daily_at ("HH:MM", UTC) is set.
CREATE TABLE schedules (
    name TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    interval_seconds INTEGER CHECK (interval_seconds IS NULL OR interval_seconds > 0),
    daily_at TEXT CHECK (daily_at IS NULL OR daily_at GLOB '[0-2][0-9]:[0-5][0-9]'),
    next_run_at INTEGER NOT NULL,
    last_enqueued_at INTEGER,
    updated_at INTEGER NOT NULL,
    CHECK ((interval_seconds IS NULL) <> (daily_at IS NULL))
) STRICT;
