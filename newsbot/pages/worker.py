"""Article page code run in a worker process, so that extraction uses a second core while the
crawl's own thread keeps downloading (``NEWSBOT_EXTRACT_WORKERS``).

Every pure per-article computation happens here, once: decoding, extraction, the content hash, and
(``want_keys``) the search key and the near-duplicate signature, which travel with the item as a
:class:`KeyedArticle` so that the crawl thread only stores them.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from newsbot.items import ARTICLE_FIELDS, Article
from newsbot.pages.base import NotAnArticle, read_article_page
from newsbot.store.search import search_key
from newsbot.text.neardup import signature

if TYPE_CHECKING:
    from typing import Any

    from newsbot.profile import SiteProfile
    from newsbot.text.neardup import Signature


class KeyedArticle(Article):
    """An :class:`Article` with its text keys computed where it was extracted: ``search_key`` (what
    the full-text index holds) and ``signature`` (MinHash of the body, ``None`` when too short).

    Not a dataclass field: ``asdict``, the JSONL line and the stored row see the Article only.
    """

    __slots__ = ("search_key", "signature")

    search_key: str
    signature: Signature | None

    def __getstate__(self) -> Any:
        # Fields and keys as one tuple: the smallest pickle across the process boundary.
        return (*(getattr(self, name) for name in ARTICLE_FIELDS), self.search_key, self.signature)

    def __setstate__(self, state: Any) -> None:
        *values, self.search_key, self.signature = state
        for name, value in zip(ARTICLE_FIELDS, values, strict=True):
            object.__setattr__(self, name, value)


def keyed(item: Article) -> KeyedArticle:
    """``item`` with its search key and near-duplicate signature.

    ``match_key`` is cached, so the body's key that the content hash needed is not computed again.
    """
    # Fields copied as they are: no loader, no processor runs again.
    out = KeyedArticle(**{name: getattr(item, name) for name in ARTICLE_FIELDS})
    out.search_key = search_key(item.headline, item.article_body)
    out.signature = signature(item.article_body or "")
    return out


@dataclass(slots=True)
class Extracted:
    """What page code made of an article page: the item, its links to other articles, and notes
    ((stat key, detail) pairs) for the crawl to count and log."""

    item: Article
    links: list[str]
    notes: list[tuple[str, str]]


def extract(
    profile: SiteProfile,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    scraped_at: datetime,
    want_links: bool,
    want_keys: bool = False,
) -> Extracted:
    """Read an article page; raises :class:`NotAnArticle` for any other page. With ``want_keys`` the
    item is a :class:`KeyedArticle`."""
    page = read_article_page(url, body, profile, headers=headers)
    item = page.to_item(scraped_at)
    if want_keys:
        item = keyed(item)
    return Extracted(item, page.links() if want_links else [], page.notes)


def ready() -> bool:
    """A new worker's first call. Unpickling it imports this module and what page code needs (most
    of a worker's 0.8 s start), while the crawl thread extracts the pages that come meanwhile."""
    return True


def extract_page(
    profile: SiteProfile,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    scraped_at: str,
    want_links: bool,
    want_keys: bool = False,
) -> Extracted | str:
    """:func:`extract` in the worker process: the result, or why the page is not an article.

    Plain arguments and results, so that they cross the process boundary cheaply; the page is
    decoded here too, off the crawl's thread.
    """
    try:
        when = datetime.fromisoformat(scraped_at)
        return extract(profile, url, body, headers, when, want_links, want_keys)
    except NotAnArticle as exc:
        return str(exc)


#: Profiles this worker process has unpickled, by their pickle: a crawl sends the same bytes with
#: every page. Bounded all the same, in case a caller makes a new profile per page.
_PROFILES: dict[bytes, SiteProfile] = {}
_PROFILES_MAX = 64


class PickledProfile:
    """A site profile on its way to the extraction worker, pickled once per crawl: pickling it with
    every page cost the crawl thread ~45 µs a page. It arrives as the profile itself, unpickled once
    per worker (~85 µs a page otherwise), so the worker calls :func:`extract_page` as it is."""

    def __init__(self, profile: SiteProfile) -> None:
        self.profile = profile
        self.pickled = pickle.dumps(profile, protocol=pickle.HIGHEST_PROTOCOL)

    def __reduce__(self) -> tuple[Callable[[bytes], SiteProfile], tuple[bytes]]:
        return _unpickled_profile, (self.pickled,)


def _unpickled_profile(pickled: bytes) -> SiteProfile:
    found = _PROFILES.get(pickled)
    if found is None:
        if len(_PROFILES) >= _PROFILES_MAX:
            _PROFILES.clear()
        found = _PROFILES[pickled] = pickle.loads(pickled)
    return found
