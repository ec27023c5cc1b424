-- Each server's settings in a shared PostgreSQL database; Discord ids are 64-bit.
CREATE TABLE servers (
    guild_id BIGINT PRIMARY KEY,
    moderator_role_id BIGINT,
    log_channel_id BIGINT,
    corpus TEXT,
    updated_by TEXT,
    updated_at TEXT
);
