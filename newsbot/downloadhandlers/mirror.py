"""Offline mirror mode: fetch every request for a site host from ``NEWSBOT_MIRROR`` instead.

It wraps whichever download handler really fetches (``NEWSBOT_DOWNLOAD_HANDLER``: Scrapy's HTTP/1.1
handler by default, scrapy-playwright's for rendered sites), below every middleware, so requests,
responses, items, stats and logs keep the real URLs and nothing else about the crawl changes: only
the bytes come from elsewhere. Redirects the mirror sends back to itself are rewritten to the real
host.

It also owns two things every wrapped handler needs:

- One wrapped handler per crawler. Scrapy builds a download handler per URL scheme; built twice,
  scrapy-playwright would start two Playwright drivers and, for a site with both schemes, two browsers.
- A deadline for rendered requests (``NEWSBOT_RENDER_DEADLINE``). Scrapy's ``DOWNLOAD_TIMEOUT`` does not
  reach into the browser, and a Playwright call caught by a browser crash can wait for an answer that
  never comes; past the deadline the download fails with ``DownloadTimeoutError`` and is retried, so one
  lost page cannot hold a crawl open for ever.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.exceptions import DownloadTimeoutError
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.defer import Deferred

from newsbot.profile import bare_host
from newsbot.sites import profiles

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


def site_hosts() -> frozenset[str]:
    """Every host of every registered site, bare and with ``www.``."""
    hosts: set[str] = set()
    for profile in profiles().values():
        for host in profile.all_hosts:
            bare = bare_host(host)
            hosts.update((bare, f"www.{bare}"))
    return frozenset(hosts)


class _Shared:
    """The wrapped handler of one crawler and how many scheme handlers still use it."""

    def __init__(self, handler: Any) -> None:
        self.handler = handler
        self.users = 0


_WRAPPED: weakref.WeakKeyDictionary[Crawler, _Shared] = weakref.WeakKeyDictionary()


def render_deadline(settings: Any) -> float:
    """Seconds a rendered download may take in all: ``NEWSBOT_RENDER_DEADLINE``, or by default four
    navigation timeouts (the page, then its actions: scrolling, "load more" clicks, waits)."""
    deadline = float(settings.getfloat("NEWSBOT_RENDER_DEADLINE"))
    return deadline if deadline > 0 else 4 * float(settings.getfloat("NEWSBOT_RENDER_TIMEOUT", 30.0))


class MirrorDownloadHandler(BaseDownloadHandler):
    lazy = False

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        shared = _WRAPPED.get(crawler)
        if shared is None:
            inner: Any = load_object(crawler.settings.get("NEWSBOT_DOWNLOAD_HANDLER"))
            shared = _WRAPPED[crawler] = _Shared(build_from_crawler(inner, crawler))
        shared.users += 1
        self._shared = shared
        self.inner = shared.handler
        self.deadline = render_deadline(crawler.settings)
        mirror = (crawler.settings.get("NEWSBOT_MIRROR") or "").rstrip("/")
        self.mirror = urlsplit(mirror) if mirror else None
        self._hosts: frozenset[str] | None = None
        if self.mirror is not None:
            logger.info("Mirror mode: site hosts are fetched from %s", mirror)

    @property
    def hosts(self) -> frozenset[str]:
        """Registered sites' hosts plus the running spider's allowed domains (the generic spider's
        sites are in no registry)."""
        if self._hosts is None:
            spider = self.crawler.spider
            allowed = getattr(spider, "allowed_domains", None) or ()
            extra = {bare_host(d) for d in allowed}
            self._hosts = site_hosts() | extra | {f"www.{d}" for d in extra}
        return self._hosts

    def _mirrored(self, url: str) -> str | None:
        if self.mirror is None:
            return None
        parts = urlsplit(url)
        if (parts.hostname or "").lower() not in self.hosts:
            return None
        return urlunsplit((self.mirror.scheme, self.mirror.netloc, parts.path, parts.query, ""))

    async def download_request(self, request: Request) -> Response:
        target = self._mirrored(request.url)
        if target is None:
            return await self._inner_download(request)
        response = await self._inner_download(request.replace(url=target))
        real = urlsplit(request.url)
        url = request.url
        landed = urlsplit(response.url)
        if self.mirror is not None and landed.netloc == self.mirror.netloc and response.url != target:
            # The handler followed a redirect itself (a browser does): the page's real URL is where
            # it landed, on the real host.
            url = urlunsplit((real.scheme, real.netloc, landed.path, landed.query, ""))
        location = response.headers.get("Location")
        if location is not None and self.mirror is not None:
            moved = urlsplit(location.decode("latin-1"))
            if moved.netloc in ("", self.mirror.netloc):
                rewritten = urlunsplit((real.scheme, real.netloc, moved.path, moved.query, moved.fragment))
                response.headers["Location"] = rewritten
        return response.replace(url=url, request=request)

    async def _inner_download(self, request: Request) -> Response:
        # Scrapy's own handlers are coroutines; older ones (scrapy-playwright) return a Deferred,
        # which is awaitable too.
        downloading = self.inner.download_request(request)
        if not request.meta.get("playwright"):
            response: Response = await downloading
            return response
        if isinstance(downloading, Deferred):
            # A Deferred cannot be awaited inside an asyncio task, which wait_for runs it in.
            downloading = maybe_deferred_to_future(downloading)
        try:
            response = await asyncio.wait_for(downloading, self.deadline)
        except TimeoutError:
            self.crawler.stats.inc_value("newsbot/render/deadline_exceeded")
            logger.warning(
                "Rendered download of %s took over %g s; given up, to be retried", request, self.deadline
            )
            raise DownloadTimeoutError(f"rendering {request.url} took over {self.deadline:g} s") from None
        return response

    async def close(self) -> None:
        self._shared.users -= 1
        if self._shared.users > 0:
            return
        closing = self.inner.close()
        if closing is not None and hasattr(closing, "__await__"):
            await closing
