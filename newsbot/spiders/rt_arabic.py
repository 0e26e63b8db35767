"""``scrapy crawl rt_arabic``: RT Arabic through its feeds, sitemaps, sections and listings."""

from __future__ import annotations

from newsbot.sites.rt_arabic import PROFILE
from newsbot.spiders.base import NewsSpider


class RtArabicSpider(NewsSpider):
    name = "rt_arabic"
    profile = PROFILE
