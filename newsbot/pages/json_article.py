"""Article data served as JSON: an API response, or JSON embedded in the page (``__NEXT_DATA__``).

A site subclasses :class:`JsonArticlePage` and answers each field from its data with :func:`dig`;
body HTML carried inside the data (DW's ``text``) goes through :func:`fragment_parts`, so it loses
chrome, read-more inserts and the attribution line exactly as an HTML page's body does.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from newsbot.pages.article import ArticlePage, BodyParts
from newsbot.pages.base import BaseArticlePage, NotAnArticle, decoded_text
from newsbot.pages.tree import html_selector

if TYPE_CHECKING:
    from newsbot.profile import SiteProfile

_FRAGMENT_BODY = "div[data-newsbot-fragment]"


def dig(data: Any, *path: str | int) -> Any:
    """The value at ``path`` inside nested dicts and lists, or ``None`` where the path breaks.

    >>> dig({"a": [{"b": "x"}]}, "a", 0, "b"), dig({"a": []}, "a", 0, "b")
    ('x', None)
    """
    for step in path:
        if isinstance(step, int) and isinstance(data, list) and -len(data) <= step < len(data):
            data = data[step]
        elif isinstance(step, str) and isinstance(data, Mapping):
            data = data.get(step)
        else:
            return None
    return data


def load_json(text: str) -> Any:
    """Parsed JSON, or ``None`` for text that is not JSON.

    >>> load_json('{"a": 1}'), load_json("<html>")
    ({'a': 1}, None)
    """
    try:
        return json.loads(text)
    except ValueError:
        return None


def fragment_parts(fragment: str, url: str, profile: SiteProfile) -> BodyParts:
    """Lead, paragraphs and attribution of an HTML fragment, read like an HTML page's body."""
    body_profile = replace(profile, selectors=replace(profile.selectors, body=(_FRAGMENT_BODY,)))
    page = ArticlePage(
        url, f"<html><body><div data-newsbot-fragment>{fragment}</div></body></html>", body_profile
    )
    return BodyParts(lead=page._parts.lead, paragraphs=page.article_body(), source=page._parts.source)


class JsonArticlePage(BaseArticlePage):
    """Fields from JSON article data. With ``data_script`` set, the body is an HTML page and the data
    is the JSON inside the first ``<script>`` it selects; otherwise the body is the JSON itself."""

    #: CSS selector of the script element that carries the data, e.g. ``"script#__NEXT_DATA__"``.
    data_script: ClassVar[str | None] = None

    @cached_property
    def text(self) -> str:
        return decoded_text(self)

    @cached_property
    def data(self) -> Any:
        raw = self.text
        if self.data_script is not None:
            raw = html_selector(raw or "<html></html>").css(self.data_script).xpath("string()").get() or ""
        return load_json(raw)

    def check(self) -> None:
        if not isinstance(self.data, Mapping):
            where = f"in {self.data_script}" if self.data_script else "in the body"
            raise NotAnArticle(f"no JSON article data {where}")
        super().check()
