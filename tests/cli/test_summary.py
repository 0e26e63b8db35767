"""The summary line and the terminal progress line of `newsbot crawl`."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from newsbot.commands.crawl import Progress, SiteRun, summary_line
from newsbot.health import Exit, Rules, judge


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
        "newsbot/coverage/items": 13,
        "newsbot/coverage/headline": 13,
        "newsbot/coverage/article_body": 13,
        "newsbot/coverage/date_published": 12,
    }
    run.verdict = judge(run.stats, [], Rules())
    assert summary_line(run.summary()) == (
        "rt_arabic: ok | new 12, updated 1, duplicates 3, requests 40, errors 3 | "
        "coverage headline 100% body 100% date 92% | 150.0 s"
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
