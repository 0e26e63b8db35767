"""The PostgreSQL schema of the store, as numbered migrations applied in order.

``meta.schema_version`` says how far a database is; opening it applies the missing steps in one
transaction under an advisory lock, so workers starting together do not race to create tables.
The tables mirror the SQLite ones (``newsbot.store.sqlite_schema``); JSON columns stay text so both
stores decode rows the same way. Search is a ``tsvector`` over the match key (``search_key``) with
the ``simple`` configuration, since the key is already folded and Arabic has no stemmer here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psycopg

#: Advisory lock key held while the schema is created or migrated.
SCHEMA_LOCK = 0x6E657773626F7401

MIGRATIONS: dict[int, str] = {
    1: """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    rowid BIGSERIAL UNIQUE,
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
    content_repeat INTEGER NOT NULL DEFAULT 0,
    search_key TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX IF NOT EXISTS articles_canonical_url ON articles(canonical_url);
CREATE UNIQUE INDEX IF NOT EXISTS articles_content ON articles(content_hash) WHERE content_repeat = 0;
CREATE INDEX IF NOT EXISTS articles_site_published ON articles(site, date_published);
CREATE INDEX IF NOT EXISTS articles_unexported ON articles(exported) WHERE exported = 0;
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE INDEX IF NOT EXISTS articles_search ON articles USING gin (to_tsvector('simple', search_key));
CREATE TABLE IF NOT EXISTS signatures (
    rowid BIGSERIAL UNIQUE,
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    story_id TEXT NOT NULL,
    published TEXT,
    stored_at TEXT NOT NULL,
    scheme TEXT NOT NULL,
    seed BIGINT NOT NULL,
    num_perm INTEGER NOT NULL,
    hashfunc TEXT NOT NULL,
    sig BYTEA NOT NULL,
    in_lsh INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS signatures_in_lsh ON signatures(stored_at) WHERE in_lsh = 1;
CREATE TABLE IF NOT EXISTS lsh_bands (
    band INTEGER NOT NULL,
    bucket BIGINT NOT NULL,
    sig BIGINT NOT NULL,
    PRIMARY KEY (band, bucket, sig)
);
CREATE TABLE IF NOT EXISTS urls (
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
CREATE INDEX IF NOT EXISTS urls_site_status ON urls(site, status);
CREATE INDEX IF NOT EXISTS urls_article_id ON urls(article_id);
CREATE TABLE IF NOT EXISTS documents (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    lastmod TEXT,
    fetched_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run_id BIGSERIAL PRIMARY KEY,
    site TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    finish_reason TEXT,
    stats TEXT,
    health TEXT,
    problems TEXT
);
CREATE INDEX IF NOT EXISTS runs_site ON runs(site, started_at);
""",
}

SCHEMA_VERSION = max(MIGRATIONS)


def version(db: psycopg.Connection) -> int:
    """The schema version of the database (0: empty)."""
    exists = db.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return 0
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(db: psycopg.Connection) -> int:
    """Bring the database to :data:`SCHEMA_VERSION`; returns the version it had."""
    with db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        found = version(db)
        if found > SCHEMA_VERSION:
            raise RuntimeError(f"schema version {found} is newer than this newsbot ({SCHEMA_VERSION})")
        for step in range(found + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[step].split(";"):
                if statement.strip():
                    db.execute(statement)
        db.execute(
            """INSERT INTO meta(key, value) VALUES ('schema_version', %s)
               ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
            (str(SCHEMA_VERSION),),
        )
    return found
