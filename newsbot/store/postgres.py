"""The PostgreSQL store: the SQLite store's contract on a server many workers share (docs/scale-out.md).

One connection per worker (per store). Each article is saved in its own transaction: its outcome
goes to the pipeline at once, so the transaction must be one that can be retried whole when
PostgreSQL aborts it for a deadlock or a serialization failure, which concurrent workers cause now
and then. Writes that answer nothing (URL discoveries and marks, sub-sitemaps, exported marks, run
records) are buffered and sent in one transaction per ``batch`` writes or ``max_age`` seconds (and
by the crawl's one-second timer, and before every read); a failed batch is dropped, as SQLite's is.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any, TypeVar

import psycopg

from newsbot.items import ARTICLE_FIELDS
from newsbot.store import postgres_lsh as lsh
from newsbot.store import postgres_schema
from newsbot.store.base import IndexReport, Store, StoreError, articles_query
from newsbot.store.postgres_articles import PostgresArticles
from newsbot.store.postgres_state import PostgresState
from newsbot.store.search import Hit, query_words
from newsbot.store.sqlite import decode_row
from newsbot.store.sqlite_lsh import window_start
from newsbot.store.sqlite_state import now_iso
from newsbot.text.neardup import Bands, Match

if TYPE_CHECKING:
    from newsbot.text.neardup import Signature

T = TypeVar("T")

#: How often a transaction aborted by a deadlock or serialization failure is tried again.
ATTEMPTS = 5
_RETRYABLE = (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure)


def redacted(dsn: str) -> str:
    """A DSN fit for a log line (no password).

    >>> redacted("host=db user=x password=secret dbname=news")
    'host=db user=x password=*** dbname=news'
    >>> redacted("postgresql://x:secret@db/news")
    'postgresql://x:***@db/news'
    """
    import re

    dsn = re.sub(r"(password\s*=\s*)\S+", r"\1***", dsn)
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", dsn)


class PostgresStore(PostgresArticles, PostgresState, Store):
    """A newsbot database on a PostgreSQL server (``dsn``: a libpq connection string or URL)."""

    persistent = True

    def __init__(self, dsn: str, *, batch: int = 200, max_age: float = 1.0, timeout: float = 10.0) -> None:
        self.dsn = dsn
        self.name = redacted(dsn)
        self.batch = max(1, batch)
        self.max_age = max_age
        self.bands = Bands.for_threshold(0.5)
        self.confirm = 0.7
        self._lock = threading.RLock()
        self._pending: list[tuple[str, list[tuple[Any, ...]]]] = []
        self._pending_rows = 0
        self._began = 0.0
        self._hooks: list[Callable[[], None]] = []
        try:
            self.db = psycopg.connect(dsn, autocommit=True, connect_timeout=max(1, int(timeout)))
            # Each article is its own transaction: waiting for the WAL flush of every one would
            # cap a worker at the disk's fsync rate. Off, a server crash may lose the last
            # fraction of a second of commits, whole (never half a transaction): the durability
            # of the SQLite store's WAL with synchronous=NORMAL; the next run refetches them.
            self.db.execute("SET synchronous_commit = off")
            postgres_schema.migrate(self.db)
        except (psycopg.Error, RuntimeError) as exc:
            raise StoreError(f"cannot open database {self.name}: {exc}") from exc

    # -- transactions ---------------------------------------------------------------------------

    def _transaction(self, work: Callable[[psycopg.Connection], T]) -> T:
        """Run ``work`` in one transaction, again from the start if PostgreSQL aborted it for a
        deadlock or a serialization failure."""
        with self._lock:
            for attempt in range(1, ATTEMPTS + 1):
                try:
                    with self.db.transaction():
                        return work(self.db)
                except _RETRYABLE as exc:
                    if attempt == ATTEMPTS:
                        raise StoreError(f"cannot write to {self.name}: {exc}") from exc
                    time.sleep(0.02 * attempt)
                except psycopg.Error as exc:
                    raise StoreError(f"cannot write to {self.name}: {exc}") from exc
        raise AssertionError("unreachable")

    def _buffer(self, statement: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """Queue a write that answers nothing; consecutive writes of one statement go together."""
        if not rows:
            return
        with self._lock:
            if not self._pending:
                self._began = time.monotonic()
            if self._pending and self._pending[-1][0] == statement:
                self._pending[-1][1].extend(rows)
            else:
                self._pending.append((statement, list(rows)))
            self._pending_rows += len(rows)
            due = self._pending_rows >= self.batch or time.monotonic() - self._began >= self.max_age
        if due:
            self.commit()

    def _read(self, work: Callable[[psycopg.Connection], T]) -> T:
        with self._lock:
            self.commit()
            try:
                return work(self.db)
            except psycopg.Error as exc:
                raise StoreError(f"cannot read {self.name}: {exc}") from exc

    def commit(self) -> None:
        with self._lock:
            pending, self._pending, self._pending_rows = self._pending, [], 0
            hooks, self._hooks = self._hooks, []
            if pending:

                def work(db: psycopg.Connection) -> None:
                    with db.cursor() as cursor:
                        for statement, rows in pending:
                            cursor.executemany(statement, rows)

                # On failure the batch and its side effects are dropped, as SQLite's are.
                self._transaction(work)
        for hook in hooks:
            hook()

    def after_commit(self, callback: Callable[[], None]) -> None:
        with self._lock:
            if self._pending:
                self._hooks.append(callback)
                return
        callback()

    def close(self) -> None:
        try:
            self.commit()
        finally:
            with suppress(psycopg.Error):
                self.db.close()

    # -- articles -------------------------------------------------------------------------------

    def count(self, site: str | None = None) -> int:
        def work(db: psycopg.Connection) -> int:
            if site is None:
                row = db.execute("SELECT count(*) FROM articles").fetchone()
            else:
                row = db.execute("SELECT count(*) FROM articles WHERE site = %s", (site,)).fetchone()
            return int(row[0]) if row else 0

        return self._read(work)

    def articles(
        self,
        *,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        one_per_story: bool = False,
    ) -> Iterator[dict[str, Any]]:
        query, args = articles_query("%s", site=site, since=since, until=until, one_per_story=one_per_story)
        yield from self._rows(query, args)

    def _rows(self, query: str, args: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        self.commit()
        try:
            # A second connection with a server-side cursor: rows stream, and the worker's own
            # connection stays free for writes while a caller iterates.
            with psycopg.connect(self.dsn) as reader, reader.cursor(name="newsbot_rows") as cursor:
                cursor.itersize = 500
                cursor.execute(query, args)
                for values in cursor:
                    yield decode_row(ARTICLE_FIELDS, values)
        except psycopg.Error as exc:
            raise StoreError(f"cannot read {self.name}: {exc}") from exc

    def unexported(self) -> Iterator[dict[str, Any]]:
        yield from self._rows(
            f"SELECT {', '.join(ARTICLE_FIELDS)} FROM articles WHERE exported = 0 ORDER BY rowid"
        )

    def mark_exported(self, article_ids: Sequence[str]) -> None:
        self._buffer("UPDATE articles SET exported = 1 WHERE id = %s", [(key,) for key in article_ids])

    def search(self, text: str, site: str | None = None, limit: int = 20) -> list[Hit]:
        words = query_words(text)
        if not words:
            return []
        # Every word must occur: a tsquery of the keyed words joined with AND.
        query = " & ".join("'" + word.replace("'", "''").replace("\\", "\\\\") + "'" for word in words)
        sql = """SELECT id, site, headline, date_published, canonical_url,
                        ts_headline('simple', search_key, q,
                                    'StartSel=[, StopSel=], MaxWords=12, MinWords=4, FragmentDelimiter=" … "')
                 FROM articles, to_tsquery('simple', %s) AS q
                 WHERE to_tsvector('simple', search_key) @@ q"""
        args: list[object] = [query]
        if site is not None:
            sql += " AND site = %s"
            args.append(site)
        sql += " ORDER BY ts_rank(to_tsvector('simple', search_key), q) DESC, id LIMIT %s"
        args.append(limit)
        return self._read(lambda db: [Hit(*row) for row in db.execute(sql, args)])

    # -- near-duplicate index -------------------------------------------------------------------

    def open_near_duplicates(
        self, *, window_days: float, threshold: float = 0.5, confirm: float = 0.7
    ) -> IndexReport:
        self.bands = Bands.for_threshold(threshold)
        self.confirm = confirm
        since = window_start(window_days)
        self.commit()
        pruned = self._transaction(lambda db: lsh.prune(db, self.bands, since=since))
        backfilled = self._transaction(lambda db: lsh.backfill(db, self.bands, since=since, stamp=now_iso()))
        return self._read(lambda db: IndexReport(lsh.size(db), backfilled, pruned, lsh.other_schemes(db)))

    def find_near_duplicate(self, sig: Signature, *, exclude: str | None = None) -> Match | None:
        return self._read(lambda db: lsh.find(db, self.bands, sig, confirm=self.confirm, exclude=exclude))
