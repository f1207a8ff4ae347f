-- What the schema makes every hot write pay, cut without changing what it allows or what a read finds.
--
-- The CHECKs of the tables a bid, an order, a fill, a cancel or a settlement writes, with the same meaning and no
-- list: SQLite builds a temporary B-tree of an `IN (...)` list of more than two values every time it runs an INSERT
-- (or an UPDATE of the column), about 19k instructions per statement; an OR chain of equalities compiles to plain
-- comparisons. Lists of two values already compile to comparisons and are left as they are.
--
-- Only the stored CREATE TABLE text changes (https://www.sqlite.org/lang_altertable.html section 7): every stored row
-- satisfies the new CHECKs exactly when it satisfied the old ones, so no row is rewritten or copied, the migration's
-- changeset is empty and a running standby takes its log record without a snapshot. `writable_schema = RESET` makes
-- this connection re-read the schema; the DROP and CREATE statements below advance the schema cookie, so every other
-- connection re-reads it too.
PRAGMA writable_schema = ON;

UPDATE sqlite_schema SET sql = replace(sql,
    'status IN (''standing'', ''replaced'', ''outbid'', ''won'', ''lost'', ''released'')',
    'status = ''standing'' OR status = ''replaced'' OR status = ''outbid'' OR status = ''won'' OR status = ''lost'' OR status = ''released''')
WHERE type = 'table' AND name = 'auction_bids';

UPDATE sqlite_schema SET sql = replace(sql,
    'asset IN (''gold'', ''wheat'', ''oil'', ''ore'')',
    'asset = ''gold'' OR asset = ''wheat'' OR asset = ''oil'' OR asset = ''ore''')
WHERE type = 'table' AND name IN ('transfers', 'accounts');

UPDATE sqlite_schema SET sql = replace(sql,
    'kind IN (''available'', ''escrow'', ''mint'', ''fees'', ''treasury'')',
    'kind = ''available'' OR kind = ''escrow'' OR kind = ''mint'' OR kind = ''fees'' OR kind = ''treasury''')
WHERE type = 'table' AND name = 'accounts';

UPDATE sqlite_schema SET sql = replace(sql,
    'status IN (''scheduled'', ''in-progress'', ''completed'', ''failed'', ''cancelled'')',
    'status = ''scheduled'' OR status = ''in-progress'' OR status = ''completed'' OR status = ''failed'' OR status = ''cancelled''')
WHERE type = 'table' AND name = 'auctions';

UPDATE sqlite_schema SET sql = replace(sql,
    'resource IN (''wheat'', ''oil'', ''ore'')',
    'resource = ''wheat'' OR resource = ''oil'' OR resource = ''ore''')
WHERE type = 'table' AND name IN ('market_orders', 'market_trades', 'market_maker_volume');

UPDATE sqlite_schema SET sql = replace(sql,
    'status IN (''open'', ''filled'', ''cancelled'', ''expired'')',
    'status = ''open'' OR status = ''filled'' OR status = ''cancelled'' OR status = ''expired''')
WHERE type = 'table' AND name = 'market_orders';

UPDATE sqlite_schema SET sql = replace(sql,
    'status IN (''active'', ''sold'', ''cancelled'', ''expired'')',
    'status = ''active'' OR status = ''sold'' OR status = ''cancelled'' OR status = ''expired''')
WHERE type = 'table' AND name = 'market_listings';

UPDATE sqlite_schema SET sql = replace(sql,
    'collection IN (''players'', ''squares'', ''auctions'', ''trades'', ''resource_runs'')',
    'collection = ''players'' OR collection = ''squares'' OR collection = ''auctions'' OR collection = ''trades'' OR collection = ''resource_runs''')
WHERE type = 'table' AND name = 'export_changes';

UPDATE sqlite_schema SET sql = replace(sql,
    'state IN (''pending'', ''running'', ''done'', ''failed'', ''dead'')',
    'state = ''pending'' OR state = ''running'' OR state = ''done'' OR state = ''failed'' OR state = ''dead''')
WHERE type = 'table' AND name = 'jobs';

PRAGMA writable_schema = RESET;

-- A partial index's WHERE is evaluated on every write of its table too: the jobs' dedupe rule (a settlement's job is
-- claimed and finished by UPDATEs of `state`). No query names this index; it only enforces the rule.
DROP INDEX jobs_dedupe_key_active;
CREATE UNIQUE INDEX jobs_dedupe_key_active ON jobs (dedupe_key)
    WHERE dedupe_key IS NOT NULL AND (state = 'pending' OR state = 'running' OR state = 'failed');

-- The settled-auction trigger runs on every status change of an auction (a first bid's 'in-progress' too).
DROP TRIGGER export_auctions_settled;
CREATE TRIGGER export_auctions_settled AFTER UPDATE OF status ON auctions
        WHEN NEW.status = 'completed' OR NEW.status = 'failed' OR NEW.status = 'cancelled' BEGIN
    INSERT OR REPLACE INTO export_changes (collection, row_id) VALUES ('auctions', NEW.id);
END;

-- Indexes every bid or ledger transfer wrote and no read needs as they were (each one a B-tree insert a row and often
-- one more page in the COMMIT). The one-standing-bid index, led by the player, also serves the reads of a player's
-- standing bids (the admin's release, the audit), so `auction_bids_player` goes.
DROP INDEX auction_bids_player;
DROP INDEX auction_bids_one_standing;
CREATE UNIQUE INDEX auction_bids_one_standing ON auction_bids (player_id, auction_id) WHERE status = 'standing';
-- Only the market audit looks transfers up by reference, and only an order's ('order:{id}'): bids, releases,
-- settlements, listings and resource yields no longer write an entry.
DROP INDEX transfers_reference;
CREATE INDEX transfers_order_reference ON transfers (reference) WHERE reference GLOB 'order:*';
