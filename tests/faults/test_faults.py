"""`scrapy crawl rt_arabic` through a site with a fault on every kind of route (docs/faults.md).

One real crawl, module-scoped: each fault must be counted under its ``newsbot/`` stat, reported
once in the log with its URL, and cost nothing else: the crawl finishes, every good article of
the site is stored whole, and no request leaves the site.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import newsbot.settings
from newsbot.mirror.server import MirrorServer
from newsbot.mirror.site import MirrorSite
from tests.crawl.runner import CrawlResult, run_crawl
from tests.faults.site import (
    CRAWL_SETTINGS,
    ENDLESS_LISTING,
    MAX_LISTING_PAGES,
    Case,
    FaultySiteBuild,
    build,
)
from tests.support.faults import FaultServer

_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[(?P<logger>[^\]]+)\] (?P<level>[A-Z]+): ")
_LEVELS = {"DEBUG": 10, "INFO": 20, "WARNING": 30, "ERROR": 40, "CRITICAL": 50}


@dataclass
class Outcome:
    build: FaultySiteBuild
    crawl: CrawlResult
    mirror_requests: list[str]
    sentinel_requests: list[str]
    workdir: Path


def records(log: str) -> list[tuple[int, str]]:
    """(level, text) of each log record; a traceback stays with the record it belongs to."""
    out: list[tuple[int, str]] = []
    for line in log.splitlines():
        match = _RECORD.match(line)
        if match:
            out.append((_LEVELS.get(match["level"], 0), line))
        elif out:
            out[-1] = (out[-1][0], out[-1][1] + "\n" + line)
    return out


def mentions(outcome: Outcome, url: str, level: int) -> list[str]:
    """Records at exactly ``level`` (INFO) or at ``level`` and above (WARNING) naming ``url``'s
    path: Scrapy's own messages may name the page by the mirror's address instead."""
    path = urlsplit(url).path
    found = []
    for record_level, text in records(outcome.crawl.log):
        hit = record_level == level if level == _LEVELS["INFO"] else record_level >= level
        if hit and path in text:
            found.append(text)
    return found


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outcome]:
    with MirrorServer(MirrorSite()) as sentinel:
        built = build(sentinel.url)
        with FaultServer(built.site) as server:
            workdir = tmp_path_factory.mktemp("faults")
            crawl = run_crawl(server.url, workdir, **CRAWL_SETTINGS)
            yield Outcome(built, crawl, server.request_log.paths(), sentinel.request_log.paths(), workdir)


def _cases() -> list[Case]:
    return build("http://127.0.0.1:9").cases


CASES = _cases()


def test_the_crawl_finishes_cleanly(outcome: Outcome) -> None:
    crawl = outcome.crawl
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert crawl.stats["finish_reason"] == "finished"
    assert "Traceback" not in crawl.log
    # Faults of the site are warnings; an ERROR line would mean newsbot itself failed.
    assert crawl.stat("log_count/ERROR") == 0, [t for lv, t in records(crawl.log) if lv >= 40]


def test_every_good_article_is_stored_as_published(outcome: Outcome) -> None:
    expected = outcome.build.gold
    by_url = {row["canonical_url"]: row for row in outcome.crawl.rows}
    assert sorted(by_url) == sorted(expected)
    for url, truth in expected.items():
        for field in ("id", "headline", "description", "article_body", "source"):
            assert by_url[url][field] == truth[field], (url, field)


def test_nothing_is_half_written(outcome: Outcome) -> None:
    raw = outcome.crawl.jsonl_bytes
    assert raw.endswith(b"\n")
    items = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    rows = {row["id"]: row for row in outcome.crawl.rows}
    assert sorted(item["id"] for item in items) == sorted(rows)
    for item in items:
        row = rows[item["id"]]
        for field in ("url", "canonical_url", "headline", "article_body", "date_published", "content_hash"):
            assert item[field] == row[field], (item["id"], field)
        assert item["tags"] == json.loads(row["tags"])
        assert item["authors"] == json.loads(row["authors"])


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fault(outcome: Outcome, case: Case) -> None:
    crawl = outcome.crawl
    same_stat = sum(1 for c in CASES if c.stat == case.stat)
    assert crawl.stat(case.stat) >= same_stat, f"{case.stat} not counted"
    warnings = mentions(outcome, case.url, _LEVELS["WARNING"])
    notes = mentions(outcome, case.url, _LEVELS["INFO"])
    if case.level == "WARNING":
        assert len(warnings) == 1, warnings
        if case.stat.startswith("newsbot/errors/") and "/world/" in case.url:
            # The line names the stat, so a log reader finds the counter and the other way round.
            assert f"({case.stat.rsplit('/', 1)[1]}," in warnings[0]
    elif case.level == "INFO":
        assert not warnings
        assert len(notes) == 1, notes
        if case.stat.startswith("newsbot/dead_links/"):
            assert f"is a dead link ({case.stat.rsplit('/', 1)[1]}," in notes[0]
    else:
        assert not warnings and not notes
    stored = {row["canonical_url"] for row in crawl.rows}
    assert (case.url in stored) == case.good


def test_dead_links_are_counted_apart_from_errors(outcome: Outcome) -> None:
    crawl = outcome.crawl
    dead = [c for c in CASES if c.stat.startswith("newsbot/dead_links/")]
    assert crawl.stat("newsbot/dead_links/total") == len(dead) == 2
    # Entry points the generated site lacks (feeds, section pages) are still errors; no article is.
    lost_404 = [text for level, text in records(crawl.log) if level >= 30 and "failed (http_404," in text]
    assert len(lost_404) == crawl.stat("newsbot/errors/http_404")
    assert not [text for text in lost_404 if "WARNING: article " in text]


def test_lost_articles_are_recorded_for_a_later_run(outcome: Outcome) -> None:
    # The spider records what the failure extension reports, redirect loops (seen only by the
    # extension, from Scrapy's request_dropped signal) and dead links included.
    by_name = {c.name: c for c in CASES}
    with sqlite3.connect(outcome.workdir / "newsbot.db") as db:
        states = dict(db.execute("SELECT url, status || ' ' || reason FROM urls WHERE status = 'failed'"))
    for name, reason in [("redirect_loop", "redirect_loop"), ("http_410", "http_410"), ("stall", "timeout")]:
        assert states.get(by_name[name].url) == f"failed {reason}", (name, states.get(by_name[name].url))


def test_no_request_leaves_the_site(outcome: Outcome) -> None:
    crawl = outcome.crawl
    # The redirect after a retried 503 points at this server: it must never be asked.
    assert outcome.sentinel_requests == []
    assert crawl.stat("newsbot/errors/offsite") == 2
    assert crawl.stat("offsite/filtered") == 2
    assert not [k for k in crawl.stats if "CannotResolveHost" in k or "DNSLookup" in k]
    # Every request the downloader sent reached the mirror (none went to the real network).
    assert crawl.stat("downloader/request_count") <= len(outcome.mirror_requests)


def test_retries_back_off(outcome: Outcome) -> None:
    site = outcome.build.site
    by_name = {c.name: c for c in outcome.build.cases}

    def gap(name: str) -> float:
        hits = site.hits(by_name[name].url)
        assert len(hits) == 2, hits  # RETRY_TIMES=1: one request and one retry
        return hits[1] - hits[0]

    base = CRAWL_SETTINGS["NEWSBOT_RETRY_BACKOFF_BASE"]
    assert base * 0.8 <= gap("flaky_503_then_ok")
    assert base * 0.8 <= gap("http_503")
    assert gap("http_503_retry_after") >= 0.9  # Retry-After: 1 wins over the 0.05 s backoff


def test_endless_listing_stops_at_the_cap(outcome: Outcome) -> None:
    pages = [p for p in outcome.mirror_requests if p.startswith(ENDLESS_LISTING)]
    assert len(pages) == MAX_LISTING_PAGES
    assert outcome.crawl.stat("newsbot/discovery/listing/page_cap") == 1


def test_no_listening_consoles() -> None:
    assert newsbot.settings.TELNETCONSOLE_ENABLED is False
    assert newsbot.settings.REMOTE_CONTROL_ENABLED is False


def test_a_real_run_opens_no_console(outcome: Outcome) -> None:
    log = outcome.crawl.log
    enabled = log[log.index("Enabled extensions:") : log.index("Overridden settings:")]
    assert "TelnetConsole" not in enabled and "RemoteControl" not in enabled
    assert "Telnet console listening" not in log
    assert "Remote control HTTP server listening" not in log
