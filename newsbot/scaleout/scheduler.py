"""scrapy-redis's scheduler, counting its stats the way current Scrapy asks (no ``spider`` argument:
scrapy-redis 0.9.1 passes one, which Scrapy 2.19 deprecates with a warning on every request)."""

from __future__ import annotations

from scrapy import Request
from scrapy_redis.scheduler import Scheduler


class RedisScheduler(Scheduler):  # type: ignore[misc]
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
