-- The registry as factdesk 0.1 wrote it (PRAGMA user_version 1).
CREATE TABLE IF NOT EXISTS scopes (
    scope TEXT PRIMARY KEY,
    generation INTEGER NOT NULL DEFAULT 0,
    embedding TEXT,
    updated_at TEXT
);
CREATE TABLE IF NOT EXISTS sources (
    scope TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    title TEXT NOT NULL,
    publisher TEXT NOT NULL,
    author TEXT,
    url TEXT,
    published TEXT,
    kind TEXT NOT NULL,
    origin TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    loaded_by TEXT NOT NULL,
    passage_count INTEGER NOT NULL,
    PRIMARY KEY (scope, doc_id)
);
CREATE TABLE IF NOT EXISTS passages (
    scope TEXT NOT NULL,
    passage_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (scope, passage_id)
);
CREATE INDEX IF NOT EXISTS passages_by_doc ON passages (scope, doc_id, seq);
CREATE TABLE IF NOT EXISTS journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    scope TEXT NOT NULL,
    action TEXT NOT NULL,
    doc_id TEXT,
    origin TEXT,
    actor TEXT NOT NULL,
    detail TEXT
);
