"""`newsbot crawl` from cron: one run per site at a time, and an exit code for each kind of trouble."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsbot.demo.articles import make_articles
from newsbot.demo.site import build_site, default_now
from newsbot.mirror.server import MirrorServer
from newsbot.mirror.site import MirrorSite, Resource
from tests.crawl.runner import REPO, crawl_env

FAST = ("AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0", "RETRY_TIMES=1", "NEWSBOT_RETRY_BACKOFF_BASE=0.01")


def command(mirror: str, workdir: Path, *settings: str) -> list[str]:
    pairs = [
        f"NEWSBOT_MIRROR={mirror}",
        f"NEWSBOT_SQLITE_PATH={workdir / 'newsbot.db'}",
        f"NEWSBOT_JSONL_PATH={workdir / 'rt_arabic.jsonl'}",
        f"NEWSBOT_LOCK_DIR={workdir / 'locks'}",
        *FAST,
        *settings,
    ]
    args = [
        sys.executable,
        "-m",
        "newsbot.cli",
        "crawl",
        "rt_arabic",
        "--json",
        "--log-file",
        str(workdir / "log.txt"),
    ]
    for pair in pairs:
        args += ["--set", pair]
    return args


def run(mirror: str, workdir: Path, *settings: str) -> tuple[int, dict[str, object]]:
    done = subprocess.run(
        command(mirror, workdir, *settings),
        cwd=REPO,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    return done.returncode, summary


@pytest.fixture(scope="module")
def site() -> MirrorSite:
    articles = make_articles(30, seed=3)
    return build_site(articles, now=default_now(articles))


def test_healthy_run_exits_0_with_one_summary_line(site: MirrorSite, tmp_path: Path) -> None:
    with MirrorServer(site) as server:
        done = subprocess.run(
            command(server.url, tmp_path), cwd=REPO, env=crawl_env(), capture_output=True, text=True
        )
    assert done.returncode == 0, done.stderr[-2000:]
    line = done.stdout.splitlines()[0]
    assert re.match(
        r"rt_arabic: ok \| new 30, updated 0, duplicates \d+, requests \d+, errors \d+ \| "
        r"coverage headline 100% body 100% date 100% \| [\d.]+ s",
        line,
    )


def test_overlapping_run_exits_at_once_with_the_lock_code(site: MirrorSite, tmp_path: Path) -> None:
    slow = ("CONCURRENT_REQUESTS=1", "DOWNLOAD_DELAY=0.05")
    with MirrorServer(site) as server:
        first = subprocess.Popen(
            command(server.url, tmp_path, *slow),
            cwd=REPO,
            env=crawl_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        lock = tmp_path / "locks" / "rt_arabic.lock"
        deadline = time.monotonic() + 30
        while not (lock.exists() and lock.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.05)
        started = time.monotonic()
        second = subprocess.run(
            command(server.url, tmp_path), cwd=REPO, env=crawl_env(), capture_output=True, text=True
        )
        second_took = time.monotonic() - started
        assert first.poll() is None, "the first crawl should still be running"
        first_out, _ = first.communicate(timeout=180)
    assert second.returncode == 75
    assert "another newsbot crawl of rt_arabic is running" in second.stderr
    assert second_took < 10
    assert first.returncode == 0
    assert first_out.startswith("rt_arabic: ok")


def test_spider_error_code_when_most_requests_fail(tmp_path: Path) -> None:
    broken = MirrorSite()
    for path in ("/rss/", "/sitemap.xml", "/world/", "/middle_east/", "/robots.txt"):
        broken.add_resource(path, Resource(b"oops", "text/html; charset=utf-8", status=500))
    with MirrorServer(broken) as server:
        code, summary = run(server.url, tmp_path)
    assert code == 1
    assert "error rate" in " ".join(summary["sites"][0]["problems"])  # type: ignore[index]


def test_no_articles_code_when_the_last_run_had_some(site: MirrorSite, tmp_path: Path) -> None:
    with MirrorServer(site) as server:
        assert run(server.url, tmp_path)[0] == 0
    empty = MirrorSite()
    empty.add("/robots.txt", b"User-agent: *\nAllow: /\n", "text/plain; charset=utf-8")
    empty.add(
        "/rss/",
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>RT</title></channel></rss>',
        "application/rss+xml",
    )
    with MirrorServer(empty) as server:
        code, summary = run(server.url, tmp_path, "NEWSBOT_HEALTH_MAX_ERROR_RATE=1")
    assert code == 3, summary


def test_coverage_drop_code_when_pages_lose_their_dates(site: MirrorSite, tmp_path: Path) -> None:
    undated = MirrorSite()
    for key, resource in site.items():
        body = resource.body
        if b"js-mediator-article" in body:
            body = re.sub(
                rb'<meta (?:name|property)="'
                rb'(?:publish-date|article:published_time|published_time_telegram)"[^>]*>',
                b"",
                body,
            )
            body = re.sub(rb'<script type="application/ld\+json">.*?</script>', b"", body, flags=re.S)
            body = re.sub(rb'<span class="date">.*?</span>', b"", body, flags=re.S)
        undated.add_resource(key, Resource(body, resource.content_type, resource.status, resource.headers))
    with MirrorServer(undated) as server:
        code, summary = run(server.url, tmp_path)
    assert code == 4, summary
    assert any("date_published" in p for p in summary["sites"][0]["problems"])  # type: ignore[index]


def test_ban_code_when_the_site_answers_403(site: MirrorSite, tmp_path: Path) -> None:
    banned = MirrorSite()
    for key, resource in site.items():
        if key.startswith("/robots.txt"):
            banned.add_resource(key, resource)
        else:
            banned.add_resource(key, Resource(b"<h1>Forbidden</h1>", "text/html; charset=utf-8", 403))
    with MirrorServer(banned) as server:
        code, summary = run(server.url, tmp_path)
    assert code == 5, summary
    assert "403/429" in " ".join(summary["sites"][0]["problems"])  # type: ignore[index]


def test_status_shows_runs_and_health(site: MirrorSite, tmp_path: Path) -> None:
    with MirrorServer(site) as server:
        run(server.url, tmp_path)
    table = subprocess.run(
        [sys.executable, "-m", "newsbot.cli", "status", "--db", str(tmp_path / "newsbot.db")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert table.splitlines()[0].split()[:2] == ["site", "run"]
    assert re.search(r"rt_arabic\s+1\s.*\bok\s+30\b", table)
    as_json = subprocess.run(
        [sys.executable, "-m", "newsbot.cli", "status", "--json", "--db", str(tmp_path / "newsbot.db")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    runs = json.loads(as_json)["runs"]
    assert runs[0]["health"] == "ok" and runs[0]["articles_new"] == 30 and runs[0]["stored_total"] == 30
