"""``newsbot migrate --from SQLITE_PATH --to DSN``: copy an embedded database into PostgreSQL.

Idempotent and resumable: every row goes in with ``ON CONFLICT DO NOTHING`` (an article whose id,
canonical URL or text the server has already is kept as the server has it), in batches that are
committed one by one, so a run stopped at any point is finished by running it again. The SQLite file
is first brought to the current schema (as any newsbot command would) and is only read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsbot.store import open_path
from newsbot.store import postgres_lsh as lsh
from newsbot.store.postgres import PostgresStore
from newsbot.store.search import search_key
from newsbot.text.neardup import Bands, from_bytes

BATCH = 500
ARTICLE_COLUMNS = (
    "id", "site", "url", "canonical_url", "headline", "description", "article_body", "date_published",
    "date_published_raw", "date_modified", "authors", "section", "tags", "main_image", "source",
    "in_language", "scraped_at", "content_hash", "duplicate_of", "story_id", "first_stored", "updated_at",
    "version", "exported", "content_repeat",
)  # fmt: skip
URL_COLUMNS = (
    "url", "site", "article_id", "status", "reason", "attempts", "lastmod", "content_hash", "first_seen",
    "last_seen", "fetched_at", "next_retry",
)  # fmt: skip
RUN_COLUMNS = ("site", "started_at", "finished_at", "finish_reason", "stats", "health", "problems")


@dataclass
class Report:
    """Rows read from the file and rows new to the server, per table."""

    read: dict[str, int] = field(default_factory=dict)
    copied: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, read: int, copied: int) -> None:
        self.read[table] = self.read.get(table, 0) + read
        self.copied[table] = self.copied.get(table, 0) + copied


def _batches(db: sqlite3.Connection, query: str) -> Iterator[list[tuple[Any, ...]]]:
    cursor = db.execute(query)
    while rows := cursor.fetchmany(BATCH):
        yield rows


def migrate(source: str | Path, dsn: str, *, state: str | Path | None = None) -> Report:
    if not Path(source).exists():
        raise FileNotFoundError(f"no database at {source}")
    open_path(source, state_path=state).close()  # brings an older file to the current schema
    target = PostgresStore(dsn)
    report = Report()
    db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        if state is not None:
            db.execute("ATTACH DATABASE ? AS state", (f"file:{state}?mode=ro",))
        prefix = "state." if state is not None else ""
        _copy_articles(db, target, report)
        _copy_signatures(db, target, report)
        _copy_rows(db, target, report, "urls", URL_COLUMNS, prefix, "url")
        _copy_rows(db, target, report, "documents", ("url", "site", "lastmod", "fetched_at"), prefix, "url")
        _copy_runs(db, target, report, prefix)
    finally:
        db.close()
        target.close()
    return report


def _copy_articles(db: sqlite3.Connection, target: PostgresStore, report: Report) -> None:
    names = (*ARTICLE_COLUMNS, "search_key")
    insert = (
        f"INSERT INTO articles ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))})"
        " ON CONFLICT DO NOTHING"
    )
    for rows in _batches(db, f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles ORDER BY rowid"):
        keyed = [(*row, search_key(row[4], row[6])) for row in rows]

        def work(pg: Any, keyed: list[tuple[Any, ...]] = keyed) -> int:
            return sum(pg.execute(insert, row).rowcount for row in keyed)

        report.add("articles", len(rows), target._transaction(work))


def _copy_signatures(db: sqlite3.Connection, target: PostgresStore, report: Report) -> None:
    bands = Bands.for_threshold(0.5)
    query = (
        "SELECT id, site, story_id, published, stored_at, scheme, seed, sig FROM signatures ORDER BY rowid"
    )
    for rows in _batches(db, query):

        def work(pg: Any, rows: list[tuple[Any, ...]] = rows) -> int:
            added = 0
            for key, site, story_id, published, stamp, scheme, seed, blob in rows:
                sig = from_bytes(blob, scheme=scheme, seed=seed)
                added += lsh.add(pg, bands, key, sig, story_id, site=site, published=published, stamp=stamp)
            return added

        report.add("signatures", len(rows), target._transaction(work))


def _copy_rows(
    db: sqlite3.Connection,
    target: PostgresStore,
    report: Report,
    table: str,
    columns: tuple[str, ...],
    prefix: str,
    key: str,
) -> None:
    insert = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
        f" ON CONFLICT ({key}) DO NOTHING"
    )
    for rows in _batches(db, f"SELECT {', '.join(columns)} FROM {prefix}{table}"):

        def work(pg: Any, rows: list[tuple[Any, ...]] = rows) -> int:
            copied = 0
            for row in rows:
                copied += pg.execute(insert, row).rowcount
            return copied

        report.add(table, len(rows), target._transaction(work))


def _copy_runs(db: sqlite3.Connection, target: PostgresStore, report: Report, prefix: str) -> None:
    # Run ids are the server's own; a run already copied is known by its site and start.
    insert = f"""INSERT INTO runs ({", ".join(RUN_COLUMNS)})
                 SELECT {", ".join(["%s"] * len(RUN_COLUMNS))}
                 WHERE NOT EXISTS (SELECT 1 FROM runs WHERE site = %s AND started_at = %s)"""
    for rows in _batches(db, f"SELECT {', '.join(RUN_COLUMNS)} FROM {prefix}runs ORDER BY run_id"):

        def work(pg: Any, rows: list[tuple[Any, ...]] = rows) -> int:
            return sum(pg.execute(insert, (*row, row[0], row[1])).rowcount for row in rows)

        report.add("runs", len(rows), target._transaction(work))
