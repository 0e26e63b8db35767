"""Stops the crawl at the first failed write to the database or an output file (a full disk, a
file grown past its size limit, a read-only or broken database), wherever the write was: a
pipeline, the crawl state written by the spider, the near-duplicate index.

Without it a full disk costs every later article one by one, each with a traceback, and the run
still ends as "finished". With it the run ends with the finish reason ``storage_error`` after one
clear log line; what was stored before stays whole (every write is one transaction, and a JSONL
line is one ``write``), and the next run completes the JSONL file from the database.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.utils.defer import deferred_from_coro

from newsbot.store.base import StoreError

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

STOP_REASON = "storage_error"
#: ``OSError`` numbers that mean the output cannot grow or cannot be written at all.
STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EROFS, errno.EIO})


def is_storage_failure(exc: BaseException | None) -> bool:
    """Whether ``exc`` is a failure to write newsbot's outputs rather than a fault of a page.

    >>> is_storage_failure(OSError(errno.ENOSPC, "No space left on device"))
    True
    >>> is_storage_failure(OSError(errno.ECONNRESET, "reset"))
    False
    """
    if isinstance(exc, sqlite3.Error | StoreError):
        return True
    return isinstance(exc, OSError) and exc.errno in STORAGE_ERRNOS


def stop_for_storage(crawler: Crawler, exc: BaseException) -> None:
    """Count the failure; the first one is logged and closes the spider as ``storage_error``."""
    assert crawler.stats is not None
    first = not crawler.stats.get_value("newsbot/errors/storage")
    crawler.stats.inc_value("newsbot/errors/storage")
    if not first:
        logger.debug("Storage still failing: %s", exc)
        return
    detail = " ".join(str(exc).split()) or type(exc).__name__
    logger.error("Stopping the crawl: cannot write to storage: %s", detail)
    if crawler.engine is not None and crawler.engine.spider is not None:
        deferred_from_coro(crawler.engine.close_spider_async(reason=STOP_REASON))


class StorageGuard:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        guard = cls(crawler)
        crawler.signals.connect(guard.item_error, signal=signals.item_error)
        crawler.signals.connect(guard.spider_error, signal=signals.spider_error)
        return guard

    def item_error(self, item: Any, response: Any, spider: Any, failure: Failure) -> None:
        if is_storage_failure(failure.value):
            stop_for_storage(self.crawler, failure.value)  # type: ignore[arg-type]

    def spider_error(self, failure: Failure, response: Any, spider: Any) -> None:
        if is_storage_failure(failure.value):
            stop_for_storage(self.crawler, failure.value)  # type: ignore[arg-type]
