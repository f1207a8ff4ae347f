-- A player's token generation: every access token carries the generation it was issued under (claim `gen`, absent in
-- older tokens = 0), and a token whose generation is below the player's is refused at once (REST 401 token_revoked,
-- WebSocket close 4001 "token revoked"). Raised by a password change and by "sign out my other sessions"; a later
-- suspension uses the same column. The primary key read on each authentication is the whole check.
ALTER TABLE players ADD COLUMN token_generation INTEGER NOT NULL DEFAULT 0 CHECK (token_generation >= 0);
