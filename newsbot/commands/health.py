"""Health of a finished crawl, from its stats and the site's run history, as a cron exit code.

Spidermon would run similar checks inside the crawl process, but the rules here need the history
of earlier runs (kept in SQLite) and must end in an exit code for cron and systemd; a few plain
functions over the stats do that with no extra dependency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Exit(IntEnum):
    """``newsbot crawl`` exit codes (documented in docs/operations.md)."""

    OK = 0
    SPIDER_ERROR = 1
    USAGE = 2
    NO_ARTICLES = 3
    COVERAGE_DROP = 4
    BANNED = 5
    UNREACHABLE = 6
    LOCKED = 75  # EX_TEMPFAIL: try again later

    @property
    def label(self) -> str:
        return self.name.lower()


#: When several problems show at once, the code of the first one is returned: a site that cannot be
#: reached explains everything else, a ban explains the errors it causes, and a broken crawl
#: explains missing articles and fields.
SEVERITY = (Exit.UNREACHABLE, Exit.BANNED, Exit.SPIDER_ERROR, Exit.NO_ARTICLES, Exit.COVERAGE_DROP)
#: Fields whose share of articles is shown per site and watched for drops: a layout change on a live
#: site shows up as a falling share long before articles stop arriving.
COVERED_FIELDS = ("headline", "article_body", "date_published", "authors", "main_image")


@dataclass(frozen=True)
class Rules:
    """Thresholds, from the ``NEWSBOT_HEALTH_*`` settings of each site's crawler: a spider's
    ``custom_settings`` (or its profile's settings) may set its own."""

    min_articles: int = 0
    max_error_rate: float = 0.2
    min_coverage: dict[str, float] = field(
        default_factory=lambda: {"headline": 0.98, "article_body": 0.95, "date_published": 0.9}
    )
    max_coverage_drop: float = 0.2
    ban_share: float = 0.5
    min_responses_for_ban: int = 10


@dataclass(frozen=True)
class Verdict:
    code: Exit
    problems: list[str]

    @property
    def healthy(self) -> bool:
        return self.code is Exit.OK


def _int(stats: dict[str, Any], key: str) -> int:
    value = stats.get(key, 0)
    return int(value) if isinstance(value, int | float) else 0


def coverage(stats: dict[str, Any]) -> dict[str, float | None]:
    """Share of extracted articles that had each field (``None`` when nothing was extracted).

    >>> coverage({"newsbot/coverage/items": 4, "newsbot/coverage/headline": 4,
    ...           "newsbot/coverage/article_body": 3})
    {'headline': 1.0, 'article_body': 0.75, 'date_published': 0.0, 'authors': 0.0, 'main_image': 0.0}
    """
    items = _int(stats, "newsbot/coverage/items")
    if items == 0:
        return dict.fromkeys(COVERED_FIELDS)
    return {name: _int(stats, f"newsbot/coverage/{name}") / items for name in COVERED_FIELDS}


def errors(stats: dict[str, Any]) -> int:
    """Pages and documents lost to an error (dead links are not errors).

    >>> errors({"newsbot/errors/timeout": 2, "newsbot/errors/http_500": 1, "newsbot/dead_links/total": 5})
    3
    """
    return sum(_int(stats, key) for key in stats if key.startswith("newsbot/errors/"))


def failed_requests(stats: dict[str, Any]) -> int:
    """Failed requests, the error rate's numerator: every lost page plus every attempt that failed
    and was retried, so a site failing every attempt shows a 100% rate, not one attempt in
    ``RETRY_TIMES + 1``.

    >>> failed_requests({"newsbot/errors/dns": 28, "newsbot/retries/network": 84,
    ...                  "newsbot/retries/http": 3, "newsbot/retries/alternate_url": 9})
    115
    """
    return errors(stats) + _int(stats, "newsbot/retries/http") + _int(stats, "newsbot/retries/network")


def dead_links(stats: dict[str, Any]) -> int:
    """Article links found in pages that answered 404 or 410: counted, reported, not errors."""
    return _int(stats, "newsbot/dead_links/total")


def missing_entry_points(stats: dict[str, Any]) -> int:
    """Entry points of the profile (feeds, sitemaps, sections, listings) that answered 404 or 410."""
    return _int(stats, "newsbot/missing_entry_points/total")


def article_links_seen(stats: dict[str, Any]) -> int:
    """Article links the crawl found (known ones included), plus sitemaps it skipped as unchanged:
    a site that still lists articles, all stored before, is unchanged rather than broken.

    >>> article_links_seen({"newsbot/discovery/feed/article_links": 30,
    ...                     "newsbot/discovery/feed/not_article": 4,
    ...                     "newsbot/incremental/sitemap_unchanged": 2})
    32
    """
    return sum(
        _int(stats, key)
        for key in stats
        if (key.startswith("newsbot/discovery/") and key.endswith("/article_links"))
        or key == "newsbot/incremental/sitemap_unchanged"
    )


#: Stats the unreachable-site middleware leaves (``newsbot.downloadermiddlewares.unreachable``).
UNREACHABLE_HOST = "newsbot/unreachable/host"
UNREACHABLE_REASON = "newsbot/unreachable/reason"
UNREACHABLE_FINISH = "unreachable"


def unreachable_problem(stats: dict[str, Any]) -> str:
    """The problem line of a crawl closed because its site could not be reached.

    >>> unreachable_problem({"newsbot/unreachable/host": "arabic.rt.com",
    ...                      "newsbot/unreachable/reason": "dns"})
    'cannot resolve arabic.rt.com'
    >>> unreachable_problem({"newsbot/unreachable/host": "arabic.rt.com",
    ...                      "newsbot/unreachable/reason": "connection_refused"})
    'cannot connect to arabic.rt.com (connection_refused)'
    """
    host = stats.get(UNREACHABLE_HOST) or "the site"
    reason = stats.get(UNREACHABLE_REASON)
    if reason == "dns":
        return f"cannot resolve {host}"
    return f"cannot connect to {host} ({reason or 'no answer'})"


def judge(stats: dict[str, Any], history: list[dict[str, Any]], rules: Rules) -> Verdict:
    """Judge one run's ``stats`` against ``rules`` and the stats of the site's earlier runs
    (newest first)."""
    requests = _int(stats, "downloader/request_count")
    # Capped: a document fetched whole can still be an error (an unreadable feed).
    rate = min(1.0, failed_requests(stats) / requests) if requests else 0.0
    rate_problem = f"error rate {rate:.0%} above {rules.max_error_rate:.0%}"
    reason = stats.get("finish_reason")
    if reason == UNREACHABLE_FINISH:
        # Missing articles, fields and error lines all follow from it: not listed.
        problems = [unreachable_problem(stats)]
        return Verdict(
            Exit.UNREACHABLE, [*problems, rate_problem] if rate > rules.max_error_rate else problems
        )
    found: dict[Exit, list[str]] = {}
    if reason not in ("finished", "max_articles") or _int(stats, "log_count/ERROR") > 0:
        found.setdefault(Exit.SPIDER_ERROR, []).append(
            f"finish reason {reason!r}, {_int(stats, 'log_count/ERROR')} error log line(s)"
        )
    if rate > rules.max_error_rate:
        found.setdefault(Exit.SPIDER_ERROR, []).append(rate_problem)
    gone = missing_entry_points(stats)
    if gone and not article_links_seen(stats):
        found.setdefault(Exit.NO_ARTICLES, []).append(
            f"no article link found; {gone} entry point(s) answered 404/410"
        )
    responses = _int(stats, "downloader/response_count")
    refused = _int(stats, "downloader/response_status_count/403") + _int(
        stats, "downloader/response_status_count/429"
    )
    if responses >= rules.min_responses_for_ban and refused / responses > rules.ban_share:
        found.setdefault(Exit.BANNED, []).append(f"{refused} of {responses} responses were 403/429")
    new = _int(stats, "newsbot/articles/new")
    earlier = [_int(run, "newsbot/articles/new") for run in history[:3]]
    if new == 0 and earlier and earlier[0] > 0 and not article_links_seen(stats):
        found.setdefault(Exit.NO_ARTICLES, []).append(f"no new article; the last run stored {earlier[0]}")
    if new < rules.min_articles:
        found.setdefault(Exit.NO_ARTICLES, []).append(f"{new} new articles, fewer than {rules.min_articles}")
    shares = coverage(stats)
    previous = next((coverage(run) for run in history if coverage(run)["headline"] is not None), None)
    for name, share in shares.items():
        if share is None:
            continue
        floor = rules.min_coverage.get(name, 0.0)
        if share < floor:
            found.setdefault(Exit.COVERAGE_DROP, []).append(
                f"{name} on {share:.0%} of articles, below {floor:.0%}"
            )
        before = previous[name] if previous else None
        if before is not None and before - share > rules.max_coverage_drop:
            found.setdefault(Exit.COVERAGE_DROP, []).append(
                f"{name} coverage fell from {before:.0%} to {share:.0%}"
            )
    for code in SEVERITY:
        if code in found:
            return Verdict(code, [problem for problems in found.values() for problem in problems])
    return Verdict(Exit.OK, [])
