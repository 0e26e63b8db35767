"""scrapy-redis's priority queue, with every popped request noted as in flight with its worker.

A request popped from the shared queue lives only in one worker's memory until its callback has
run; if that worker dies, the copy under ``inflight:<worker>`` is what another worker puts back.
A request pushed again (a retry, a redirect, an alternate URL) carries the token of the request it
came from, which is then settled: the new request is safe in the queue.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy_redis.queue import PriorityQueue

from newsbot.scaleout.shared import TOKEN, shared_frontier


class InFlightPriorityQueue(PriorityQueue):  # type: ignore[misc]
    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.shared = shared_frontier(spider.crawler)

    def push(self, request: Request) -> None:
        token = request.meta.pop(TOKEN, None)
        super().push(request)
        if self.shared is not None:
            self.shared.done(token)

    def pop(self, timeout: int = 0) -> Request | None:
        pipe = self.server.pipeline()
        pipe.multi()
        pipe.zrange(self.key, 0, 0).zremrangebyrank(self.key, 0, 0)
        results, _ = pipe.execute()
        if not results:
            return None
        request: Request = self._decode_request(results[0])
        if self.shared is not None:
            request.meta[TOKEN] = self.shared.track(results[0])
        return request

    def requeue(self, encoded: bytes) -> None:
        """Put back a request another worker popped and never finished."""
        request: Request = self._decode_request(encoded)
        request.meta.pop(TOKEN, None)
        super().push(request)
