"""Page code: pure functions of (url, body bytes, response headers, profile), no Scrapy engine.

One class per kind of page (HTML article, JSON article data, listing, feed, sitemap), one method per
field; a site module subclasses only what its pages say differently and binds the classes in its
profile.

The names below are loaded on first use: the generic extractor imports this package's low-level
modules (blocks, encoding) while ``pages.article`` imports the generic extractor, so an eager
``__init__`` would make ``import newsbot.generic`` circular.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsbot.pages.article import ArticlePage
    from newsbot.pages.base import BaseArticlePage, NotAnArticle, extract_article, read_article_page
    from newsbot.pages.discovery import BadDocument, Link
    from newsbot.pages.feed import FeedPage
    from newsbot.pages.json_article import JsonArticlePage, dig
    from newsbot.pages.listing import JsonListingPage, ListingPage
    from newsbot.pages.sitemap import SitemapPage

_HOMES = {
    "ArticlePage": "article",
    "BaseArticlePage": "base",
    "NotAnArticle": "base",
    "extract_article": "base",
    "read_article_page": "base",
    "BadDocument": "discovery",
    "Link": "discovery",
    "FeedPage": "feed",
    "JsonArticlePage": "json_article",
    "dig": "json_article",
    "JsonListingPage": "listing",
    "ListingPage": "listing",
    "SitemapPage": "sitemap",
}

__all__ = [
    "ArticlePage",
    "BadDocument",
    "BaseArticlePage",
    "FeedPage",
    "JsonArticlePage",
    "JsonListingPage",
    "Link",
    "ListingPage",
    "NotAnArticle",
    "SitemapPage",
    "dig",
    "extract_article",
    "read_article_page",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'newsbot.pages' has no attribute {name!r}")
    return getattr(import_module(f"newsbot.pages.{home}"), name)
