"""Page pieces two or more site modules share: schema.org types of a page's JSON-LD (to tell stories
from live blogs and clips) and the page whose standfirst is printed above the body, never in it."""

from __future__ import annotations

import re

from newsbot.pages import ArticlePage
from newsbot.pages.base import Answer
from newsbot.pages.blocks import Block
from newsbot.text import match_key

_TYPE = re.compile(r'"@type"\s*:\s*(?:"(\w+)"|\[([^\]]*)\])')


def jsonld_types(scripts: list[str]) -> set[str]:
    """Every schema.org type named in a page's JSON-LD, nested objects included.

    >>> sorted(jsonld_types(['{"@graph": [{"@type": "NewsArticle"}, {"@type": ["VideoObject"]}]}']))
    ['NewsArticle', 'VideoObject']
    """
    found: set[str] = set()
    for raw in scripts:
        for single, several in _TYPE.findall(raw):
            found.update([single] if single else re.findall(r'"(\w+)"', several))
    return found


class StandfirstAbovePage(ArticlePage):
    """A design that prints its standfirst (the profile's ``lead`` selector) in the header, above the
    body: the body's first paragraph is body text even when the page's excerpt (meta description)
    repeats it, unless it repeats the printed standfirst word for word."""

    def _take_lead(self, blocks: list[Block]) -> str | None:
        standfirst = self.first_text(self.profile.selectors.lead)[:1]
        if blocks and standfirst and match_key(blocks[0].text) == match_key(standfirst[0]):
            del blocks[0]
        return None

    def description(self) -> Answer:
        return self.first_text(self.profile.selectors.lead)[:1] or self.description_candidates()
