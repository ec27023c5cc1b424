-- Each server's settings as factdesk 0.1 wrote them (PRAGMA user_version 1).
CREATE TABLE IF NOT EXISTS servers (guild_id INTEGER PRIMARY KEY, moderator_role_id INTEGER, log_channel_id INTEGER, corpus TEXT, updated_by TEXT, updated_at TEXT);
