"""Checks, before a crawl opens anything or fetches a page, that its outputs can be written.

An output path under a file or a read-only directory, or a database another process holds
locked, would otherwise surface as a traceback in a pipeline after the crawl has started (or
after the first article was fetched). The ``OutputPreflight`` extension runs the checks when the
crawler is built and stops the run with one line saying which setting, which path and why;
``scrapy crawl`` then exits with status 1.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

__all__ = [
    "OutputPreflight",
    "PreflightError",
    "check_database",
    "check_directory",
    "check_file",
    "check_outputs",
]


class PreflightError(RuntimeError):
    """An output of the crawl cannot be written; the message is one line naming it."""


def _reason(exc: BaseException, path: Path) -> str:
    """Why ``path`` could not be written, in words: the file in the way, or the system's reason."""
    if isinstance(exc, FileExistsError | NotADirectoryError):
        for parent in path.parents:
            if parent.exists() and not parent.is_dir():
                return f"{parent} is not a directory"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def check_file(setting: str, path: Path) -> None:
    """``path`` can be created or appended to (its directories are created as a crawl would).

    >>> check_file("NEWSBOT_JSONL_PATH", Path("/proc/version/x.jsonl"))
    Traceback (most recent call last):
    ...
    newsbot.extensions.preflight.PreflightError: NEWSBOT_JSONL_PATH=/proc/version/x.jsonl cannot be written: \
/proc/version is not a directory
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644))
    except OSError as exc:
        raise PreflightError(f"{setting}={path} cannot be written: {_reason(exc, path)}") from None


def check_directory(setting: str, path: Path) -> None:
    """The directory of ``path`` exists (or can be made) and accepts new files."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PreflightError(f"{setting}={path} cannot be written: {_reason(exc, path)}") from None
    if path.exists() and path.is_dir():
        raise PreflightError(f"{setting}={path} cannot be written: it is a directory")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise PreflightError(f"{setting}={path} cannot be written: directory {path.parent} is read-only")


def check_database(setting: str, path: Path, timeout: float) -> None:
    """The database can be opened and a write transaction begun within ``timeout`` seconds; a
    database that does not exist yet needs a directory that accepts it (nothing is created)."""
    check_directory(setting, path)
    if not path.exists():
        return
    try:
        db = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw", timeout=timeout, isolation_level=None, uri=True
        )
    except sqlite3.Error as exc:
        raise PreflightError(f"{setting}={path} cannot be opened: {exc}") from None
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise PreflightError(
                f"{setting}={path} is locked by another process "
                f"(waited {timeout:g} s, NEWSBOT_SQLITE_TIMEOUT)"
            ) from None
        raise PreflightError(f"{setting}={path} cannot be written: {exc}") from None
    except sqlite3.Error as exc:
        raise PreflightError(f"{setting}={path} is not a usable database: {exc}") from None
    finally:
        db.close()


def check_outputs(settings: Any, spider_name: str) -> None:
    """Check every output a crawl of ``spider_name`` writes; log and raise on the first failure."""
    timeout = settings.getfloat("NEWSBOT_SQLITE_TIMEOUT")
    try:
        # With NEWSBOT_POSTGRES_DSN the SQLite files are not used (the store checks the server).
        names = () if settings.get("NEWSBOT_POSTGRES_DSN") else ("NEWSBOT_SQLITE_PATH", "NEWSBOT_STATE_PATH")
        databases = {name: settings.get(name) for name in names}
        for name, value in databases.items():
            if value:
                check_database(name, Path(value), timeout)
        jsonl = settings.get("NEWSBOT_JSONL_PATH")
        if jsonl:
            check_file("NEWSBOT_JSONL_PATH", Path(jsonl.format(spider=spider_name)))
        stats = settings.get("NEWSBOT_STATS_PATH")
        if stats:
            check_directory("NEWSBOT_STATS_PATH", Path(stats.format(spider=spider_name)))
    except PreflightError as exc:
        logger.error("Cannot start the crawl: %s", exc)
        raise


class OutputPreflight:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        # Extensions are built before the engine opens the spider or sends a request.
        check_outputs(crawler.settings, crawler.spidercls.name)
        return cls()
