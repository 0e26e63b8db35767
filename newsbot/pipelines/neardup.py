"""Links (or drops) republished and lightly edited copies of a stored story, across runs and sites.

``NEWSBOT_NEAR_DUPLICATES``: ``link`` (default) stores the copy with ``duplicate_of`` and the
original's ``story_id``; ``drop`` does not store it; ``off`` disables the check.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem, NotConfigured

from newsbot.extensions.storageguard import stop_for_storage
from newsbot.items import Article
from newsbot.neardup import NearDuplicateIndex, signature
from newsbot.storage import StoreUser

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


logger = logging.getLogger(__name__)

MODES = ("link", "drop", "off")
#: Signatures are written to SQLite this many at a time.
SAVE_BATCH = 200


class NearDuplicatePipeline(StoreUser):
    def __init__(
        self,
        stats: StatsCollector,
        database: str | None,
        *,
        mode: str = "link",
        window_days: float = 60,
        threshold: float = 0.5,
        confirm: float = 0.7,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"NEWSBOT_NEAR_DUPLICATES must be one of {', '.join(MODES)}, not {mode!r}")
        self.stats = stats
        self.database = database
        self.mode = mode
        self.window_days = window_days
        self.threshold = threshold
        self.confirm = confirm
        self.index = NearDuplicateIndex(threshold=threshold, confirm=confirm)
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        mode = (settings.get("NEWSBOT_NEAR_DUPLICATES") or "off").lower()
        if mode == "off":
            raise NotConfigured
        assert crawler.stats is not None
        pipeline = cls(
            crawler.stats,
            settings.get("NEWSBOT_SQLITE_PATH") or None,
            mode=mode,
            window_days=settings.getfloat("NEWSBOT_NEAR_DUPLICATE_WINDOW_DAYS"),
            threshold=settings.getfloat("NEWSBOT_NEAR_DUPLICATE_THRESHOLD"),
            confirm=settings.getfloat("NEWSBOT_NEAR_DUPLICATE_CONFIRM"),
        )
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self) -> None:
        super().open_spider()
        if self.store is None:
            return
        started = time.perf_counter()
        self.index = NearDuplicateIndex(
            self.store.db, self.store.lock, threshold=self.threshold, confirm=self.confirm
        )
        self.index.prune(window_days=self.window_days)
        missing = self.index.backfill(window_days=self.window_days)
        if missing:
            self.flush()
            self.stats.set_value("newsbot/near_duplicates/backfilled", missing)
        self.stats.set_value("newsbot/near_duplicates/index_size", len(self.index))
        self.stats.set_value(
            "newsbot/near_duplicates/index_open_seconds", round(time.perf_counter() - started, 3)
        )
        other = self.index.other_schemes()
        if other:
            logger.warning(
                "%d stored signatures were made with other MinHash parameters and are not compared", other
            )

    def process_item(self, item: Article) -> Article:
        assert item.id is not None
        if item.id in self.index or (
            self.store is not None and self.store.stored_version(item.id) is not None
        ):
            # A stored article fetched again for an update keeps its place in its story.
            if self.store is not None:
                item.story_id = self.store.story_of(item.id)
            return item
        sig = signature(item.article_body or "")
        if sig is None:
            self.stats.inc_value("newsbot/near_duplicates/too_short")
            item.story_id = item.id
            return item
        match = self.index.find(sig, exclude=item.id)
        if match is not None:
            self.stats.inc_value(f"newsbot/near_duplicates/{'linked' if self.mode == 'link' else 'dropped'}")
            logger.info("Near duplicate: %s repeats %s (Jaccard ~%.2f)", item.id, match.id, match.similarity)
            if self.mode == "drop":
                if self.store is not None and item.site and item.url:
                    self.store.state.mark_done(
                        item.site,
                        item.url,
                        "duplicate",
                        article_id=item.id,
                        reason=f"near duplicate of {match.id}",
                    )
                raise DropItem(f"near duplicate of {match.id}: {item.url}", log_level="DEBUG")
            item.duplicate_of = match.id
            item.story_id = match.story_id
        else:
            item.story_id = item.id
        self.index.add(item.id, sig, item.story_id, site=item.site or "", published=item.date_published)
        if len(self.index.pending) >= SAVE_BATCH:
            self.flush()
        return item

    def flush(self) -> None:
        """Save the signatures of the last articles. A run killed before this loses nothing: the
        next run computes signatures for stored articles that lack one."""
        try:
            self.index.flush()
        except sqlite3.Error as exc:
            if self.crawler is None:
                raise
            stop_for_storage(self.crawler, exc)

    def close_spider(self) -> None:
        self.flush()
        super().close_spider()
