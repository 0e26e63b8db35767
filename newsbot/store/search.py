"""Full-text search blind to Arabic spelling variants: what is indexed and how a query is keyed.

The index holds the *match key* of headline and body (alef forms, ة/ه, ى/ي, hamza seats and
diacritics folded), and queries are keyed the same way, so أ/ا, مسؤول/مسئول or a vocalised query
find the article however it was spelled. The store writes an article's entry in the article's
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsbot.text import match_key


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    site: str
    headline: str
    date_published: str | None
    canonical_url: str
    snippet: str


def search_key(headline: str | None, body: str | None) -> str:
    """What the index holds for one article.

    >>> search_key("الأخبار", "مسؤول قال")
    'الاخبار مسءول قال'
    """
    return match_key(f"{headline or ''}\n{body or ''}")


def query_words(text: str) -> list[str]:
    """The keyed words of a query; every one must occur in a hit.

    >>> query_words("الأسعار ارتفعت!")
    ['الاسعار', 'ارتفعت']
    >>> query_words("؟!")
    []
    """
    return match_key(text).split()
