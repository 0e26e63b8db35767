"""The SQLite schema of the store, and the migration of files written by older newsbot versions.

The article tables live in the main database; the crawl-state tables (``urls``, ``documents``,
``runs``) in the schema given as ``{s}``: ``main``, or ``state`` when ``NEWSBOT_STATE_PATH``
names a separate file attached to the connection.
"""

from __future__ import annotations

import sqlite3

#: Version 2: content hash unique (a constraint, with ``content_repeat`` for repeats stored on
#: purpose), signatures stored with their article.
SCHEMA_VERSION = 2

ARTICLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    url TEXT NOT NULL,
    canonical_url TEXT NOT NULL,
    headline TEXT,
    description TEXT,
    article_body TEXT,
    date_published TEXT,
    date_published_raw TEXT,
    date_modified TEXT,
    authors TEXT NOT NULL DEFAULT '[]',
    section TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    main_image TEXT,
    source TEXT,
    in_language TEXT,
    scraped_at TEXT,
    content_hash TEXT,
    duplicate_of TEXT,
    story_id TEXT,
    first_stored TEXT NOT NULL,
    updated_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    exported INTEGER NOT NULL DEFAULT 0,
    content_repeat INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS articles_canonical_url ON articles(canonical_url);
CREATE INDEX IF NOT EXISTS articles_site_published ON articles(site, date_published);
CREATE INDEX IF NOT EXISTS articles_unexported ON articles(exported) WHERE exported = 0;
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    id UNINDEXED, site UNINDEXED, key, tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TABLE IF NOT EXISTS lsh_bands (
    band INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    sig INTEGER NOT NULL,
    PRIMARY KEY (band, bucket, sig)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS signatures (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    story_id TEXT NOT NULL,
    published TEXT,
    stored_at TEXT NOT NULL,
    scheme TEXT NOT NULL,
    seed INTEGER NOT NULL,
    num_perm INTEGER NOT NULL,
    hashfunc TEXT NOT NULL,
    sig BLOB NOT NULL,
    in_lsh INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS signatures_in_lsh ON signatures(stored_at) WHERE in_lsh = 1;
"""

#: Created after the migration, since they need columns older files lack.
ARTICLE_INDEXES = """
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE UNIQUE INDEX IF NOT EXISTS articles_content ON articles(content_hash) WHERE content_repeat = 0;
"""

STATE = """
CREATE TABLE IF NOT EXISTS {s}.urls (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    article_id TEXT,
    status TEXT NOT NULL,
    reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    lastmod TEXT,
    content_hash TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    fetched_at TEXT,
    next_retry TEXT
);
CREATE INDEX IF NOT EXISTS {s}.urls_site_status ON urls(site, status);
CREATE INDEX IF NOT EXISTS {s}.urls_article_id ON urls(article_id);
CREATE TABLE IF NOT EXISTS {s}.documents (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    lastmod TEXT,
    fetched_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS {s}.runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    site TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    finish_reason TEXT,
    stats TEXT,
    health TEXT,
    problems TEXT
);
CREATE INDEX IF NOT EXISTS {s}.runs_site ON runs(site, started_at);
"""

#: Columns added since the first schema, with their declarations, for older files.
ADDED_COLUMNS = {
    "articles": {
        "duplicate_of": "TEXT",
        "story_id": "TEXT",
        "updated_at": "TEXT",
        "version": "INTEGER NOT NULL DEFAULT 1",
        "content_repeat": "INTEGER NOT NULL DEFAULT 0",
    },
    "runs": {"health": "TEXT", "problems": "TEXT"},
}


def create(db: sqlite3.Connection, state: str) -> None:
    """Create what is missing and bring an older file up to :data:`SCHEMA_VERSION`; call inside
    a write transaction."""
    for statement in (ARTICLES + STATE.format(s=state)).split(";"):
        if statement.strip():
            db.execute(statement)
    found = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    version = int(found[0]) if found else 1
    # Always: a state file may be older than the article file it is attached to.
    _add_missing_columns(db, state)
    if version < SCHEMA_VERSION:
        _settle_content_repeats(db)
    for statement in ARTICLE_INDEXES.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    _complete_search_index(db)


def _add_missing_columns(db: sqlite3.Connection, state: str) -> None:
    for table, columns in ADDED_COLUMNS.items():
        schema = state if table == "runs" else "main"
        present = {row[1] for row in db.execute(f"PRAGMA {schema}.table_info({table})")}
        for name, declaration in columns.items():
            if name not in present:
                db.execute(f"ALTER TABLE {schema}.{table} ADD COLUMN {name} {declaration}")


def _settle_content_repeats(db: sqlite3.Connection) -> None:
    """Version 1 did not make the content hash unique (with dedupe off, a text could be stored
    under two ids): later copies become repeats linked to the first, so the constraint holds."""
    db.execute("DROP INDEX IF EXISTS articles_content_hash")
    db.execute(
        """UPDATE articles AS a
           SET content_repeat = 1,
               duplicate_of = COALESCE(a.duplicate_of, (SELECT first.id FROM articles AS first
                   WHERE first.content_hash = a.content_hash ORDER BY first.rowid LIMIT 1))
           WHERE a.content_hash IS NOT NULL AND EXISTS (
               SELECT 1 FROM articles AS earlier
               WHERE earlier.content_hash = a.content_hash AND earlier.rowid < a.rowid)"""
    )


def _complete_search_index(db: sqlite3.Connection) -> None:
    """Index articles stored before the search index existed."""
    from newsbot.store.search import search_key

    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    indexed = db.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
    if articles == indexed:
        return
    missing = db.execute(
        "SELECT rowid, id, site, headline, article_body FROM articles"
        " WHERE rowid NOT IN (SELECT rowid FROM articles_fts)"
    ).fetchall()
    db.executemany(
        "INSERT INTO articles_fts(rowid, id, site, key) VALUES (?, ?, ?, ?)",
        [(rowid, key, site, search_key(headline, body)) for rowid, key, site, headline, body in missing],
    )
