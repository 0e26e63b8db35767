"""BBC News Arabic (bbc.com/arabic): article data from the page's ``__NEXT_DATA__`` JSON.

The visible markup carries build-hashed class names (``bbc-hhl7in``) that change on every deploy, so
fields come from the Optimo blocks of ``props.pageProps.pageData`` (the same ``pageData`` that older
Simorgh pages ship as ``window.SIMORGH_DATA``), then JSON-LD and ``<meta>``; the generic HTML reading
is the last resort for a page that carries neither. bbc.com serves 40 other language services, so
only paths under ``/arabic/`` are the site. Facts: docs/sites/bbc_arabic.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from functools import cached_property
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from parsel import Selector

from newsbot.items import MainImage
from newsbot.pages import ArticlePage, FeedPage, Link, ListingPage, NotAnArticle, dig
from newsbot.pages.base import Answer
from newsbot.pages.json_article import load_json
from newsbot.pages.jsonld import texts
from newsbot.pages.tree import html_selector
from newsbot.profile import Selectors, SiteProfile
from newsbot.spiders.base import NewsSpider
from newsbot.text import match_key

#: Where the photo of an ``image`` block is served; 800 is the width the article page shows.
ICHEF = "https://ichef.bbci.co.uk/ace/ws/800/{origin}/{locator}"
_SIMORGH_DATA = re.compile(r"window\.SIMORGH_DATA\s*=\s*(\{.*?\})\s*;?\s*</script>", re.DOTALL)
#: Page types of the World Service platform (Simorgh's ``pageTypes``, CPS ``metadata.type``) that are
#: not stories: fronts, topic, live and index pages, short-form video (``mediaArticle``), media and
#: photo-gallery pages, radio, TV, audio, static and form pages.
NOT_ARTICLE_TYPES = frozenset(
    {
        "live", "topic", "home", "homePage", "frontPage", "idx", "IDX", "FIX", "featureIndex",
        "mostRead", "error", "mediaArticle", "MAP", "PGL", "static", "ugcForm", "avEmbeds",
        "downloads", "liveRadio", "audio", "tv", "liveTV", "offline", "onDemandAudio", "onDemandTV",
        "podcast", "media", "mediaAsset", "photoGalleryPage",
    }
)  # fmt: skip
#: Blocks whose text is the story: paragraphs, subheadings and lists. Everything else (headline,
#: timestamp, byline, image, video, social embeds, includes, related-content inserts) is not body.
_LIST_BLOCKS = frozenset({"unorderedList", "orderedList"})
_HEADING_BLOCKS = frozenset({"subheadline", "crosshead"})


def block_text(block: Any) -> str:
    """The text of a paragraph-like block, from its fragments and links (``model.text`` when it
    has none).

    >>> block_text({"type": "paragraph", "model": {"blocks": [
    ...     {"type": "fragment", "model": {"text": "قال "}},
    ...     {"type": "urlLink", "model": {"blocks": [{"type": "fragment", "model": {"text": "الوزير"}}]}}]}})
    'قال الوزير'
    """
    children = dig(block, "model", "blocks")
    if isinstance(children, list) and children:
        return "".join(block_text(child) for child in children)
    text = dig(block, "model", "text")
    return text if isinstance(text, str) else ""


def paragraphs(block: Any) -> Iterator[str]:
    """Each paragraph of a text-like block, in order."""
    for child in dig(block, "model", "blocks") or []:
        kind = dig(child, "type")
        if kind in ("paragraph", "listItem"):
            yield block_text(child)
        elif kind in ("text", *_LIST_BLOCKS):
            yield from paragraphs(child)


def _blocks_of(block: Any, kind: str) -> list[Any]:
    return [child for child in dig(block, "model", "blocks") or [] if dig(child, "type") == kind]


def _epoch_iso(value: Any) -> str | None:
    """An epoch in milliseconds as an ISO UTC timestamp.

    >>> _epoch_iso(1713075160000)
    '2024-04-14T06:12:40+00:00'
    """
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return datetime.fromtimestamp(value / 1000, UTC).isoformat()
    return None


class BbcArticlePage(ArticlePage):
    """An Optimo article page (``/arabic/articles/<code>``) or a legacy CPS story page."""

    @cached_property
    def page_props(self) -> Mapping[str, Any]:
        raw = self.selector.css("script#__NEXT_DATA__::text").get()
        found = dig(load_json(raw), "props", "pageProps") if raw else None
        if isinstance(found, Mapping):
            return found
        script = self.selector.xpath("//script[contains(., 'SIMORGH_DATA')]/text()").get() or ""
        legacy = _SIMORGH_DATA.search(script + "</script>")
        found = load_json(legacy.group(1)) if legacy else None
        return found if isinstance(found, Mapping) else {}

    @cached_property
    def data(self) -> Mapping[str, Any]:
        """``pageData``: metadata, content blocks and promo of the article, or ``{}``."""
        found = self.page_props.get("pageData")
        return found if isinstance(found, Mapping) else {}

    @property
    def blocks(self) -> list[Any]:
        found = dig(self.data, "content", "model", "blocks")
        return found if isinstance(found, list) else []

    def _first(self, kind: str) -> Any:
        return next((block for block in self.blocks if dig(block, "type") == kind), None)

    def check(self) -> None:
        kinds = (self.page_props.get("pageType"), dig(self.data, "metadata", "type"))
        refused = {kind for kind in kinds if isinstance(kind, str)} & NOT_ARTICLE_TYPES
        if refused:
            raise NotAnArticle(f"BBC page type {sorted(map(str, refused))[0]}")
        language = dig(self.data, "metadata", "language")
        if isinstance(language, str) and language and not language.lower().startswith("ar"):
            # bbc.com serves every language service; a page of another one is not this site's.
            raise NotAnArticle(f"BBC page in language {language}")
        status = self.page_props.get("status")
        if isinstance(status, int) and status >= 400:
            raise NotAnArticle(f"page data says status {status}")
        super().check()

    # -- fields ------------------------------------------------------------------------------

    def headline(self) -> Answer:
        headline = self._first("headline")
        return [
            *(paragraphs(headline) if headline is not None else ()),
            *texts(dig(self.data, "promo", "headlines", "seoHeadline")),
            *texts(dig(self.data, "promo", "headlines", "headline")),
            *super().headline(),
        ]

    def description(self) -> Answer:
        if not self.data:
            return super().description()
        # An empty summary means the article has no standfirst; the body is never asked for one.
        return [*texts(dig(self.data, "promo", "summary")), *self.description_candidates()]

    def article_body(self) -> list[str]:
        if not self.blocks:
            return super().article_body()
        found: list[str] = []
        for block in self.blocks:
            kind = dig(block, "type")
            if kind == "text" or kind in _LIST_BLOCKS:
                lines = list(paragraphs(block))
            elif kind in _HEADING_BLOCKS:
                lines = [" ".join(paragraphs(block)) or block_text(block)]
            else:
                continue
            found.extend(line for line in lines if line.strip() and not self._read_more_line(line))
        summary = dig(self.data, "promo", "summary")
        if (
            found
            and isinstance(summary, str)
            and summary.strip()
            and match_key(found[0]) == match_key(summary)
        ):
            # A standfirst repeated as the opening paragraph is the lead, not body text.
            del found[0]
        return found

    def _read_more_line(self, line: str) -> bool:
        return self.profile.read_more.match(line.strip()) is not None

    def source(self) -> Answer:
        return None

    def date_published(self) -> Answer:
        return [
            *texts(self.jsonld.get("datePublished")),
            *filter(None, [_epoch_iso(dig(self.data, "metadata", "firstPublished"))]),
            *super().date_published(),
        ]

    def date_modified(self) -> Answer:
        return [
            *texts(self.jsonld.get("dateModified")),
            *filter(None, [_epoch_iso(dig(self.data, "metadata", "lastPublished"))]),
            *super().date_modified(),
        ]

    def authors(self) -> Answer:
        byline = self._first("byline")
        if byline is None:
            # The Optimo byline is the only author record: JSON-LD names the BBC service itself and
            # the visible byline mixes names with hidden labels ("الكاتب،", "Role,").
            return []
        return [
            " ".join(paragraphs(name))
            for contributor in _blocks_of(byline, "contributor")
            for name in _blocks_of(contributor, "name")
        ]

    def tags(self) -> Answer:
        topics = [dig(topic, "topicName") for topic in dig(self.data, "metadata", "topics") or []]
        about = [dig(tag, "thingLabel") for tag in dig(self.data, "metadata", "tags", "about") or []]
        found = [tag for tag in topics if isinstance(tag, str)] or [
            tag for tag in about if isinstance(tag, str)
        ]
        return found if self.data else super().tags()

    def main_image(self) -> MainImage | None:
        if not self.blocks:
            return super().main_image()
        image = self._first("image")
        raws = _blocks_of(image, "rawImage")
        raw = raws[0] if raws else None
        locator = dig(raw, "model", "locator")
        if not isinstance(locator, str) or not locator:
            return None
        origin = dig(raw, "model", "originCode") or "cpsprodpb"
        url = locator if "://" in locator else ICHEF.format(origin=origin, locator=locator.lstrip("/"))
        captions = _blocks_of(image, "caption")
        caption = " ".join(paragraphs(captions[0])) if captions else None
        credit = dig(raw, "model", "copyrightHolder")
        return MainImage(
            url=url, caption=caption or None, credit=credit if isinstance(credit, str) and credit else None
        )


class BbcFeedPage(FeedPage):
    """The World Service RSS: its ``guid`` is the article URL with a ``#0`` fragment."""

    def links(self) -> list[Link]:
        return [Link(urldefrag(link.url).url, link.date_raw) for link in super().links()]


class BbcTopicPage(ListingPage):
    """A topic page, ``/arabic/topics/<id>?page=N``: numbered pages with a "next" link."""

    def next_page(self) -> str | None:
        for css in ('a[aria-labelledby="pagination-next-page"]', 'a[rel="next"]'):
            href = self.selector.css(f"{css}::attr(href)").get()
            if href:
                return self._topic_url(href)
        for anchor in self.selector.css("a[href*='page=']"):
            if "".join(anchor.css("::text").getall()).strip() == "التالي":
                return self._topic_url(anchor.attrib["href"])
        return None

    def _topic_url(self, href: str) -> str | None:
        url = urljoin(self.url, href.strip())
        return url if urlsplit(url).path.startswith("/arabic/topics/") else None

    @cached_property
    def selector(self) -> Selector:
        return html_selector(self.text or "<html></html>")


#: For docs/sites.md: what articles and listings are read from.
DATA_SOURCE = "JSON in the page (`script#__NEXT_DATA__`, `window.SIMORGH_DATA`), HTML fallback"

PROFILE = SiteProfile(
    name="bbc_arabic",
    canonical_host="www.bbc.com",
    alias_hosts=("www.bbc.co.uk",),
    service_hosts=("feeds.bbci.co.uk",),
    timezone="Etc/UTC",
    language="ar",
    feeds=("https://feeds.bbci.co.uk/arabic/rss.xml", "/arabic/index.xml"),
    section_pages=("/arabic",),
    # Topic pages page on with ?page=N; the topic list itself comes from the front's navigation.
    listing_path=re.compile(r"^/arabic/topics/[0-9a-z-]+/?$"),
    # Optimo articles; their AMP copies end in .amp. Live, topic, media and other services' paths
    # never match.
    article_path=re.compile(r"^/arabic/articles/(?P<id>c[0-9a-z]{10}o)(?:\.amp)?/?$"),
    article_path_suffixes=(".amp",),
    # Legacy CPS stories (/arabic/middleeast-12345678), still linked from older pages; media,
    # programme and institutional pages share the shape and are left out by name.
    article_aliases=(
        re.compile(
            r"^/arabic/(?P<id>(?!(?:media|tv-and-radio|live|multimedia|podcasts?|institutional|"
            r"topics|video|programmes|help|services)-)[a-z]+(?:[-_][a-z]+)*-\d{7,9})(?:\.amp)?/?$"
        ),
    ),
    selectors=Selectors(
        headline=("h1#content", "main h1", "h1"),
        body=("main[role='main']", "main", "article"),
        listing_links=("a[href]",),
    ),
    chrome=(
        "header",
        "nav",
        "footer",
        "figure",
        "time",
        "[data-testid='byline']",
        "[aria-labelledby='related-topics']",
        "[aria-labelledby*='related-content']",
        "[aria-labelledby*='most-read']",
        "[aria-labelledby*='top-stories']",
        "[class*='related']",
        "[class*='share']",
        "[class*='promo']",
        "section",
        "aside",
        "h1",
    ),
    # The visible "last updated" line beside the date, when the page is read from its markup.
    boilerplate_patterns=(re.compile(r"^آخر تحديث"),),
    article_page=BbcArticlePage,
    listing_page=BbcTopicPage,
    feed_page=BbcFeedPage,
)


class BbcArabicSpider(NewsSpider):
    name = "bbc_arabic"
    profile = PROFILE
