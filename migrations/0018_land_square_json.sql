-- Each land square's JSON object, as GET /api/land-squares writes it, stored with the square and kept in the area
-- index, so an area read takes one cell per square from the index alone (no table row, no 16 cells to decode and
-- encode). Schema only: no row changes here, so it ships through the replication log like any schema migration.

-- `square_json`: keys in sorted order, owned land's `nextAuctionAt` null, timestamps RFC 3339 in UTC with
-- milliseconds; byte for byte what the API's JSON writer gives for the same row (tests compare the two over random
-- rows, `worldgame verify` over every square). NULL for a square stored before this migration until it is next
-- written, and for one whose timestamps fall outside the years 0000-9999 that `strftime` writes: readers encode such
-- squares themselves.
ALTER TABLE land_squares ADD COLUMN square_json TEXT;

-- SQLite computes the object itself after every insert and every update of a column it shows, so no write path (the
-- game's, the world generator's, a trigger's, an operator's SQL) can leave it stale, and a direct write of
-- `square_json` is replaced by the computed one. (A generated column would say this in one line, but the session
-- extension of the system SQLite, 3.40, cannot record changes of a table with one: `sqlite3session_changeset` fails
-- with SQLITE_SCHEMA, which would stop replication.) The trigger's own write does not fire it again
-- (recursive_triggers is off) and fires no other trigger. A standby applies the primary's changes with triggers off
-- and takes `square_json` from the changeset, so both nodes hold the same bytes.
-- printf builds each object in one buffer; a chain of `||` allocated once per piece (3x the instructions).
CREATE TRIGGER land_squares_json_insert AFTER INSERT ON land_squares BEGIN
    UPDATE land_squares SET square_json = CASE
        WHEN coalesce(next_auction_at, 0) BETWEEN -62167219200000 AND 253402300799999
            AND coalesce(farm_next_harvest_at, 0) BETWEEN -62167219200000 AND 253402300799999
        THEN printf(
            '{"id":%d,"isLocked":%s,"merges":[%s],"nextAuctionAt":%s,"ownerId":%s,"regionId":%d,"resource":%s,"x":%d,"y":%d}',
            id, iif(is_locked, 'true', 'false'), coalesce(merged_square_ids, ''),
            iif(owner_id IS NULL AND next_auction_at IS NOT NULL,
                strftime('"%Y-%m-%dT%H:%M:%fZ"', next_auction_at / 1000.0, 'unixepoch'), 'null'),
            coalesce(owner_id, 'null'), region_id,
            CASE resource_kind
                WHEN 'farm' THEN printf('{"kind":"farm","level":%d,"nextHarvestAt":%s}', farm_level,
                    strftime('"%Y-%m-%dT%H:%M:%fZ"', farm_next_harvest_at / 1000.0, 'unixepoch'))
                WHEN 'mine' THEN printf('{"depletionRate":%d,"kind":"mine","remainingOre":%d}', mine_depletion_rate,
                    mine_remaining_ore)
                WHEN 'oil_field' THEN printf(
                    '{"capacity":%d,"extractionRate":%d,"kind":"oil_field","technologyLevel":%d}',
                    oil_capacity, oil_extraction_rate, oil_technology_level)
                ELSE 'null' END,
            x, y)
        END
    WHERE id = NEW.id;
END;
CREATE TRIGGER land_squares_json_update AFTER UPDATE OF id, x, y, region_id, owner_id, is_locked, next_auction_at,
        resource_kind, farm_level, farm_next_harvest_at, mine_remaining_ore, mine_depletion_rate, oil_capacity,
        oil_extraction_rate, oil_technology_level, merged_square_ids, square_json ON land_squares BEGIN
    UPDATE land_squares SET square_json = CASE
        WHEN coalesce(next_auction_at, 0) BETWEEN -62167219200000 AND 253402300799999
            AND coalesce(farm_next_harvest_at, 0) BETWEEN -62167219200000 AND 253402300799999
        THEN printf(
            '{"id":%d,"isLocked":%s,"merges":[%s],"nextAuctionAt":%s,"ownerId":%s,"regionId":%d,"resource":%s,"x":%d,"y":%d}',
            id, iif(is_locked, 'true', 'false'), coalesce(merged_square_ids, ''),
            iif(owner_id IS NULL AND next_auction_at IS NOT NULL,
                strftime('"%Y-%m-%dT%H:%M:%fZ"', next_auction_at / 1000.0, 'unixepoch'), 'null'),
            coalesce(owner_id, 'null'), region_id,
            CASE resource_kind
                WHEN 'farm' THEN printf('{"kind":"farm","level":%d,"nextHarvestAt":%s}', farm_level,
                    strftime('"%Y-%m-%dT%H:%M:%fZ"', farm_next_harvest_at / 1000.0, 'unixepoch'))
                WHEN 'mine' THEN printf('{"depletionRate":%d,"kind":"mine","remainingOre":%d}', mine_depletion_rate,
                    mine_remaining_ore)
                WHEN 'oil_field' THEN printf(
                    '{"capacity":%d,"extractionRate":%d,"kind":"oil_field","technologyLevel":%d}',
                    oil_capacity, oil_extraction_rate, oil_technology_level)
                ELSE 'null' END,
            x, y)
        END
    WHERE id = NEW.id;
END;

-- The area index with the object: an area read seeks each row `y` and reads the run of `x` with its objects from the
-- index alone (a covering index). It replaces the (y, x) index of migration 0016, whose prefix it keeps.
DROP INDEX land_squares_y_x;
CREATE INDEX land_squares_area ON land_squares (y, x, square_json);
