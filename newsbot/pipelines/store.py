"""Stores each article with one store call, which also drops repeats: the same id unchanged, the
same canonical URL or text under another id, and (``NEWSBOT_NEAR_DUPLICATES``) near-duplicates.

``link`` (default) stores a lightly edited or republished copy of an indexed story with
``duplicate_of`` and the original's ``story_id``; ``drop`` does not store it; ``off`` disables
the check. ``NEWSBOT_DEDUPE_ENABLED = False`` stores repeats of a stored text too, linked to it.
Without ``NEWSBOT_SQLITE_PATH`` the store is in memory: repeats are still dropped within the run.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, cast

from scrapy.exceptions import DropItem

from newsbot.extensions.extraction import extraction_pool
from newsbot.extensions.storageguard import stop_for_storage
from newsbot.items import Article
from newsbot.pages.worker import KeyedArticle
from newsbot.store import StoreError, crawler_store
from newsbot.text.neardup import signature

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from newsbot.store import Outcome, Store
    from newsbot.store.base import NearMode

logger = logging.getLogger(__name__)

MODES = ("link", "drop", "off")


class StorePipeline:
    def __init__(
        self,
        crawler: Crawler,
        store: Store,
        *,
        near_mode: str = "link",
        dedupe: bool = True,
        window_days: float = 60,
        threshold: float = 0.5,
        confirm: float = 0.7,
    ) -> None:
        if near_mode not in MODES:
            raise ValueError(f"NEWSBOT_NEAR_DUPLICATES must be one of {', '.join(MODES)}, not {near_mode!r}")
        self.crawler = crawler
        self.store = store
        self.near_mode = cast("NearMode", near_mode)
        self.dedupe = dedupe
        self.window_days = window_days
        self.threshold = threshold
        self.confirm = confirm

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        # The extraction worker computes the search key and signature with the item, off this thread.
        extraction_pool(crawler).want_keys = True
        return cls(
            crawler,
            crawler_store(crawler),
            near_mode=(settings.get("NEWSBOT_NEAR_DUPLICATES") or "off").lower(),
            dedupe=settings.getbool("NEWSBOT_DEDUPE_ENABLED"),
            window_days=settings.getfloat("NEWSBOT_NEAR_DUPLICATE_WINDOW_DAYS"),
            threshold=settings.getfloat("NEWSBOT_NEAR_DUPLICATE_THRESHOLD"),
            confirm=settings.getfloat("NEWSBOT_NEAR_DUPLICATE_CONFIRM"),
        )

    def _inc(self, key: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newsbot/{key}")

    def open_spider(self) -> None:
        if self.near_mode == "off":
            return
        assert self.crawler.stats is not None
        started = time.perf_counter()
        try:
            report = self.store.open_near_duplicates(
                window_days=self.window_days, threshold=self.threshold, confirm=self.confirm
            )
        except StoreError as exc:
            stop_for_storage(self.crawler, exc)
            return
        stats = self.crawler.stats
        if report.backfilled:
            stats.set_value("newsbot/near_duplicates/backfilled", report.backfilled)
        stats.set_value("newsbot/near_duplicates/index_size", report.size)
        stats.set_value("newsbot/near_duplicates/index_open_seconds", round(time.perf_counter() - started, 3))
        if report.other_schemes:
            logger.warning(
                "%d stored signatures were made with other MinHash parameters and are not compared",
                report.other_schemes,
            )

    def process_item(self, item: Article) -> Article:
        sig = None
        key = None
        if isinstance(item, KeyedArticle):
            key = item.search_key
            sig = item.signature if self.near_mode != "off" else None
        elif self.near_mode != "off":
            sig = signature(item.article_body or "")
        try:
            outcome = self.store.save(
                item,
                fetched_url=item.url,
                signature=sig,
                near_mode=self.near_mode,
                unique_content=self.dedupe,
                search_key=key,
            )
        except StoreError as exc:
            stop_for_storage(self.crawler, exc)
            raise DropItem(f"not stored: {item.url}") from exc
        self._count(item, outcome, too_short=sig is None and self.near_mode != "off")
        if not outcome.stored or outcome.kind == "updated":
            # Updates live in the store; the JSONL file keeps each article as first stored.
            raise DropItem(f"{outcome.kind}: {item.id} {item.url} (of {outcome.original})", log_level="DEBUG")
        item.story_id = outcome.story_id
        if outcome.original is not None:
            item.duplicate_of = outcome.original
        return item

    def _count(self, item: Article, outcome: Outcome, *, too_short: bool) -> None:
        if outcome.kind == "updated":
            self._inc("articles/updated")
            logger.info("Updated %s (%s)", item.id, item.url)
        elif outcome.kind == "unchanged":
            self._inc("articles/unchanged")
        elif outcome.kind == "duplicate" and not outcome.stored:
            self._inc(f"duplicates/{outcome.duplicate}")
        elif outcome.kind == "near_duplicate":
            self._inc(f"near_duplicates/{'linked' if outcome.stored else 'dropped'}")
            logger.info(
                "Near duplicate: %s repeats %s (Jaccard ~%.2f)",
                item.id,
                outcome.original,
                outcome.similarity or 0,
            )
        if outcome.stored and outcome.kind != "updated":
            self._inc("articles/new")
            if too_short:
                self._inc("near_duplicates/too_short")
            if self.store.persistent:
                self._inc("stored/sqlite")
