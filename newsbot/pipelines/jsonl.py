"""Appends articles to a JSON Lines file (``NEWSBOT_JSONL_PATH``), UTF-8 with Arabic unescaped.

Each line goes out in one ``write`` on an append-only descriptor, once the store committed the
article. At start, a torn last line (a crash or a full disk in the middle of a write) is cut off,
and articles that reached the store but not this file in an interrupted run are appended from it.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured

from newsbot.extensions.storageguard import is_storage_failure, stop_for_storage
from newsbot.items import ARTICLE_FIELDS, Article, as_record
from newsbot.store import StoreError, crawler_store

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from newsbot.store import Store

logger = logging.getLogger(__name__)

#: How much of the file's end is read to find the ids written just before a crash.
TAIL_BYTES = 4 * 1024 * 1024
#: Written articles are marked as exported in SQLite this many at a time (far fewer than
#: TAIL_BYTES holds, so recovery always sees the unmarked ones).
MARK_BATCH = 100


def jsonl_line(record: dict[str, Any]) -> bytes:
    """One JSON object per line, fields in schema order, Arabic as UTF-8 (never ``\\u`` escapes).

    >>> jsonl_line({"headline": "خبر", "id": "x"})
    b'{"headline": "\\xd8\\xae\\xd8\\xa8\\xd8\\xb1", "id": "x"}\\n'
    """
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def repair_tail(path: Path) -> int:
    """Cut a partial last line off the file; return how many bytes were removed."""
    if not path.exists() or path.stat().st_size == 0:
        return 0
    with path.open("rb+") as handle:
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(0, size - 1))
        if handle.read(1) == b"\n":
            return 0
        start = max(0, size - TAIL_BYTES)
        handle.seek(start)
        chunk = handle.read()
        cut = chunk.rfind(b"\n")
        keep = start + cut + 1 if cut >= 0 else 0
        handle.truncate(keep)
        return size - keep


def tail_ids(path: Path) -> set[str]:
    if not path.exists():
        return set()
    with path.open("rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(0, size - TAIL_BYTES))
        lines = handle.read().split(b"\n")
    ids: set[str] = set()
    for line in lines[1:] if size > TAIL_BYTES else lines:
        try:
            ids.add(json.loads(line)["id"])
        except (ValueError, KeyError, TypeError):
            continue
    return ids


class JsonlPipeline:
    def __init__(self, crawler: Crawler, path_template: str, store: Store) -> None:
        self.crawler = crawler
        self.path_template = path_template
        self.store = store
        self.unmarked: list[str] = []
        self.fd: int | None = None
        self.path: Path | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        template = crawler.settings.get("NEWSBOT_JSONL_PATH")
        if not template:
            raise NotConfigured("NEWSBOT_JSONL_PATH is empty")
        return cls(crawler, template, crawler_store(crawler))

    def open_spider(self) -> None:
        assert self.crawler.stats is not None
        assert self.crawler.spider is not None
        self.path = Path(self.path_template.format(spider=self.crawler.spider.name))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        torn = repair_tail(self.path)
        if torn:
            self.crawler.stats.inc_value("newsbot/jsonl/torn_bytes_removed", torn)
            logger.warning("Removed a partial last line (%d bytes) from %s", torn, self.path)
        self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        if self.store.persistent:
            self._recover()

    def _recover(self) -> None:
        assert self.path is not None and self.crawler.stats is not None
        written = tail_ids(self.path)
        settled = []
        # One file per site: another site's articles (in a shared store) go to its own file.
        site = self.crawler.spider.name if "{spider}" in self.path_template and self.crawler.spider else None
        for row in self.store.unexported():
            if site is not None and row["site"] != site:
                continue
            if row["id"] not in written:
                self._write(row)
                self.crawler.stats.inc_value("newsbot/jsonl/recovered")
            settled.append(row["id"])
        if settled:
            self.store.mark_exported(settled)

    def _write(self, record: dict[str, Any]) -> None:
        assert self.fd is not None
        line = jsonl_line({name: record[name] for name in ARTICLE_FIELDS})
        written = os.write(self.fd, line)
        if written != len(line):
            raise OSError(f"short write to {self.path}: {written} of {len(line)} bytes")

    def flush(self) -> None:
        """Mark the last written articles as exported. A run killed before this is committed
        writes no line twice: the next start finds their ids in the file's tail."""
        if not self.store.persistent or not self.unmarked:
            return
        ids, self.unmarked = self.unmarked, []
        try:
            self.store.mark_exported(ids)
        except StoreError as exc:
            stop_for_storage(self.crawler, exc)

    def close_spider(self) -> None:
        try:
            self.store.commit()  # the lines waiting for it are written now
        except StoreError as exc:
            stop_for_storage(self.crawler, exc)
        self.flush()
        if self.fd is not None:
            os.fsync(self.fd)
            os.close(self.fd)
            self.fd = None

    def process_item(self, item: Article) -> Article:
        # Written once the article is committed, so the file never names an article a crash or a
        # failed commit took back.
        record = as_record(item)
        self.store.after_commit(lambda: self._emit(record))
        return item

    def _emit(self, record: dict[str, Any]) -> None:
        assert self.crawler.stats is not None
        if self.fd is None:
            return
        try:
            self._write(record)
        except OSError as exc:
            self.crawler.stats.inc_value("newsbot/errors/jsonl")
            if self.path is not None:
                repair_tail(self.path)
            if is_storage_failure(exc):
                # The article is in the store, not yet exported: the next run appends it.
                stop_for_storage(self.crawler, exc)
            else:
                logger.error("Cannot append to %s: %s", self.path, exc)
            return
        self.crawler.stats.inc_value("newsbot/stored/jsonl")
        if record["id"]:
            self.unmarked.append(record["id"])
            if len(self.unmarked) >= MARK_BATCH:
                self.flush()
