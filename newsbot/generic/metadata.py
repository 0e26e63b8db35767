"""Structured metadata of any page: JSON-LD, OpenGraph / ``<meta>`` and microdata, read once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from newsbot.pages.jsonld import _loads, _types, _walk

#: schema.org types that make a page an article page.
ARTICLE_TYPES = frozenset(
    {
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
    }
)
#: schema.org types of pages that are not one article: lists, profiles, media pages.
NON_ARTICLE_TYPES = frozenset(
    {
        "CollectionPage",
        "ItemList",
        "SearchResultsPage",
        "ProfilePage",
        "ImageGallery",
        "MediaGallery",
        "VideoGallery",
        "VideoObject",
        "AboutPage",
        "ContactPage",
    }
)


@dataclass(slots=True)
class Metadata:
    """Everything a page says about itself in machine-readable form."""

    #: The article object of the JSON-LD (the first one with an article type), or ``{}``.
    article: dict[str, Any] = field(default_factory=dict)
    #: Every ``@type`` seen anywhere in the JSON-LD.
    types: set[str] = field(default_factory=set)
    #: The page-level JSON-LD object (``WebPage`` and kin) when there is one.
    webpage: dict[str, Any] = field(default_factory=dict)
    #: ``<meta>`` values by lower-cased ``name`` / ``property`` / ``itemprop``, in page order.
    metas: dict[str, list[str]] = field(default_factory=dict)
    #: Microdata ``itemprop`` values inside an article ``itemscope``, in page order.
    microdata: dict[str, list[str]] = field(default_factory=dict)
    #: ``itemtype`` names of the page's microdata scopes.
    microdata_types: set[str] = field(default_factory=set)

    def meta(self, *names: str) -> list[str]:
        """Non-empty values of the first of ``names`` the page has."""
        for name in names:
            values = [v for v in self.metas.get(name, []) if v.strip()]
            if values:
                return values
        return []

    @property
    def has_article_type(self) -> bool:
        return bool(self.types & ARTICLE_TYPES) or bool(self.microdata_types & ARTICLE_TYPES)

    @property
    def has_non_article_type(self) -> bool:
        return bool(self.types & NON_ARTICLE_TYPES) or bool(self.microdata_types & NON_ARTICLE_TYPES)


def _article_node(node: dict[str, Any]) -> bool:
    return bool(_types(node) & ARTICLE_TYPES)


def read_metadata(root: HtmlElement) -> Metadata:
    """Collect JSON-LD (``@graph``, arrays, nested ``mainEntity``), ``<meta>`` and microdata."""
    data = Metadata()
    for script in root.iter("script"):
        kind = (script.get("type") or "").lower()
        if kind != "application/ld+json" or not script.text:
            continue
        for node in _walk(_loads(script.text)):
            types = _types(node)
            data.types |= types
            if not data.article and _article_node(node):
                data.article = node
            elif not data.webpage and types & {"WebPage", "ItemPage"}:
                data.webpage = node
    # An article nested under another key (``"mainEntityOfPage"`` or ``"hasPart"``) of a WebPage.
    if not data.article and data.webpage:
        for key in ("hasPart", "about", "mainEntityOfPage"):
            for node in _walk(data.webpage.get(key)):
                if _article_node(node):
                    data.article = node
                    data.types |= _types(node)
                    break
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        content = meta.get("content")
        if key and content is not None:
            data.metas.setdefault(key.strip().lower(), []).append(content.strip())
    _read_microdata(root, data)
    return data


def _read_microdata(root: HtmlElement, data: Metadata) -> None:
    scopes = root.xpath("//*[@itemscope and @itemtype]")
    for scope in scopes:
        name = (scope.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1]
        data.microdata_types.add(name)
    article_scopes = [
        s for s in scopes if (s.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1] in ARTICLE_TYPES
    ]
    if not article_scopes:
        return
    for element in article_scopes[0].xpath(".//*[@itemprop]"):
        value = (
            element.get("content")
            or element.get("datetime")
            or (element.get("href") if element.tag in {"a", "link"} else None)
            or (element.get("src") if element.tag == "img" else None)
            or " ".join(element.text_content().split())
        )
        for prop in (element.get("itemprop") or "").split():
            if value:
                data.microdata.setdefault(prop, []).append(value)
