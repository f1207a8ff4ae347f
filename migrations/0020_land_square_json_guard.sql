-- Migration 0018's guard on the land squares' stored objects, narrowed to what it is for: a statement that changes a
-- shown value without setting the object leaves the square stale (NULL).
--
-- The old guard fired whenever a statement named a shown column and left the object's bytes as they were, so a
-- statement that sets the object to the same bytes was taken for one that forgot it. The resource batch does exactly
-- that on every unowned mine and oil field (its outcome changes only `produced_until`, which the object does not
-- show): the guard cleared a correct object, and the writer's pre-commit steps (256 squares a batch) and the backfill
-- stored it again, so about a third of a run's squares were left stale after their chunk. The new `WHEN` also asks
-- that a shown value changed; an object that still shows every value stays.
--
-- Schema only: no row changes here (a migration that changes rows makes a running standby re-bootstrap).
DROP TRIGGER land_squares_json_stale;
CREATE TRIGGER land_squares_json_stale AFTER UPDATE OF id, x, y, region_id, owner_id, is_locked, next_auction_at,
        resource_kind, farm_level, farm_next_harvest_at, mine_remaining_ore, mine_depletion_rate, oil_capacity,
        oil_extraction_rate, oil_technology_level, merged_square_ids ON land_squares
WHEN NEW.square_json IS OLD.square_json AND NEW.square_json IS NOT NULL AND (NEW.id IS NOT OLD.id
        OR NEW.x IS NOT OLD.x OR NEW.y IS NOT OLD.y OR NEW.region_id IS NOT OLD.region_id
        OR NEW.owner_id IS NOT OLD.owner_id OR NEW.is_locked IS NOT OLD.is_locked
        OR NEW.next_auction_at IS NOT OLD.next_auction_at OR NEW.resource_kind IS NOT OLD.resource_kind
        OR NEW.farm_level IS NOT OLD.farm_level OR NEW.farm_next_harvest_at IS NOT OLD.farm_next_harvest_at
        OR NEW.mine_remaining_ore IS NOT OLD.mine_remaining_ore OR NEW.mine_depletion_rate IS NOT OLD.mine_depletion_rate
        OR NEW.oil_capacity IS NOT OLD.oil_capacity OR NEW.oil_extraction_rate IS NOT OLD.oil_extraction_rate
        OR NEW.oil_technology_level IS NOT OLD.oil_technology_level
        OR NEW.merged_square_ids IS NOT OLD.merged_square_ids)
BEGIN
    UPDATE land_squares SET square_json = NULL WHERE id = NEW.id;
END;
