"""A crawl killed with SIGKILL in the middle and run again ends where an uninterrupted crawl ends."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from newsbot.demo.articles import make_articles
from newsbot.demo.site import build_site, default_now
from newsbot.mirror.server import MirrorServer
from tests.crawl.runner import REPO, CrawlResult, crawl_command, crawl_env, run_crawl

ARTICLES = 240
#: One request at a time, so that the kill lands in the middle of the crawl, not after it.
SLOW = {"CONCURRENT_REQUESTS": 1, "DOWNLOAD_DELAY": 0.01}


def jsonl_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> tuple[CrawlResult, CrawlResult, int]:
    articles = make_articles(ARTICLES, seed=33)
    with MirrorServer(build_site(articles, now=default_now(articles))) as server:
        reference = run_crawl(server.url, tmp_path_factory.mktemp("uninterrupted"), **SLOW)
        workdir = tmp_path_factory.mktemp("killed")
        process = subprocess.Popen(
            crawl_command(server.url, workdir, **SLOW),
            cwd=REPO,
            env=crawl_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while jsonl_lines(workdir / "rt_arabic.jsonl") < ARTICLES // 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        stored_when_killed = jsonl_lines(workdir / "rt_arabic.jsonl")
        resumed = run_crawl(server.url, workdir, **SLOW)
    return reference, resumed, stored_when_killed


def test_the_kill_landed_mid_crawl(outcomes: tuple[CrawlResult, CrawlResult, int]) -> None:
    _, _, stored_when_killed = outcomes
    assert ARTICLES // 3 <= stored_when_killed < ARTICLES


def test_resumed_crawl_equals_uninterrupted_crawl(outcomes: tuple[CrawlResult, CrawlResult, int]) -> None:
    reference, resumed, _ = outcomes
    assert resumed.returncode == 0, resumed.log[-2000:]
    assert len(reference.rows) == ARTICLES
    fields = ("id", "canonical_url", "headline", "article_body", "content_hash")
    assert [{f: r[f] for f in fields} for r in resumed.rows] == [
        {f: r[f] for f in fields} for r in reference.rows
    ]


def test_both_files_valid_and_nothing_duplicated(outcomes: tuple[CrawlResult, CrawlResult, int]) -> None:
    _, resumed, _ = outcomes
    lines = resumed.jsonl_bytes.decode("utf-8").splitlines()
    ids = [json.loads(line)["id"] for line in lines]
    assert len(ids) == len(set(ids)) == ARTICLES
    assert sorted(ids) == sorted(row["id"] for row in resumed.rows)
