"""France 24 Arabic (france24.com/ar): server-rendered ``t-content`` pages, RSS per section, sitemaps,
paginated section fronts.

Facts behind every value here are in shared/reference/arabic_sites.md and docs/sites/france24_ar.md.
Only ``/ar/`` paths of www.france24.com belong to this site; the other editions share the host.
"""

from __future__ import annotations

import re
from functools import cached_property
from urllib.parse import quote, unquote, urljoin, urlsplit

from parsel import Selector

from newsbot.items import MainImage
from newsbot.pages import ArticlePage, Link, ListingPage, NotAnArticle, SitemapPage
from newsbot.pages.base import Answer, BaseArticlePage
from newsbot.pages.jsonld import person_names
from newsbot.pages.tree import html_selector
from newsbot.profile import Selectors, SiteProfile
from newsbot.sites._pages import jsonld_types
from newsbot.spiders.base import NewsSpider

#: The region fronts France 24's own site tests name, then the theme fronts.
SECTIONS = (
    "الشرق-الأوسط",
    "المغاربية",
    "فرنسا",
    "أفريقيا",
    "أوروبا",
    "أمريكا",
    "آسيا",
    "اقتصاد",
    "رياضة",
    "ثقافة",
)
#: Section feeds that public feed lists use; the fronts and /ar/rss announce the same articles.
SECTION_FEEDS = ("الشرق-الأوسط", "اقتصاد", "رياضة")
#: First segments under /ar/ that hold clips, programmes, the live channel and tag pages.
_NOT_SECTIONS = ("فيديو", "برامج", "برامجنا", "البث-المباشر", "مباشر", "tag", "tags", "search", "rss")
#: The newsroom's own name in the byline: a credit, not a person.
_NEWSROOM = frozenset({"فرانس24", "فرانس 24", "france24", "france 24"})
#: The other editions on the same host: their sitemaps are announced in the shared robots.txt.
_OTHER_EDITIONS = re.compile(r"^/(?!ar/)[a-z]{2}/")


def _either_form(segment: str) -> str:
    """A path segment as printed raw or percent-encoded (links come both ways)."""
    forms = dict.fromkeys((segment, quote(segment, safe="-")))
    return "|".join(re.escape(form) for form in forms)


def is_newsroom(name: str) -> bool:
    """Whether a byline names France 24 itself rather than a journalist.

    >>> is_newsroom(" فرانس 24 "), is_newsroom("FRANCE 24"), is_newsroom("وسيلة عولمي")
    (True, True, False)
    """
    return " ".join(name.split()).lower() in _NEWSROOM


def section_label(segment: str) -> str:
    """The section as the URL names it, decoded.

    >>> section_label("%D8%A7%D9%84%D8%B4%D8%B1%D9%82-%D8%A7%D9%84%D8%A3%D9%88%D8%B3%D8%B7")
    'الشرق-الأوسط'
    """
    return unquote(segment)


class France24Page(ArticlePage):
    """France 24 pages: the byline may name the newsroom, the section is an Arabic URL segment, the
    source is the body's closing ``p.t-copyright``."""

    def check(self) -> None:
        super().check()
        types = jsonld_types(self.selector.css('script[type="application/ld+json"]::text').getall())
        if "LiveBlogPosting" in types or self.selector.css(
            "article[class*='--live'], article[class*='liveblog'], article[class*='live-blog']"
        ):
            raise NotAnArticle("live page, not a story")
        if self.selector.css("article[class*='t-content--video']") or (
            "VideoObject" in types and not self.selector.css(".t-content__body")
        ):
            raise NotAnArticle("video page, not a story")

    def authors(self) -> list[str]:
        # When JSON-LD names an author at all, it is the answer (an Organization is the newsroom);
        # the visible byline stands in only on pages without one.
        names = (
            person_names(self.jsonld["author"])
            if "author" in self.jsonld
            else self.first_text(self.profile.selectors.authors)
        )
        return [name for name in names if not is_newsroom(name)]

    def main_image(self) -> MainImage | None:
        found = super().main_image()
        if found is not None:
            return found
        # Some designs give the photo only as <source srcset> inside the <picture>.
        for holder in self._image_holders():
            srcset = holder.css(
                "source::attr(srcset), source::attr(data-srcset), img::attr(srcset), img::attr(data-srcset)"
            ).get()
            if srcset and srcset.strip():
                last = srcset.strip().split(",")[-1].split()[0]
                return MainImage(
                    url=urljoin(self.url, last),
                    caption=self._image_text(holder, self.profile.selectors.image_caption),
                    credit=self._image_text(holder, self.profile.selectors.image_credit),
                )
        return None

    def section(self) -> Answer:
        found = BaseArticlePage.section(self)
        return section_label(found) if isinstance(found, str) else None

    def source(self) -> Answer:
        copyright_line = self.first_text(
            (".t-content__body p.t-copyright", ".t-content__body .t-copyright", "p.t-copyright")
        )
        return copyright_line[:1] or self._parts.source


class France24Listing(ListingPage):
    """Section fronts page on through their own "next page" link, whatever its URL form."""

    def next_page(self) -> str | None:
        for css in self.profile.selectors.listing_more:
            for anchor in self.selector.css(css):
                href = (anchor.attrib.get("href") or "").strip()
                if href:
                    return urljoin(self.url, href)
        return None

    @cached_property
    def selector(self) -> Selector:
        return html_selector(self.text or "<html></html>")


class France24Sitemap(SitemapPage):
    """The robots.txt of www.france24.com names every edition's sitemap; only Arabic ones are read."""

    def links(self) -> list[Link]:
        if _OTHER_EDITIONS.match(urlsplit(self.url).path):
            return []
        return [link for link in super().links() if not _OTHER_EDITIONS.match(urlsplit(link.url).path)]


PROFILE = SiteProfile(
    # The standfirst is printed above the body, never in it.
    lead_in_body=False,
    name="france24_ar",
    canonical_host="www.france24.com",
    alias_hosts=("france24.com",),
    timezone="Europe/Paris",
    language="ar",
    feeds=("/ar/rss", *(f"/ar/{quote(section, safe='-')}/rss" for section in SECTION_FEEDS)),
    sitemaps=("/ar/sitemap.xml",),
    section_pages=("/ar/", *(f"/ar/{quote(section, safe='-')}/" for section in SECTIONS)),
    listing_path=re.compile(r"^/ar/[^/]+/(?:page/)?(?P<page>\d{1,4})/?$"),
    # /ar/<section>/<YYYYMMDD>-<slug>: the date prefix is not an id (the URL carries none).
    article_path=re.compile(
        rf"^/ar/(?!(?i:{'|'.join(_either_form(s) for s in _NOT_SECTIONS)})/)"
        r"(?P<section>[^/]+)/\d{8}-[^/]+/?$"
    ),
    selectors=Selectors(
        headline=("h1.t-content__title", "article.t-content h1", "h1"),
        body=("div.t-content__body", ".t-content__body", "article.t-content [class*='content__body']"),
        lead=("p.t-content__chapo", ".t-content__chapo"),
        date=(".m-pub-dates time", "time"),
        authors=(".m-from-author__name a", ".m-from-author a", ".m-from-author__name", ".m-from-author"),
        tags=(".t-content__tags a.m-tag", ".t-content__tags a", ".m-tags-list a"),
        image_outside_body=(
            "figure.t-content__main-media",
            ".t-content__main-media figure",
            ".t-content__main-media",
            "article.t-content figure.m-figure",
        ),
        image_caption=(".m-figure__caption-text", "figcaption"),
        image_credit=(".m-figure__credits",),
        listing_more=("a.m-pagination__next[href]", ".m-pagination a[rel=next]", "a[rel=next]"),
    ),
    chrome=(
        ".m-interstitial",
        "[class*='interstitial']",
        ".t-copyright",
        "[class*='copyright']",
        "[class*='m-em-']",
        "[class*='o-ad']",
        "[class*='m-ad']",
        # France Médias Monde's ad slots: a "Publicité"/"إعلان" label inside the text column.
        "[class*='block-ad']",
        "[class*='--with-ad']",
        "[data-tms-ad-type]",
        "[data-tms-ad-container]",
        "[class*='media-legend']",
        "[class*='advert']",
        "[class*='share']",
        "[class*='related']",
        "[class*='tags']",
        "[class*='newsletter']",
        "[class*='promo']",
        "[class*='read-more']",
        "[class*='video']",
        "[class*='player']",
        "[class*='caption']",
        "[class*='didomi']",
        "[class*='twitter']",
        "[class*='instagram']",
    ),
    # The credit line closes the body as `p.t-copyright`; a design that prints it as a plain paragraph
    # ("فرانس24/ أ ف ب") is read like an "المصدر: …" line.
    source_line=re.compile(r"^\s*(?:(?:المصدر|المصادر)\s*[:：]\s*|(?=فرانس\s?24\s*/))(?P<source>.{1,120})$"),
    # og:image is a default share picture on pages without a photo.
    image_from_meta=False,
    article_page=France24Page,
    listing_page=France24Listing,
    sitemap_page=France24Sitemap,
)


class France24ArSpider(NewsSpider):
    name = "france24_ar"
    profile = PROFILE
