"""scrapy-redis's scheduler, speaking current Scrapy: stats without the ``spider`` argument and the
spider's logger instead of ``Spider.log()`` (scrapy-redis 0.9.1 uses both, which Scrapy 2.19
deprecates with a warning on every request)."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler


class RedisScheduler(Scheduler):  # type: ignore[misc]
    def open(self, spider: Any) -> None:
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server,
            spider=spider,
            key=self.queue_key % {"spider": spider.name},
            serializer=self.serializer,
        )
        if not self.df:  # type: ignore[has-type]
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        if self.flush_on_start:
            self.flush()
        if len(self.queue):
            spider.logger.info("Joining a shared frontier with %d requests queued", len(self.queue))

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        request: Request | None = self.queue.pop(self.idle_before_close)
        if request is not None and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request
