"""Spiders for tests of ``newsbot crawl`` (``-s SPIDER_MODULES=tests.support.spiders``)."""

from __future__ import annotations

from typing import Any, ClassVar

from newsbot.spiders.rt_arabic import RtArabicSpider


class LenientRtArabicSpider(RtArabicSpider):
    """RT Arabic with a site threshold of its own: any error rate is accepted."""

    custom_settings: ClassVar[dict[str, Any]] = {"NEWSBOT_HEALTH_MAX_ERROR_RATE": 1.0}
