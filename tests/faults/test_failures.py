"""Failure names, the duplicate-log filter and the pre-flight checks, without a crawl."""

from __future__ import annotations

import errno
import logging
import sqlite3
from pathlib import Path

import pytest
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionLost

from newsbot.extensions.failure_names import ReportedByNewsbot, failure_reason
from newsbot.extensions.preflight import PreflightError, check_database, check_directory, check_file
from newsbot.extensions.storageguard import is_storage_failure
from newsbot.store import StoreError, open_path


def _http(status: int) -> HttpError:
    return HttpError(Response("https://arabic.rt.com/x", status=status, request=Request("https://x")), "")


@pytest.mark.parametrize(
    ("exc", "name"),
    [
        (_http(503), "http_503"),
        (_http(410), "http_410"),
        (DownloadTimeoutError("Getting x took longer than 1.0 seconds."), "timeout"),
        (ResponseDataLossError(), "dataloss"),
        (DownloadFailedError("[<Failure ConnectionLost>]"), "connection_reset"),
        (ConnectionLost(), "connection_reset"),
        (DownloadConnectionRefusedError("refused"), "connection_refused"),
        (CannotResolveHostError("example.org"), "dns"),
        (
            DownloadCancelledError("Expected to receive 4 bytes which is larger than download max size (2)"),
            "too_large",
        ),
        (DownloadCancelledError(""), "cancelled"),
        (
            IgnoreRequest(
                "Ignored response <200 x> ... exceeded DOWNLOAD_MAXSIZE (2 B) during decompression."
            ),
            "too_large",
        ),
        (IgnoreRequest("max redirections reached"), "redirect_loop"),
        (IgnoreRequest("Filtered offsite request to 'example.org'"), "offsite"),
        (IgnoreRequest("Forbidden by robots.txt"), "robots_forbidden"),
        (IgnoreRequest("something else"), "ignored"),
        (KeyError("x"), "KeyError"),
    ],
)
def test_failure_names_are_stable(exc: BaseException, name: str) -> None:
    assert failure_reason(exc) == name


@pytest.mark.parametrize(
    ("logger", "message", "demoted"),
    [
        (
            "scrapy.core.downloader.handlers.http11",
            "Expected to receive 9 bytes which is larger than download max size (2) in request <GET x>.",
            True,
        ),
        (
            "scrapy.core.downloader.handlers.http11",
            "Received 9 bytes which is larger than download max size (2) in request <GET x>.",
            False,
        ),
        (
            "scrapy.core.downloader.handlers.http11",
            "Got data loss in x. If you want to process broken responses ...",
            True,
        ),
        (
            "scrapy.downloadermiddlewares.httpcompression",
            "Ignored response <200 x> because ... exceeded DOWNLOAD_MAXSIZE (2 B)",
            True,
        ),
        ("scrapy.core.engine", "Got data loss in x.", False),
    ],
)
def test_scrapy_duplicates_are_demoted(logger: str, message: str, demoted: bool) -> None:
    record = logging.LogRecord(logger, logging.WARNING, __file__, 1, message, None, None)
    assert ReportedByNewsbot().filter(record)
    assert (record.levelno == logging.DEBUG) == demoted


def test_storage_failures_are_told_from_page_faults() -> None:
    assert is_storage_failure(sqlite3.OperationalError("disk I/O error"))
    assert is_storage_failure(StoreError("cannot write"))
    assert is_storage_failure(OSError(errno.EFBIG, "File too large"))
    assert not is_storage_failure(OSError(errno.ECONNRESET, "reset"))
    assert not is_storage_failure(ValueError("x"))


def test_preflight_accepts_fresh_and_existing_outputs(tmp_path: Path) -> None:
    check_file("NEWSBOT_JSONL_PATH", tmp_path / "new" / "dir" / "out.jsonl")
    check_directory("NEWSBOT_STATS_PATH", tmp_path / "stats" / "s.json")
    check_database("NEWSBOT_SQLITE_PATH", tmp_path / "db" / "new.db", timeout=0.1)
    assert not (tmp_path / "db" / "new.db").exists()  # nothing created before the crawl does
    open_path(tmp_path / "db" / "new.db").close()
    check_database("NEWSBOT_SQLITE_PATH", tmp_path / "db" / "new.db", timeout=0.1)


def test_preflight_names_the_problem(tmp_path: Path) -> None:
    (tmp_path / "junk.db").write_bytes(b"this is not a database, just text " * 100)
    with pytest.raises(PreflightError, match=r"junk.db is not a usable database"):
        check_database("NEWSBOT_SQLITE_PATH", tmp_path / "junk.db", timeout=0.1)
    with pytest.raises(PreflightError, match=r"cannot be written: it is a directory"):
        check_directory("NEWSBOT_STATS_PATH", tmp_path)
    database = tmp_path / "locked.db"
    open_path(database).close()
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(PreflightError, match=r"locked by another process \(waited 0.1 s"):
            check_database("NEWSBOT_SQLITE_PATH", database, timeout=0.1)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
