"""What every article page class shares: the input it is given, one method per field, and the item.

A page is a pure function of (url, body bytes, response headers, profile): it never touches the
Scrapy engine and never looks a site up by name. Subclasses answer fields; :meth:`to_item` puts the
answers through :class:`~newsbot.pages.loaders.ArticleLoader`, where stored text is normalised and dates are
read in the site's zone. A site overrides only the fields its data source gives differently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from newsbot.items import Article, MainImage
from newsbot.pages.encoding import decode_html
from newsbot.pages.loaders import ArticleLoader
from newsbot.pages.urls import article_id, article_match, canonical_url
from newsbot.text import forget_page_text, match_key

if TYPE_CHECKING:
    from newsbot.profile import SiteProfile

#: A field answer: one value, several candidates (the first usable one wins), or nothing.
Answer = Any


class NotAnArticle(Exception):
    """The page is not an article page; ``str(exc)`` says why in one line."""


def content_hash(headline: str | None, body: str | None) -> str:
    """A stable fingerprint of the story's text, blind to spelling variants and markup: BLAKE2b-128
    of the headline's and the body's match keys, one line each.

    >>> content_hash("عنوان", "نص") == content_hash("عُنوان", "نَص")
    True
    """
    key = f"{match_key(headline or '')}\n{match_key(body or '')}"
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).hexdigest()


def header(headers: Mapping[str, str] | None, name: str) -> str | None:
    """A response header by case-insensitive name.

    >>> header({"Content-Type": "text/html"}, "content-type")
    'text/html'
    """
    if not headers:
        return None
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


def decoded_text(page: Page) -> str:
    """The page body as text, decoded by its declared, sniffed or fallback charset; a charset that
    had to be guessed or corrected is noted on the page."""
    if isinstance(page.body, str):
        return page.body
    decoded = decode_html(page.body, page.content_type)
    if decoded.problem is not None:
        kind = "undeclared" if decoded.problem.startswith("no charset") else "mismatch"
        page.notes.append((f"pages/charset/{kind}", decoded.problem))
    return decoded.text


class Page:
    """What every page object is given: the URL, the body bytes as served, the response headers
    that matter (as plain strings) and the site's profile."""

    def __init__(
        self, url: str, body: bytes | str, profile: SiteProfile, *, headers: Mapping[str, str] | None = None
    ) -> None:
        self.url = url
        self.body = body
        self.headers = dict(headers or {})
        self.profile = profile
        #: (stat key, detail) pairs about how the page was read, for the crawl to count and log.
        self.notes: list[tuple[str, str]] = []

    @property
    def content_type(self) -> str | None:
        return header(self.headers, "Content-Type")

    @property
    def raw(self) -> bytes:
        """The body as bytes (XML parsers read the declared encoding themselves)."""
        return self.body if isinstance(self.body, bytes) else self.body.encode("utf-8")


class BaseArticlePage(Page):
    """One method per Article field. Each returns what the page says, raw: a value, a list of
    candidates in order of trust, or ``None``/``[]``; the loader cleans and picks."""

    @classmethod
    def data_url(cls, url: str, profile: SiteProfile) -> str:
        """The URL to fetch for the article at ``url``: the page itself, unless the site serves its
        article data from an API (the item keeps ``url``)."""
        return url

    # -- the decision ------------------------------------------------------------------------

    def check(self) -> None:
        """Raise :class:`NotAnArticle` when the page holds no article at all."""
        if not self.headline() and not self.article_body():
            raise NotAnArticle("no headline and no body text found")

    # -- fields ------------------------------------------------------------------------------

    def canonical_url(self) -> str:
        return self.canonical

    @cached_property
    def canonical(self) -> str:
        """The stored, comparable URL of the article (cached: ids and sections derive from it)."""
        return canonical_url(self.url, self.profile)

    def article_id(self) -> str | None:
        return article_id(self.canonical, self.profile) or article_id(self.url, self.profile)

    def headline(self) -> Answer:
        return None

    def description(self) -> Answer:
        return None

    def article_body(self) -> list[str]:
        """The article's own paragraphs, in order (lead, captions and attribution left out)."""
        return []

    def source(self) -> Answer:
        return None

    def date_published(self) -> Answer:
        return None

    def date_published_raw(self) -> Answer:
        """The publication date as printed; by default the same candidates as :meth:`date_published`,
        so that the first readable one gives both (raw and parsed travel in pairs)."""
        return self.date_published()

    def date_modified(self) -> Answer:
        return None

    def authors(self) -> Answer:
        return []

    def section(self) -> Answer:
        match = article_match(self.canonical, self.profile) or article_match(self.url, self.profile)
        if match is not None and match.groupdict().get("section"):
            return match.group("section")
        return None

    def tags(self) -> Answer:
        return []

    def main_image(self) -> MainImage | None:
        return None

    def in_language(self) -> Answer:
        return self.profile.language

    def links(self) -> list[str]:
        """Absolute links from this page to other articles of the site (related, most read)."""
        return []

    # -- item --------------------------------------------------------------------------------

    def to_item(self, scraped_at: datetime) -> Article:
        """The Article; relative dates ("منذ 3 ساعات") are read against ``scraped_at``."""
        loader = ArticleLoader(profile=self.profile, now=scraped_at)
        loader.add_value("id", self.article_id())
        loader.add_value("site", self.profile.name)
        loader.add_value("url", self.url)
        loader.add_value("canonical_url", self.canonical_url())
        loader.add_value("headline", self.headline())
        loader.add_value("description", self.description())
        loader.add_value("article_body", self.article_body())
        loader.add_value("date_published", self.date_published())
        loader.add_value("date_published_raw", self.date_published_raw())
        loader.add_value("date_modified", self.date_modified())
        loader.add_value("authors", self.authors())
        loader.add_value("section", self.section())
        loader.add_value("tags", self.tags())
        loader.add_value("main_image", self.main_image())
        loader.add_value("source", self.source())
        loader.add_value("in_language", self.in_language())
        loader.add_value("scraped_at", scraped_at.astimezone(UTC).isoformat(timespec="seconds"))
        item: Article = loader.load_item()
        item.content_hash = content_hash(item.headline, item.article_body)
        return item


def extract_article(
    url: str,
    body: bytes | str,
    profile: SiteProfile,
    *,
    headers: Mapping[str, str] | None = None,
    content_type: str | None = None,
    scraped_at: datetime | None = None,
) -> Article:
    """Extract one Article from a saved or downloaded page with the page class its profile binds.

    Raises :class:`NotAnArticle` for URLs outside the site's article pattern and for pages with
    no article content at all; a page with an article shape but missing fields still gives an item,
    so that validation can count what was missing.
    """
    page = read_article_page(url, body, profile, headers=headers, content_type=content_type)
    return page.to_item(scraped_at or datetime.now(UTC))


def read_article_page(
    url: str,
    body: bytes | str,
    profile: SiteProfile,
    *,
    headers: Mapping[str, str] | None = None,
    content_type: str | None = None,
) -> BaseArticlePage:
    """The checked page object of an article page, for callers that want more than the item."""
    if article_match(url, profile) is None:
        raise NotAnArticle(f"URL is not an article URL of {profile.name}: {url}")
    if not body.strip():
        raise NotAnArticle("empty page")
    forget_page_text()
    merged = dict(headers or {})
    if content_type is not None and header(merged, "Content-Type") is None:
        merged["Content-Type"] = content_type
    page = page_class(profile)(url, body, profile, headers=merged)
    page.check()
    return page


def page_class(profile: SiteProfile) -> type[BaseArticlePage]:
    """The article page class the site binds, else the generic HTML article page."""
    if profile.article_page is not None:
        return profile.article_page
    from newsbot.pages.article import ArticlePage

    return ArticlePage
