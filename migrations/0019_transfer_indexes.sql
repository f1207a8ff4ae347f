-- An index every market transfer wrote and no hot read needs. Only `worldgame verify`'s market audit looked transfers
-- up by reference (each order's legs, one seek per order); it now sums every order's legs in one scan of `transfers`,
-- as the ledger audit sums every account's. Each order transfer paid an entry here and a matching order about one more
-- page in its COMMIT, and every other transfer (bids, settlements, resources) evaluated the index's WHERE.
-- Dropping an index changes no row: the migration's changeset is empty and a running standby takes its log record
-- without a snapshot.
DROP INDEX transfers_order_reference;
