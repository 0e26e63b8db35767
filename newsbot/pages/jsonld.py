"""Reading the schema.org article object out of a page's JSON-LD scripts.

extruct does this for every syntax at once, at the price of rdflib and a dozen more packages; news
pages only need the one NewsArticle object, and they often ship it slightly broken, so a tolerant
reader of our own is smaller and more forgiving.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting", "WebPage"}
)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _loads(raw: str) -> Any:
    raw = raw.strip().removeprefix("<!--").removesuffix("-->").strip().rstrip(";")
    for candidate in (raw, _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", raw))):
        try:
            return json.loads(candidate, strict=False)
        except ValueError:
            continue
    return None


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for child in node:
            yield from _walk(child)
    elif isinstance(node, dict):
        yield node
        if "@graph" in node:
            yield from _walk(node["@graph"])
        if isinstance(node.get("mainEntity"), dict | list):
            yield from _walk(node["mainEntity"])


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", ())
    return {kind} if isinstance(kind, str) else {k for k in kind if isinstance(k, str)}


def find_article(scripts: list[str]) -> dict[str, Any]:
    """The first article-typed object in the given JSON-LD script bodies, or ``{}``.

    A ``WebPage`` counts only when no real article type is present.

    >>> find_article(['{"@graph": [{"@type": "WebPage"}, {"@type": "NewsArticle", "headline": "x",}]}'])
    {'@type': 'NewsArticle', 'headline': 'x'}
    >>> find_article(["not json"])
    {}
    """
    fallback: dict[str, Any] = {}
    for raw in scripts:
        for node in _walk(_loads(raw)):
            types = _types(node)
            if types & (ARTICLE_TYPES - {"WebPage"}):
                return node
            if "WebPage" in types and not fallback:
                fallback = node
    return fallback


def texts(value: Any, key: str = "name") -> list[str]:
    """Strings from a JSON-LD value that may be a string, an object or a list of either.

    >>> texts([{"@type": "Person", "name": "أ"}, "ب", {"url": "x"}])
    ['أ', 'ب']
    """
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        inner = value.get(key)
        return [inner] if isinstance(inner, str) else []
    if isinstance(value, list):
        return [text for item in value for text in texts(item, key)]
    return []


def person_names(value: Any) -> list[str]:
    """Author names, leaving out organisations (publishers often list themselves as the author).

    >>> person_names([{"@type": "Organization", "name": "RT"}, {"@type": "Person", "name": "س"}])
    ['س']
    """
    if isinstance(value, list):
        return [name for item in value for name in person_names(item)]
    if isinstance(value, dict) and "Organization" in _types(value):
        return []
    return texts(value)
