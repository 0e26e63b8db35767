"""The SQLite article store: one row per article, WAL mode, safe to read while a crawl writes.

Plain sqlite3, no Scrapy: the pipelines, the CLI and the tests share it. Every write is its own
transaction, so a crawl killed at any instant leaves whole rows only.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newsbot.items import Article
from newsbot.search import SEARCH_SCHEMA, backfill, index_article
from newsbot.state import STATE_SCHEMA, CrawlState, UrlState, transaction

SCHEMA_VERSION = 1

_SCHEMA = """
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
    exported INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS articles_canonical_url ON articles(canonical_url);
CREATE INDEX IF NOT EXISTS articles_content_hash ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_site_published ON articles(site, date_published);
CREATE INDEX IF NOT EXISTS articles_unexported ON articles(exported) WHERE exported = 0;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_JSON_COLUMNS = ("authors", "tags", "main_image")
#: Columns added after the first schema, with their declarations, for older database files.
_ADDED_COLUMNS = {
    "articles": {
        "duplicate_of": "TEXT",
        "story_id": "TEXT",
        "updated_at": "TEXT",
        "version": "INTEGER NOT NULL DEFAULT 1",
    },
    "runs": {"health": "TEXT", "problems": "TEXT"},
}


class StoreError(RuntimeError):
    """The database cannot be opened or written (locked, read-only, not a database)."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ArticleStore:
    """A connection to one newsbot database file."""

    def __init__(self, path: str | Path, *, timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            self.db.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a power cut may lose the last commits but never corrupts the file.
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA + STATE_SCHEMA + SEARCH_SCHEMA)
            self._add_missing_columns()
            self._complete_search_index()
            self.db.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc
        self.columns = tuple(row[1] for row in self.db.execute("PRAGMA table_info(articles)"))
        self.state = CrawlState(self.db, self.lock)

    def _add_missing_columns(self) -> None:
        """Bring a database written by an older newsbot up to the current columns."""
        for table, columns in _ADDED_COLUMNS.items():
            present = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
            for name, declaration in columns.items():
                if name not in present:
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")
        self.db.execute("CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id)")

    def _complete_search_index(self) -> None:
        articles = self.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        indexed = self.db.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        if articles != indexed:
            with transaction(self.db, self.lock):
                backfill(self.db)

    def close(self) -> None:
        self.db.close()

    # -- crawl state (the frontier's view) ---------------------------------------------------

    def lookup_urls(self, urls: Sequence[str]) -> dict[str, UrlState]:
        return self.state.lookup(urls)

    def done_ids(self, ids: Sequence[str], *, before: str | None = None) -> set[str]:
        return self.state.done_ids(ids, before=before)

    def record_discovered(self, site: str, entries: Iterable[tuple[str, str | None, str | None]]) -> None:
        self.state.record_discovered(site, entries)

    def mark_url(
        self, site: str, url: str, status: str, *, article_id: str | None = None, reason: str | None = None
    ) -> None:
        self.state.mark_done(site, url, status, article_id=article_id, reason=reason)

    def mark_failed(
        self,
        site: str,
        url: str,
        reason: str,
        *,
        article_id: str | None,
        backoff: timedelta,
        max_attempts: int,
    ) -> int:
        return self.state.mark_failed(
            site, url, reason, article_id=article_id, backoff=backoff, max_attempts=max_attempts
        )

    def pending_urls(self, site: str) -> list[UrlState]:
        return self.state.pending(site)

    def document_lastmod(self, url: str) -> str | None:
        return self.state.document_lastmod(url)

    def record_document(self, site: str, url: str, lastmod: str | None) -> None:
        self.state.record_document(site, url, lastmod)

    # -- reads -------------------------------------------------------------------------------

    def count(self, site: str | None = None) -> int:
        if site is None:
            return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])
        return int(self.db.execute("SELECT count(*) FROM articles WHERE site = ?", (site,)).fetchone()[0])

    def rows(self, where: str = "", args: tuple[Any, ...] = ()) -> Iterator[dict[str, Any]]:
        """Stored articles as dicts shaped like the item (JSON columns decoded), streaming."""
        cursor = self.db.execute(f"SELECT * FROM articles {where}", args)
        names = [column[0] for column in cursor.description]
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            for column in _JSON_COLUMNS:
                if row.get(column) is not None:
                    row[column] = json.loads(row[column])
            yield row

    # -- writes ------------------------------------------------------------------------------

    def stored_version(self, article_id: str) -> tuple[str | None, str | None] | None:
        """(content_hash, date_modified) of a stored article, or ``None`` when it is not stored."""
        row = self.db.execute(
            "SELECT content_hash, date_modified FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return None if row is None else (row[0], row[1])

    def id_where(self, column: str, value: str) -> str | None:
        """The id of a stored article whose ``canonical_url`` or ``content_hash`` is ``value``."""
        if column not in ("canonical_url", "content_hash"):
            raise ValueError(column)
        row = self.db.execute(f"SELECT id FROM articles WHERE {column} = ? LIMIT 1", (value,)).fetchone()
        return None if row is None else str(row[0])

    def story_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT story_id FROM articles WHERE id = ?", (article_id,)).fetchone()
        return None if row is None else (row[0] or article_id)

    @staticmethod
    def _record(article: Article) -> dict[str, Any]:
        record = asdict(article)
        for column in _JSON_COLUMNS:
            if record[column] is not None or column != "main_image":
                record[column] = json.dumps(record[column], ensure_ascii=False)
        return record

    def insert(self, article: Article, *, fetched_url: str | None = None) -> bool:
        """Store a new article and mark the URL it came from as done, in one transaction.

        ``False`` when its id or canonical URL is already stored (nothing is written then).
        """
        record = self._record(article)
        record["first_stored"] = _now()
        names = [name for name in record if name in self.columns]
        placeholders = ", ".join("?" for _ in names)
        try:
            with transaction(self.db, self.lock):
                cursor = self.db.execute(
                    f"INSERT OR IGNORE INTO articles ({', '.join(names)}) VALUES ({placeholders})",
                    [record[name] for name in names],
                )
                if cursor.rowcount == 1:
                    self._index_and_mark(cursor.lastrowid or 0, article, fetched_url)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to {self.path}: {exc}") from exc
        return cursor.rowcount == 1

    def _index_and_mark(self, rowid: int, article: Article, fetched_url: str | None) -> None:
        """The search entry and the URL's "done" mark of a written article, in its transaction."""
        index_article(
            self.db, rowid, article.id or "", article.site or "", article.headline, article.article_body
        )
        if fetched_url and article.site:
            self.state.mark(
                article.site, fetched_url, "article", article_id=article.id, content_hash=article.content_hash
            )

    def update(self, article: Article, *, fetched_url: str | None = None) -> bool:
        """Replace a stored article's content with a newer version; ``False`` when nothing changed."""
        stored = self.stored_version(article.id or "")
        if stored is None:
            return False
        if stored == (article.content_hash, article.date_modified):
            if fetched_url and article.site:
                self.state.mark_done(article.site, fetched_url, "article", article_id=article.id)
            return False
        record = self._record(article)
        keep = {"id", "scraped_at", "duplicate_of", "story_id", "url", "canonical_url"}
        names = [name for name in record if name in self.columns and name not in keep]
        assignments = ", ".join(f"{name} = ?" for name in names)
        try:
            with transaction(self.db, self.lock):
                self.db.execute(
                    f"UPDATE articles SET {assignments}, version = version + 1, updated_at = ? WHERE id = ?",
                    [*(record[name] for name in names), _now(), article.id],
                )
                rowid = self.db.execute("SELECT rowid FROM articles WHERE id = ?", (article.id,)).fetchone()[
                    0
                ]
                self._index_and_mark(rowid, article, fetched_url)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to {self.path}: {exc}") from exc
        return True

    def mark_exported(self, article_ids: list[str]) -> None:
        with transaction(self.db, self.lock):
            self.db.executemany("UPDATE articles SET exported = 1 WHERE id = ?", [(i,) for i in article_ids])

    def is_exported(self, article_id: str) -> bool:
        row = self.db.execute("SELECT exported FROM articles WHERE id = ?", (article_id,)).fetchone()
        return bool(row and row[0])

    def unexported(self) -> Iterator[dict[str, Any]]:
        return self.rows("WHERE exported = 0 ORDER BY rowid")


_OPEN: dict[Path, tuple[ArticleStore, int]] = {}
_OPEN_LOCK = threading.Lock()


def acquire_store(path: str | Path) -> ArticleStore:
    """One shared store per database file and process, so the pipelines of a crawl use one
    connection; pair every call with :func:`release_store`."""
    key = Path(path).resolve()
    with _OPEN_LOCK:
        store, users = _OPEN.get(key, (None, 0))
        if store is None:
            store = ArticleStore(key)
        _OPEN[key] = (store, users + 1)
        return store


def release_store(store: ArticleStore) -> None:
    key = store.path.resolve()
    with _OPEN_LOCK:
        current, users = _OPEN.get(key, (store, 1))
        if users <= 1:
            _OPEN.pop(key, None)
            current.close()
        else:
            _OPEN[key] = (current, users - 1)


class StoreUser:
    """Pipeline behaviour shared by every component that reads or writes the crawl's database:
    the shared store is acquired when the spider opens (if a database is configured) and released
    when it closes."""

    database: str | None = None
    store: ArticleStore | None = None

    def open_spider(self) -> None:
        if self.database:
            self.store = acquire_store(self.database)

    def close_spider(self) -> None:
        if self.store is not None:
            release_store(self.store)
            self.store = None
