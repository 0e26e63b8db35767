"""The article's main image: its own photo block when it has one, else the image its metadata names."""

from __future__ import annotations

import re
from typing import Any, TypedDict
from urllib.parse import urljoin

from lxml.html import HtmlElement

from newsbot.generic.text import clean_text
from newsbot.text import match_key

_PLACEHOLDER = re.compile(r"^data:|placeholder|blank\.|1x1|spacer|loading\.|lazy\.", re.IGNORECASE)
_NOSCRIPT_SRC = re.compile(r"""<img[^>]+src\s*=\s*["']([^"']+)""", re.IGNORECASE)
_CREDIT_CLASS = re.compile(r"credit|copyright|source|author", re.IGNORECASE)
_CREDIT_PREFIX = re.compile(
    r"^\s*(?:©|\(c\)|photo:|image:|credit:|الصورة:|صورة:|صورة من:|تصوير:)\s*", re.IGNORECASE
)


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


_LABEL_END = ("،", ",", ":", "：")
_OUTSIDE = frozenset({"header", "nav", "aside", "footer"})


def _labelled_text(element: HtmlElement | None) -> str | None:
    """An element's text without a leading label child such as ``التعليق على الصورة،``."""
    if element is None:
        return None
    text = clean_text(element.text_content())
    first = next((child for child in element if isinstance(child.tag, str)), None)
    if first is not None and not (element.text or "").strip():
        label = clean_text(first.text_content())
        if label.endswith(_LABEL_END) and len(label.split()) <= 4 and text.startswith(label):
            text = text[len(label) :].strip()
    return text or None


def _figure_credit(figure: HtmlElement, caption_element: HtmlElement | None) -> str | None:
    marked = next(
        (e for e in figure.iter() if isinstance(e.tag, str) and _CREDIT_CLASS.search(e.get("class") or "")),
        None,
    )
    if marked is not None:
        return _labelled_text(marked)
    # Text in the figure outside its caption is the photo's credit line.
    for child in figure.iter():
        if child is figure or not isinstance(child.tag, str) or child is caption_element:
            continue
        if caption_element is not None and caption_element in child.iterancestors():
            continue
        if child.find(".//img") is None and caption_element not in child.iterdescendants():
            text = _labelled_text(child)
            if text and len(text.split()) <= 12:
                return text
    return None


def photo_block(root: HtmlElement, base: str, body_start: str | None) -> Image | None:
    """The first ``<figure>`` with a real image before the body's first paragraph, with its caption and
    credit; photos inside the body illustrate a passage and are not the article's main image."""
    stop = match_key(body_start[:80])[:20] if body_start else None
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if stop and (element.text or "").strip():
            own = element.text_content() if tag == "p" else element.text or ""
            if match_key(own[:120]).startswith(stop):
                return None
        if tag != "figure" or any(a.tag in _OUTSIDE for a in element.iterancestors()):
            continue
        src = _src(element)
        if not src:
            continue
        caption_element = element.find(".//figcaption")
        credit = _figure_credit(element, caption_element)
        caption = _labelled_text(caption_element)
        if caption and credit and caption.endswith(credit):
            caption = caption[: -len(credit)].rstrip(" -–|/") or None
        if credit:
            credit = _CREDIT_PREFIX.sub("", credit).strip("() ") or None
        if caption and credit and caption.endswith(f"({credit})"):
            caption = caption[: -len(credit) - 2].rstrip() or None
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
        "caption": clean_text(caption) if caption else None,
        "credit": clean_text(credit) if credit else None,
    }
