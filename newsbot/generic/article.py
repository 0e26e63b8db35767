"""The generic article fields of any page, one method per field, and the "is this an article?" decision.

Each field reads the page's structured data first (JSON-LD, then microdata, then OpenGraph and
``<meta>``), then the page's own markup. Site page classes call single methods as fallbacks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from functools import cached_property
from typing import Any
from urllib.parse import urljoin

from lxml.html import HtmlElement
from parsel import Selector

from newsbot.generic.body import Body, find_body
from newsbot.generic.dates import DATE_LINE, parsed_iso, visible_dates
from newsbot.generic.language import language_of_text, language_tag
from newsbot.generic.media import Image, metadata_image, photo_block
from newsbot.generic.metadata import Metadata, read_metadata
from newsbot.generic.text import clean_text
from newsbot.pages.jsonld import person_names, texts
from newsbot.text import match_key

PUBLISHED_METAS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "published_time",
    "publish-date",
    "publish_date",
    "pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
    "date",
)
MODIFIED_METAS = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
)
AUTHOR_METAS = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl")
#: Characters of body below which a page has no article text (video, gallery and live pages); pages
#: that say they are articles (schema.org type, og:type, article:published_time) may be short briefs.
MIN_BODY_CHARS = 250
MIN_MARKED_BODY_CHARS = 80
#: Without any article markup a page needs more text to count as an article.
MIN_UNMARKED_BODY_CHARS = 500
_TITLE_SEPARATORS = re.compile(r"\s+[|–—\-:•·»]\s+|\s+::\s+")
_BYLINE_LABEL = re.compile(
    r"^\s*(?:by|par|von|por|بقلم|كتب|كتبت|كتبه|إعداد|اعداد|تحرير|نویسنده|تحریر|رپورٹ)\s*[:：]?\s*",
    re.IGNORECASE,
)
_TAG_BOX = re.compile(r"tags|topics|keywords")
_TITLE_CLASS = re.compile(r"title|headline")
_BYLINE_CLASS = re.compile(r"byline|author-?name|writer|write-?by")
_LEAD_CLASS = re.compile(r"lead|intro|chapo|standfirst|summary|excerpt|subtitle|dek\b", re.IGNORECASE)


def _first_str(value: Any) -> str | None:
    found = texts(value)
    return found[0].strip() if found and found[0].strip() else None


def _clean(text: str | None) -> str | None:
    return (clean_text(text) or None) if text else None


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        key = match_key(value)
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out


class GenericFields:
    """Every Article field of one parsed page, read without a site profile.

    >>> page = GenericFields(Selector(text="<html lang='ar'><h1>عنوان</h1><p>نص</p></html>"), "https://x.test/a")
    >>> page.headline(), page.in_language()
    ('عنوان', 'ar')
    """

    def __init__(
        self, selector: Selector, url: str, *, timezone: str = "UTC", now: datetime | None = None
    ) -> None:
        self.selector = selector
        self.root: HtmlElement = selector.root
        self.url = url
        self.timezone = timezone
        self.now = now

    # -- shared reads ---------------------------------------------------------------------------

    @cached_property
    def meta(self) -> Metadata:
        return read_metadata(self.root)

    @cached_property
    def _names(self) -> list[tuple[HtmlElement, str, str]]:
        """(element, lower-cased class, lower-cased class + id + aria-labelledby) of named elements."""
        named = []
        for element in self.root.xpath("//body//*[@class or @id or @aria-labelledby]"):
            classes = (element.get("class") or "").lower()
            rest = f"{element.get('id') or ''} {element.get('aria-labelledby') or ''}".lower()
            named.append((element, classes, f"{classes} {rest}"))
        return named

    def _named(self, pattern: re.Pattern[str], *, classes_only: bool = False) -> Iterator[HtmlElement]:
        """Elements, in document order, whose class (or also id / aria-labelledby) matches."""
        for element, classes, everything in self._names:
            if pattern.search(classes if classes_only else everything):
                yield element

    @cached_property
    def _h1s(self) -> list[str]:
        return [t for t in (_clean(h.text_content()) for h in self.root.iter("h1")) if t]

    @cached_property
    def body(self) -> Body:
        return find_body(
            self.root, headline=self.headline(), description=self.description(), date_line=DATE_LINE
        )

    @cached_property
    def _visible_dates(self) -> tuple[str | None, str | None, str | None]:
        return visible_dates(self.root, self.timezone, self.now)

    @cached_property
    def _published(self) -> tuple[str | None, str | None]:
        candidates = [
            _first_str(self.meta.article.get("datePublished")),
            *self.meta.microdata.get("datePublished", [])[:1],
            *(self.meta.meta(name)[0] for name in PUBLISHED_METAS if self.meta.meta(name)),
            _first_str(self.meta.webpage.get("datePublished")),
            # Site-specific names such as published_time_telegram or article.published.
            *(values[0] for name, values in self.meta.metas.items() if "publish" in name and values),
        ]
        for raw in candidates:
            if raw and (iso := parsed_iso(raw.strip(), self.timezone, self.now)):
                return raw.strip(), iso
        raw, iso, _ = self._visible_dates
        return raw, iso

    # -- fields ---------------------------------------------------------------------------------

    def headline(self) -> str | None:
        """The visible ``<h1>`` when the page's metadata agrees with it, else the metadata's title."""
        meta = self.meta
        structured = [
            _first_str(meta.article.get("headline")),
            *meta.microdata.get("headline", [])[:1],
            *meta.meta("og:title", "twitter:title")[:1],
            _first_str(meta.article.get("name")),
        ]
        title = self.root.find(".//title")
        title_text = _clean(title.text_content()) if title is not None else None
        known = [c for c in (*structured, title_text) if c]
        known_keys = [match_key(c) for c in known]
        for h1 in self._h1s:
            key = match_key(h1)
            if key and any(key == k or (len(key) >= 10 and key in k) for k in known_keys):
                return h1
        for candidate in structured:
            if candidate:
                return _clean(self._strip_site_name(candidate))
        if self._h1s:
            return self._h1s[0]
        if titled := self._title_classed():
            return titled
        return _clean(self._strip_site_name(title_text)) if title_text else None

    def _title_classed(self) -> str | None:
        """Pages without ``<h1>`` or metadata: the first element whose class names a title."""
        for element in self._named(_TITLE_CLASS, classes_only=True):
            if any(
                a.tag in {"a", "nav", "header", "footer", "aside", "head"} for a in element.iterancestors()
            ):
                continue
            text = _clean(element.text_content())
            if text and 3 <= len(text.split()) <= 30:
                return text
        return None

    def _strip_site_name(self, title: str) -> str:
        parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
        if len(parts) < 2:
            return title
        site = {match_key(s) for s in self.meta.meta("og:site_name", "application-name")}
        kept = [p for p in parts if match_key(p) not in site]
        return max(kept or parts, key=len)

    def description(self) -> str | None:
        meta = self.meta
        for value in (
            _first_str(meta.article.get("description")),
            *meta.meta("og:description", "description", "twitter:description")[:1],
            *meta.microdata.get("description", [])[:1],
        ):
            if value and (text := _clean(value)):
                return text
        for element in self.root.iter("p", "div", "h2"):
            if _LEAD_CLASS.search(element.get("class") or "") and (text := _clean(element.text_content())):
                return text
        return None

    def article_body(self) -> str | None:
        return self.body.text or None

    def source(self) -> str | None:
        return self.body.source

    def date_published_raw(self) -> str | None:
        return self._published[0]

    def date_published(self) -> str | None:
        return self._published[1]

    def date_modified(self) -> str | None:
        meta = self.meta
        for raw in (
            _first_str(meta.article.get("dateModified")),
            *meta.microdata.get("dateModified", [])[:1],
            *(meta.meta(name)[0] for name in MODIFIED_METAS if meta.meta(name)),
        ):
            if raw and (iso := parsed_iso(raw.strip(), self.timezone, self.now)):
                return iso
        return self._visible_dates[2]

    def authors(self) -> list[str]:
        meta = self.meta
        site = {match_key(s) for s in meta.meta("og:site_name")}
        names: list[str] = []
        if "author" in meta.article:
            names = person_names(meta.article["author"])
        if not names:
            names = meta.microdata.get("author", [])
        if not names:
            for name in AUTHOR_METAS:
                names = [v for v in meta.meta(name) if not v.startswith(("http://", "https://"))]
                if names:
                    break
        if not names:
            names = [a.text_content() for a in self.root.xpath("//a[@rel='author']")]
        if not names:
            bylines = (e.text_content() for e in self._named(_BYLINE_CLASS, classes_only=True))
            names = [text for text in bylines if 0 < len(text.strip()) < 80][:1]
        cleaned = [_clean(_BYLINE_LABEL.sub("", n)) for n in names]
        return _unique([n for n in cleaned if n and match_key(n) not in site])

    def section(self) -> str | None:
        meta = self.meta
        for value in (
            _first_str(meta.article.get("articleSection")),
            *meta.meta("article:section")[:1],
            *meta.microdata.get("articleSection", [])[:1],
        ):
            if value and (text := _clean(value)):
                return text
        return None

    def tags(self) -> list[str]:
        meta = self.meta
        values = meta.meta("article:tag")
        if not values:
            keywords = meta.article.get("keywords")
            if isinstance(keywords, str):
                values = keywords.split(",")
            elif isinstance(keywords, list):
                values = [k for k in keywords if isinstance(k, str)]
        if not values:
            values = [
                a.text_content() for a in self.root.xpath("//a[contains(concat(' ', @rel, ' '), ' tag ')]")
            ]
        if not values:
            values = self._tag_list()
        return _unique([t for t in (_clean(v) for v in values) if t])

    def _tag_list(self) -> list[str]:
        """Link texts of the first short list of short links whose name says tags or topics."""
        for box in self._named(_TAG_BOX):
            if box.tag in {"article", "body", "html", "main"}:
                continue
            links = [clean_text(a.text_content()) for a in box.iter("a")]
            if 0 < len(links) <= 15 and all(0 < len(link) <= 40 for link in links):
                return links
        return []

    def main_image(self) -> Image | None:
        paragraphs = self.body.paragraphs
        found = photo_block(self.root, self.url, paragraphs[0] if paragraphs else None)
        if found:
            return found
        return metadata_image(self.meta.article, self.meta.meta("og:image", "twitter:image"), self.url)

    def canonical_url(self) -> str:
        for href in self.root.xpath("//link[@rel='canonical']/@href"):
            if str(href).strip():
                return urljoin(self.url, str(href).strip())
        og = self.meta.meta("og:url")
        return urljoin(self.url, og[0]) if og else self.url

    def in_language(self) -> str | None:
        html = self.root if self.root.tag == "html" else self.root.find(".//html")
        declared = [
            html.get("lang") if html is not None else None,
            _first_str(self.meta.article.get("inLanguage")),
            *self.meta.meta("og:locale", "content-language", "language")[:1],
        ]
        for value in declared:
            if tag := language_tag(value):
                return tag
        return language_of_text(self.body.text or self.headline() or "")

    # -- the decision ---------------------------------------------------------------------------

    def not_article_reason(self) -> str | None:
        """Why this page is not an article page, or ``None`` when it is one."""
        meta = self.meta
        marked = (
            meta.has_article_type
            or meta.meta("og:type")[:1] == ["article"]
            or bool(meta.meta(*PUBLISHED_METAS[:7]))
        )
        if meta.has_non_article_type and not meta.has_article_type:
            return "structured data names a list, gallery, video or profile page"
        og_type = (meta.meta("og:type") or [""])[0]
        if og_type.startswith(("video", "profile", "music")) and not meta.has_article_type:
            return f"og:type is {og_type}"
        body = self.body
        if body.chars < (MIN_MARKED_BODY_CHARS if marked else MIN_BODY_CHARS):
            return f"no article text ({body.chars} characters of body)"
        if body.linked_headings >= 3 or body.link_density > 0.4:
            return "the text container is a list of linked headlines"
        if not marked and len(self.root.xpath("//article")) >= 4:
            return "several article cards and no article markup"
        # Without markup, one headline with a printed date above the text is still a story's shape.
        story_shaped = len(self._h1s) == 1 and self._visible_dates[1] is not None
        if not marked and not story_shaped and body.chars < MIN_UNMARKED_BODY_CHARS:
            return f"no article markup and little text ({body.chars} characters)"
        return None

    def is_article(self) -> bool:
        return self.not_article_reason() is None

    def to_dict(self) -> dict[str, Any]:
        """The article as a dict with the Article field names (no id, site, hashes or scrape time)."""
        return {
            "url": self.url,
            "canonical_url": self.canonical_url(),
            "headline": self.headline(),
            "description": self.description(),
            "article_body": self.article_body(),
            "date_published": self.date_published(),
            "date_published_raw": self.date_published_raw(),
            "date_modified": self.date_modified(),
            "authors": self.authors(),
            "section": self.section(),
            "tags": self.tags(),
            "main_image": self.main_image(),
            "source": self.source(),
            "in_language": self.in_language(),
        }
