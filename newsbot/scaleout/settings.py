"""The Scrapy settings that put a crawl on the shared frontier when ``NEWSBOT_REDIS_URL`` is set."""

from __future__ import annotations

from typing import Any


def distributed_settings(settings: Any) -> dict[str, Any]:
    """scrapy-redis's scheduler (persistent: a worker leaving does not clear the queue) and
    duplicate filter under ``NEWSBOT_REDIS_PREFIX``, the in-flight queue, the worker extension and
    the acknowledging middleware; nothing without ``NEWSBOT_REDIS_URL``."""
    url = settings.get("NEWSBOT_REDIS_URL")
    if not url:
        return {}
    base = f"{settings.get('NEWSBOT_REDIS_PREFIX') or 'newsbot'}:%(spider)s"
    extensions = dict(settings.getdict("EXTENSIONS"))
    extensions["newsbot.scaleout.workers.SharedCrawl"] = 90
    middlewares = dict(settings.getdict("SPIDER_MIDDLEWARES"))
    # Outermost (lowest order is closest to the engine): sees the final output of the callback.
    middlewares["newsbot.scaleout.acks.InFlightAcks"] = 10
    return {
        "REDIS_URL": url,
        "SCHEDULER": "newsbot.scaleout.scheduler.RedisScheduler",
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_CLASS": "newsbot.scaleout.queue.InFlightPriorityQueue",
        "SCHEDULER_QUEUE_KEY": f"{base}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{base}:dupefilter",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "EXTENSIONS": extensions,
        "SPIDER_MIDDLEWARES": middlewares,
    }
