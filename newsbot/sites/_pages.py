"""Page pieces two or more site modules share: schema.org types of a page's JSON-LD, to tell stories
from live blogs and clips."""

from __future__ import annotations

import re

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
