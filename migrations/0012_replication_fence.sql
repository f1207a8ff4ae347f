-- The fence a primary stores the moment it learns of a higher term: that term and the new primary's URL. A node whose
-- fenced_term is above its own term starts fenced (writes answer 503 not_primary naming the new primary, /ready 503
-- fenced) even when it cannot reach its peer, until `worldgame rejoin` (or an offline `promote`) clears it.
ALTER TABLE replication_node ADD COLUMN fenced_term INTEGER NOT NULL DEFAULT 0;
ALTER TABLE replication_node ADD COLUMN fenced_primary_url TEXT;
