-- Node-level settings that must survive restarts: role, term and other small facts about this node.
CREATE TABLE node_settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
