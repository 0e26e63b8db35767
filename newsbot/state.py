"""Crawl state across runs: what every URL came to, which sitemaps changed, and the run history.

It lives in the same SQLite file as the articles (or in ``NEWSBOT_STATE_PATH``), so that an
article row and its URL's "done" mark are written in one transaction: a run killed at any moment
leaves either both or neither, and the next run finishes the work.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

STATE_SCHEMA = """
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
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    site TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    finish_reason TEXT,
    stats TEXT,
    health TEXT,
    problems TEXT
);
CREATE INDEX IF NOT EXISTS runs_site ON runs(site, started_at);
"""

#: Statuses after which a URL is not fetched again (unless an update is signalled).
DONE = ("article", "duplicate", "not_article")
DISCOVERED, FAILED = "discovered", "failed"
_CHUNK = 500


@contextmanager
def transaction(db: sqlite3.Connection, lock: threading.Lock) -> Iterator[None]:
    """One write transaction on an autocommit connection, serialised between threads."""
    with lock:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield
            db.execute("COMMIT")
        except BaseException:
            # A failed COMMIT (full disk, I/O error) may leave the transaction open; every later
            # write would then join it and be lost with it.
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class UrlState:
    url: str
    article_id: str | None
    status: str
    lastmod: str | None
    attempts: int
    next_retry: str | None = None

    def waiting(self, now: str) -> bool:
        """A failed URL whose next retry is not due yet, or that used up its attempts."""
        return self.status == FAILED and (self.next_retry is None or self.next_retry > now)


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


class CrawlState:
    """Reads and writes the state tables on a connection shared with the article store."""

    def __init__(self, db: sqlite3.Connection, lock: threading.Lock) -> None:
        self.db = db
        self.lock = lock

    # -- URLs --------------------------------------------------------------------------------

    def lookup(self, urls: Sequence[str]) -> dict[str, UrlState]:
        found: dict[str, UrlState] = {}
        for chunk in _chunks(list(dict.fromkeys(urls))):
            marks = ",".join("?" * len(chunk))
            query = (
                "SELECT url, article_id, status, lastmod, attempts, next_retry"
                f" FROM urls WHERE url IN ({marks})"
            )
            for row in self.db.execute(query, tuple(chunk)):
                found[row[0]] = UrlState(*row)
        return found

    def done_ids(self, ids: Sequence[str], *, before: str | None = None) -> set[str]:
        """The article ids among ``ids`` that some URL already brought to a final state
        (by the time ``before``, an ISO timestamp, when given)."""
        done: set[str] = set()
        statuses = ",".join("?" * len(DONE))
        for chunk in _chunks(list(dict.fromkeys(ids))):
            marks = ",".join("?" * len(chunk))
            query = (
                "SELECT DISTINCT article_id FROM urls"
                f" WHERE article_id IN ({marks}) AND status IN ({statuses})"
            )
            args: tuple[str, ...] = (*chunk, *DONE)
            if before is not None:
                query += " AND fetched_at < ?"
                args = (*args, before)
            done.update(row[0] for row in self.db.execute(query, args))
        return done

    def record_discovered(self, site: str, entries: Iterable[tuple[str, str | None, str | None]]) -> None:
        """Note (url, article id, lastmod) triples as seen; new URLs become ``discovered``.

        A newer ``lastmod`` replaces the stored one, so a later run can tell an update from a
        page it already has.
        """
        stamp = now_iso()
        rows = [(url, site, article_id, lastmod, stamp, stamp) for url, article_id, lastmod in entries]
        with transaction(self.db, self.lock):
            self.db.executemany(
                """INSERT INTO urls(url, site, article_id, status, lastmod, first_seen, last_seen)
                   VALUES (?, ?, ?, 'discovered', ?, ?, ?)
                   ON CONFLICT(url) DO UPDATE SET
                     last_seen = excluded.last_seen,
                     lastmod = CASE WHEN excluded.lastmod IS NOT NULL
                                     AND (urls.lastmod IS NULL OR excluded.lastmod > urls.lastmod)
                                    THEN excluded.lastmod ELSE urls.lastmod END""",
                rows,
            )

    def mark(
        self,
        site: str,
        url: str,
        status: str,
        *,
        article_id: str | None = None,
        reason: str | None = None,
        content_hash: str | None = None,
    ) -> None:
        """Record a final state; call inside the transaction that stored the article, if any."""
        stamp = now_iso()
        self.db.execute(
            """INSERT INTO urls(url, site, article_id, status, reason, content_hash, first_seen, last_seen,
                                fetched_at, attempts, next_retry)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL)
               ON CONFLICT(url) DO UPDATE SET
                 status = excluded.status, reason = excluded.reason,
                 article_id = COALESCE(excluded.article_id, urls.article_id),
                 content_hash = COALESCE(excluded.content_hash, urls.content_hash),
                 last_seen = excluded.last_seen, fetched_at = excluded.fetched_at,
                 next_retry = NULL""",
            (url, site, article_id, status, reason, content_hash, stamp, stamp, stamp),
        )
        self._settle_aliases(url, article_id, status, reason)

    def _settle_aliases(self, url: str, article_id: str | None, status: str, reason: str | None) -> None:
        # The same article reached by other addresses (a legacy alias, a mirror-host form) is
        # settled with it, so no run fetches it again through them.
        if article_id is not None:
            self.db.execute(
                """UPDATE urls SET status = ?, reason = ?, last_seen = ?
                   WHERE article_id = ? AND url != ? AND status = 'discovered'""",
                (status, reason, now_iso(), article_id, url),
            )

    def mark_done(self, site: str, url: str, status: str, **details: Any) -> None:
        with transaction(self.db, self.lock):
            self.mark(site, url, status, **details)

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
        """Count a failure; the URL is retried by a later run after ``backoff * 2**(attempts-1)``,
        until ``max_attempts`` failures. Returns the attempt count."""
        with transaction(self.db, self.lock):
            row = self.db.execute("SELECT attempts, status FROM urls WHERE url = ?", (url,)).fetchone()
            if row is not None and row[1] in DONE:
                return int(row[0])
            attempts = (int(row[0]) if row else 0) + 1
            wait = backoff * (2 ** (attempts - 1))
            next_retry = (
                None if attempts >= max_attempts else (datetime.now(UTC) + wait).isoformat(timespec="seconds")
            )
            stamp = now_iso()
            self.db.execute(
                """INSERT INTO urls(url, site, article_id, status, reason, attempts, first_seen, last_seen,
                                    fetched_at, next_retry)
                   VALUES (?, ?, ?, 'failed', ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(url) DO UPDATE SET
                     status = 'failed', reason = excluded.reason, attempts = excluded.attempts,
                     last_seen = excluded.last_seen, fetched_at = excluded.fetched_at,
                     next_retry = excluded.next_retry""",
                (url, site, article_id, reason, attempts, stamp, stamp, stamp, next_retry),
            )
            self.db.execute(
                """UPDATE urls SET status = 'failed', reason = ?, attempts = ?, next_retry = ?
                   WHERE article_id = ? AND url != ? AND status = 'discovered'""",
                (reason, attempts, next_retry, article_id, url),
            )
            return attempts

    def pending(self, site: str) -> list[UrlState]:
        """URLs a previous run left unfinished (discovered, never done) or whose retry is due."""
        statuses = ",".join("?" * len(DONE))
        query = f"""SELECT url, article_id, status, lastmod, attempts FROM urls AS u
                   WHERE site = ? AND (status = 'discovered'
                         OR (status = 'failed' AND next_retry IS NOT NULL AND next_retry <= ?))
                     AND NOT EXISTS (SELECT 1 FROM urls AS other WHERE other.article_id = u.article_id
                                     AND other.status IN ({statuses}))
                   ORDER BY first_seen"""
        return [UrlState(*row) for row in self.db.execute(query, (site, now_iso(), *DONE))]

    def document_lastmod(self, url: str) -> str | None:
        row = self.db.execute("SELECT lastmod FROM documents WHERE url = ?", (url,)).fetchone()
        return None if row is None else row[0]

    def record_document(self, site: str, url: str, lastmod: str | None) -> None:
        with transaction(self.db, self.lock):
            self.db.execute(
                """INSERT INTO documents(url, site, lastmod, fetched_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT(url) DO UPDATE
                   SET lastmod = excluded.lastmod, fetched_at = excluded.fetched_at""",
                (url, site, lastmod, now_iso()),
            )

    # -- runs --------------------------------------------------------------------------------

    def start_run(self, site: str) -> int:
        with transaction(self.db, self.lock):
            cursor = self.db.execute("INSERT INTO runs(site, started_at) VALUES (?, ?)", (site, now_iso()))
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, reason: str, stats: dict[str, Any]) -> None:
        with transaction(self.db, self.lock):
            self.db.execute(
                "UPDATE runs SET finished_at = ?, finish_reason = ?, stats = ? WHERE run_id = ?",
                (now_iso(), reason, json.dumps(stats, ensure_ascii=False, default=str), run_id),
            )

    def set_health(self, run_id: int, health: str, problems: Sequence[str]) -> None:
        with transaction(self.db, self.lock):
            self.db.execute(
                "UPDATE runs SET health = ?, problems = ? WHERE run_id = ?",
                (health, json.dumps(list(problems), ensure_ascii=False), run_id),
            )

    def runs(self, site: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        query = (
            "SELECT run_id, site, started_at, finished_at, finish_reason, stats, health, problems FROM runs"
        )
        args: tuple[Any, ...] = ()
        if site is not None:
            query += " WHERE site = ?"
            args = (site,)
        query += " ORDER BY run_id DESC LIMIT ?"
        rows = self.db.execute(query, (*args, limit)).fetchall()
        names = (
            "run_id",
            "site",
            "started_at",
            "finished_at",
            "finish_reason",
            "stats",
            "health",
            "problems",
        )
        result = [dict(zip(names, row, strict=True)) for row in rows]
        for run in result:
            run["stats"] = json.loads(run["stats"]) if run["stats"] else {}
            run["problems"] = json.loads(run["problems"]) if run["problems"] else []
        return result
