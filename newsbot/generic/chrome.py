"""Removing page chrome from a copy of the page by markup and by shape, before the body is looked for.

Markup: elements that are never text (scripts, forms, media, navigation landmarks, hidden elements)
and elements whose class or id names a kind of chrome (share bars, related lists, comments, cookie
notices...). Shape: groups of link cards and boxes built around a form. Class names are matched as
words of the name, and a wrapper that holds most of the page's long paragraphs is never removed for
its name alone (WordPress puts ``tag-…`` and ``category-…`` classes on the article element itself).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree
from lxml.html import HtmlElement

from newsbot.pages.blocks import BLOCK_TAGS, remove_keeping_tail, visible_length

#: Tags whose content is never article text.
NEVER_TEXT = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "video",
    "audio",
    "svg",
    "canvas",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "nav",
    "aside",
    "footer",
    "figure",
    "figcaption",
    "picture",
    "img",
    "amp-img",
    "amp-video",
    "amp-iframe",
    "amp-ad",
    "amp-social-share",
    "amp-user-notification",
    "dialog",
    "menu",
    "header",
    "label",
)
_ROLES = frozenset(
    {
        "navigation",
        "complementary",
        "banner",
        "contentinfo",
        "search",
        "dialog",
        "alertdialog",
        "menu",
        "menubar",
    }
)
#: Word stems that name chrome wherever they occur in a class or id ("sharedaddy", "relatedposts").
STRONG_STEMS = (
    "share",
    "sharing",
    "social",
    "related",
    "newsletter",
    "subscri",
    "comment",
    "cookie",
    "consent",
    "gdpr",
    "breadcrumb",
    "advert",
    "sponsor",
    "outbrain",
    "taboola",
    "recommend",
    "interstitial",
    "caption",
    "credit",
    "copyright",
    "popup",
    "modal",
    "sidebar",
    "widget",
    "byline",
    "trending",
    "mostread",
    "most-read",
    "most_read",
    "readmore",
    "read-more",
    "read_more",
    "pagination",
    "toolbar",
    "skip-link",
    "skiplink",
    "disqus",
    "lead",
    "intro",
    "chapo",
    "standfirst",
    "summary",
    "excerpt",
    "teaser",
    "paywall",
    "promo",
)
#: Stems that name a standfirst on a block but a subheading on a heading element.
STANDFIRST_STEMS = re.compile(r"sub-?title|subhead|deck|announce")
_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
#: Whole words of a class or id that name chrome (too short to match inside other words).
WEAK_WORDS = frozenset(
    {
        "ad",
        "ads",
        "adv",
        "dfp",
        "tag",
        "tags",
        "topics",
        "keywords",
        "nav",
        "navbar",
        "menu",
        "date",
        "dates",
        "time",
        "timestamp",
        "published",
        "pubdate",
        "meta",
        "author",
        "authors",
        "more",
        "hidden",
        "hide",
        "sr",
        "tools",
        "video",
        "player",
        "gallery",
        "slider",
        "carousel",
        "embed",
        "tweet",
        "twitter",
        "instagram",
        "tiktok",
        "facebook",
        "whatsapp",
        "telegram",
        "youtube",
        "rating",
        "email",
        "print",
        "footer",
        "header",
        "masthead",
        "logo",
        "search",
        "login",
        "follow",
        "notice",
        "alert",
        "banner",
        "rtcode",
        "photo",
        "image",
        "img",
        "thumb",
        "thumbnail",
        "card",
        "cards",
        "dek",
        "share",
    }
)
#: Words that name the article itself; weak chrome words next to them do not count.
POSITIVE_WORDS = frozenset({"article", "content", "body", "entry", "post", "story", "text", "main", "news"})
#: Tags never removed for their class name: they wrap whole pages or whole articles.
_WRAPPERS = frozenset({"html", "body", "main", "article"})
_WORDS = re.compile(r"[a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_STRONG = re.compile("|".join(re.escape(stem) for stem in STRONG_STEMS))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
#: Paragraphs at least this long (visible characters) are what the wrapper guard counts.
LONG_PARAGRAPH = 80
_CARD_TEXT = 400
#: A form holding more text than this is a page wrapper, not a newsletter or search box.
FORM_TEXT = 500


def _name(element: HtmlElement) -> str:
    raw = f"{element.get('class') or ''} {element.get('id') or ''}"
    return _CAMEL.sub("-", raw).lower() if raw.strip() else ""


def chrome_name(name: str) -> bool:
    """Whether a (lower-cased) class/id string names chrome.

    >>> chrome_name("share-bar social-icons"), chrome_name("jp-relatedposts"), chrome_name("post-meta")
    (True, True, True)
    >>> chrome_name("article-body"), chrome_name("adventure"), chrome_name("article article_video")
    (False, False, False)
    >>> chrome_name("article-date"), chrome_name("fig-content-metas__author")
    (True, True)
    """
    if not name:
        return False
    if _STRONG.search(name):
        return True
    # "article article_video" is an article that has a video, not a video block; "article-date" is
    # the article's date line.
    if POSITIVE_WORDS.intersection(name.split()):
        return False
    return any(word in WEAK_WORDS for word in _WORDS.findall(name))


def long_paragraph_counts(root: HtmlElement) -> dict[HtmlElement, int]:
    """For every element, how many long ``<p>`` it holds (the wrapper guard's measure)."""
    counts: dict[HtmlElement, int] = {}
    for paragraph in root.iter("p"):
        if visible_length(paragraph.text_content()) < LONG_PARAGRAPH:
            continue
        element: HtmlElement | None = paragraph
        while element is not None:
            counts[element] = counts.get(element, 0) + 1
            element = element.getparent()
    return counts


def _remove_all(elements: Iterable[HtmlElement]) -> None:
    for element in list(elements):
        if element.getparent() is not None:
            remove_keeping_tail(element)


def _is_hidden(element: HtmlElement) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _form_boxes(root: HtmlElement) -> list[HtmlElement]:
    """Newsletter and search boxes: the smallest ancestor of a form or input that has some text."""
    boxes = []
    for control in root.iter("form", "input", "button"):
        box = control.getparent()
        while box is not None and box.tag not in _WRAPPERS and visible_length(box.text_content()) < 20:
            box = box.getparent()
        if box is not None and box.tag not in _WRAPPERS and visible_length(box.text_content()) <= 300:
            boxes.append(box)
    return boxes


def _link_cards(root: HtmlElement) -> list[HtmlElement]:
    """Teaser cards: a short element built around a heading that is a link (related stories)."""
    cards = []
    for heading in root.iter("h2", "h3", "h4", "h5", "h6"):
        heading_text = visible_length(heading.text_content())
        link_text = sum(visible_length(a.text_content()) for a in heading.iter("a"))
        if not heading_text or link_text < 0.6 * heading_text:
            continue
        card = heading.getparent()
        if card is None or card.tag in _WRAPPERS or card.tag == "p":
            continue
        if visible_length(card.text_content()) <= _CARD_TEXT:
            cards.append(card)
    return cards


def strip_page_chrome(root: HtmlElement) -> None:
    """Remove chrome from ``root`` in place (call it on a copy)."""
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    _remove_all(_form_boxes(root))
    _remove_all(_link_cards(root))
    counts = long_paragraph_counts(root)
    total = counts.get(root, 0)
    doomed: list[HtmlElement] = []
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if tag in NEVER_TEXT or (element.get("role") or "").lower() in _ROLES or _is_hidden(element):
            # A <header> or <footer> that wraps the article is layout, not chrome; so is the <form>
            # that ASP.NET WebForms sites wrap around the whole page.
            if tag in {"header", "footer"} and counts.get(element, 0) >= 2:
                continue
            if tag == "form" and (
                visible_length(element.text_content()) > FORM_TEXT or element.find(".//h1") is not None
            ):
                continue
            doomed.append(element)
        elif tag not in _WRAPPERS and (
            chrome_name(name := _name(element))
            or (tag not in _HEADING_TAGS and STANDFIRST_STEMS.search(name))
        ):
            held = counts.get(element, 0)
            if held >= 2 and held * 2 >= total:
                continue
            doomed.append(element)
    _remove_all(doomed)
    _blocks_as_blocks(root)


def _blocks_as_blocks(root: HtmlElement) -> None:
    """Give a ``div`` tag to inline or unknown wrappers that hold blocks (the ASP.NET page ``<form>``,
    ``<span>`` or ``<font>`` around paragraphs, custom elements), so that neither the container
    search nor the paragraph split reads a whole page as one run of inline text. Links keep their
    tag: a link around a card is still a link."""
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str) or tag in BLOCK_TAGS or tag in {"a", "body", "html", "br"}:
            continue
        if any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in element):
            element.tag = "div"
