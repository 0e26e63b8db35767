"""``newsbot crawl``: run site spiders as ``scrapy crawl`` would, one lock per site, and judge the run."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from newsbot.commands.health import (
    COVERED_FIELDS,
    SEVERITY,
    Exit,
    Rules,
    Verdict,
    coverage,
    dead_links,
    errors,
    judge,
    missing_entry_points,
)
from newsbot.commands.lock import LockHeld, SiteLock
from newsbot.render.chromium import BrowserNotFound, find_chromium
from newsbot.render.settings import renders
from newsbot.sites import get_profile
from newsbot.store import StoreError, attach_store, open_store

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

    from newsbot.store import Store

logger = logging.getLogger(__name__)


@dataclass
class SiteRun:
    site: str
    crawler: Crawler | None = None
    lock: SiteLock | None = None
    locked: str | None = None
    verdict: Verdict = field(default_factory=lambda: Verdict(Exit.OK, []))
    stats: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        if self.locked:
            return {
                "site": self.site,
                "health": Exit.LOCKED.label,
                "exit_code": int(Exit.LOCKED),
                "problems": [self.locked],
            }
        stats = self.stats
        started, finished = stats.get("start_time"), stats.get("finish_time")
        duration = (finished - started).total_seconds() if started and finished else None
        return {
            "site": self.site,
            "health": self.verdict.code.label,
            "exit_code": int(self.verdict.code),
            "problems": self.verdict.problems,
            "run_id": stats.get("newsbot/run_id"),
            "finish_reason": stats.get("finish_reason"),
            "articles_new": int(stats.get("newsbot/articles/new", 0)),
            "articles_updated": int(stats.get("newsbot/articles/updated", 0)),
            "duplicates": sum(int(v) for k, v in stats.items() if k.startswith("newsbot/duplicates/"))
            + int(stats.get("newsbot/near_duplicates/linked", 0))
            + int(stats.get("newsbot/near_duplicates/dropped", 0)),
            "requests": int(stats.get("downloader/request_count", 0)),
            "errors": errors(stats),
            "dead_links": dead_links(stats),
            "missing_entry_points": missing_entry_points(stats),
            "coverage": coverage(stats),
            "duration_seconds": round(duration, 1) if duration is not None else None,
        }


SHORT_NAMES = {"article_body": "body", "date_published": "date", "main_image": "image"}


def summary_line(summary: dict[str, Any]) -> str:
    """One line per site for logs and mail from cron."""
    if summary["health"] == Exit.LOCKED.label:
        return f"{summary['site']}: locked, not run ({summary['problems'][0]})"
    shares = summary["coverage"]
    cover = " ".join(
        f"{SHORT_NAMES.get(name, name)} " + ("-" if shares[name] is None else f"{shares[name]:.0%}")
        for name in COVERED_FIELDS
    )
    problems = f" ({'; '.join(summary['problems'])})" if summary["problems"] else ""
    return (
        f"{summary['site']}: {summary['health']}{problems} | new {summary['articles_new']}, "
        f"updated {summary['articles_updated']}, duplicates {summary['duplicates']}, "
        f"requests {summary['requests']}, errors {summary['errors']}, dead links {summary['dead_links']}"
        + (f", missing entry points {gone}" if (gone := summary.get("missing_entry_points")) else "")
        + " | "
        f"coverage {cover} | "
        f"{summary['duration_seconds']} s"
    )


def rules_from(settings: Settings) -> Rules:
    """Thresholds from a crawler's settings: the project's, then the spider's ``custom_settings``
    (a site's own thresholds), then ``-s`` on the command line."""
    defaults = Rules()
    return Rules(
        min_articles=settings.getint("NEWSBOT_HEALTH_MIN_ARTICLES", defaults.min_articles),
        max_error_rate=settings.getfloat("NEWSBOT_HEALTH_MAX_ERROR_RATE", defaults.max_error_rate),
        min_coverage=settings.getdict("NEWSBOT_HEALTH_MIN_COVERAGE", defaults.min_coverage),
        max_coverage_drop=settings.getfloat("NEWSBOT_HEALTH_MAX_COVERAGE_DROP", defaults.max_coverage_drop),
        ban_share=settings.getfloat("NEWSBOT_HEALTH_BAN_SHARE", defaults.ban_share),
    )


class Progress:
    """A refreshing status line on a terminal; nothing otherwise (cron reads the log)."""

    def __init__(self, runs: list[SiteRun], stream: TextIO) -> None:
        self.runs = runs
        self.stream = stream
        self.started = time.monotonic()

    def tick(self) -> None:
        parts = []
        elapsed = max(time.monotonic() - self.started, 0.001)
        for run in self.runs:
            if run.crawler is None or run.crawler.stats is None:
                continue
            stats = run.crawler.stats.get_stats()
            pages = int(stats.get("response_received_count", 0))
            stored = int(stats.get("newsbot/articles/new", 0))
            parts.append(f"{run.site}: {pages} pages, {stored} new articles, {pages / elapsed:.1f} pages/s")
        self.stream.write("\r\033[K" + " | ".join(parts))
        self.stream.flush()

    def clear(self) -> None:
        self.stream.write("\r\033[K")
        self.stream.flush()


def crawl(
    sites: Sequence[str],
    *,
    since: str | None = None,
    max_articles: int | None = None,
    log_file: str | None = None,
    overrides: dict[str, str] | None = None,
    as_json: bool = False,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsbot.settings")
    settings = get_project_settings()
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    interactive = err.isatty() and not as_json
    if log_file:
        settings.set("LOG_FILE", log_file, priority="cmdline")
    elif interactive:
        # The progress line replaces the INFO chatter on a terminal; problems still show.
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")

    lock_dir = settings.get("NEWSBOT_LOCK_DIR") or "data/locks"
    runs = [SiteRun(site) for site in sites]
    for run in runs:
        lock = SiteLock(lock_dir, run.site)
        try:
            lock.acquire()
            run.lock = lock
        except LockHeld as exc:
            run.locked = f"another newsbot crawl of {run.site} is running: {exc}"
            err.write(f"newsbot crawl: {run.locked}\n")

    active = [run for run in runs if run.lock is not None]
    try:
        if active:
            _run_spiders(settings, active, since, max_articles, interactive, err)
    finally:
        for run in active:
            assert run.lock is not None
            run.lock.release()

    summaries = [run.summary() for run in runs]
    for summary in summaries:
        out.write(summary_line(summary) + "\n")
    code = _exit_code(runs)
    if as_json:
        out.write(json.dumps({"exit_code": code, "sites": summaries}, ensure_ascii=False, default=str) + "\n")
    return code


def _run_spiders(
    settings: Settings,
    runs: list[SiteRun],
    since: str | None,
    max_articles: int | None,
    interactive: bool,
    err: TextIO,
) -> None:
    process = CrawlerProcess(settings)
    try:
        # One store for every site of the process: one connection, one near-duplicate index.
        store = open_store(settings)
    except StoreError as exc:
        logger.error("Cannot start the crawl: %s", exc)
        return
    try:
        _crawl_all(process, store, runs, since, max_articles, interactive, err)
    finally:
        store.close()


def _crawl_all(
    process: CrawlerProcess,
    store: Store,
    runs: list[SiteRun],
    since: str | None,
    max_articles: int | None,
    interactive: bool,
    err: TextIO,
) -> None:
    arguments: dict[str, Any] = {}
    if since:
        arguments["since"] = since
    if max_articles is not None:
        arguments["max_articles"] = max_articles
    started = []
    for run in runs:
        missing = _missing_browser(process.settings, run.site)
        if missing is not None:
            # A site that renders cannot run without Chromium; the other sites still do. Checked
            # before its crawler exists: the process's first crawler is the one that sets up the reactor.
            logger.error("Cannot crawl %s: %s", run.site, missing)
            run.verdict = Verdict(Exit.SPIDER_ERROR, [missing])
            continue
        run.crawler = process.create_crawler(process.spider_loader.load(run.site))
        started.append(run)
        attach_store(run.crawler, store)
        # The crawlers started before may have begun writing; this one's pre-flight check opens
        # the database on its own connection and must not wait for their pending transaction.
        store.commit()
        process.crawl(run.crawler, **arguments)
    if not started:
        return
    runs = started
    progress = None
    if interactive:
        from twisted.internet import task

        progress = Progress(runs, err)
        task.LoopingCall(progress.tick).start(0.5, now=False)
    process.start()
    if progress is not None:
        progress.clear()
    for run in runs:
        assert run.crawler is not None and run.crawler.stats is not None
        run.stats = dict(run.crawler.stats.get_stats())
        run.verdict = _judge(run, run.crawler.settings, store)


def _missing_browser(settings: Settings, site: str) -> str | None:
    """Why ``site`` cannot be crawled for want of a browser, or ``None``."""
    if not renders(settings, get_profile(site).render):
        return None
    try:
        find_chromium(settings.get("NEWSBOT_CHROMIUM_PATH"))
    except BrowserNotFound as exc:
        return str(exc)
    return None


def _judge(run: SiteRun, settings: Settings, store: Store) -> Verdict:
    if "finish_reason" not in run.stats:
        return Verdict(Exit.SPIDER_ERROR, ["the crawl did not start (see the log)"])
    run_id = run.stats.get("newsbot/run_id")
    history = [
        previous["stats"] for previous in store.runs(run.site, limit=10) if previous["run_id"] != run_id
    ]
    verdict = judge(run.stats, history, rules_from(settings))
    if isinstance(run_id, int):
        store.set_health(run_id, verdict.code.label, verdict.problems)
    return verdict


def _exit_code(runs: list[SiteRun]) -> int:
    codes = {run.verdict.code for run in runs if not run.locked}
    for code in SEVERITY:
        if code in codes:
            return int(code)
    if any(run.locked for run in runs):
        return int(Exit.LOCKED)
    return int(Exit.OK)
