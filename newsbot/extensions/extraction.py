"""The extraction pool: article page code in worker processes, one pool per process.

Every crawler of the process (``newsbot crawl --all`` runs one per site) shares the same pool, so ten
sites on two cores still get one worker, not ten. With no worker (``NEWSBOT_EXTRACT_WORKERS=0``, one
core, or a worker that died) page code runs on the crawl thread.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from scrapy import signals

from newsbot.extensions.pipepool import PipePool, WorkerDied
from newsbot.pages.base import NotAnArticle
from newsbot.pages.worker import Extracted, extract, extract_page, watch_parent

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

    from newsbot.profile import SiteProfile

logger = logging.getLogger(__name__)


def extract_workers(setting: object) -> int:
    """Worker processes for page code: ``auto`` is one when the machine has a second core.

    >>> extract_workers("0"), extract_workers(2)
    (0, 2)
    """
    if setting in (None, "", "auto"):
        return 1 if (os.cpu_count() or 1) >= 2 else 0
    return max(0, int(str(setting)))


class _SharedPool:
    """The process's one pool, started by its first user and shut down after its last."""

    pool: ClassVar[PipePool | None] = None
    users: ClassVar[int] = 0

    @classmethod
    def acquire(cls, workers: int) -> PipePool:
        if cls.pool is None:
            cls.pool = PipePool(workers, extract_page, partial(watch_parent, os.getpid()))
        cls.users += 1
        return cls.pool

    @classmethod
    def release(cls) -> None:
        cls.users -= 1
        if cls.users <= 0 and cls.pool is not None:
            cls.pool.shutdown()
            cls.pool = None
            cls.users = 0


class ExtractionPool:
    """Runs article page code; ``await pool.extract(...)`` from any spider of the crawler."""

    def __init__(self, workers: int, count: Callable[[str], None] | None = None) -> None:
        self.workers = workers
        self.pool: PipePool | None = None
        self._count = count
        #: Set by the store pipeline: items come back as ``KeyedArticle`` (search key, signature).
        self.want_keys = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        stats = crawler.stats
        pool = cls(
            extract_workers(crawler.settings.get("NEWSBOT_EXTRACT_WORKERS")),
            lambda key: stats.inc_value(f"newsbot/{key}"),
        )
        crawler.signals.connect(pool.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(pool.spider_closed, signal=signals.spider_closed)
        return pool

    def spider_opened(self, spider: Spider) -> None:
        if self.workers:
            self.pool = _SharedPool.acquire(self.workers)

    def spider_closed(self, spider: Spider) -> None:
        if self.pool is not None:
            self.pool = None
            _SharedPool.release()

    async def extract(
        self,
        profile: SiteProfile,
        url: str,
        body: bytes,
        headers: Mapping[str, str],
        scraped_at: datetime,
        want_links: bool,
    ) -> Extracted:
        """The page's item, article links and notes; raises NotAnArticle for any other page. When a
        store asked for them (:attr:`want_keys`), the item carries its search key and signature."""
        want_keys = self.want_keys
        pool = self.pool
        if pool is not None:
            try:
                when = scraped_at.isoformat()
                result = await pool.run(profile, url, body, dict(headers), when, want_links, want_keys)
            except WorkerDied:
                # This page is extracted here; later ones too once no worker is left.
                if self._count is not None:
                    self._count("errors/extract_worker")
                if not pool.alive:
                    logger.warning("No extraction worker is left; extracting on the crawl thread from now on")
                    self.pool = None
                    _SharedPool.release()
            else:
                if isinstance(result, str):
                    raise NotAnArticle(result)
                assert isinstance(result, Extracted)
                return result
        return extract(profile, url, body, headers, scraped_at, want_links, want_keys)


def extraction_pool(crawler: Crawler) -> ExtractionPool:
    """The crawler's extraction pool, or page code on the crawl thread when the extension is off."""
    for extension in crawler.extensions.middlewares:
        if isinstance(extension, ExtractionPool):
            return extension
    return ExtractionPool(0)
