"""Spiders for tests of ``newsbot crawl`` (``-s SPIDER_MODULES=tests.support.spiders``)."""

from __future__ import annotations

from typing import Any, ClassVar

from scrapy.spiderloader import get_spider_loader
from scrapy.utils.project import get_project_settings


def project_spider(name: str) -> Any:
    """The project's spider class called ``name``, wherever its site module keeps it."""
    return get_spider_loader(get_project_settings()).load(name)


class LenientRtArabicSpider(project_spider("rt_arabic")):  # type: ignore[misc]
    """RT Arabic with a site threshold of its own: any error rate is accepted."""

    custom_settings: ClassVar[dict[str, Any]] = {"NEWSBOT_HEALTH_MAX_ERROR_RATE": 1.0}
