"""DW Arabic (dw.com/ar): article data from the graph API, the HTML page as a fallback, RDF/RSS feeds,
a monthly sitemap index and section fronts.

Facts behind every value here are in docs/sites/dw_arabic.md and shared/reference/arabic_sites.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from newsbot.items import MainImage
from newsbot.pages import ArticlePage, FeedPage, JsonArticlePage, Link, NotAnArticle, dig
from newsbot.pages.base import Answer
from newsbot.pages.json_article import fragment_parts
from newsbot.pages.urls import article_match, canonical_url, clean_url
from newsbot.profile import Selectors, SiteProfile
from newsbot.spiders.base import NewsSpider
from newsbot.text import match_key

if TYPE_CHECKING:
    from scrapy.http import Request

    from newsbot.pages.article import BodyParts
    from newsbot.spiders.frontier import Fetch

API_PATH = "/graph-api/ar/content/article/{number}"
IMAGE_URL = "https://static.dw.com/image/{target}_605.jpg"
#: Content types of the graph API that are stories; videos, live blogs and galleries are not.
ARTICLE_TYPES = frozenset({"Article"})
_CREDIT_LABEL = re.compile(r"^\s*صورة\s+من\s*:\s*")
#: Editor initials such as ``س.ج`` or ``م.ع.ح``: letters joined by dots (tatweel already removed).
_INITIALS = r"[^\s().,،/:]{1,3}(?:\.[^\s().,،/:]{1,3})+\.?"
#: The closing signature ``س.ج/ ع.ح (رويترز، د ب أ)``: editors' initials, then the agencies.
_EDITORS = rf"{_INITIALS}(?:\s*[/،,]\s*{_INITIALS})*"
SIGNATURE = re.compile(rf"^\s*{_EDITORS}\s*\((?P<source>[^()]{{1,80}})\)\s*\.?\s*$")
#: The same signature without agencies: never body text.
INITIALS_ONLY = re.compile(rf"^\s*{_EDITORS}\s*$")


def _unmodified(published: list[str], modified: list[str]) -> list[str]:
    """Modification dates, minus those equal to the publication date (an untouched story).

    >>> _unmodified(["2026-12-01T09:05:00.000Z"], ["2026-12-01T09:05:00.000Z"])
    []
    """
    return [value for value in modified if value not in published]


def _credit(text: str | None) -> str | None:
    """A photo credit without DW's ``صورة من:`` label.

    >>> _credit("صورة من: Oliver Berg/dpa")
    'Oliver Berg/dpa'
    """
    return _CREDIT_LABEL.sub("", text).strip() or None if text else None


def _is_json(body: bytes | str) -> bool:
    """Whether a body is the API's JSON rather than a page.

    >>> _is_json(b'\\xef\\xbb\\xbf {"data": {}}'), _is_json("<!DOCTYPE html>")
    (True, False)
    """
    if isinstance(body, bytes):
        return body.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"{"
    return body.removeprefix("\ufeff").lstrip()[:1] == "{"


class DwHtmlPage(ArticlePage):
    """The article page as served to browsers, read when the graph API is not reachable."""

    def date_modified(self) -> Answer:
        return _unmodified(self.date_published(), super().date_modified())

    def main_image(self) -> MainImage | None:
        image = super().main_image()
        if image is None:
            return None
        return MainImage(url=image["url"], caption=image["caption"], credit=_credit(image["credit"]))


class DwArticlePage(JsonArticlePage):
    """``data.content`` of ``/graph-api/ar/content/article/<n>``; an HTML body is read as the page."""

    def __new__(
        cls, url: str, body: bytes | str, profile: SiteProfile, *, headers: Mapping[str, str] | None = None
    ) -> Any:
        # The spider asks for the API; when it is down, the 404 fallback fetches the article page
        # itself, and that answer has to be read as HTML.
        if cls is DwArticlePage and not _is_json(body):
            return DwHtmlPage(url, body, profile, headers=headers)
        return super().__new__(cls)

    @classmethod
    def data_url(cls, url: str, profile: SiteProfile) -> str:
        match = article_match(url, profile)
        number = (match.groupdict().get("id") or "") if match else ""
        if not number.startswith("a-"):
            return url
        return profile.origin + API_PATH.format(number=number.removeprefix("a-"))

    @property
    def content(self) -> Mapping[str, Any]:
        found = dig(self.data, "data", "content")
        return found if isinstance(found, Mapping) else {}

    def check(self) -> None:
        super().check()
        kind = self.content.get("__typename")
        if kind is not None and kind not in ARTICLE_TYPES:
            raise NotAnArticle(f"graph API content is a {kind}, not an article")

    @cached_property
    def canonical(self) -> str:
        for candidate in (
            self.content.get("canonicalUrl"),
            self.profile.origin + str(self.content.get("namedUrl") or ""),
        ):
            if isinstance(candidate, str) and article_match(candidate, self.profile) is not None:
                return canonical_url(candidate, self.profile)
        return super().canonical

    def headline(self) -> Answer:
        return [self.content.get("title"), self.content.get("name")]

    def description(self) -> Answer:
        return self.content.get("teaser")

    @cached_property
    def _parts(self) -> BodyParts:
        return fragment_parts(str(self.content.get("text") or ""), self.url, self.profile)

    def article_body(self) -> list[str]:
        parts = self._parts
        # A paragraph set in bold opens some stories; it is text unless it repeats the teaser.
        opening = parts.lead
        teaser = str(self.content.get("teaser") or "")
        if opening and match_key(opening) != match_key(teaser):
            return [opening, *parts.paragraphs]
        return parts.paragraphs

    def source(self) -> Answer:
        return self._parts.source

    def date_published(self) -> Answer:
        return self.content.get("contentDate")

    def date_modified(self) -> Answer:
        modified = self.content.get("lastModifiedDate")
        return None if modified == self.content.get("contentDate") else modified

    def authors(self) -> Answer:
        people = self.content.get("firstPersonArray") or []
        return [person.get("fullName") for person in people if isinstance(person, Mapping)]

    def tags(self) -> Answer:
        strings = self.content.get("keywordStrings")
        if isinstance(strings, list):
            return strings
        keywords = self.content.get("keywords") or []
        return [k.get("name") for k in keywords if isinstance(k, Mapping)]

    def main_image(self) -> MainImage | None:
        link = self.content.get("mainContentImageLink")
        if not isinstance(link, Mapping):
            return None
        static = dig(link, "target", "staticUrl")
        if isinstance(static, str) and static:
            url = static.replace("${formatId}", "605")
        elif link.get("targetId"):
            url = IMAGE_URL.format(target=link["targetId"])
        else:
            return None
        return MainImage(
            url=url,
            caption=link.get("description") or link.get("additionalInformation"),
            credit=_credit(dig(link, "target", "licenserSupplement")),
        )


class DwFeedPage(FeedPage):
    """Every feed link carries ``?maca=<channel>``: a tracking tag, dropped from every link."""

    def links(self) -> list[Link]:
        return [Link(clean_url(link.url, self.profile), link.date_raw) for link in super().links()]


PROFILE = SiteProfile(
    name="dw_arabic",
    canonical_host="www.dw.com",
    # m.dw.com is the old mobile host: same paths, same articles.
    alias_hosts=("dw.com", "m.dw.com"),
    service_hosts=("rss.dw.com",),
    timezone="Europe/Berlin",
    feeds=("https://rss.dw.com/rdf/rss-ar-all", "https://rss.dw.com/xml/rss-ar-all"),
    sitemaps=("/ar/sitemap.xml",),
    section_pages=("/ar/", "/ar/%D8%A7%D9%84%D8%B1%D8%A6%D9%8A%D8%B3%D9%8A%D8%A9/s-9106"),
    # /ar/<slug>/a-<n>; videos (video-<n>), live blogs (live-<n>), galleries (g-<n>), audio,
    # sections (s-<n>) and topics (t-<n>) end otherwise and are never fetched as articles.
    article_path=re.compile(r"^/ar/(?:[^/]+/)?(?P<id>a-\d{4,10})/?$"),
    # The graph API answer for an article: what fixtures of the API record as their URL.
    article_aliases=(re.compile(r"^/graph-api/ar/content/article/\d{4,10}$"),),
    tracking_params=("maca",),
    article_page=DwArticlePage,
    feed_page=DwFeedPage,
    selectors=Selectors(
        headline=("article h1", "h1"),
        body=("div.rich-text", "div.longText", "#bodytext"),
        lead=("p.teaser-text", "p.intro", ".intro"),
        date=(".publication-date time", "span.date"),
        authors=(".author-details a.author-link", ".author-details a"),
        image=("figure",),
        image_outside_body=("figure.hero-image", "article figure", ".picBox"),
        image_caption=(".description", "figcaption", ".caption"),
        image_credit=(".credit", "small"),
        listing_links=("div.teaser a[href]",),
    ),
    chrome=(
        ".kicker",
        ".share-bar",
        ".short-url",
        ".newsletter-box",
        ".advertisement",
        ".credit",
        "[class*='related']",
        "[class*='teaser']",
        "[class*='share']",
        "[class*='social']",
        "[class*='newsletter']",
        "[class*='embed']",
        "[class*='video']",
        "[class*='gallery']",
        "[class*='advert']",
        "[class*='caption']",
        "[class*='image']",
        "[class*='skip']",
    ),
    source_line=SIGNATURE,
    boilerplate_patterns=(INITIALS_ONLY,),
)


class DwArabicSpider(NewsSpider):
    name = "dw_arabic"
    profile = PROFILE

    def request(self, fetch: Fetch) -> Request:
        request = super().request(fetch)
        if "newsbot_article_url" in request.meta:
            # The API was asked, not the page: when it has no answer (404), the page itself is the
            # first address to try, before the other spellings of its URL.
            others = [url for url in request.meta.get("newsbot_alternates", ()) if url != fetch.url]
            request.meta["newsbot_alternates"] = [fetch.url, *others]
        return request
