"""Retries with exponential backoff, honouring ``Retry-After`` on 429 and 503 answers.

Scrapy's RetryMiddleware re-queues a failed request at once; a site that is overloaded or
rate-limiting us gets hit again immediately. Here the retry waits first, without blocking other
requests.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or an HTTP date).

    >>> retry_after_seconds(b"120"), retry_after_seconds(b"soon")
    (120.0, None)
    >>> retry_after_seconds(b"Sun, 29 Nov 2026 10:00:30 GMT", datetime(2026, 11, 29, 10, tzinfo=UTC))
    30.0
    """
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.base = crawler.settings.getfloat("NEWSBOT_RETRY_BACKOFF_BASE")
        self.cap = crawler.settings.getfloat("NEWSBOT_RETRY_BACKOFF_MAX")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def delay(self, retry: Request | Response, response: Response | None) -> float:
        attempt = max(1, int(retry.meta.get("retry_times", 1)))
        wait: float = self.base * 2 ** (attempt - 1)
        if response is not None:
            asked = retry_after_seconds(response.headers.get("Retry-After"))
            if asked is not None:
                wait = max(wait, asked)
        return min(wait, self.cap)

    async def _wait(self, seconds: float) -> None:
        if seconds > 0:
            await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        result = super().process_response(request, response)
        if result is not response:
            seconds = self.delay(result, response)
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newsbot/retries/http")
            await self._wait(seconds)
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if result is not None:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newsbot/retries/network")
            await self._wait(self.delay(result, None))
        return result
