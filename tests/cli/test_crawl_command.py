"""`newsbot crawl` from cron: one run per site at a time, and an exit code for each kind of trouble."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsbot.cli import build_parser
from newsbot.commands.health import Exit
from newsbot.demo.articles import make_articles
from newsbot.demo.site import build_site, default_now
from newsbot.mirror.server import MirrorServer
from newsbot.mirror.site import MirrorSite, Resource
from tests.crawl.runner import REPO, crawl_env

FAST = ("AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0", "RETRY_TIMES=1", "NEWSBOT_RETRY_BACKOFF_BASE=0.01")


def command(mirror: str, workdir: Path, *settings: str, short: tuple[str, ...] = ()) -> list[str]:
    """``newsbot crawl rt_arabic`` with ``--set`` for ``settings`` and ``-s`` for ``short``."""
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
    for pair in short:
        args += ["-s", pair]
    return args


def run(
    mirror: str, workdir: Path, *settings: str, short: tuple[str, ...] = ()
) -> tuple[int, dict[str, object]]:
    done = subprocess.run(
        command(mirror, workdir, *settings, short=short),
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
        r"rt_arabic: ok \| new 30, updated 0, duplicates \d+, requests \d+, errors \d+, dead links 0"
        r"(, missing entry points \d+)? \| "
        r"coverage headline 100% body 100% date 100% authors \d+% image \d+% \| [\d.]+ s",
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
    # One feed still names an article, so the site is failing, not gone.
    feed = b"<rss><channel><item><link>https://arabic.rt.com/world/1700001-x</link></item></channel></rss>"
    broken.add_resource("/rss/news/", Resource(feed, "application/rss+xml; charset=utf-8"))
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


def test_dead_links_are_reported_not_errors_and_a_rerun_exits_0(tmp_path: Path) -> None:
    # As on the RT Arabic copy of the issue: feeds and sitemaps link many articles the copy lacks.
    articles = make_articles(30, seed=3)
    copy = build_site(articles, now=default_now(articles))
    for article in articles[:20]:
        assert copy.remove(article.path)
    with MirrorServer(copy) as server:
        first_code, first = run(server.url, tmp_path)
        second_code, second = run(server.url, tmp_path)
    site = first["sites"][0]  # type: ignore[index]
    assert site["dead_links"] == 20 and site["articles_new"] == 10, site
    # Counted as errors, the dead links alone would pass the 20% error rate.
    assert site["dead_links"] / site["requests"] > 0.2, site
    assert first_code == 0, first
    assert second_code == 0, second
    assert second["sites"][0]["articles_new"] == 0  # type: ignore[index]


@contextmanager
def refusing_port() -> Iterator[int]:
    """A local port that refuses connections: bound, so nothing else takes it, but not listening."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


#: Far below the 75 s the issue measured, generous for a loaded CI machine.
UNREACHABLE_BOUND = 30.0


def test_a_site_refusing_connections_is_unreachable_within_seconds(tmp_path: Path) -> None:
    with refusing_port() as port:
        started = time.monotonic()
        code, summary = run(f"http://127.0.0.1:{port}", tmp_path, short=("NEWSBOT_UNREACHABLE_AFTER=3",))
        took = time.monotonic() - started
    site = summary["sites"][0]  # type: ignore[index]
    assert code == Exit.UNREACHABLE == 6, summary
    assert site["health"] == "unreachable" and site["finish_reason"] == "unreachable"
    assert site["problems"][0] == "cannot connect to arabic.rt.com (connection_refused)"
    rate = re.search(r"error rate (\d+)%", " ".join(site["problems"]))
    assert rate is not None and int(rate[1]) >= 90, site["problems"]  # retried attempts count too
    assert took < UNREACHABLE_BOUND, took
    log = (tmp_path / "log.txt").read_text(encoding="utf-8")
    # -s reached the crawl: the verdict came after 3 attempts, not the default 4.
    assert "its first 3 attempts all failed (connection_refused)" in log


def test_a_site_whose_name_does_not_resolve_is_unreachable_within_seconds(tmp_path: Path) -> None:
    started = time.monotonic()
    code, summary = run(
        "http://newsbot-mirror.invalid:8080",
        tmp_path,
        # Name lookups fail inside the crawl process: no query leaves the machine.
        "TWISTED_DNS_RESOLVER=tests.support.resolver.LocalOnlyResolver",
    )
    took = time.monotonic() - started
    site = summary["sites"][0]  # type: ignore[index]
    assert code == Exit.UNREACHABLE, summary
    assert site["problems"][0] == "cannot resolve arabic.rt.com"
    assert took < UNREACHABLE_BOUND, took
    log = (tmp_path / "log.txt").read_text(encoding="utf-8")
    assert "Not resolving newsbot-mirror.invalid: tests resolve no names" in log


def test_site_thresholds_come_from_the_spider_settings(tmp_path: Path) -> None:
    # The same broken site exits 1 with the project's thresholds
    # (test_spider_error_code_when_most_requests_fail); this spider accepts any error rate.
    broken = MirrorSite()
    for path in ("/rss/", "/sitemap.xml", "/world/", "/middle_east/", "/robots.txt"):
        broken.add_resource(path, Resource(b"oops", "text/html; charset=utf-8", status=500))
    # One feed still names an article, so the site is failing, not gone.
    feed = b"<rss><channel><item><link>https://arabic.rt.com/world/1700001-x</link></item></channel></rss>"
    broken.add_resource("/rss/news/", Resource(feed, "application/rss+xml; charset=utf-8"))
    with MirrorServer(broken) as server:
        code, summary = run(server.url, tmp_path, short=("SPIDER_MODULES=tests.support.spiders",))
    site = summary["sites"][0]  # type: ignore[index]
    assert site["errors"] > 0 and site["requests"] > 0
    assert code == 0, summary


def test_crawl_takes_s_as_well_as_set() -> None:
    args = build_parser().parse_args(["crawl", "rt_arabic", "-s", "A=1", "--set", "B=2", "-s", "C=x=y"])
    assert args.set == ["A=1", "B=2", "C=x=y"]


def test_a_copy_missing_some_entry_points_is_healthy_and_so_is_its_rerun(tmp_path: Path) -> None:
    # The RT development copy lacks 3 feeds and 7 section pages that the profile names, and its
    # pages link many articles it does not hold: a complete crawl, then an unchanged rerun.
    copy = MirrorSite.load(REPO / "tests" / "fixtures" / "mirrors" / "rt_arabic_blind")
    with MirrorServer(copy) as server:
        first_code, first = run(server.url, tmp_path)
        second_code, second = run(server.url, tmp_path)
    site = first["sites"][0]  # type: ignore[index]
    assert site["missing_entry_points"] > 0 and site["errors"] == 0, site
    assert (first_code, second_code) == (0, 0), (first, second)
    assert second["sites"][0]["articles_new"] == 0  # type: ignore[index]


def test_a_site_whose_every_entry_point_is_gone_has_no_articles(tmp_path: Path) -> None:
    with MirrorServer(MirrorSite()) as server:
        code, summary = run(server.url, tmp_path)
    assert code == Exit.NO_ARTICLES, summary
    assert any("entry point" in p for p in summary["sites"][0]["problems"]), summary  # type: ignore[index]
