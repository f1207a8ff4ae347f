-- Each land square's JSON object, stored: the area route (GET /api/land-squares) copies these bytes into its body
-- instead of reading 16 cells a square and encoding them (about 750k instructions for an uncached 10 x 10 area).
--
-- `square_json` is exactly the object the route writes for the row (`SquareJSON`): sorted keys, `nextAuctionAt`
-- null on owned land, RFC 3339 timestamps with milliseconds. The game writes it from Swift: the resource batch in its
-- own UPDATE, every other write path through the writer's pre-commit step (`SquareObjects`), which re-encodes the
-- stale squares before each batch's COMMIT. NULL means stale: the route encodes such a square from its row.
--
-- Schema only: no row changes here (a migration that changes rows makes a running standby re-bootstrap). Squares
-- stored before this migration are NULL until a primary's backfill or its batches store them.
ALTER TABLE land_squares ADD COLUMN square_json TEXT;

-- The guard: any statement that changes a column the object shows and does not also set the object (an operator's
-- SQL, the `owned_unscheduled` trigger, a write path that forgot it) leaves the square stale, so a stored object never
-- disagrees with its row. A statement that sets the object to new bytes (the resource batch) does not fire it. Its own
-- UPDATE names no shown column, so it fires neither itself nor `export_squares_update`.
CREATE TRIGGER land_squares_json_stale AFTER UPDATE OF id, x, y, region_id, owner_id, is_locked, next_auction_at,
        resource_kind, farm_level, farm_next_harvest_at, mine_remaining_ore, mine_depletion_rate, oil_capacity,
        oil_extraction_rate, oil_technology_level, merged_square_ids ON land_squares
WHEN NEW.square_json IS OLD.square_json AND NEW.square_json IS NOT NULL
BEGIN
    UPDATE land_squares SET square_json = NULL WHERE id = NEW.id;
END;

-- The stale squares, for the pre-commit step and the backfill: empty in a steady state, so a batch's probe of it is one
-- seek into an empty index.
CREATE INDEX land_squares_json_stale ON land_squares (id) WHERE square_json IS NULL;
