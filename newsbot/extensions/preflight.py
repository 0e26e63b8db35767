"""Output preflight: before anything is opened or fetched, every output the crawl will write is
checked, so an unwritable file or a locked database stops the run with one clear line and exit 1."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsbot.preflight import check_outputs

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


class OutputPreflight:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        # Extensions are built before the engine opens the spider or sends a request.
        check_outputs(crawler.settings, crawler.spidercls.name)
        return cls()
