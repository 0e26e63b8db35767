"""The article's main image: its own photo block when it has one, else the image its metadata names."""

from __future__ import annotations

import re
from typing import Any, TypedDict
from urllib.parse import urljoin

from lxml.html import HtmlElement

from newsbot.text import normalize_text

_PLACEHOLDER = re.compile(r"^data:|placeholder|blank\.|1x1|spacer|loading\.|lazy\.", re.IGNORECASE)
_NOSCRIPT_SRC = re.compile(r"""<img[^>]+src\s*=\s*["']([^"']+)""", re.IGNORECASE)
_CREDIT_CLASS = re.compile(r"credit|copyright|source|author", re.IGNORECASE)
_CREDIT_PREFIX = re.compile(r"^\s*(?:©|\(c\)|photo:|image:|credit:|الصورة:|صورة:|صورة من:|تصوير:)\s*", re.IGNORECASE)


class Image(TypedDict):
    url: str
    caption: str | None
    credit: str | None


def _src(holder: HtmlElement) -> str | None:
    for img in holder.iter("img", "amp-img", "source"):
        for attribute in ("data-src", "data-lazy-src", "data-original", "src", "srcset", "data-srcset"):
            value = (img.get(attribute) or "").strip()
            if attribute.endswith("srcset") and value:
                value = value.split(",")[0].split()[0]
            if value and not _PLACEHOLDER.search(value):
                return value
    for noscript in holder.iter("noscript"):
        found = _NOSCRIPT_SRC.search(noscript.text or "")
        if found:
            return found.group(1)
    return None


def _text(element: HtmlElement | None) -> str | None:
    if element is None:
        return None
    return normalize_text(element.text_content()) or None


def photo_block(scope: HtmlElement, base: str) -> Image | None:
    """The first ``<figure>`` with a real image inside ``scope``, with its caption and credit."""
    for figure in scope.iter("figure"):
        src = _src(figure)
        if not src:
            continue
        caption_element = figure.find(".//figcaption")
        credit_element = next(
            (e for e in figure.iter() if isinstance(e.tag, str) and _CREDIT_CLASS.search(e.get("class") or "")),
            None,
        )
        credit = _text(credit_element)
        caption = _text(caption_element)
        if caption and credit and caption.endswith(credit):
            caption = caption[: -len(credit)].rstrip(" -–|/") or None
        if credit:
            credit = _CREDIT_PREFIX.sub("", credit) or None
        return {"url": urljoin(base, src), "caption": caption, "credit": credit}
    return None


def metadata_image(article: dict[str, Any], metas: list[str], base: str) -> Image | None:
    """The JSON-LD ``image`` (a URL, an ImageObject or a list of either), else ``og:image``."""
    value: Any = article.get("image")
    if isinstance(value, list):
        value = value[0] if value else None
    caption = credit = None
    if isinstance(value, dict):
        caption = value.get("caption") if isinstance(value.get("caption"), str) else None
        credit = value.get("creditText") if isinstance(value.get("creditText"), str) else None
        value = value.get("url") or value.get("contentUrl")
    if not isinstance(value, str) or not value.strip():
        value = metas[0] if metas else None
    if not value:
        return None
    return {
        "url": urljoin(base, value.strip()),
        "caption": normalize_text(caption) if caption else None,
        "credit": normalize_text(credit) if credit else None,
    }
