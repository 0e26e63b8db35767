"""The crawl's shared frontier in Redis, as one worker sees it: who seeds, who is alive, what is in flight.

scrapy-redis keeps the request queue (a sorted set) and the duplicate filter (a set of fingerprints)
under ``<prefix>:<spider>:``. This adds the keys many workers need around them (docs/scale-out.md):

- ``seeded``: the crawl's start time, set with SET NX by the first worker, which alone yields the
  entry points; kept alive by every worker's heartbeat, gone when the last worker finishes;
- ``worker:<id>``: each worker's heartbeat (``busy``/``idle``, expiring after ``ttl`` seconds);
- ``inflight:<id>``: the requests a worker popped and has not finished. When a worker's heartbeat
  expires (killed, frozen, lost its network), another worker moves these back into the queue.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import redis
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: Where the shared frontier hangs on the crawler.
ATTRIBUTE = "newsbot_shared_frontier"
#: Request meta key of the in-flight token a popped request carries.
TOKEN = "newsbot_inflight"


def _raw(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else value.encode()


def keys_prefix(prefix: str, spider: str) -> str:
    """
    >>> keys_prefix("newsbot", "rt_arabic")
    'newsbot:rt_arabic'
    """
    return f"{prefix}:{spider}"


class SharedFrontier:
    """One worker's handle on the shared keys of one spider's crawl."""

    def __init__(self, server: redis.Redis, prefix: str, spider: str, *, ttl: float = 10.0) -> None:
        self.server = server
        self.base = keys_prefix(prefix, spider)
        self.worker = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.ttl = ttl
        self.queue_key = f"{self.base}:requests"
        self.dupefilter_key = f"{self.base}:dupefilter"
        self.seeded_key = f"{self.base}:seeded"
        self.tokens_key = f"{self.base}:tokens"

    def heartbeat_key(self, worker: str) -> str:
        return f"{self.base}:worker:{worker}"

    def inflight_key(self, worker: str) -> str:
        return f"{self.base}:inflight:{worker}"

    # -- seeding --------------------------------------------------------------------------------

    def claim_seed(self) -> tuple[bool, str]:
        """``(True, start)`` for the one worker that starts a new crawl: it clears what a crawl
        left behind without finishing (the queue and fingerprints of workers that all died) and
        yields the entry points. ``(False, start)`` for the others, with the crawl's start time."""
        started = datetime.now(UTC).isoformat(timespec="seconds")
        if self.server.set(self.seeded_key, started, nx=True, ex=int(self.ttl * 6)):
            stale = [self.queue_key, self.dupefilter_key, *self.server.scan_iter(f"{self.base}:inflight:*")]
            self.server.delete(*stale)
            logger.info("Seeding the shared frontier %s (worker %s)", self.base, self.worker)
            return True, started
        value = self.server.get(self.seeded_key)
        found = value.decode() if isinstance(value, bytes) else str(value or started)
        logger.info("Joining the crawl %s started at %s (worker %s)", self.base, found, self.worker)
        return False, found

    # -- workers --------------------------------------------------------------------------------

    def beat(self, busy: bool) -> None:
        pipe = self.server.pipeline()
        pipe.set(self.heartbeat_key(self.worker), "busy" if busy else "idle", ex=int(self.ttl))
        pipe.expire(self.seeded_key, int(self.ttl * 6), xx=True)
        pipe.execute()

    def others(self) -> dict[str, str]:
        """Live workers other than this one, with their last state."""
        prefix = self.heartbeat_key("")
        found: dict[str, str] = {}
        for key in self.server.scan_iter(f"{prefix}*"):
            name = key.decode()[len(prefix) :]
            value = self.server.get(key)
            if name != self.worker and value is not None:
                found[name] = value.decode() if isinstance(value, bytes) else str(value)
        return found

    def queued(self) -> int:
        return int(self.server.zcard(self.queue_key))

    # -- requests in flight ---------------------------------------------------------------------

    def track(self, encoded: bytes) -> str:
        """Note a popped request as in flight with this worker; returns its token."""
        token = str(self.server.incr(self.tokens_key))
        pipe = self.server.pipeline()
        pipe.hset(self.inflight_key(self.worker), token, encoded)
        pipe.set(self.heartbeat_key(self.worker), "busy", ex=int(self.ttl))
        pipe.execute()
        return token

    def done(self, token: str | None) -> None:
        if token:
            self.server.hdel(self.inflight_key(self.worker), token)

    def orphans(self) -> list[str]:
        """Workers whose heartbeat expired with requests still in flight."""
        prefix = self.inflight_key("")
        dead = []
        for key in self.server.scan_iter(f"{prefix}*"):
            name = key.decode()[len(prefix) :]
            if name != self.worker and ":" not in name and not self.server.exists(self.heartbeat_key(name)):
                dead.append(name)
        return dead

    def take_over(self, worker: str) -> list[bytes]:
        """The in-flight requests of a dead worker, claimed by this one (RENAME is atomic, so
        two workers never both requeue them)."""
        claimed = f"{self.inflight_key(worker)}:claimed-by:{self.worker}"
        try:
            self.server.rename(self.inflight_key(worker), claimed)
        except Exception as exc:  # redis.ResponseError: another worker claimed them first
            if "no such key" in str(exc).lower():
                return []
            raise
        requests = [_raw(value) for value in self.server.hgetall(claimed).values()]
        self.server.delete(claimed)
        return requests

    def own_inflight(self) -> list[bytes]:
        requests = [_raw(value) for value in self.server.hgetall(self.inflight_key(self.worker)).values()]
        self.server.delete(self.inflight_key(self.worker))
        return requests

    def leave(self, *, last_cleans: bool) -> None:
        """This worker stops; the last one of a finished crawl removes the crawl's keys, so the
        next crawl seeds afresh."""
        self.server.delete(self.heartbeat_key(self.worker), self.inflight_key(self.worker))
        if last_cleans and not self.others() and not self.queued() and not self.orphans():
            self.server.delete(self.queue_key, self.dupefilter_key, self.seeded_key, self.tokens_key)
            logger.info("Last worker of %s: the crawl's shared keys are removed", self.base)


def shared_frontier(crawler: Crawler) -> SharedFrontier | None:
    """The crawler's shared frontier (``None`` without ``NEWSBOT_REDIS_URL``), made on first use."""
    shared: SharedFrontier | None = getattr(crawler, ATTRIBUTE, None)
    url = crawler.settings.get("NEWSBOT_REDIS_URL")
    if shared is None and url and crawler.spidercls is not None:
        import redis

        server: Any = redis.Redis.from_url(url)
        shared = SharedFrontier(
            server,
            crawler.settings.get("NEWSBOT_REDIS_PREFIX") or "newsbot",
            crawler.spidercls.name,
            ttl=crawler.settings.getfloat("NEWSBOT_REDIS_WORKER_TTL", 10.0),
        )
        setattr(crawler, ATTRIBUTE, shared)
    return shared
