"""Settles a popped request once it is done: its callback's output consumed and every item it
yielded through the pipelines (stored), or its failure reported. Until then the request stays in
its worker's in-flight hash, from where another worker requeues it if this one dies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured

from newsbot.extensions.signals import page_failed
from newsbot.scaleout.shared import TOKEN, SharedFrontier, shared_frontier

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Response


class InFlightAcks:
    def __init__(self, shared: SharedFrontier) -> None:
        self.shared = shared
        #: token -> items its callback yielded that have not come out of the pipelines yet.
        self.items: dict[str, int] = {}
        #: tokens whose callback output is exhausted.
        self.finished: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        shared = shared_frontier(crawler)
        if shared is None:
            raise NotConfigured("NEWSBOT_REDIS_URL is empty")
        acks = cls(shared)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(acks.item_done, signal=signal)
        crawler.signals.connect(acks.request_failed, signal=page_failed)
        return acks

    @staticmethod
    def token(response: Response | None) -> str | None:
        request = getattr(response, "request", None)
        return request.meta.get(TOKEN) if request is not None else None

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        token = self.token(response)
        if token is not None:
            self.items.setdefault(token, 0)
        async for output in result:
            if token is not None and not isinstance(output, Request):
                self.items[token] += 1
            yield output
        if token is not None:
            self.finished.add(token)
            self._settle(token)

    def process_spider_exception(self, response: Response, exception: BaseException) -> None:
        token = self.token(response)
        if token is not None:
            self.items.pop(token, None)
            self.finished.discard(token)
            self.shared.done(token)

    def item_done(self, response: Response | None = None, **_: Any) -> None:
        token = self.token(response)
        if token is not None and token in self.items:
            self.items[token] -= 1
            self._settle(token)

    def request_failed(self, request: Request, **_: Any) -> None:
        self.shared.done(request.meta.get(TOKEN))

    def _settle(self, token: str) -> None:
        if token in self.finished and self.items.get(token, 0) <= 0:
            self.finished.discard(token)
            self.items.pop(token, None)
            self.shared.done(token)
