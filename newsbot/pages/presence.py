"""Which CSS selectors cannot match a page, told from its source before any query runs.

A profile lists several selectors per field (one per design the site has had) and a long list of
chrome selectors; on any one page most of them match nothing. lxml answers a class selector by
testing every element's ``class`` in XPath string functions, which costs about as much as parsing
the page, whether or not anything matches. A regular-expression pass over the source collects every
class token and tag name the page could hold, and a selector that needs a missing one is skipped.

What is collected is a superset of what the parser builds (text that looks like an attribute inside
a script counts too), so a skipped selector is one that could not have matched: skipping never
changes a result, only its cost.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from cssselect import SelectorError, parse
from cssselect.parser import Attrib, Class, CombinedSelector, Element, Function, Negation, Pseudo, Tree

# Run on the source's UTF-8 bytes with ASCII letters lower-cased: markup names are ASCII and case-blind,
# bytes are lower-cased and searched much faster than text, and a pattern that starts with a literal is
# searched for, not tried at every position. Selectors are put in the same form (index_form), so
# the index only ever says "may match" more often.
_CLASS_ATTRIBUTE = re.compile(rb"""class\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_TAG = re.compile(rb"<([a-z][a-z0-9:_-]*)")
#: Elements the HTML parser adds where the source has none (libxml2 wraps stray text in <p>).
_IMPLIED_TAGS = frozenset({b"html", b"head", b"body", b"p"})


@dataclass(frozen=True, slots=True)
class Needs:
    """What one alternative of a selector group needs the page to hold (UTF-8, ASCII letters in
    lower case, as the index holds it)."""

    classes: frozenset[bytes]
    class_parts: frozenset[bytes]
    tags: frozenset[bytes]


@dataclass(frozen=True, slots=True)
class Presence:
    """The class tokens and tag names a page's source could hold.

    >>> page = Presence.of('<div class="article  lead"><SPAN class=date>1</SPAN></div>')
    >>> page.may_match("div.article span.date"), page.may_match(".author"), page.may_match("time")
    (True, False, False)
    >>> page.may_match(".author, [class*='lea']"), page.may_match("a:not(.date)")
    (True, False)
    """

    classes: frozenset[bytes]
    class_text: bytes
    tags: frozenset[bytes]

    @classmethod
    def of(cls, source: str) -> Presence:
        raw = source.encode("utf-8", "surrogatepass").lower()
        values = [b"".join(groups) for groups in _CLASS_ATTRIBUTE.findall(raw)]
        if b"&" in raw:
            # The parser decodes character references in attributes; so must the index.
            values = [_unescaped(value) if b"&" in value else value for value in values]
        class_text = b"\x00".join(values)
        return cls(
            classes=frozenset(class_text.replace(b"\x00", b" ").split()),
            class_text=class_text,
            tags=frozenset(_TAG.findall(raw)),
        )

    def may_match(self, css: str) -> bool:
        """False only when no alternative of ``css`` can match this page."""
        alternatives = selector_needs(css)
        return alternatives is None or any(self._holds(needs) for needs in alternatives)

    def _holds(self, needs: Needs) -> bool:
        # Needs are lower-cased as the index is.
        return (
            needs.classes <= self.classes
            and needs.tags <= self.tags
            and all(part in self.class_text for part in needs.class_parts)
        )

    def possible(self, selectors: tuple[str, ...]) -> tuple[str, ...]:
        """The selectors of ``selectors`` that may match, in their order."""
        return tuple(css for css in selectors if self.may_match(css))


def index_form(text: str) -> bytes:
    """``text`` as the index holds it: UTF-8 with A-Z lower-cased.

    >>> index_form("Read-MORE Ä")
    b'read-more \\xc3\\x84'
    """
    return text.encode("utf-8", "surrogatepass").lower()


def _unescaped(value: bytes) -> bytes:
    return index_form(html.unescape(value.decode("utf-8", "surrogatepass")))


@lru_cache(maxsize=2048)
def selector_needs(css: str) -> tuple[Needs, ...] | None:
    """What each alternative of a selector group needs; ``None`` when the selector is not
    understood (it then always runs).

    >>> first, second = selector_needs("div.a > p.B, [class*='x']")
    >>> sorted(first.classes), sorted(first.tags), sorted(second.class_parts)
    ([b'a', b'b'], [b'div'], [b'x'])
    """
    try:
        parsed = parse(css)
    except SelectorError:
        return None
    alternatives = []
    for selector in parsed:
        classes: set[bytes] = set()
        class_parts: set[bytes] = set()
        tags: set[bytes] = set()
        if not _collect(selector.parsed_tree, classes, class_parts, tags):
            return None
        alternatives.append(Needs(frozenset(classes), frozenset(class_parts), frozenset(tags)))
    return tuple(alternatives)


def _collect(tree: Tree, classes: set[bytes], class_parts: set[bytes], tags: set[bytes]) -> bool:
    """Add what ``tree`` requires; False for a node kind not understood here."""
    if isinstance(tree, Element):
        name = index_form(tree.element or "*")
        # Only names the tag pattern can find: anything else is left to the query.
        if _TAG.fullmatch(b"<" + name) and name not in _IMPLIED_TAGS:
            tags.add(name)
        return True
    if isinstance(tree, Class):
        classes.add(index_form(tree.class_name))
        return _collect(tree.selector, classes, class_parts, tags)
    if isinstance(tree, Attrib):
        value = tree.value.value if tree.value is not None else ""
        if tree.namespace is None and tree.attrib.lower() == "class" and value:
            if tree.operator == "~=":
                classes.add(index_form(value))
            elif tree.operator in ("*=", "^=", "$=", "=", "|="):
                class_parts.add(index_form(value))
        return _collect(tree.selector, classes, class_parts, tags)
    if isinstance(tree, CombinedSelector):
        return _collect(tree.selector, classes, class_parts, tags) and _collect(
            tree.subselector, classes, class_parts, tags
        )
    if isinstance(tree, Negation | Pseudo | Function):
        # Only the selector being qualified is required; what :not() names must be absent.
        return _collect(tree.selector, classes, class_parts, tags)
    return False
