-- The change log of the periodic Atlas export (issue 11). One row per changed entity; triggers re-stamp it with a new
-- `seq` whenever the entity changes in a way the export shows, so "everything with seq > watermark" is exactly what
-- changed since the last acknowledged export. AUTOINCREMENT: a seq is never reused, even after the newest row is
-- replaced. Bounded by the number of entities (INSERT OR REPLACE keeps one row per entity).
-- New squares and trades are NOT logged: their ids only grow and they are never deleted, so the export finds them by
-- id after its own cursor (no cost on the world generator's or the market's inserts); only square updates are logged.
-- Not tracked on purpose: the per-run resource counters of squares (farm_next_harvest_at, mine_remaining_ore,
-- oil_capacity, produced_until), which every resource run rewrites; a square carries their current values whenever
-- it is exported for another reason, and each run's totals are exported as a resource run. Auctions enter the log only
-- once they are completed, failed or cancelled: a running auction (and every bid) never leaves the node.
CREATE TABLE export_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    collection TEXT NOT NULL CHECK (collection IN ('players', 'squares', 'auctions', 'trades', 'resource_runs')),
    row_id INTEGER NOT NULL,
    UNIQUE (collection, row_id)
) STRICT;

CREATE TRIGGER export_players_insert AFTER INSERT ON players BEGIN
    INSERT OR REPLACE INTO export_changes (collection, row_id) VALUES ('players', NEW.id);
END;
CREATE TRIGGER export_players_update AFTER UPDATE OF username, role ON players BEGIN
    INSERT OR REPLACE INTO export_changes (collection, row_id) VALUES ('players', NEW.id);
END;
CREATE TRIGGER export_squares_update AFTER UPDATE OF owner_id, is_locked, next_auction_at, resource_kind, farm_level,
        mine_depletion_rate, oil_extraction_rate, oil_technology_level, merge_id ON land_squares BEGIN
    INSERT OR REPLACE INTO export_changes (collection, row_id) VALUES ('squares', NEW.id);
END;
CREATE TRIGGER export_auctions_settled AFTER UPDATE OF status ON auctions
        WHEN NEW.status IN ('completed', 'failed', 'cancelled') BEGIN
    INSERT OR REPLACE INTO export_changes (collection, row_id) VALUES ('auctions', NEW.id);
END;
CREATE TRIGGER export_resource_runs_insert AFTER INSERT ON resource_update_runs BEGIN
    INSERT OR REPLACE INTO export_changes (collection, row_id) VALUES ('resource_runs', NEW.id);
END;
CREATE TRIGGER export_resource_runs_update AFTER UPDATE OF status ON resource_update_runs BEGIN
    INSERT OR REPLACE INTO export_changes (collection, row_id) VALUES ('resource_runs', NEW.id);
END;

-- What existed before this migration is exported once, by the first run (squares and trades through the id cursor).
INSERT INTO export_changes (collection, row_id) SELECT 'players', id FROM players ORDER BY id;
INSERT INTO export_changes (collection, row_id)
    SELECT 'auctions', id FROM auctions WHERE status IN ('completed', 'failed', 'cancelled') ORDER BY id;
INSERT INTO export_changes (collection, row_id) SELECT 'resource_runs', id FROM resource_update_runs ORDER BY id;
