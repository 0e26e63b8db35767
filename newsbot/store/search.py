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
    """What the index holds for one article: the match key of the headline and the body, one after
    the other, as ``match_key(headline + "\n" + body)`` would give it (a property test holds the two
    equal). Keyed apart because the content hash keys them apart too, and ``match_key`` remembers
    its recent answers: the extraction worker computes both and pays for the keys once.

    >>> search_key("الأخبار", "مسؤول قال")
    'الاخبار مسءول قال'
    >>> search_key(None, "نص"), search_key("", "")
    ('نص', '')
    """
    return " ".join(key for key in (match_key(headline or ""), match_key(body or "")) if key)


def query_words(text: str) -> list[str]:
    """The keyed words of a query; every one must occur in a hit.

    >>> query_words("الأسعار ارتفعت!")
    ['الاسعار', 'ارتفعت']
    >>> query_words("؟!")
    []
    """
    return match_key(text).split()
