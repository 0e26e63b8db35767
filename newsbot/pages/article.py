"""The HTML article page: (url, html bytes, headers, site profile) -> Article, no Scrapy engine.

Fields are read in Fundus's order: JSON-LD first, then OpenGraph and <meta>, then the profile's
selectors. The body is always read from the page's own body container, structurally.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement
from parsel import Selector
from parsel.csstranslator import css2xpath

from newsbot.generic.article import GenericFields
from newsbot.items import MainImage
from newsbot.pages.base import Answer, BaseArticlePage, NotAnArticle, decoded_text
from newsbot.pages.blocks import Block, chrome_alternatives, iter_blocks, remove_keeping_tail, strip_chrome
from newsbot.pages.jsonld import find_article, person_names, texts
from newsbot.pages.presence import Presence
from newsbot.pages.tree import html_selector
from newsbot.pages.urls import article_links, article_match, canonical_url
from newsbot.text import match_key, normalize_text

if TYPE_CHECKING:
    from newsbot.profile import SiteProfile

_PLACEHOLDER = re.compile(r"^data:|placeholder|blank\.|1x1|spacer|loading\.", re.IGNORECASE)
_NOSCRIPT_SRC = re.compile(r"""<img[^>]+src\s*=\s*["']([^"']+)""", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?؟…»\"”]$")


#: What counts as the article's photo or video when deciding whether a paragraph is the lead.
MEDIA = CSSSelector(
    "img, picture, figure, video, iframe, .photo, .cover, .cover_video, .video-iframe, "
    "[class*='video'], [class*='photo']"
)
#: Paragraphs longer than this are never compared with the headline or the site's template lines.
SHORT_LINE = 400
#: Below this, a page whose body container is unknown is treated as having no body at all.
MIN_FALLBACK_BODY_CHARS = 200


#: ``*::text`` of an element, as parsel translates it.
_TEXTS = etree.XPath(css2xpath("*::text"), smart_strings=False)


@lru_cache(maxsize=1024)
def _element_query(css: str) -> etree.XPath | None:
    """A compiled query for a CSS selector of elements (``None`` for ``::text``/``::attr``
    pseudo-elements, left to parsel). Selectors come from site profiles: a few dozen in all."""
    if "::" in css:
        return None
    return etree.XPath(css2xpath(css), smart_strings=False)


@dataclass(frozen=True, slots=True)
class BodyParts:
    """The body container read once: the lead it opens with, its paragraphs, its attribution."""

    lead: str | None
    paragraphs: list[str]
    source: str | None


class ArticlePage(BaseArticlePage):
    """Field extraction for one HTML page. Subclass per site only to override a field it gets wrong."""

    def __init__(
        self, url: str, body: bytes | str, profile: SiteProfile, *, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(url, body, profile, headers=headers)
        html = decoded_text(self)
        if not html.strip():
            raise NotAnArticle("empty page")
        self.selector = html_selector(html)
        self.presence = Presence.of(html)
        self.jsonld = find_article(self.selector.css('script[type="application/ld+json"]::text').getall())
        self._container = self._find_container()

    # -- helpers -----------------------------------------------------------------------------

    @cached_property
    def _metas(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for element in self.selector.root.iter("meta"):
            content = element.get("content")
            key = element.get("name") or element.get("property")
            if key and content and content.strip():
                found.setdefault(key, []).append(content)
        return found

    def meta(self, *names: str) -> list[str]:
        """Non-empty ``content`` of ``<meta name=…>`` or ``<meta property=…>``, in the order of ``names``."""
        return [value for name in names for value in self._metas.get(name, ())]

    def first_text(self, selectors: tuple[str, ...]) -> list[str]:
        for css in selectors:
            if not self.presence.may_match(css):
                continue
            compiled = _element_query(css)
            if compiled is None:
                found = [" ".join(el.css("*::text").getall()) for el in self.selector.css(css)]
            else:
                # parsel's own translation and text query, run by lxml without a Selector per node.
                found = [" ".join(_TEXTS(element)) for element in compiled(self.selector.root)]
            found = [text for text in found if text.strip()]
            if found:
                return found
        return []

    def _find_container(self) -> HtmlElement | None:
        for css in self.presence.possible(self.profile.selectors.body):
            found = self.selector.css(css)
            if found:
                root: HtmlElement = found[0].root
                return root
        return self._densest_paragraph_parent()

    def _densest_paragraph_parent(self) -> HtmlElement | None:
        """The element whose own <p> children hold the most text: where an unknown or older design
        keeps the article when none of the profile's body selectors match."""
        totals: dict[HtmlElement, int] = {}
        for paragraph in self.selector.xpath("//body//p"):
            parent = paragraph.root.getparent()
            if parent is not None:
                totals[parent] = totals.get(parent, 0) + len(paragraph.root.text_content().strip())
        if not totals:
            return None
        best = max(totals, key=totals.__getitem__)
        return best if totals[best] >= MIN_FALLBACK_BODY_CHARS else None

    def links(self) -> list[str]:
        """The page's links to other articles of the site, absolute (related and most-read
        headlines); menus, tags and other pages are left out before any URL is built."""
        hrefs = (anchor.get("href") or "" for anchor in self.selector.root.iter("a"))
        return article_links(hrefs, self.url, self.profile)

    @cached_property
    def generic(self) -> GenericFields:
        """The generic extractor on this page, for the fields the profile's code finds nothing for."""
        return GenericFields(self.selector, self.url, timezone=self.profile.timezone)

    def check(self) -> None:
        if not self.headline() and self._container is None:
            raise NotAnArticle("no headline and no body text found")

    # -- fields ------------------------------------------------------------------------------

    @cached_property
    def canonical(self) -> str:
        linked = self.selector.css('link[rel="canonical"]::attr(href)').get()
        if linked:
            absolute = urljoin(self.url, linked.strip())
            if article_match(absolute, self.profile) is not None:
                return canonical_url(absolute, self.profile)
        return canonical_url(self.url, self.profile)

    def headline(self) -> Answer:
        return self._headlines

    @cached_property
    def _headlines(self) -> list[str]:
        # The visible <h1> first: JSON-LD headlines are cut at 110 characters by many CMSs and
        # og:title often carries the site's name.
        found = [
            *self.first_text(self.profile.selectors.headline)[:1],
            *texts(self.jsonld.get("headline")),
            *self.meta("og:title", "twitter:title"),
            *self.selector.css("title::text").getall(),
        ]
        return found or [text for text in [self.generic.headline()] if text]

    def description(self) -> Answer:
        """The standfirst: the profile's lead element, else the lead paragraph the body opens with,
        else the page's own description."""
        lead = self.first_text(self.profile.selectors.lead)[:1] or (
            [self._parts.lead] if self._parts.lead else []
        )
        return lead or self.description_candidates()

    def description_candidates(self) -> list[str]:
        return [
            *texts(self.jsonld.get("description")),
            *self.meta("description", "og:description", "twitter:description"),
        ]

    def date_published(self) -> Answer:
        return self._published_candidates

    @cached_property
    def _published_candidates(self) -> list[str]:
        found = [
            *texts(self.jsonld.get("datePublished")),
            *self.meta("publish-date", "article:published_time", "published_time_telegram"),
            *self.selector.css(
                '[itemprop="datePublished"]::attr(content), time[datetime]::attr(datetime)'
            ).getall(),
            *self.first_text(self.profile.selectors.date),
        ]
        # The generic reader of visible dates (labelled lines, elements named for dates) comes last.
        return found or [text for text in [self.generic.date_published_raw()] if text]

    def date_modified(self) -> Answer:
        return [
            *texts(self.jsonld.get("dateModified")),
            *self.meta("article:modified_time", "modified-date", "og:updated_time"),
        ]

    def authors(self) -> list[str]:
        return [
            *person_names(self.jsonld.get("author")),
            *self.meta("mediator_author"),
            *self.first_text(self.profile.selectors.authors),
        ]

    def section(self) -> Answer:
        # The page's own category first: legacy URLs all live under /news/ whatever the section.
        found = self.meta("category", "article:section") + self.first_text(self.profile.selectors.section)
        return found[0] if found else super().section()

    def tags(self) -> list[str]:
        return self.first_text(self.profile.selectors.tags) or self.meta("article:tag")

    def _image_holders(self) -> Iterator[Selector]:
        if self._container is not None:
            scope = Selector(root=self._container, type="html")
            for css in self.presence.possible(self.profile.selectors.image):
                yield from scope.css(css)
        for css in self.presence.possible(self.profile.selectors.image_outside_body):
            yield from self.selector.css(css)

    def main_image(self) -> MainImage | None:
        for holder in self._image_holders():
            src = self._image_src(holder)
            if src:
                return MainImage(
                    url=urljoin(self.url, src),
                    caption=self._image_text(holder, self.profile.selectors.image_caption),
                    credit=self._image_text(holder, self.profile.selectors.image_credit),
                )
        fallback = texts(self.jsonld.get("image"), "url") or self.meta("og:image")
        if fallback and self.profile.image_from_meta:
            return MainImage(url=urljoin(self.url, fallback[0].strip()), caption=None, credit=None)
        return None

    @staticmethod
    def _image_src(holder: Selector) -> str | None:
        images = holder.css("img, amp-img") if holder.root.tag not in ("img", "amp-img") else [holder]
        for image in images:
            for attribute in ("data-src", "data-original", "data-lazy-src", "src"):
                value = (image.attrib.get(attribute) or "").strip()
                if value and not _PLACEHOLDER.search(value):
                    return value
        for noscript in holder.css("noscript"):
            found = _NOSCRIPT_SRC.search(noscript.get())
            if found:
                return found.group(1)
        return None

    @staticmethod
    def _image_text(holder: Selector, selectors: tuple[str, ...]) -> str | None:
        scope = holder if holder.root.tag not in ("img", "amp-img") else holder.xpath("..")[0]
        for css in selectors:
            text = " ".join(scope.css(f"{css} ::text").getall()).strip()
            if text:
                return text
        return None

    # -- body --------------------------------------------------------------------------------

    def body_blocks(self) -> list[Block]:
        if self._container is None:
            body = texts(self.jsonld.get("articleBody")) or (self.generic.article_body() or "").split("\n\n")
            return [Block(text=p, tag="p", classes=frozenset(), link_chars=0) for p in body if p]
        chrome = self.presence.possible(chrome_alternatives(self.profile.chrome))
        clean = strip_chrome(self._container, chrome)
        self._drop_inline_read_more(clean)
        return list(iter_blocks(clean))

    def _media_before_text(self) -> bool:
        """Whether the body container shows a photo or a video before any paragraph of text."""
        if self._container is None:
            return False
        media = set(MEDIA(self._container))
        for element in self._container.iter():
            if element in media:
                return True
            if element.tag in ("p", "h2", "h3") and (element.text_content() or "").strip():
                return False
        return False

    def _drop_inline_read_more(self, container: HtmlElement) -> None:
        """Remove ``اقرأ المزيد <a>headline</a>`` inserts that sit inside a paragraph."""
        pattern = self.profile.read_more
        for link in container.iter("a"):
            previous = link.getprevious()
            before = previous.tail if previous is not None else link.getparent().text
            marker_element = None
            if (
                not (before or "").strip()
                and previous is not None
                and pattern.fullmatch((previous.text_content() or "").strip(" :-–\u00a0"))
            ):
                marker_element = previous
            elif before and pattern.search(before.rstrip(" :-–\u00a0\n")[-30:]):
                cut = before.rstrip(" :-–\u00a0\n")
                start = [m.start() for m in pattern.finditer(cut)][-1]
                if previous is not None:
                    previous.tail = cut[:start]
                else:
                    link.getparent().text = cut[:start]
            else:
                continue
            if marker_element is not None:
                remove_keeping_tail(marker_element)
            link.text = None
            for child in list(link):
                link.remove(child)
            link.set("data-newsbot-removed", "read-more")

    def article_body(self) -> list[str]:
        return self._parts.paragraphs

    def source(self) -> Answer:
        return self._parts.source

    @cached_property
    def _parts(self) -> BodyParts:
        """The lead, the body paragraphs and the source line's value, from the body blocks."""
        headline = next((text for text in map(normalize_text, self.headline()) if text), None)
        blocks = [b for b in self.body_blocks() if normalize_text(b.text)]
        blocks = [b for b in blocks if not self._is_link_list_item(b)]
        source = None
        for index in range(len(blocks) - 1, max(len(blocks) - 4, -1), -1):
            found = self.profile.source_line.match(normalize_text(blocks[index].text))
            if found:
                source = found.group("source").strip() or None
                del blocks[index:]
                break
        lead = self._take_lead(blocks)
        kept: list[str] = []
        headline_key = match_key(headline or "")
        skip_credit = False
        for block in blocks:
            text = normalize_text(block.text, multiline=True)
            # Headlines, labels and end markers are short; a long paragraph is none of them, and
            # its key is the costliest thing to compute here.
            key = match_key(text) if len(text) <= SHORT_LINE else "\x00long"
            if key in self.profile.end_markers:
                break
            if skip_credit and block.words <= 6 and not _SENTENCE_END.search(text):
                skip_credit = False
                continue
            skip_credit = False
            if headline_key and key == headline_key:
                skip_credit = True
                continue
            if not key or key in self.profile.boilerplate_keys:
                continue
            if any(pattern.search(text) for pattern in self.profile.boilerplate_patterns):
                continue
            text = self._cut_flattened_read_more(text)
            if text and (not kept or text != kept[-1]):
                kept.append(text)
        return BodyParts(lead, kept, source)

    @staticmethod
    def _is_link_list_item(block: Block) -> bool:
        return block.link_density >= 0.8 and block.words <= 40

    def _take_lead(self, blocks: list[Block]) -> str | None:
        if not blocks:
            return None
        printed = self.first_text(self.profile.selectors.lead)[:1]
        if printed:
            # The page prints its standfirst apart from the body: the body's first paragraph is
            # text (a bold one included) unless it repeats that standfirst.
            if match_key(blocks[0].text) == match_key(printed[0]):
                del blocks[0]
            return None
        if not self.profile.lead_in_body:
            return None
        for index, block in enumerate(blocks):
            if "intro" in block.classes or "lead" in block.classes:
                del blocks[index]
                return block.text
        # The first paragraph is the lead when the page's description says so (it may be cut
        # short) or when it is set in bold as a whole, as older designs did. Without either sign,
        # as on press reviews, it is body text; so is a paragraph below the photo or video, where
        # leadless video and breaking-news pages start their text. A lone paragraph is the body.
        if len(blocks) < 2 or self._media_before_text():
            return None
        first = blocks[0]
        descriptions = [match_key(d) for d in self.description_candidates()]
        first_key = match_key(first.text)
        matches_description = any(
            d and first_key and (d == first_key or first_key.startswith(d[:80]) or d.startswith(first_key))
            for d in descriptions
        )
        if matches_description or first.all_bold:
            del blocks[0]
            return first.text
        return None

    def _cut_flattened_read_more(self, text: str) -> str:
        # A read-more insert flattened into running text has no markup left to tell where its
        # headline ends; the rest of that line goes with it so that no foreign headline leaks.
        found = self.profile.read_more.search(text)
        if found is None:
            return text
        head = text[: found.start()].rstrip(" :-–")
        tail = text[found.end() :]
        newline = tail.find("\n")
        rest = tail[newline + 1 :].strip() if newline >= 0 else ""
        return "\n".join(part for part in (head, rest) if part)
