-- The world (regions and land squares), players, and the double-entry ledger of gold and resources.
-- Times are Unix milliseconds (UTC). Money and quantities are integers: gold in whole units.

-- Facts about the generated world that must survive restarts (the seed, when it was generated).
CREATE TABLE world_settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

-- A block of 16x16 squares; region (x, y) covers squares x*16 .. x*16+15 and y*16 .. y*16+15.
CREATE TABLE regions (
    id INTEGER PRIMARY KEY,
    region_x INTEGER NOT NULL,
    region_y INTEGER NOT NULL,
    name TEXT NOT NULL,
    biome TEXT NOT NULL CHECK (biome IN ('plains', 'hills', 'desert')),
    is_open INTEGER NOT NULL CHECK (is_open IN (0, 1)),
    opened_at INTEGER,
    UNIQUE (region_x, region_y)
) STRICT;

CREATE TABLE players (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    -- Lower-cased username: uniqueness is case-insensitive.
    username_key TEXT NOT NULL UNIQUE,
    -- "pbkdf2-sha256$ITERATIONS$SALT$HASH" (base64url): parameters travel with the hash so they can be raised later.
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('player', 'admin')),
    created_at INTEGER NOT NULL,
    last_active_at INTEGER NOT NULL
) STRICT;

-- One square of land. At most one resource: its columns are all NULL unless resource_kind names it.
CREATE TABLE land_squares (
    id INTEGER PRIMARY KEY,
    x INTEGER NOT NULL,
    y INTEGER NOT NULL,
    region_id INTEGER NOT NULL REFERENCES regions (id),
    owner_id INTEGER REFERENCES players (id),
    is_locked INTEGER NOT NULL CHECK (is_locked IN (0, 1)),
    next_auction_at INTEGER,
    resource_kind TEXT CHECK (resource_kind IN ('farm', 'mine', 'oil_field')),
    farm_level INTEGER,
    farm_next_harvest_at INTEGER,
    mine_remaining_ore INTEGER,
    mine_depletion_rate INTEGER,
    oil_capacity INTEGER,
    oil_extraction_rate INTEGER,
    oil_technology_level INTEGER,
    UNIQUE (x, y),
    CHECK ((farm_level IS NOT NULL) = (resource_kind IS 'farm')
        AND (farm_next_harvest_at IS NOT NULL) = (resource_kind IS 'farm')),
    CHECK ((mine_remaining_ore IS NOT NULL) = (resource_kind IS 'mine')
        AND (mine_depletion_rate IS NOT NULL) = (resource_kind IS 'mine')),
    CHECK ((oil_capacity IS NOT NULL) = (resource_kind IS 'oil_field')
        AND (oil_extraction_rate IS NOT NULL) = (resource_kind IS 'oil_field')
        AND (oil_technology_level IS NOT NULL) = (resource_kind IS 'oil_field'))
) STRICT;
CREATE INDEX land_squares_region ON land_squares (region_id);
CREATE INDEX land_squares_owner ON land_squares (owner_id) WHERE owner_id IS NOT NULL;

-- A ledger account: a player's available or escrowed holding of one asset, or a system account (mint, fees, treasury).
-- `balance` is a cache of the transfers in and out; `worldgame verify` proves it. Only the mint may go negative.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('available', 'escrow', 'mint', 'fees', 'treasury')),
    asset TEXT NOT NULL CHECK (asset IN ('gold', 'wheat', 'oil', 'ore')),
    player_id INTEGER REFERENCES players (id),
    balance INTEGER NOT NULL DEFAULT 0,
    CHECK ((player_id IS NOT NULL) = (kind IN ('available', 'escrow'))),
    CHECK (kind = 'mint' OR balance >= 0)
) STRICT;
CREATE UNIQUE INDEX accounts_player ON accounts (player_id, kind, asset) WHERE player_id IS NOT NULL;
CREATE UNIQUE INDEX accounts_system ON accounts (kind, asset) WHERE player_id IS NULL;

-- One double-entry movement of `amount` of `asset` from one account to another, with why and for what.
CREATE TABLE transfers (
    id INTEGER PRIMARY KEY,
    asset TEXT NOT NULL CHECK (asset IN ('gold', 'wheat', 'oil', 'ore')),
    from_account_id INTEGER NOT NULL REFERENCES accounts (id),
    to_account_id INTEGER NOT NULL REFERENCES accounts (id),
    amount INTEGER NOT NULL CHECK (amount > 0),
    reason TEXT NOT NULL,
    reference TEXT,
    created_at INTEGER NOT NULL,
    CHECK (from_account_id <> to_account_id)
) STRICT;
CREATE INDEX transfers_from ON transfers (from_account_id);
CREATE INDEX transfers_to ON transfers (to_account_id);
CREATE INDEX transfers_reference ON transfers (reference) WHERE reference IS NOT NULL;
