"""The extraction pool: article page code in worker processes, one pool per process.

Every crawler of the process (``newsbot crawl --all`` runs one per site) shares the same pool, so ten
sites on two cores still get one worker, not ten. With no worker (``NEWSBOT_EXTRACT_WORKERS=0``, one
core, or a worker that died) page code runs on the crawl thread.

A worker costs about 0.8 s of CPU before its first answer (its imports), what the crawl thread
spends extracting some 250 article pages. So it starts only when the crawl has about that much work
(``NEWSBOT_EXTRACT_WORKERS_FROM`` article pages scheduled or extracted), and until it has answered a
first call the crawl thread extracts the pages that arrive instead of waiting for it: an hourly run
of twenty new articles never starts one.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from scrapy import signals

from newsbot.extensions.processpool import ProcessPool, WorkerDied
from newsbot.pages.base import NotAnArticle
from newsbot.pages.worker import Extracted, PickledProfile, extract, extract_page, ready

if TYPE_CHECKING:
    import asyncio
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

    processes: ClassVar[ProcessPool | None] = None
    users: ClassVar[int] = 0

    @classmethod
    def acquire(cls, workers: int) -> ProcessPool:
        if cls.processes is None:
            cls.processes = ProcessPool(workers)
        cls.users += 1
        return cls.processes

    @classmethod
    def release(cls) -> None:
        cls.users -= 1
        if cls.users <= 0 and cls.processes is not None:
            cls.processes.shutdown()
            cls.processes = None
            cls.users = 0

    @classmethod
    def discard(cls, broken: ProcessPool) -> None:
        if cls.processes is broken:
            broken.shutdown()
            cls.processes = None


class ExtractionPool:
    """Runs article page code; ``await pool.extract(...)`` from any spider of the crawler.

    ``start_at``: the worker starts once ``scheduled()`` (article pages the crawl has scheduled) plus
    the pages extracted on the crawl thread reach it; 0 starts it when the spider opens.
    """

    def __init__(
        self,
        workers: int,
        count: Callable[[str], None] | None = None,
        *,
        start_at: int = 0,
        scheduled: Callable[[], int] | None = None,
    ) -> None:
        self.workers = workers
        self.processes: ProcessPool | None = None
        self._count = count or _not_counted
        self.start_at = start_at
        self._scheduled = scheduled
        self._on_crawl_thread = 0
        #: The worker's first call; pages go to the worker once it is answered.
        self._warm_up: asyncio.Future[bool] | None = None
        #: A worker died: page code stays on the crawl thread for the rest of the crawl.
        self._lost = False
        #: Set by the store pipeline: items come back as ``KeyedArticle`` (search key, signature).
        self.want_keys = False
        #: The last profile sent to the worker, pickled.
        self._pickled: PickledProfile | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        stats = crawler.stats
        pool = cls(
            extract_workers(crawler.settings.get("NEWSBOT_EXTRACT_WORKERS")),
            lambda key: stats.inc_value(f"newsbot/{key}"),
            start_at=crawler.settings.getint("NEWSBOT_EXTRACT_WORKERS_FROM"),
            scheduled=lambda: int(stats.get_value("newsbot/requests/article", 0)),
        )
        crawler.signals.connect(pool.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(pool.spider_closed, signal=signals.spider_closed)
        return pool

    def spider_opened(self, spider: Spider) -> None:
        if self.workers and self.start_at <= 0:
            self.processes = _SharedPool.acquire(self.workers)

    def spider_closed(self, spider: Spider) -> None:
        if self.processes is not None:
            self.processes = None
            _SharedPool.release()

    def _ready_workers(self) -> ProcessPool | None:
        """The pool when it takes pages now; starts it, or sends its first call, when due."""
        processes = self.processes
        if processes is None:
            if not self.workers or self._lost:
                return None
            scheduled = self._scheduled() if self._scheduled is not None else 0
            if self._on_crawl_thread + scheduled < self.start_at:
                return None
            processes = self.processes = _SharedPool.acquire(self.workers)
            self._count("extract/worker_started")
        if self._warm_up is None:
            try:
                self._warm_up = processes.submit(ready)
            except WorkerDied:
                self._lose(processes)
                return None
            # Read even when nobody looks again (the crawl ended first), so asyncio does not log it.
            self._warm_up.add_done_callback(_read_outcome)
            return None
        if not self._warm_up.done():
            return None
        if self._warm_up.exception() is not None:
            self._lose(processes)
            return None
        return processes

    def _lose(self, processes: ProcessPool) -> None:
        """Every page the worker held fails; the first one to notice lets the pool go."""
        if self.processes is not processes:
            return
        logger.warning("The extraction worker died; extracting on the crawl thread from now on")
        self._count("errors/extract_worker")
        self.processes = None
        self._lost = True
        _SharedPool.discard(processes)
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
        processes = self._ready_workers()
        if processes is not None:
            try:
                result: Extracted | str = await processes.submit(
                    extract_page,
                    self._pickle(profile),
                    url,
                    body,
                    dict(headers),
                    scraped_at.isoformat(),
                    want_links,
                    want_keys,
                )
            except WorkerDied:
                self._lose(processes)
            else:
                self._count("extract/in_worker")
                if isinstance(result, str):
                    raise NotAnArticle(result)
                return result
        self._on_crawl_thread += 1
        self._count("extract/on_crawl_thread")
        return extract(profile, url, body, headers, scraped_at, want_links, want_keys)

    def _pickle(self, profile: SiteProfile) -> PickledProfile:
        pickled = self._pickled
        if pickled is None or pickled.profile is not profile:
            pickled = self._pickled = PickledProfile(profile)
        return pickled


def _not_counted(key: str) -> None:
    pass


def _read_outcome(future: asyncio.Future[bool]) -> None:
    if not future.cancelled():
        future.exception()


def extraction_pool(crawler: Crawler) -> ExtractionPool:
    """The crawler's extraction pool, or page code on the crawl thread when the extension is off."""
    for extension in crawler.extensions.middlewares:
        if isinstance(extension, ExtractionPool):
            return extension
    return ExtractionPool(0)
