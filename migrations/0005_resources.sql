-- Resource lifecycle, merges and upgrades (issue 7). Times are Unix milliseconds (UTC); quantities whole units.
-- Rules and parameters: docs/resources.md and `ResourceConfiguration`.

-- A merged plot: orthogonally contiguous squares of one owner that yield a bonus together.
CREATE TABLE land_merges (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES players (id),
    square_count INTEGER NOT NULL CHECK (square_count >= 2),
    bonus_percent INTEGER NOT NULL CHECK (bonus_percent >= 0),
    gold_cost INTEGER NOT NULL CHECK (gold_cost >= 0),
    created_at INTEGER NOT NULL
) STRICT;

-- Mines and oil fields: production is accounted up to this instant (farms use farm_next_harvest_at). NULL: the
-- square's production clock starts at the next resource run, which yields nothing for it.
ALTER TABLE land_squares ADD COLUMN produced_until INTEGER;
-- The merged plot this square belongs to, and the ids of all the plot's squares ("12,13,28"), shown as `merges`.
ALTER TABLE land_squares ADD COLUMN merge_id INTEGER REFERENCES land_merges (id);
ALTER TABLE land_squares ADD COLUMN merged_square_ids TEXT;
CREATE INDEX land_squares_merge ON land_squares (merge_id) WHERE merge_id IS NOT NULL;

-- Who holds a square for a pending sale: an open auction ("auction:7") or a marketplace listing ("listing:3").
-- Merges and upgrades refuse held squares; the holder releases the row when its sale ends.
CREATE TABLE square_locks (
    square_id INTEGER PRIMARY KEY REFERENCES land_squares (id),
    holder TEXT NOT NULL CHECK (length(holder) BETWEEN 1 AND 200),
    created_at INTEGER NOT NULL
) STRICT;

-- One resource update run: due squares are processed in chunks of ids (one database-only job per chunk).
-- `cursor` is the last square id processed; the run ends when it reaches `last_square_id` (the largest id at start).
CREATE TABLE resource_update_runs (
    id INTEGER PRIMARY KEY,
    due_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    updated_at INTEGER NOT NULL,
    cursor INTEGER NOT NULL DEFAULT 0,
    last_square_id INTEGER NOT NULL,
    chunks INTEGER NOT NULL DEFAULT 0,
    updated_items INTEGER NOT NULL DEFAULT 0,
    failed_items INTEGER NOT NULL DEFAULT 0,
    yielded_wheat INTEGER NOT NULL DEFAULT 0,
    yielded_ore INTEGER NOT NULL DEFAULT 0,
    yielded_oil INTEGER NOT NULL DEFAULT 0,
    new_deposits INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    CHECK ((status = 'running') = (ended_at IS NULL))
) STRICT;
-- At most one run at a time.
CREATE UNIQUE INDEX resource_update_runs_one_running ON resource_update_runs (status) WHERE status = 'running';
