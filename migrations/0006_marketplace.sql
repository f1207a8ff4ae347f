-- The marketplace (issue 8): land listings, the resource order book and its trades, and the system market maker.
-- Times are Unix milliseconds (UTC); prices and quantities are whole units (gold per unit of resource).

-- A square offered for gold. Fixed price: start_price = floor_price, decline_ms = 0. Declining price: from start_price
-- down to floor_price over decline_ms (see Listing.price(at:)). At most one active listing per square.
CREATE TABLE market_listings (
    id INTEGER PRIMARY KEY,
    square_id INTEGER NOT NULL REFERENCES land_squares (id),
    seller_id INTEGER NOT NULL REFERENCES players (id),
    pricing TEXT NOT NULL CHECK (pricing IN ('fixed', 'declining')),
    start_price INTEGER NOT NULL CHECK (start_price > 0),
    floor_price INTEGER NOT NULL CHECK (floor_price > 0 AND floor_price <= start_price),
    decline_ms INTEGER NOT NULL CHECK (decline_ms >= 0),
    status TEXT NOT NULL CHECK (status IN ('active', 'sold', 'cancelled', 'expired')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    closed_at INTEGER,
    buyer_id INTEGER REFERENCES players (id),
    sold_price INTEGER,
    fee INTEGER,
    CHECK (pricing = 'declining' OR (floor_price = start_price AND decline_ms = 0)),
    CHECK ((status = 'active') = (closed_at IS NULL)),
    CHECK ((status = 'sold') = (buyer_id IS NOT NULL) AND (buyer_id IS NULL) = (sold_price IS NULL)
        AND (sold_price IS NULL) = (fee IS NULL))
) STRICT;
CREATE UNIQUE INDEX market_listings_active_square ON market_listings (square_id) WHERE status = 'active';
CREATE INDEX market_listings_active_expiry ON market_listings (expires_at) WHERE status = 'active';

-- A limit order on the resource book. `escrow` is what the order still holds in its owner's escrow account:
-- remaining * price gold for a buy, remaining units for a sell, 0 once closed. `remaining` keeps the unfilled quantity.
CREATE TABLE market_orders (
    id INTEGER PRIMARY KEY,
    player_id INTEGER NOT NULL REFERENCES players (id),
    resource TEXT NOT NULL CHECK (resource IN ('wheat', 'oil', 'ore')),
    side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
    price INTEGER NOT NULL CHECK (price > 0),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    remaining INTEGER NOT NULL CHECK (remaining >= 0 AND remaining <= quantity),
    escrow INTEGER NOT NULL CHECK (escrow >= 0),
    is_immediate_or_cancel INTEGER NOT NULL CHECK (is_immediate_or_cancel IN (0, 1)),
    status TEXT NOT NULL CHECK (status IN ('open', 'filled', 'cancelled', 'expired')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    CHECK (status <> 'open' OR remaining > 0),
    CHECK (status = 'open' OR escrow = 0),
    CHECK (status <> 'filled' OR remaining = 0)
) STRICT;
-- Price-time priority: best bid is the highest price, then the lowest id; best ask the lowest price, then lowest id.
CREATE INDEX market_orders_bids ON market_orders (resource, price DESC, id) WHERE side = 'buy' AND status = 'open';
CREATE INDEX market_orders_asks ON market_orders (resource, price, id) WHERE side = 'sell' AND status = 'open';
CREATE INDEX market_orders_player_open ON market_orders (player_id, id) WHERE status = 'open';
CREATE INDEX market_orders_open_expiry ON market_orders (expires_at) WHERE status = 'open';

-- One execution. The maker is the resting side (its price is the trade price). A NULL order id means that side was
-- the market maker's standing quote.
CREATE TABLE market_trades (
    id INTEGER PRIMARY KEY,
    resource TEXT NOT NULL CHECK (resource IN ('wheat', 'oil', 'ore')),
    price INTEGER NOT NULL CHECK (price > 0),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    fee INTEGER NOT NULL CHECK (fee >= 0),
    buyer_id INTEGER NOT NULL REFERENCES players (id),
    seller_id INTEGER NOT NULL REFERENCES players (id),
    buy_order_id INTEGER REFERENCES market_orders (id),
    sell_order_id INTEGER REFERENCES market_orders (id),
    taker_side TEXT NOT NULL CHECK (taker_side IN ('buy', 'sell')),
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX market_trades_resource ON market_trades (resource, id);

-- The system market maker: a player row (unusable for login) whose ordinary ledger accounts hold its gold and stock.
CREATE TABLE market_maker (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    player_id INTEGER NOT NULL UNIQUE REFERENCES players (id),
    created_at INTEGER NOT NULL
) STRICT;

-- Units each player traded with the market maker per resource, side (the player's) and UTC day (days since epoch).
CREATE TABLE market_maker_volume (
    player_id INTEGER NOT NULL REFERENCES players (id),
    resource TEXT NOT NULL CHECK (resource IN ('wheat', 'oil', 'ore')),
    side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
    day INTEGER NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (player_id, resource, side, day)
) STRICT, WITHOUT ROWID;
