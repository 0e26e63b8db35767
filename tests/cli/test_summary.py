"""The health verdict, the summary line and the terminal progress line of `newsbot crawl`."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from newsbot.commands.crawl import Progress, SiteRun, summary_line
from newsbot.commands.health import Exit, Rules, Verdict, judge


def test_summary_line_names_counts_coverage_and_duration() -> None:
    run = SiteRun("rt_arabic")
    run.stats = {
        "start_time": datetime(2026, 11, 29, 1, 0, tzinfo=UTC),
        "finish_time": datetime(2026, 11, 29, 1, 2, 30, tzinfo=UTC),
        "finish_reason": "finished",
        "newsbot/articles/new": 12,
        "newsbot/articles/updated": 1,
        "newsbot/duplicates/content": 2,
        "newsbot/near_duplicates/linked": 1,
        "downloader/request_count": 40,
        "newsbot/errors/http_404": 3,
        "newsbot/dead_links/http_404": 4,
        "newsbot/dead_links/http_410": 1,
        "newsbot/dead_links/total": 5,
        "newsbot/coverage/items": 13,
        "newsbot/coverage/headline": 13,
        "newsbot/coverage/article_body": 13,
        "newsbot/coverage/date_published": 12,
    }
    run.verdict = judge(run.stats, [], Rules())
    assert summary_line(run.summary()) == (
        "rt_arabic: ok | new 12, updated 1, duplicates 3, requests 40, errors 3, dead links 5 | "
        "coverage headline 100% body 100% date 92% authors 0% image 0% | 150.0 s"
    )


def test_locked_site_summary() -> None:
    run = SiteRun("rt_arabic", locked="another newsbot crawl of rt_arabic is running")
    summary = run.summary()
    assert summary["exit_code"] == Exit.LOCKED == 75
    assert summary_line(summary).startswith("rt_arabic: locked, not run")


class FakeStats:
    def __init__(self, values: dict[str, int]) -> None:
        self.values = values

    def get_stats(self) -> dict[str, int]:
        return self.values


class FakeCrawler:
    def __init__(self, values: dict[str, int]) -> None:
        self.stats = FakeStats(values)


def test_progress_line_rewrites_itself() -> None:
    run = SiteRun("rt_arabic")
    run.crawler = FakeCrawler({"response_received_count": 50, "newsbot/articles/new": 20})  # type: ignore[assignment]
    stream = io.StringIO()
    progress = Progress([run], stream)
    progress.tick()
    assert stream.getvalue().startswith("\r\033[Krt_arabic: 50 pages, 20 new articles, ")
    progress.clear()
    assert stream.getvalue().endswith("\r\033[K")


def test_dead_links_do_not_count_in_the_error_rate() -> None:
    # The run: 127 of 323 requests were 404s on related-headline links.
    stats = {
        "finish_reason": "finished",
        "downloader/request_count": 323,
        "newsbot/dead_links/http_404": 127,
        "newsbot/dead_links/total": 127,
        "newsbot/errors/http_404": 1,  # an entry point: still an error
    }
    assert judge(stats, [], Rules()) == Verdict(Exit.OK, [])
    stats["newsbot/errors/http_404"] = 127
    assert judge(stats, [], Rules()).problems == ["error rate 39% above 20%"]


def test_retried_attempts_count_in_the_error_rate() -> None:
    # 28 pages lost after 4 attempts each: every request failed.
    stats = {
        "finish_reason": "finished",
        "downloader/request_count": 112,
        "newsbot/errors/dns": 28,
        "newsbot/retries/network": 84,
    }
    verdict = judge(stats, [], Rules())
    assert verdict.code is Exit.SPIDER_ERROR
    assert verdict.problems == ["error rate 100% above 20%"]


def test_an_unreachable_site_has_its_own_code_and_names_the_host() -> None:
    stats = {
        "finish_reason": "unreachable",
        "log_count/ERROR": 2,
        "downloader/request_count": 8,
        "newsbot/errors/dns": 4,
        "newsbot/retries/network": 4,
        "newsbot/unreachable/host": "arabic.rt.com",
        "newsbot/unreachable/reason": "dns",
    }
    verdict = judge(stats, [{"newsbot/articles/new": 30}], Rules())
    assert verdict.code is Exit.UNREACHABLE
    assert verdict.problems == ["cannot resolve arabic.rt.com", "error rate 100% above 20%"]
    run = SiteRun("rt_arabic", stats=stats, verdict=verdict)
    assert summary_line(run.summary()).startswith(
        "rt_arabic: unreachable (cannot resolve arabic.rt.com; error rate 100% above 20%) |"
    )


def test_no_new_article_is_healthy_when_the_site_still_lists_known_ones() -> None:
    history = [{"newsbot/articles/new": 20}]
    unchanged = {"finish_reason": "finished", "newsbot/discovery/feed/article_links": 30}
    assert judge(unchanged, history, Rules()).code is Exit.OK
    emptied = {"finish_reason": "finished", "newsbot/discovery/feed/not_article": 3}
    assert judge(emptied, history, Rules()).problems == ["no new article; the last run stored 20"]
