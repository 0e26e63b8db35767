"""Pages parsed into parsel selectors over lxml.html elements, without lxml.html's Python class lookup.

``lxml.html.HTMLParser`` picks each element's Python class in a Python method (forms and inputs get
classes of their own), called every time lxml makes a Python object for an element: every
``iter()`` step, every XPath result. Walking a page's elements spent 7 % of generic extraction
there. Page code uses none of the form classes' extras, so every element here is an ``HtmlElement``
chosen in C; text, tags, attributes and selector results are the same.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from parsel import Selector
from parsel.selector import create_root_node

_LOOKUP = etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
)


# lxml has no type information, so mypy sees its parser classes as Any.
class HtmlParser(etree.HTMLParser):  # type: ignore[misc]
    """lxml's HTML parser making ``lxml.html`` elements through a lookup done in C."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.set_element_class_lookup(_LOOKUP)


def html_selector(text: str, base_url: str | None = None) -> Selector:
    """``Selector(text=text, type="html")``, parsed by :class:`HtmlParser`.

    >>> page = html_selector("<form><input name='q'><p>نص</p></form>")
    >>> page.css("p::text").get(), type(page.root.find(".//input")).__name__
    ('نص', 'HtmlElement')
    """
    return Selector(root=create_root_node(text, HtmlParser, base_url=base_url), type="html")
