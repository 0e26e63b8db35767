"""The crawl-state half of the SQLite store: URLs, sub-sitemaps and the run history.

The tables live in the schema ``self.state`` (``main``, or the attached ``NEWSBOT_STATE_PATH``
file). Every write joins the store's pending transaction through ``self._operation()``.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from newsbot.store.base import DONE, UrlState

_CHUNK = 500
_RUN_COLUMNS = ("run_id", "site", "started_at", "finished_at", "finish_reason", "stats", "health", "problems")


def now_iso() -> str:
    """The current UTC time to the second, as stored (``2026-01-01T12:00:00+00:00``)."""
    return _second_iso(int(time.time()))


@lru_cache(maxsize=1)
def _second_iso(second: int) -> str:
    # Made once a second: a stored article asks for the time four or five times.
    return datetime.fromtimestamp(second, UTC).isoformat()


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


class StateTables:
    """URL, document and run methods of :class:`newsbot.store.sqlite.SqliteStore`."""

    db: sqlite3.Connection
    state: str
    marks_need_rows: bool

    if TYPE_CHECKING:
        # Provided by SqliteStore.
        def _operation(self) -> AbstractContextManager[sqlite3.Connection]: ...

        def _read(self) -> AbstractContextManager[sqlite3.Connection]: ...

    # -- URLs --------------------------------------------------------------------------------

    def lookup_urls(self, urls: Sequence[str]) -> dict[str, UrlState]:
        found: dict[str, UrlState] = {}
        with self._read() as db:
            for chunk in _chunks(list(dict.fromkeys(urls))):
                marks = ",".join("?" * len(chunk))
                query = (
                    "SELECT url, article_id, status, lastmod, attempts, next_retry"
                    f" FROM {self.state}.urls WHERE url IN ({marks})"
                )
                for row in db.execute(query, tuple(chunk)):
                    found[row[0]] = UrlState(*row)
        return found

    def done_ids(self, ids: Sequence[str], *, before: str | None = None) -> set[str]:
        done: set[str] = set()
        statuses = ",".join("?" * len(DONE))
        with self._read() as db:
            for chunk in _chunks(list(dict.fromkeys(ids))):
                marks = ",".join("?" * len(chunk))
                query = (
                    f"SELECT DISTINCT article_id FROM {self.state}.urls AS u"
                    f" WHERE article_id IN ({marks}) AND status IN ({statuses})"
                )
                if self.marks_need_rows:
                    # With a separate state file the two files are committed one after the other;
                    # a crash between them must not lose the article.
                    query += (
                        " AND (status != 'article'"
                        " OR EXISTS (SELECT 1 FROM main.articles AS a WHERE a.id = u.article_id))"
                    )
                args: tuple[str, ...] = (*chunk, *DONE)
                if before is not None:
                    query += " AND fetched_at < ?"
                    args = (*args, before)
                done.update(row[0] for row in db.execute(query, args))
        return done

    def record_discovered(self, site: str, entries: Iterable[tuple[str, str | None, str | None]]) -> None:
        stamp = now_iso()
        rows = [(url, site, article_id, lastmod, stamp, stamp) for url, article_id, lastmod in entries]
        with self._operation() as db:
            db.executemany(
                f"""INSERT INTO {self.state}.urls(url, site, article_id, status, lastmod, first_seen,
                                                 last_seen)
                   VALUES (?, ?, ?, 'discovered', ?, ?, ?)
                   ON CONFLICT(url) DO UPDATE SET
                     last_seen = excluded.last_seen,
                     lastmod = CASE WHEN excluded.lastmod IS NOT NULL
                                     AND (lastmod IS NULL OR excluded.lastmod > lastmod)
                                    THEN excluded.lastmod ELSE lastmod END""",
                rows,
            )

    def mark_url(
        self, site: str, url: str, status: str, *, article_id: str | None = None, reason: str | None = None
    ) -> None:
        with self._operation() as db:
            self._mark(db, site, url, status, article_id=article_id, reason=reason)

    def _mark(
        self,
        db: sqlite3.Connection,
        site: str,
        url: str,
        status: str,
        *,
        article_id: str | None = None,
        reason: str | None = None,
        content_hash: str | None = None,
    ) -> None:
        """A final state, inside the operation that stored the article, if any."""
        stamp = now_iso()
        db.execute(
            f"""INSERT INTO {self.state}.urls(url, site, article_id, status, reason, content_hash,
                                             first_seen, last_seen, fetched_at, attempts, next_retry)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL)
               ON CONFLICT(url) DO UPDATE SET
                 status = excluded.status, reason = excluded.reason,
                 article_id = COALESCE(excluded.article_id, article_id),
                 content_hash = COALESCE(excluded.content_hash, content_hash),
                 last_seen = excluded.last_seen, fetched_at = excluded.fetched_at,
                 next_retry = NULL""",
            (url, site, article_id, status, reason, content_hash, stamp, stamp, stamp),
        )
        if article_id is not None:
            # The same article reached by other addresses (a legacy alias, a mirror-host form) is
            # settled with it, so no run fetches it again through them.
            db.execute(
                f"""UPDATE {self.state}.urls SET status = ?, reason = ?, last_seen = ?
                   WHERE article_id = ? AND url != ? AND status = 'discovered'""",
                (status, reason, stamp, article_id, url),
            )

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
        with self._operation() as db:
            row = db.execute(
                f"SELECT attempts, status FROM {self.state}.urls WHERE url = ?", (url,)
            ).fetchone()
            if row is not None and row[1] in DONE:
                return int(row[0])
            attempts = (int(row[0]) if row else 0) + 1
            wait = backoff * (2 ** (attempts - 1))
            next_retry = (
                None if attempts >= max_attempts else (datetime.now(UTC) + wait).isoformat(timespec="seconds")
            )
            stamp = now_iso()
            db.execute(
                f"""INSERT INTO {self.state}.urls(url, site, article_id, status, reason, attempts,
                                                 first_seen, last_seen, fetched_at, next_retry)
                   VALUES (?, ?, ?, 'failed', ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(url) DO UPDATE SET
                     status = 'failed', reason = excluded.reason, attempts = excluded.attempts,
                     last_seen = excluded.last_seen, fetched_at = excluded.fetched_at,
                     next_retry = excluded.next_retry""",
                (url, site, article_id, reason, attempts, stamp, stamp, stamp, next_retry),
            )
            db.execute(
                f"""UPDATE {self.state}.urls SET status = 'failed', reason = ?, attempts = ?, next_retry = ?
                   WHERE article_id = ? AND url != ? AND status = 'discovered'""",
                (reason, attempts, next_retry, article_id, url),
            )
            return attempts

    def pending_urls(self, site: str) -> list[UrlState]:
        statuses = ",".join("?" * len(DONE))
        query = f"""SELECT url, article_id, status, lastmod, attempts FROM {self.state}.urls AS u
                   WHERE site = ? AND (status = 'discovered'
                         OR (status = 'failed' AND next_retry IS NOT NULL AND next_retry <= ?))
                     AND NOT EXISTS (SELECT 1 FROM {self.state}.urls AS other
                                     WHERE other.article_id = u.article_id AND other.status IN ({statuses}))
                   ORDER BY first_seen"""
        with self._read() as db:
            return [UrlState(*row) for row in db.execute(query, (site, now_iso(), *DONE))]

    def document_lastmod(self, url: str) -> str | None:
        with self._read() as db:
            row = db.execute(f"SELECT lastmod FROM {self.state}.documents WHERE url = ?", (url,)).fetchone()
        return None if row is None else row[0]

    def record_document(self, site: str, url: str, lastmod: str | None) -> None:
        with self._operation() as db:
            db.execute(
                f"""INSERT INTO {self.state}.documents(url, site, lastmod, fetched_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT(url) DO UPDATE
                   SET lastmod = excluded.lastmod, fetched_at = excluded.fetched_at""",
                (url, site, lastmod, now_iso()),
            )

    # -- runs --------------------------------------------------------------------------------

    def start_run(self, site: str) -> int:
        with self._operation() as db:
            cursor = db.execute(
                f"INSERT INTO {self.state}.runs(site, started_at) VALUES (?, ?)", (site, now_iso())
            )
            return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, reason: str, stats: dict[str, Any]) -> None:
        with self._operation() as db:
            db.execute(
                f"UPDATE {self.state}.runs SET finished_at = ?, finish_reason = ?, stats = ?"
                " WHERE run_id = ?",
                (now_iso(), reason, json.dumps(stats, ensure_ascii=False, default=str), run_id),
            )

    def set_health(self, run_id: int, health: str, problems: Sequence[str]) -> None:
        with self._operation() as db:
            db.execute(
                f"UPDATE {self.state}.runs SET health = ?, problems = ? WHERE run_id = ?",
                (health, json.dumps(list(problems), ensure_ascii=False), run_id),
            )

    def runs(self, site: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        query = f"SELECT {', '.join(_RUN_COLUMNS)} FROM {self.state}.runs"
        args: tuple[Any, ...] = ()
        if site is not None:
            query += " WHERE site = ?"
            args = (site,)
        query += " ORDER BY run_id DESC LIMIT ?"
        with self._read() as db:
            rows = db.execute(query, (*args, limit)).fetchall()
        result = [dict(zip(_RUN_COLUMNS, row, strict=True)) for row in rows]
        for run in result:
            run["stats"] = json.loads(run["stats"]) if run["stats"] else {}
            run["problems"] = json.loads(run["problems"]) if run["problems"] else []
        return result
