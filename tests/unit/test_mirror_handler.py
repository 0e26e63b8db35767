"""NEWSBOT_MIRROR wraps whichever download handler really fetches (scrapy-playwright's included):
the wrapped handler is asked for the mirror's URL, and the response comes back under the real one."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import pytest
from scrapy import Request
from scrapy.exceptions import DownloadTimeoutError
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from newsbot.downloadhandlers.mirror import MirrorDownloadHandler


class RecordingHandler:
    """Stands in for any download handler: answers every request, remembers what it was asked."""

    asked: ClassVar[list[str]] = []
    built: ClassVar[int] = 0
    closed: ClassVar[int] = 0

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        RecordingHandler.built += 1

    @classmethod
    def from_crawler(cls, crawler: Any) -> RecordingHandler:
        return cls(crawler)

    async def download_request(self, request: Request) -> Response:
        RecordingHandler.asked.append(request.url)
        if request.url.endswith("/never"):
            # A Playwright call whose answer died with the browser.
            await asyncio.Event().wait()
        headers = {"Location": "/world/1700002-x"} if request.url.endswith("/moved") else {}
        status = 301 if headers else 200
        # A browser follows redirects itself and answers with the page it landed on.
        landed = request.url.replace("/followed", "/world/1700003-x")
        return HtmlResponse(landed, status=status, headers=headers, body=b"<html></html>", request=request)

    async def close(self) -> None:
        RecordingHandler.closed += 1


def handler(mirror: str, **settings: Any) -> MirrorDownloadHandler:
    crawler = get_crawler(
        settings_dict={
            "NEWSBOT_MIRROR": mirror,
            "NEWSBOT_DOWNLOAD_HANDLER": f"{__name__}.RecordingHandler",
            **settings,
        }
    )
    return MirrorDownloadHandler(crawler)


def test_site_hosts_are_fetched_from_the_mirror_through_the_wrapped_handler() -> None:
    RecordingHandler.asked = []
    wrapper = handler("http://127.0.0.1:8123")
    real = "https://arabic.rt.com/world/1700001-x?page=2"
    response = asyncio.run(wrapper.download_request(Request(real)))
    assert RecordingHandler.asked == ["http://127.0.0.1:8123/world/1700001-x?page=2"]
    assert response.url == real


def test_redirects_to_the_mirror_are_rewritten_to_the_real_host() -> None:
    wrapper = handler("http://127.0.0.1:8123")
    response = asyncio.run(wrapper.download_request(Request("https://arabic.rt.com/moved")))
    assert response.headers["Location"] == b"https://arabic.rt.com/world/1700002-x"


def test_other_hosts_and_no_mirror_go_straight_to_the_wrapped_handler() -> None:
    RecordingHandler.asked = []
    asyncio.run(handler("http://127.0.0.1:8123").download_request(Request("https://elsewhere.example/a")))
    asyncio.run(handler("").download_request(Request("https://arabic.rt.com/world/1700001-x")))
    assert RecordingHandler.asked == ["https://elsewhere.example/a", "https://arabic.rt.com/world/1700001-x"]


def test_a_redirect_the_wrapped_handler_followed_lands_on_the_real_host() -> None:
    wrapper = handler("http://127.0.0.1:8123")
    response = asyncio.run(wrapper.download_request(Request("https://arabic.rt.com/followed?x=1")))
    assert response.url == "https://arabic.rt.com/world/1700003-x?x=1"


def test_the_schemes_of_one_crawler_share_one_wrapped_handler_closed_once_after_the_last() -> None:
    """Scrapy builds a handler per scheme; scrapy-playwright built twice would start two drivers."""
    RecordingHandler.built = RecordingHandler.closed = 0
    http = handler("http://127.0.0.1:8123")
    https = MirrorDownloadHandler(http.crawler)
    other_crawler = handler("http://127.0.0.1:8123")
    assert https.inner is http.inner and other_crawler.inner is not http.inner
    assert RecordingHandler.built == 2
    asyncio.run(http.close())
    assert RecordingHandler.closed == 0
    asyncio.run(https.close())
    assert RecordingHandler.closed == 1


def test_a_rendered_download_that_never_answers_fails_at_the_deadline_and_is_retryable() -> None:
    wrapper = handler("", NEWSBOT_RENDER_DEADLINE=0.2)
    with pytest.raises(DownloadTimeoutError, match="took over"):
        asyncio.run(
            wrapper.download_request(Request("https://arabic.rt.com/never", meta={"playwright": True}))
        )
    assert wrapper.crawler.stats.get_value("newsbot/render/deadline_exceeded") == 1
    assert "scrapy.exceptions.DownloadTimeoutError" in wrapper.crawler.settings.getlist("RETRY_EXCEPTIONS")


def test_the_deadline_defaults_to_four_navigation_timeouts() -> None:
    assert handler("", NEWSBOT_RENDER_TIMEOUT=5).deadline == 20
    assert handler("", NEWSBOT_RENDER_TIMEOUT=5, NEWSBOT_RENDER_DEADLINE=7).deadline == 7
