"""Outputs that cannot be written: refused before crawling, or, mid-crawl, a clean stop that keeps
everything already stored (docs/faults.md)."""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsbot.demo.articles import make_articles
from newsbot.demo.site import build_site, default_now, gold
from newsbot.mirror.server import MirrorServer
from newsbot.store import open_path
from tests.crawl.runner import REPO, CrawlResult, collect, crawl_command, crawl_env, run_crawl

ARTICLES = 30
#: Each output file may grow to this size; the database's write-ahead log reaches it mid-crawl
#: (commits of 10 writes: about 170 kB, 420 kB, then 710 kB of log in a crawl of ARTICLES).
FILE_SIZE_LIMIT = 600_000
FAST = {"CONCURRENT_REQUESTS_PER_DOMAIN": 16, "NEWSBOT_RETRY_BACKOFF_BASE": 0.05}
#: Small transactions, so that several commit before the one that fills the disk.
SMALL_BATCHES = {"NEWSBOT_STORE_BATCH": 10}


@pytest.fixture(scope="module")
def site_and_gold() -> tuple[Any, dict[str, dict[str, Any]]]:
    specs = make_articles(ARTICLES, seed=5)
    return build_site(specs, now=default_now(specs)), gold(specs)


@pytest.fixture
def server(site_and_gold: tuple[Any, dict[str, dict[str, Any]]]) -> Iterator[MirrorServer]:
    with MirrorServer(site_and_gold[0]) as running:
        yield running


def error_lines(log: str, text: str) -> list[str]:
    return [line for line in log.splitlines() if " ERROR: " in line and text in line]


def assert_refused_before_crawling(result: CrawlResult, server: MirrorServer, message: str) -> None:
    assert result.returncode != 0
    lines = error_lines(result.log, "Cannot start the crawl: ")
    assert len(lines) == 1, result.log[-3000:]
    assert message in lines[0], lines[0]
    assert "Spider opened" not in result.log
    assert len(server.request_log) == 0


@pytest.mark.parametrize("setting", ["NEWSBOT_JSONL_PATH", "NEWSBOT_SQLITE_PATH", "NEWSBOT_STATS_PATH"])
def test_an_output_under_a_file_is_refused(server: MirrorServer, tmp_path: Path, setting: str) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    target = tmp_path / "a-file" / "out"
    result = run_crawl(server.url, tmp_path, **FAST, **{setting: str(target)})
    assert_refused_before_crawling(
        result, server, f"{setting}={target} cannot be written: {tmp_path / 'a-file'} is not a directory"
    )


def test_an_output_in_a_read_only_directory_is_refused(server: MirrorServer, tmp_path: Path) -> None:
    # Root writes through permission bits, so as root (CI) a directory of the kernel's read-only
    # sysfs stands in for a read-only directory.
    locked = Path("/sys") if os.geteuid() == 0 else tmp_path / "read-only"
    if locked != Path("/sys"):
        locked.mkdir()
        locked.chmod(0o500)
    try:
        target = locked / "newsbot-out.jsonl"
        result = run_crawl(server.url, tmp_path, **FAST, NEWSBOT_JSONL_PATH=str(target))
    finally:
        if locked != Path("/sys"):
            locked.chmod(0o700)
    assert_refused_before_crawling(result, server, f"NEWSBOT_JSONL_PATH={target} cannot be written")


def test_a_locked_database_is_refused_after_a_bounded_wait(server: MirrorServer, tmp_path: Path) -> None:
    database = tmp_path / "newsbot.db"
    open_path(database).close()
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        result = run_crawl(server.url, tmp_path, **FAST, NEWSBOT_SQLITE_TIMEOUT=0.5)
        elapsed = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert_refused_before_crawling(
        result, server, f"NEWSBOT_SQLITE_PATH={database} is locked by another process"
    )
    assert elapsed < 9, elapsed  # 0.5 s of waiting plus Scrapy's start-up, not the default 10 s


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))


@pytest.fixture(scope="module")
def full_disk(
    site_and_gold: tuple[Any, dict[str, dict[str, Any]]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[CrawlResult, CrawlResult]:
    """A crawl whose files cannot grow past FILE_SIZE_LIMIT, then the same crawl with room."""
    workdir = tmp_path_factory.mktemp("full-disk")
    # The database exists from earlier runs, as in production; the crawl fills the disk.
    open_path(workdir / "newsbot.db").close()
    with MirrorServer(site_and_gold[0]) as server:
        done = subprocess.run(
            crawl_command(server.url, workdir, **{k: str(v) for k, v in (FAST | SMALL_BATCHES).items()}),
            cwd=REPO,
            env=crawl_env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            preexec_fn=_limit_file_size,
        )
        full = collect(workdir, done.returncode, done.stderr + done.stdout)
        again = run_crawl(server.url, workdir, **FAST)
    return full, again


def test_a_full_disk_stops_the_crawl_with_one_clear_error(full_disk: tuple[CrawlResult, CrawlResult]) -> None:
    full, _ = full_disk
    assert full.stats["finish_reason"] == "storage_error", full.log[-3000:]
    assert len(error_lines(full.log, "Stopping the crawl: cannot write to storage: ")) == 1
    assert 1 <= len(full.rows) < ARTICLES, "the limit must be reached mid-crawl"


def test_a_full_disk_keeps_every_stored_article_whole(
    full_disk: tuple[CrawlResult, CrawlResult], site_and_gold: tuple[Any, dict[str, dict[str, Any]]]
) -> None:
    full, _ = full_disk
    expected = site_and_gold[1]
    for row in full.rows:
        truth = expected[row["canonical_url"]]
        for field in ("id", "headline", "article_body", "date_published_raw", "source"):
            assert row[field] == truth[field], (row["id"], field)
    # Every JSONL line is whole (a torn one is cut at once) and names a stored article.
    assert full.jsonl_bytes == b"" or full.jsonl_bytes.endswith(b"\n")
    ids = [json.loads(line)["id"] for line in full.jsonl_bytes.decode("utf-8").splitlines()]
    assert len(ids) == len(set(ids))
    assert set(ids) <= {row["id"] for row in full.rows}


def test_the_next_run_completes_both_outputs(
    full_disk: tuple[CrawlResult, CrawlResult], site_and_gold: tuple[Any, dict[str, dict[str, Any]]]
) -> None:
    _, again = full_disk
    assert again.returncode == 0 and again.stats["finish_reason"] == "finished", again.log[-3000:]
    stored = sorted(row["canonical_url"] for row in again.rows)
    assert stored == sorted(site_and_gold[1])
    ids = [item["id"] for item in again.items]
    assert sorted(ids) == sorted(row["id"] for row in again.rows)
    assert len(ids) == len(set(ids))
