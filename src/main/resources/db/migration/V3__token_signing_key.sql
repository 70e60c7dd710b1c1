-- The HMAC key that makes page tokens tamper-evident. Kept in the database so every replica
-- sharing it signs and accepts the same tokens, across restarts, with nothing to configure.
CREATE TABLE token_signing_key (
    id     INTEGER NOT NULL PRIMARY KEY,
    secret BYTEA   NOT NULL
);
