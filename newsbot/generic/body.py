"""The article body of any page, found structurally: the densest text container, then its paragraphs.

The page is copied once and chrome is removed from the copy (:mod:`newsbot.generic.chrome`). Every
element's own inline text is a unit: long units with few links are good text, link-heavy and short
units are bad text. Each unit counts for all its ancestors, and the container is the element where
good minus bad text is largest: going up adds menus and cards, going down loses paragraphs. Its
paragraphs are then filtered by shape (link lists, captions and credits, date lines, repeats).
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass

from lxml.html import HtmlElement

from newsbot.generic.chrome import strip_page_chrome
from newsbot.generic.text import clean_text
from newsbot.pages.blocks import BLOCK_TAGS, Block, iter_blocks, visible_length
from newsbot.text import match_key

#: A unit shorter than this (visible characters) is a label, a time or a button, not a paragraph.
MIN_GOOD = 25
#: Lines of at most this many words before the first paragraph are not part of the body.
SHORT_LEADING_WORDS = 6
#: Share of link text above which a unit or a paragraph is a list of links.
LINK_DENSE = 0.35
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_SENTENCE_END = re.compile(r"[.!?؟…:؛;»\"”')\]]$")
#: Short lines that are a photo's credit or caption by their shape (a label and a name).
_CREDIT = re.compile(
    r"^[(\[]?\s*(?:©|\(c\)|photo\b|image\b|picture\b|credit|crédit|صورة\b|الصورة\b|صور\b|تصوير\b|عکس\b|تصویر\b)"
    r"|(?:©|\bgetty images\b|\bshutterstock\b)"
    r"|^\s*(?:صورة من|الصورة من|photo by|image by)\b",
    re.IGNORECASE,
)
#: A closing attribution line: a label naming the source, or a short line wholly in parentheses.
_ATTRIBUTION = re.compile(
    r"^\s*(?:المصدر|المصادر|مصدر الخبر|source|sources|quelle|منبع|ماخذ|fuente)\s*[:：]\s*(?P<label>.+)$"
    r"|^\s*[(\[]\s*(?P<paren>[^()\[\]]{1,40})\s*[)\]]\s*\.?$"
    r"|^\s*[—–]\s*(?P<dash>[^.!?؟،,]{2,40})$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Body:
    """The body's paragraphs, the attribution line found under it, and the container it came from."""

    paragraphs: list[str]
    source: str | None
    container: HtmlElement | None
    #: Share of the container's text that sits in links (listing pages are link-heavy).
    link_density: float
    #: Linked headings left in the container (teaser cards of a listing).
    linked_headings: int

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def chars(self) -> int:
        return sum(len(p) for p in self.paragraphs)


def _own_text(element: HtmlElement) -> tuple[int, int]:
    """(visible characters, characters in links) of an element's own inline content."""
    chars = visible_length(element.text)
    links = chars if element.tag == "a" else 0
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag and tag not in BLOCK_TAGS and tag != "br":
            inner = visible_length(child.text_content())
            chars += inner
            if tag == "a" or element.tag == "a":
                links += inner
            else:
                links += sum(visible_length(a.text_content()) for a in child.iter("a"))
        chars += visible_length(child.tail)
        if element.tag == "a":
            links += visible_length(child.tail)
    return chars, links


def find_container(root: HtmlElement) -> HtmlElement | None:
    """The element of a chrome-free tree where good text minus bad text is largest."""
    scores: dict[HtmlElement, float] = {}
    for element in root.iter():
        tag = element.tag
        # Inline elements are counted inside the block that holds them.
        if not isinstance(tag, str) or (tag not in BLOCK_TAGS and tag != "body"):
            continue
        chars, links = _own_text(element)
        if not chars:
            continue
        if links > LINK_DENSE * chars:
            value = -float(chars)
        elif tag in _HEADINGS or tag == "h1":
            value = 0.0
        elif chars - links < MIN_GOOD:
            value = -0.5 * chars
        else:
            # Each unit pays a fixed toll, so a wrapper gains nothing from a date or a byline line.
            value = float(chars - links - MIN_GOOD)
        if value == 0.0:
            continue
        node: HtmlElement | None = element if tag not in {"p", "li"} else element.getparent()
        while node is not None:
            scores[node] = scores.get(node, 0.0) + value
            node = node.getparent()
    if not scores:
        return None
    best = max(scores.values())
    if best <= 0:
        return None
    # Ties go to the deepest element: a wrapper with nothing else in it adds nothing.
    depth = {e: sum(1 for _ in e.iterancestors()) for e, s in scores.items() if s == best}
    return _widen_to_repeated_wrappers(max(depth, key=lambda e: depth[e]), scores)


def _widen_to_repeated_wrappers(best: HtmlElement, scores: dict[HtmlElement, float]) -> HtmlElement:
    """The parent of ``best`` when ``best`` is one of several same-shaped text wrappers (one ``<div>``
    per paragraph, as React-rendered pages print them), so the article is not cut to one paragraph."""
    parent = best.getparent()
    if parent is None:
        return best
    shape = (best.tag, best.get("class"))
    twins = [c for c in parent if (c.tag, c.get("class")) == shape and scores.get(c, 0.0) > 0]
    return parent if len(twins) >= 2 else best


def _clean(block: Block) -> str:
    return clean_text(block.text)


def is_credit(text: str) -> bool:
    """A photo credit or caption line, by its shape.

    >>> is_credit("(صورة: رويترز)"), is_credit("© AFP"), is_credit("صورة من: DW")
    (True, True, True)
    >>> is_credit("قال الوزير إن الصورة واضحة")
    False
    """
    return len(text.split()) <= 20 and bool(_CREDIT.search(text))


def attribution(text: str) -> str | None:
    """The source named by an attribution line, or ``None`` when the line is not one.

    >>> attribution("المصدر: وكالات"), attribution("(أ ف ب)"), attribution("— Associated Press")
    ('وكالات', 'أ ف ب', 'Associated Press')
    >>> attribution("وقال (في بيان) إن المحادثات ستستمر الأسبوع المقبل") is None
    True
    """
    if len(text.split()) > 12:
        return None
    match = _ATTRIBUTION.match(text)
    if not match:
        return None
    found = match.group("label") or match.group("paren") or match.group("dash") or ""
    return found.strip() or None


def _is_date_line(text: str, date_line: re.Pattern[str]) -> bool:
    """A short labelled date line (``نشر في: …``, ``Updated …``); bare dates are leading lines."""
    return len(text.split()) <= 12 and any(c.isdigit() for c in text) and bool(date_line.search(text))


def _is_label(text: str, tag: str) -> bool:
    """One or two words without punctuation outside a heading: a label such as ``إعلان``."""
    return tag not in _HEADINGS and len(text.split()) <= 2 and not _SENTENCE_END.search(text)


def _paragraphs(
    blocks: list[Block], headline_key: str, date_line: re.Pattern[str]
) -> tuple[list[str], str | None]:
    kept: list[tuple[str, str]] = []
    seen: set[str] = set()
    dropped_links_after: set[int] = set()
    for block in blocks:
        text = _clean(block)
        if not text:
            continue
        tag = block.tag
        if block.link_density > 0.5:
            dropped_links_after.add(len(kept))
            continue
        key = match_key(text)
        if not key or key in seen or key == headline_key or tag == "h1":
            continue
        if attribution(text):
            tag = "attribution"
        elif is_credit(text) or _is_date_line(text, date_line) or _is_label(text, tag):
            continue
        seen.add(key)
        kept.append((tag, text))
    # Short lines above the first real paragraph are bylines, roles, dates and labels.
    while (
        kept
        and kept[0][0] not in _HEADINGS
        and (
            len(kept[0][1].split()) <= SHORT_LEADING_WORDS
            or (len(kept[0][1].split()) <= 30 and date_line.search(kept[0][1]))
        )
    ):
        kept.pop(0)
        dropped_links_after = {i - 1 for i in dropped_links_after if i > 0}
    # The closing attribution line goes to ``source``, also when a stray heading follows it.
    while kept and kept[-1][0] in _HEADINGS:
        kept.pop()
    source = attribution(kept.pop()[1]) if kept and kept[-1][0] == "attribution" else None
    # A heading followed by links only (a "read more" list) or by nothing is not the body's.
    result: list[str] = []
    for index, (tag, text) in enumerate(kept):
        if tag in _HEADINGS and (
            index + 1 in dropped_links_after or index + 1 >= len(kept) or kept[index + 1][0] in _HEADINGS
        ):
            continue
        result.append(text)
    return result, source


def _shape(container: HtmlElement) -> tuple[float, int]:
    chars, links = 0, 0
    for element in container.iter():
        if isinstance(element.tag, str) and (element.tag in BLOCK_TAGS or element is container):
            own, own_links = _own_text(element)
            chars += own
            links += own_links
    linked_headings = sum(
        1
        for heading in container.iter("h1", "h2", "h3", "h4", "h5", "h6")
        if heading.find(".//a") is not None
    )
    return (links / chars if chars else 0.0), linked_headings


def find_body(
    root: HtmlElement, *, headline: str | None, description: str | None, date_line: re.Pattern[str]
) -> Body:
    """The body of the page whose parsed document is ``root`` (left untouched)."""
    page = root.find("body")
    copy: HtmlElement = deepcopy(page if page is not None else root)
    # Before chrome removal: link-card headings are found by shape inside strip_page_chrome.
    strip_page_chrome(copy)
    container = find_container(copy)
    if container is None:
        return Body([], None, None, 0.0, 0)
    density, linked = _shape(container)
    paragraphs, source = _paragraphs(
        list(iter_blocks(container)), match_key(headline) if headline else "", date_line
    )
    # The lead printed as the first paragraph is the description, not the body (the item's
    # convention); a first paragraph that merely starts like the description stays.
    if paragraphs and description and match_key(paragraphs[0]) == match_key(description):
        paragraphs = paragraphs[1:]
    return Body(paragraphs, source, container, density, linked)
