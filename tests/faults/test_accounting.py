"""The failure extension and the unreachable-site middleware, on their own (no crawl)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from scrapy import signals
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, DownloadTimeoutError
from scrapy.http import Request, Response
from scrapy.signalmanager import SignalManager

from newsbot.downloadermiddlewares.unreachable import UnreachableSite
from newsbot.extensions.failures import FailureAccounting
from newsbot.extensions.signals import page_failed


class Stats:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def inc_value(self, key: str, count: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + count

    def set_value(self, key: str, value: Any) -> None:
        self.values[key] = value


class Crawler:
    """What the two components use of a crawler; no engine, so nothing is really closed."""

    def __init__(self) -> None:
        self.stats = Stats()
        self.signals = SignalManager(self)  # sent by this crawler only, as in Scrapy
        self.engine = None
        #: Components built for this crawler: signals hold their receivers weakly, as in Scrapy.
        self.components: list[object] = []


def request(url: str, kind: str, **meta: Any) -> Request:
    return Request(url, meta={"newsbot_kind": kind, **meta})


@pytest.fixture
def crawler() -> Crawler:
    crawler = Crawler()
    crawler.components.append(FailureAccounting.from_crawler(crawler))  # type: ignore[arg-type]
    return crawler


def test_lost_pages_are_errors_and_dead_links_and_gone_entry_points_are_not(
    crawler: Crawler, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="newsbot.extensions.failures")
    send = crawler.signals.send_catch_log
    send(page_failed, request=request("https://x/a1", "article"), reason="http_404", detail="HTTP 404")
    send(page_failed, request=request("https://x/a2", "article"), reason="http_410", detail="HTTP 410")
    send(page_failed, request=request("https://x/rss/", "feed"), reason="http_404", detail="HTTP 404")
    send(page_failed, request=request("https://x/a3", "article", retry_times=3), reason="timeout", detail="t")
    assert crawler.stats.values == {
        "newsbot/dead_links/http_404": 1,
        "newsbot/dead_links/http_410": 1,
        "newsbot/dead_links/total": 2,
        "newsbot/missing_entry_points/http_404": 1,
        "newsbot/missing_entry_points/total": 1,
        "newsbot/errors/timeout": 1,
    }
    lines = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert lines == [
        ("INFO", "article https://x/a1 is a dead link (http_404, 1 attempt): HTTP 404"),
        ("INFO", "article https://x/a2 is a dead link (http_410, 1 attempt): HTTP 410"),
        (
            "WARNING",
            "feed https://x/rss/ is gone (http_404): the site profile names a page the site does not serve;"
            " HTTP 404",
        ),
        ("WARNING", "article https://x/a3 failed (timeout, 4 attempts): t"),
    ]


def test_a_redirect_back_into_its_chain_is_a_lost_page(crawler: Crawler) -> None:
    heard: list[str] = []
    crawler.signals.connect(lambda reason, **_: heard.append(reason), signal=page_failed, weak=False)
    looped = request("https://x/a", "article", redirect_urls=["https://x/a", "https://x/b"])
    seen = request("https://x/c", "article", redirect_urls=["https://x/d"])
    crawler.signals.send_catch_log(signals.request_dropped, request=looped, spider=None)
    crawler.signals.send_catch_log(signals.request_dropped, request=seen, spider=None)
    assert heard == ["redirect_loop"]
    assert crawler.stats.values["newsbot/errors/redirect_loop"] == 1
    assert crawler.stats.values["newsbot/discovery/redirect_to_seen"] == 1


def unreachable(after: int = 3) -> tuple[UnreachableSite, Crawler]:
    crawler = Crawler()
    return UnreachableSite(crawler, after), crawler  # type: ignore[arg-type]


def test_the_site_is_unreachable_after_n_failed_connections() -> None:
    middleware, crawler = unreachable()
    attempts = [request(f"https://arabic.rt.com/{n}", "feed") for n in range(3)]
    for attempt in attempts:
        middleware.process_exception(attempt, CannotResolveHostError("no such host"))
    assert middleware.closing
    assert crawler.stats.values == {
        "newsbot/unreachable/host": "arabic.rt.com",
        "newsbot/unreachable/reason": "dns",
    }
    # The attempt that settled it and any later connection failure are not retried.
    assert attempts[-1].meta["dont_retry"] and not attempts[0].meta.get("dont_retry")
    late = request("https://arabic.rt.com/late", "feed")
    middleware.process_exception(late, DownloadConnectionRefusedError("refused"))
    assert late.meta["dont_retry"]


def test_one_answer_or_one_timeout_means_not_unreachable() -> None:
    answered, _ = unreachable()
    first = request("https://arabic.rt.com/robots.txt", "robots")
    answered.process_response(first, Response(first.url, status=404, request=first))
    timed_out, _ = unreachable()
    timed_out.process_exception(request("https://arabic.rt.com/0", "feed"), DownloadTimeoutError("slow"))
    for middleware in (answered, timed_out):
        for n in range(5):
            middleware.process_exception(
                request(f"https://arabic.rt.com/{n}", "feed"), CannotResolveHostError()
            )
        assert not middleware.closing
