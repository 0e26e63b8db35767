"""Page code: pure functions of (url, body bytes, response headers, profile), no Scrapy engine.

One class per kind of page (HTML article, JSON article data, listing, feed, sitemap), one method per
field; a site module subclasses only what its pages say differently and binds the classes in its
profile.
"""

from newsbot.pages.article import ArticlePage
from newsbot.pages.base import BaseArticlePage, NotAnArticle, extract_article, read_article_page
from newsbot.pages.discovery import BadDocument, Link
from newsbot.pages.feed import FeedPage
from newsbot.pages.json_article import JsonArticlePage, dig
from newsbot.pages.listing import JsonListingPage, ListingPage
from newsbot.pages.sitemap import SitemapPage

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
