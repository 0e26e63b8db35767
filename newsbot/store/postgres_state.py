"""The crawl-state half of the PostgreSQL store: URLs, sub-sitemaps and the run history.

Writes that return nothing (discoveries, final marks, sub-sitemaps) join the store's buffer and
reach the database in one transaction per batch; reads flush the buffer first, so a worker always
reads its own writes. Writes that answer something (a failure count, a run id) run at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from newsbot.store.base import DONE, UrlState
from newsbot.store.sqlite_state import _RUN_COLUMNS, now_iso

if TYPE_CHECKING:
    from collections.abc import Callable

    import psycopg

T = TypeVar("T")

DISCOVER = """INSERT INTO urls(url, site, article_id, status, lastmod, first_seen, last_seen)
   VALUES (%s, %s, %s, 'discovered', %s, %s, %s)
   ON CONFLICT (url) DO UPDATE SET
     last_seen = excluded.last_seen,
     lastmod = CASE WHEN excluded.lastmod IS NOT NULL
                     AND (urls.lastmod IS NULL OR excluded.lastmod > urls.lastmod)
                    THEN excluded.lastmod ELSE urls.lastmod END"""
MARK = """INSERT INTO urls(url, site, article_id, status, reason, content_hash, first_seen, last_seen,
                           fetched_at, attempts, next_retry)
   VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 0, NULL)
   ON CONFLICT (url) DO UPDATE SET
     status = excluded.status, reason = excluded.reason,
     article_id = COALESCE(excluded.article_id, urls.article_id),
     content_hash = COALESCE(excluded.content_hash, urls.content_hash),
     last_seen = excluded.last_seen, fetched_at = excluded.fetched_at, next_retry = NULL"""
SETTLE = """UPDATE urls SET status = %s, reason = %s, last_seen = %s
   WHERE article_id = %s AND url != %s AND status = 'discovered'"""
DOCUMENT = """INSERT INTO documents(url, site, lastmod, fetched_at) VALUES (%s, %s, %s, %s)
   ON CONFLICT (url) DO UPDATE SET lastmod = excluded.lastmod, fetched_at = excluded.fetched_at"""


class PostgresState:
    """URL, document and run methods of :class:`newsbot.store.postgres.PostgresStore`."""

    if TYPE_CHECKING:

        def _transaction(self, work: Callable[[psycopg.Connection], T]) -> T: ...

        def _buffer(self, statement: str, rows: Sequence[tuple[Any, ...]]) -> None: ...

        def _read(self, work: Callable[[psycopg.Connection], T]) -> T: ...

        def commit(self) -> None: ...

    # -- URLs --------------------------------------------------------------------------------

    def lookup_urls(self, urls: Sequence[str]) -> dict[str, UrlState]:
        def work(db: psycopg.Connection) -> dict[str, UrlState]:
            rows = db.execute(
                """SELECT url, article_id, status, lastmod, attempts, next_retry FROM urls
                   WHERE url = ANY(%s)""",
                (list(dict.fromkeys(urls)),),
            ).fetchall()
            return {row[0]: UrlState(*row) for row in rows}

        return self._read(work)

    def done_ids(self, ids: Sequence[str], *, before: str | None = None) -> set[str]:
        query = "SELECT DISTINCT article_id FROM urls WHERE article_id = ANY(%s) AND status = ANY(%s)"
        args: list[Any] = [list(dict.fromkeys(ids)), list(DONE)]
        if before is not None:
            query += " AND fetched_at < %s"
            args.append(before)
        return self._read(lambda db: {row[0] for row in db.execute(query, args)})

    def record_discovered(self, site: str, entries: Iterable[tuple[str, str | None, str | None]]) -> None:
        stamp = now_iso()
        self._buffer(DISCOVER, [(url, site, key, lastmod, stamp, stamp) for url, key, lastmod in entries])

    def mark_url(
        self, site: str, url: str, status: str, *, article_id: str | None = None, reason: str | None = None
    ) -> None:
        stamp = now_iso()
        self._buffer(MARK, [(url, site, article_id, status, reason, None, stamp, stamp, stamp)])
        if article_id is not None:
            self._buffer(SETTLE, [(status, reason, stamp, article_id, url)])

    def _mark(
        self,
        db: psycopg.Connection,
        site: str,
        url: str,
        status: str,
        *,
        article_id: str | None = None,
        reason: str | None = None,
        content_hash: str | None = None,
    ) -> None:
        """A final state, inside the transaction that stored the article."""
        stamp = now_iso()
        # One round trip: the mark, and other addresses of the same article settled with it.
        db.execute(
            f"WITH mark AS ({MARK} RETURNING 1) {SETTLE}",
            (url, site, article_id, status, reason, content_hash, stamp, stamp, stamp,
             status, reason, stamp, article_id, url),
        )  # fmt: skip

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
        def work(db: psycopg.Connection) -> int:
            row = db.execute("SELECT attempts, status FROM urls WHERE url = %s FOR UPDATE", (url,)).fetchone()
            if row is not None and row[1] in DONE:
                return int(row[0])
            attempts = (int(row[0]) if row else 0) + 1
            wait = backoff * (2 ** (attempts - 1))
            next_retry = (
                None if attempts >= max_attempts else (datetime.now(UTC) + wait).isoformat(timespec="seconds")
            )
            stamp = now_iso()
            db.execute(
                """INSERT INTO urls(url, site, article_id, status, reason, attempts, first_seen, last_seen,
                                    fetched_at, next_retry)
                   VALUES (%s, %s, %s, 'failed', %s, %s, %s, %s, %s, %s)
                   ON CONFLICT (url) DO UPDATE SET
                     status = 'failed', reason = excluded.reason, attempts = excluded.attempts,
                     last_seen = excluded.last_seen, fetched_at = excluded.fetched_at,
                     next_retry = excluded.next_retry""",
                (url, site, article_id, reason, attempts, stamp, stamp, stamp, next_retry),
            )
            db.execute(
                """UPDATE urls SET status = 'failed', reason = %s, attempts = %s, next_retry = %s
                   WHERE article_id = %s AND url != %s AND status = 'discovered'""",
                (reason, attempts, next_retry, article_id, url),
            )
            return attempts

        self.commit()  # earlier buffered marks first
        return self._transaction(work)

    def pending_urls(self, site: str) -> list[UrlState]:
        query = """SELECT url, article_id, status, lastmod, attempts FROM urls AS u
                   WHERE site = %s AND (status = 'discovered'
                         OR (status = 'failed' AND next_retry IS NOT NULL AND next_retry <= %s))
                     AND NOT EXISTS (SELECT 1 FROM urls AS other
                                     WHERE other.article_id = u.article_id AND other.status = ANY(%s))
                   ORDER BY first_seen, url"""
        args = (site, now_iso(), list(DONE))
        return self._read(lambda db: [UrlState(*row) for row in db.execute(query, args)])

    def document_lastmod(self, url: str) -> str | None:
        row = self._read(
            lambda db: db.execute("SELECT lastmod FROM documents WHERE url = %s", (url,)).fetchone()
        )
        return None if row is None else row[0]

    def record_document(self, site: str, url: str, lastmod: str | None) -> None:
        self._buffer(DOCUMENT, [(url, site, lastmod, now_iso())])

    # -- runs --------------------------------------------------------------------------------

    def start_run(self, site: str) -> int:
        def work(db: psycopg.Connection) -> int:
            row = db.execute(
                "INSERT INTO runs(site, started_at) VALUES (%s, %s) RETURNING run_id", (site, now_iso())
            ).fetchone()
            assert row is not None
            return int(row[0])

        return self._transaction(work)

    def finish_run(self, run_id: int, reason: str, stats: dict[str, Any]) -> None:
        encoded = json.dumps(stats, ensure_ascii=False, default=str)
        self._buffer(
            "UPDATE runs SET finished_at = %s, finish_reason = %s, stats = %s WHERE run_id = %s",
            [(now_iso(), reason, encoded, run_id)],
        )

    def set_health(self, run_id: int, health: str, problems: Sequence[str]) -> None:
        encoded = json.dumps(list(problems), ensure_ascii=False)
        self._buffer(
            "UPDATE runs SET health = %s, problems = %s WHERE run_id = %s", [(health, encoded, run_id)]
        )

    def runs(self, site: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        query = f"SELECT {', '.join(_RUN_COLUMNS)} FROM runs"
        args: tuple[Any, ...] = ()
        if site is not None:
            query += " WHERE site = %s"
            args = (site,)
        query += " ORDER BY run_id DESC LIMIT %s"
        rows = self._read(lambda db: db.execute(query, (*args, limit)).fetchall())
        result = [dict(zip(_RUN_COLUMNS, row, strict=True)) for row in rows]
        for run in result:
            run["stats"] = json.loads(run["stats"]) if run["stats"] else {}
            run["problems"] = json.loads(run["problems"]) if run["problems"] else []
        return result
