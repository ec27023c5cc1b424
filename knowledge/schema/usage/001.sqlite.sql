-- The usage log as factdesk 0.1 wrote it (PRAGMA user_version 1).
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    scope TEXT NOT NULL,
    asked_by TEXT NOT NULL,
    question TEXT NOT NULL,
    claim TEXT NOT NULL,
    verdict TEXT NOT NULL,
    confidence REAL NOT NULL,
    answer_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_by_scope ON answers (scope, at);
CREATE TABLE IF NOT EXISTS votes (
    answer_id INTEGER NOT NULL REFERENCES answers (id),
    voter TEXT NOT NULL,
    helpful INTEGER NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (answer_id, voter)
);
CREATE TABLE IF NOT EXISTS threads (
    thread TEXT PRIMARY KEY,
    answer_id INTEGER NOT NULL REFERENCES answers (id)
);
