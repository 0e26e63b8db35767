"""Keeps a worker in the shared crawl until the crawl, not just its own share, is over.

Every second it writes the worker's heartbeat (busy or idle) and keeps the crawl's ``seeded`` key
alive; every few seconds, and whenever the worker is idle, it requeues the in-flight requests of
workers whose heartbeat expired. An idle worker stays (``DontCloseSpider``) while the queue has
requests, another live worker is busy (it may still discover links) or a dead worker's requests
wait to be requeued. A worker that stops before the crawl finished (SIGTERM, a CloseSpider) hands
its own in-flight requests back to the queue; the last worker of a finished crawl removes its keys.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured

from newsbot.scaleout.shared import SharedFrontier, shared_frontier

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from twisted.internet.task import LoopingCall

logger = logging.getLogger(__name__)

#: Seconds between heartbeats; requeueing is checked every ``REAP_EVERY`` beats.
BEAT = 1.0
REAP_EVERY = 3


class SharedCrawl:
    def __init__(self, crawler: Crawler, shared: SharedFrontier) -> None:
        self.crawler = crawler
        self.shared = shared
        self.loop: LoopingCall | None = None
        self.beats = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        shared = shared_frontier(crawler)
        if shared is None:
            raise NotConfigured("NEWSBOT_REDIS_URL is empty")
        extension = cls(crawler, shared)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def _count(self, key: str, value: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newsbot/redis/{key}", value)

    def busy(self) -> bool:
        engine = self.crawler.engine
        try:
            return engine is not None and not engine.spider_is_idle()
        except RuntimeError:  # the engine has no slot: not crawling
            return False

    def spider_opened(self) -> None:
        from twisted.internet import task

        self.shared.beat(busy=True)
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(BEAT, now=False)

    def tick(self) -> None:
        self.beats += 1
        try:
            self.shared.beat(self.busy())
            if self.beats % REAP_EVERY == 0:
                self.requeue_orphans()
        except Exception as exc:  # a Redis hiccup must not kill the loop; the next tick retries
            logger.warning("Shared frontier heartbeat failed: %s", exc)

    def _queue(self) -> Any:
        engine = self.crawler.engine
        assert engine is not None and engine._slot is not None
        return engine._slot.scheduler.queue  # type: ignore[attr-defined]

    def requeue_orphans(self) -> int:
        moved = 0
        for worker in self.shared.orphans():
            requests = self.shared.take_over(worker)
            for encoded in requests:
                self._queue().requeue(encoded)
            if requests:
                logger.warning(
                    "Worker %s is gone: %d of its requests back in the queue", worker, len(requests)
                )
                self._count("requeued", len(requests))
            moved += len(requests)
        return moved

    def spider_idle(self) -> None:
        self.shared.beat(busy=False)
        if self.requeue_orphans() or self.shared.queued():
            raise DontCloseSpider
        if "busy" in self.shared.others().values():
            self._count("waited_for_others")
            raise DontCloseSpider

    def spider_closed(self, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if reason != "finished":
            # Stopping early: what this worker popped and did not finish goes back to the others.
            for encoded in self.shared.own_inflight():
                self._queue().requeue(encoded)
                self._count("handed_back")
        self.shared.leave(last_cleans=reason == "finished")
