-- Owned land stays its owner's (issue 20.2): the scheduler auctions unowned land only, and an owner may put their
-- own squares up for auction. `origin` says who started an auction: 'system' (the daily check or an operator, on
-- unowned land) or 'owner' (the squares' owner, who is the seller and is paid the price minus the marketplace fee).
-- Auctions created before this migration on owned land (origin 'system' with a seller) are cancelled when their
-- settlement runs: every bid is released and the squares stay with their owner.
ALTER TABLE auctions ADD COLUMN origin TEXT NOT NULL DEFAULT 'system' CHECK (origin IN ('system', 'owner'));

-- Owned squares have no next auction date any more.
UPDATE land_squares SET next_auction_at = NULL WHERE owner_id IS NOT NULL AND next_auction_at IS NOT NULL;

-- The invariant kept by the schema as well as by the rules: whatever gives a square an owner (an auction, a listing,
-- an operator's SQL) also clears its next auction date. `worldgame verify` checks it.
CREATE TRIGGER land_squares_owned_unscheduled_update AFTER UPDATE OF owner_id, next_auction_at ON land_squares
WHEN NEW.owner_id IS NOT NULL AND NEW.next_auction_at IS NOT NULL
BEGIN
    UPDATE land_squares SET next_auction_at = NULL WHERE id = NEW.id;
END;
CREATE TRIGGER land_squares_owned_unscheduled_insert AFTER INSERT ON land_squares
WHEN NEW.owner_id IS NOT NULL AND NEW.next_auction_at IS NOT NULL
BEGIN
    UPDATE land_squares SET next_auction_at = NULL WHERE id = NEW.id;
END;
