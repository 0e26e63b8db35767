"""Stops a crawl within seconds when its site cannot be reached at all (no DNS, nothing listening).

Without it, a crawl with no network retried every request with backoff and ran for over a minute
before ending as an ordinary spider error. Here, once the first ``NEWSBOT_UNREACHABLE_AFTER``
attempts to a host all failed to resolve or to connect, and no response has come from anywhere,
the spider is closed with the finish reason ``unreachable``; ``newsbot crawl`` turns that into
its own exit code and a problem line naming the host (``newsbot.commands.health``).

It sits above the retry middleware (a higher number), so it sees every failed attempt before
the attempt is retried.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.error import ConnectError

from newsbot.commands.health import UNREACHABLE_FINISH, UNREACHABLE_HOST, UNREACHABLE_REASON
from newsbot.extensions.failure_names import failure_detail, failure_reason

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

#: Failures that happen before a connection exists: the host does not resolve, refuses, is not
#: routable (Twisted's ConnectError covers the DNS, refusal, no-route and connect-timeout cases).
_CONNECT_FAILURES = (CannotResolveHostError, DownloadConnectionRefusedError, ConnectError)


def is_connect_failure(exc: BaseException) -> bool:
    """Whether ``exc`` means no connection could be made at all.

    >>> is_connect_failure(CannotResolveHostError("x.invalid")), is_connect_failure(TimeoutError())
    (True, False)
    """
    return isinstance(exc, _CONNECT_FAILURES)


class UnreachableSite:
    def __init__(self, crawler: Crawler, after: int) -> None:
        self.crawler = crawler
        self.after = after
        self.answered = False
        #: Failed connection attempts per host, while the host may still be unreachable.
        self.failures: dict[str, int] = {}
        #: Hosts whose attempts failed some other way (a timeout): not known to be unreachable.
        self.inconclusive: set[str] = set()
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        after = crawler.settings.getint("NEWSBOT_UNREACHABLE_AFTER")
        if after <= 0:
            raise NotConfigured("NEWSBOT_UNREACHABLE_AFTER is 0")
        return cls(crawler, after)

    def process_response(self, request: Request, response: Response) -> Response:
        self.answered = True
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if self.closing:
            # The verdict is in: losing the page now beats waiting out its retries.
            if is_connect_failure(exception):
                request.meta["dont_retry"] = True
            return
        if self.answered:
            return
        host = urlparse_cached(request).hostname or ""
        if not is_connect_failure(exception):
            self.inconclusive.add(host)
            return
        if host in self.inconclusive:
            return
        self.failures[host] = self.failures.get(host, 0) + 1
        if self.failures[host] >= self.after:
            self._close(request, host, exception)

    def _close(self, request: Request, host: str, exception: Exception) -> None:
        self.closing = True
        request.meta["dont_retry"] = True
        reason = failure_reason(exception)
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value(UNREACHABLE_HOST, host)
        stats.set_value(UNREACHABLE_REASON, reason)
        logger.error(
            "Stopping the crawl: %s cannot be reached: its first %d attempts all failed (%s) and "
            "nothing has answered: %s",
            host,
            self.failures[host],
            reason,
            failure_detail(exception),
        )
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            # The requests already queued for download still go out, one per DOWNLOAD_DELAY, before
            # the spider can close: they fail at once, so the politeness delay only costs time.
            for slot in engine.downloader.slots.values():
                slot.delay = 0
            deferred_from_coro(engine.close_spider_async(reason=UNREACHABLE_FINISH))
