-- Auctions of land squares (issue 6): the auction, the squares it sells, and its bids.
-- Times are Unix milliseconds (UTC); amounts are whole gold units. A bid's amount sits in the bidder's gold escrow
-- account while the bid is 'standing'; `worldgame verify` checks that each player's auction escrow equals their
-- standing bids. Blind amounts live only here and in the ledger: never in events, logs or other players' reads.

CREATE TABLE auctions (
    id INTEGER PRIMARY KEY,
    -- The provider's registered name: 'open', 'blind', 'vickrey', ...
    auction_type TEXT NOT NULL CHECK (length(auction_type) BETWEEN 1 AND 40),
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'in-progress', 'completed', 'failed', 'cancelled')),
    start_time INTEGER NOT NULL,
    end_time INTEGER NOT NULL,
    -- The end before any anti-sniping extension; extensions are capped relative to it.
    original_end_time INTEGER NOT NULL,
    reserve_price INTEGER NOT NULL CHECK (reserve_price >= 0),
    min_increment INTEGER NOT NULL CHECK (min_increment >= 1),
    -- The owner of the squares when the auction was created (NULL: unowned land, paid to the treasury).
    seller_id INTEGER REFERENCES players (id),
    winner_id INTEGER REFERENCES players (id),
    final_price INTEGER CHECK (final_price IS NULL OR final_price >= 0),
    created_at INTEGER NOT NULL,
    settled_at INTEGER,
    -- Why the auction failed (operator-facing; never contains an amount).
    failure_reason TEXT,
    CHECK (end_time > start_time AND end_time >= original_end_time),
    CHECK ((winner_id IS NULL) = (final_price IS NULL)),
    CHECK (winner_id IS NULL OR status = 'completed')
) STRICT;
CREATE INDEX auctions_status_end ON auctions (status, end_time);

-- The squares one auction sells (one or more).
CREATE TABLE auction_squares (
    auction_id INTEGER NOT NULL REFERENCES auctions (id),
    square_id INTEGER NOT NULL REFERENCES land_squares (id),
    PRIMARY KEY (auction_id, square_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX auction_squares_square ON auction_squares (square_id);

-- Every bid ever placed. A player has at most one 'standing' bid per auction (its amount is escrowed); a newer bid
-- of the same player 'replaced' it, an open auction's higher bid 'outbid' it, settlement marks it 'won' or 'lost',
-- a failed or cancelled auction 'released' it.
CREATE TABLE auction_bids (
    id INTEGER PRIMARY KEY,
    auction_id INTEGER NOT NULL REFERENCES auctions (id),
    player_id INTEGER NOT NULL REFERENCES players (id),
    amount INTEGER NOT NULL CHECK (amount > 0),
    placed_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('standing', 'replaced', 'outbid', 'won', 'lost', 'released'))
) STRICT;
CREATE UNIQUE INDEX auction_bids_one_standing ON auction_bids (auction_id, player_id) WHERE status = 'standing';
CREATE INDEX auction_bids_auction ON auction_bids (auction_id, status, amount DESC, placed_at, id);
CREATE INDEX auction_bids_player ON auction_bids (player_id, status);
