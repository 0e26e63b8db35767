"""The SQLite store: articles, crawl state, near-duplicate index, search and runs on one connection.

WAL mode, so readers (``newsbot status``, ``export``) never wait for a crawl. Writes join one
pending transaction, committed every ``batch`` writes or ``max_age`` seconds (checked at each
write; a crawl also commits on a timer) and at close. The search-index entries of a batch are
written together just before its COMMIT (and before a search on this connection): SQLite 3.40's
FTS5 writes its pending entries out at every savepoint, and with one savepoint per write each
article became a one-document index segment, merged again and again (about 0.35 ms of CPU per
article, against 0.1 ms for one segment per batch). With ``state_path`` the crawl-state tables
live in a second file ATTACHed as ``state``: SQLite then commits the two files one after the
other (atomic per file, not across them, in WAL mode), and the store reads an ``article`` URL mark
as done only when the article row exists, so a crash between the two commits refetches the
article rather than losing it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsbot.items import ARTICLE_FIELDS
from newsbot.store import sqlite_lsh as lsh
from newsbot.store import sqlite_schema
from newsbot.store.base import IndexReport, Store, StoreError, articles_query
from newsbot.store.search import Hit, query_words
from newsbot.store.sqlite_articles import ArticleWrites
from newsbot.store.sqlite_state import StateTables, now_iso
from newsbot.text.neardup import Bands, Match

if TYPE_CHECKING:
    from newsbot.text.neardup import Signature

_JSON_COLUMNS = ("authors", "tags", "main_image")


def decode_row(names: Sequence[str], values: Sequence[Any]) -> dict[str, Any]:
    """An article row shaped like the item: JSON columns decoded, lists never ``None``.

    >>> decode_row(["id", "tags", "main_image"], ["a", '["x"]', None])
    {'id': 'a', 'tags': ['x'], 'main_image': None}
    """
    row = dict(zip(names, values, strict=True))
    for name in _JSON_COLUMNS:
        if name in row:
            row[name] = json.loads(row[name]) if row[name] is not None else None
    for name in ("authors", "tags"):
        if name in row:
            row[name] = row[name] or []
    return row


class SqliteStore(ArticleWrites, StateTables, Store):
    """A newsbot database file (or, with ``path=None``, an in-memory database for one process)."""

    def __init__(
        self,
        path: str | Path | None,
        *,
        state_path: str | Path | None = None,
        timeout: float = 10.0,
        batch: int = 200,
        max_age: float = 1.0,
    ) -> None:
        self.path = Path(path) if path else None
        self.state_path = Path(state_path) if state_path else None
        self.persistent = self.path is not None
        self.state = "state" if self.state_path else "main"
        # Two files commit one after the other: an "article" URL mark needs its row to count.
        self.marks_need_rows = self.persistent and self.state_path is not None
        self.batch = batch
        self.max_age = max_age
        self.name = str(self.path or ":memory:")
        self.bands = Bands.for_threshold(0.5)
        self.confirm = 0.7
        self._lock = threading.RLock()
        self._writes = 0
        self._began = 0.0
        self._hooks: list[Callable[[], None]] = []
        #: Search-index rows by rowid, (id, site, key), of finished writes and of the running one.
        self._search_rows: dict[int, tuple[str, str, str]] = {}
        self._staged_search_rows: dict[int, tuple[str, str, str]] = {}
        try:
            self.db = sqlite3.connect(
                self._prepare(self.path), timeout=timeout, isolation_level=None, check_same_thread=False
            )
            if self.state_path is not None:
                self.db.execute("ATTACH DATABASE ? AS state", (self._prepare(self.state_path),))
            for schema in ("main", "state") if self.state_path else ("main",):
                if self.persistent or schema == "state":
                    self.db.execute(f"PRAGMA {schema}.journal_mode=WAL")
                    # NORMAL in WAL mode: a power cut may lose the last commits, never the file.
                    self.db.execute(f"PRAGMA {schema}.synchronous=NORMAL")
            if self._needs_setup():
                with self._operation() as db:
                    sqlite_schema.create(db, self.state)
                self.commit()
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open database {self.name}: {exc}") from exc

    @staticmethod
    def _prepare(path: Path | None) -> str:
        if path is None:
            return ":memory:"
        path.parent.mkdir(parents=True, exist_ok=True)
        return str(path)

    def _needs_setup(self) -> bool:
        try:
            version = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            runs = self.db.execute(f"SELECT 1 FROM {self.state}.sqlite_master WHERE name = 'runs'").fetchone()
        except sqlite3.OperationalError:
            return True
        return version is None or int(version[0]) != sqlite_schema.SCHEMA_VERSION or runs is None

    # -- transactions ---------------------------------------------------------------------------

    @contextmanager
    def _operation(self) -> Iterator[sqlite3.Connection]:
        """One write: joins the pending transaction, atomic on its own (a savepoint)."""
        with self._lock:
            try:
                if not self.db.in_transaction:
                    self.db.execute("BEGIN IMMEDIATE")
                    self._began = time.monotonic()
                self.db.execute("SAVEPOINT operation")
                try:
                    yield self.db
                except BaseException:
                    self._staged_search_rows = {}
                    self.db.execute("ROLLBACK TO operation")
                    self.db.execute("RELEASE operation")
                    raise
                self.db.execute("RELEASE operation")
                if self._staged_search_rows:
                    self._search_rows.update(self._staged_search_rows)
                    self._staged_search_rows = {}
            except sqlite3.Error as exc:
                self._abort()
                raise StoreError(f"cannot write to {self.name}: {exc}") from exc
            self._writes += 1
            due = self._writes >= self.batch or time.monotonic() - self._began >= self.max_age
        if due:
            self.commit()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self.db
            except sqlite3.Error as exc:
                raise StoreError(f"cannot read {self.name}: {exc}") from exc

    def _abort(self) -> None:
        """After a failed write: drop the whole batch (a failed statement may have ended the
        transaction already) and the side effects waiting for it."""
        self._hooks = []
        self._writes = 0
        self._search_rows = {}
        self._staged_search_rows = {}
        if self.db.in_transaction:
            # If even that fails nothing more can be done; the next BEGIN says what is wrong.
            with suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")

    def _write_search_rows(self) -> None:
        """Write the search-index rows of the finished writes (call holding the lock, inside the
        pending transaction)."""
        rows, self._search_rows = self._search_rows, {}
        if rows:
            self.db.executemany(
                "INSERT INTO articles_fts(rowid, id, site, key) VALUES (?, ?, ?, ?)",
                [(rowid, *row) for rowid, row in rows.items()],
            )

    def commit(self) -> None:
        with self._lock:
            if self.db.in_transaction:
                try:
                    self._write_search_rows()
                    self.db.execute("COMMIT")
                except sqlite3.Error as exc:
                    self._abort()
                    raise StoreError(f"cannot write to {self.name}: {exc}") from exc
            self._writes = 0
            hooks, self._hooks = self._hooks, []
        for hook in hooks:
            hook()

    def after_commit(self, callback: Callable[[], None]) -> None:
        with self._lock:
            if self.db.in_transaction:
                self._hooks.append(callback)
                return
        callback()

    def close(self) -> None:
        try:
            self.commit()
        finally:
            self.db.close()

    # -- articles -------------------------------------------------------------------------------

    def count(self, site: str | None = None) -> int:
        with self._read() as db:
            if site is None:
                return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
            return int(db.execute("SELECT count(*) FROM articles WHERE site = ?", (site,)).fetchone()[0])

    def articles(
        self,
        *,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        one_per_story: bool = False,
    ) -> Iterator[dict[str, Any]]:
        query, args = articles_query("?", site=site, since=since, until=until, one_per_story=one_per_story)
        yield from self._rows(query, args)

    def _rows(self, query: str, args: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        try:
            cursor = self.db.execute(query, args)
            for values in cursor:
                yield decode_row(ARTICLE_FIELDS, values)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read {self.name}: {exc}") from exc

    def unexported(self) -> Iterator[dict[str, Any]]:
        yield from self._rows(
            f"SELECT {', '.join(ARTICLE_FIELDS)} FROM articles WHERE exported = 0 ORDER BY rowid"
        )

    def mark_exported(self, article_ids: Sequence[str]) -> None:
        with self._operation() as db:
            db.executemany("UPDATE articles SET exported = 1 WHERE id = ?", [(i,) for i in article_ids])

    def search(self, text: str, site: str | None = None, limit: int = 20) -> list[Hit]:
        words = query_words(text)
        if not words:
            return []
        query = " AND ".join('"' + word.replace('"', '""') + '"' for word in words)
        sql = """SELECT a.id, a.site, a.headline, a.date_published, a.canonical_url,
                        snippet(articles_fts, 2, '[', ']', ' … ', 12)
                 FROM articles_fts JOIN articles AS a ON a.rowid = articles_fts.rowid
                 WHERE articles_fts MATCH ?"""
        args: list[object] = [query]
        if site is not None:
            sql += " AND a.site = ?"
            args.append(site)
        sql += " ORDER BY bm25(articles_fts) LIMIT ?"
        args.append(limit)
        with self._lock:
            try:
                self._write_search_rows()
            except sqlite3.Error as exc:
                self._abort()
                raise StoreError(f"cannot write to {self.name}: {exc}") from exc
        with self._read() as db:
            return [Hit(*row) for row in db.execute(sql, args)]

    # -- near-duplicate index -------------------------------------------------------------------

    def open_near_duplicates(
        self, *, window_days: float, threshold: float = 0.5, confirm: float = 0.7
    ) -> IndexReport:
        self.bands = Bands.for_threshold(threshold)
        self.confirm = confirm
        since = lsh.window_start(window_days)
        with self._operation() as db:
            pruned = lsh.prune(db, self.bands, since=since)
            backfilled = lsh.backfill(db, self.bands, since=since, stamp=now_iso())
        with self._read() as db:
            return IndexReport(lsh.size(db), backfilled, pruned, lsh.other_schemes(db))

    def find_near_duplicate(self, sig: Signature, *, exclude: str | None = None) -> Match | None:
        with self._read() as db:
            return lsh.find(db, self.bands, sig, confirm=self.confirm, exclude=exclude)
