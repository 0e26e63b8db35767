"""Turning an article's body container into its own paragraphs, structurally.

Chrome is removed by what it is (a read-more box, an embed, a caption, a list of links), never by
what it says: story topics and related headlines change every day, markup does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

#: Elements whose content is never article text, on any site.
GENERIC_CHROME = (
    *("script", "style", "noscript", "template", "iframe", "object", "embed", "video", "audio"),
    *("svg", "canvas", "form", "button", "input", "select", "textarea", "nav", "aside", "figure"),
    *("figcaption", "picture", "img", "[hidden]", "[aria-hidden=true]"),
    *("[style*='display:none']", "[style*='display: none']"),
)
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "pre",
        "center",
        "address",
        "hr",
    ]
)
#: Containers whose children are laid out as separate blocks rather than as one paragraph.
_LEAF_BLOCKS = frozenset(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "td", "th"])


@dataclass(slots=True)
class Block:
    text: str
    tag: str
    classes: frozenset[str]
    link_chars: int
    bold_chars: int = 0

    @property
    def visible_chars(self) -> int:
        return visible_length(self.text)

    @property
    def link_density(self) -> float:
        length = self.visible_chars
        return self.link_chars / length if length else 0.0

    @property
    def all_bold(self) -> bool:
        return self.visible_chars > 0 and self.bold_chars >= self.visible_chars

    @property
    def words(self) -> int:
        return len(self.text.split())


def remove_keeping_tail(element: HtmlElement) -> None:
    """Remove an element but keep the text that follows it (lxml's ``remove`` drops the tail)."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def chrome_alternatives(site_chrome: tuple[str, ...]) -> tuple[str, ...]:
    """The generic chrome selectors and the site's, one selector each, so that a page can leave out
    those it cannot match (:class:`~newsbot.pages.presence.Presence`)."""
    return (*GENERIC_CHROME, *site_chrome)


@lru_cache(maxsize=256)
def chrome_selector(selectors: tuple[str, ...]) -> CSSSelector:
    """One compiled selector for all of ``selectors``: compiling CSS costs more than running it,
    and one pass over the tree is cheaper than one per selector. Pages of one site mostly keep the
    same subset, so a few compiled subsets serve a whole crawl."""
    return CSSSelector(", ".join(selectors))


def strip_chrome(container: HtmlElement, selectors: tuple[str, ...]) -> HtmlElement:
    """A copy of ``container`` without the elements matched by the chrome ``selectors``."""
    clean: HtmlElement = deepcopy(container)
    clean.tail = None
    etree.strip_elements(clean, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    if not selectors:
        return clean
    # Document order, outermost first: an element inside one already removed is removed with it.
    for element in chrome_selector(selectors)(clean):
        remove_keeping_tail(element)
    return clean


_BOLD = frozenset({"strong", "b"})


def _inline_text(
    element: HtmlElement, counts: list[int], in_link: bool = False, in_bold: bool = False
) -> Iterator[str]:
    """Text of an inline element; ``counts`` accumulates [characters in links, characters in bold]."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "br":
        yield "\n"
    in_link = in_link or tag == "a"
    in_bold = in_bold or tag in _BOLD
    yield from _counted(element.text, counts, in_link, in_bold)
    for child in element:
        yield from _inline_text(child, counts, in_link, in_bold)
        yield from _counted(child.tail, counts, in_link, in_bold)


def visible_length(text: str | None) -> int:
    r"""Characters that are not white space (``str.split`` and ``\s`` agree on what that is).

    >>> visible_length(" أ ب\u00a0\n"), visible_length(None)
    (2, 0)
    """
    return len("".join(text.split())) if text else 0


def _counted(text: str | None, counts: list[int], in_link: bool, in_bold: bool) -> Iterator[str]:
    if not text:
        return
    if in_link or in_bold:
        visible = visible_length(text)
        if in_link:
            counts[0] += visible
        if in_bold:
            counts[1] += visible
    yield text


def _classes(element: HtmlElement) -> frozenset[str]:
    return frozenset((element.get("class") or "").split())


def _make_block(pieces: list[str], tag: str, classes: frozenset[str], counts: list[int]) -> Block | None:
    text = "".join(pieces)
    if not text.strip():
        return None
    return Block(text=text, tag=tag, classes=classes, link_chars=counts[0], bold_chars=counts[1])


def iter_blocks(element: HtmlElement) -> Iterator[Block]:
    """The paragraphs of a container in document order.

    ``<p>``, headings and list items are one block each (a ``<br>`` inside them stays a line break
    in the text); loose text between blocks becomes blocks of its own, split at double ``<br>``.
    """
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _LEAF_BLOCKS and not any(
        isinstance(child.tag, str) and child.tag in BLOCK_TAGS - {"hr"} for child in element
    ):
        counts = [0, 0]
        block = _make_block(list(_inline_text(element, counts)), tag, _classes(element), counts)
        if block:
            yield block
        return
    yield from _loose_runs(element)


def _loose_runs(element: HtmlElement) -> Iterator[Block]:
    pieces: list[str] = []
    counts = [0, 0]
    brs = 0

    def flush() -> Iterator[Block]:
        nonlocal pieces, counts
        block = _make_block(pieces, "text", frozenset(), counts)
        pieces, counts = [], [0, 0]
        if block:
            yield block

    if element.text:
        pieces.append(element.text)
    for child in element:
        child_tag = child.tag if isinstance(child.tag, str) else ""
        if child_tag in BLOCK_TAGS:
            yield from flush()
            yield from iter_blocks(child)
            brs = 0
        elif child_tag == "br":
            brs += 1
            if brs >= 2 and "".join(pieces).strip():
                yield from flush()
            else:
                pieces.append("\n")
        else:
            if child_tag:
                pieces.extend(_inline_text(child, counts))
            brs = 0
        if child.tail:
            if child.tail.strip():
                brs = 0
            pieces.append(child.tail)
    yield from flush()
