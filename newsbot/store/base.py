"""The store interface: articles, URL/crawl state, the near-duplicate index, search and run history.

Pipelines, the spider and the commands speak to :class:`Store` only; SQLite
(``newsbot.store.sqlite``) is one implementation, and nothing here names a database driver.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal

from newsbot.items import ARTICLE_FIELDS

if TYPE_CHECKING:
    from newsbot.items import Article
    from newsbot.store.search import Hit
    from newsbot.text.neardup import Match, Signature

#: URL statuses after which a URL is not fetched again (unless an update is signalled).
DONE = ("article", "duplicate", "not_article")
DISCOVERED, FAILED = "discovered", "failed"

OutcomeKind = Literal["new", "updated", "unchanged", "duplicate", "near_duplicate"]
DuplicateKind = Literal["id", "url", "content"]
NearMode = Literal["link", "drop", "off"]


class StoreError(RuntimeError):
    """The store cannot be opened or written (locked, read-only, full, not a database)."""


@dataclass(frozen=True, slots=True)
class UrlState:
    url: str
    article_id: str | None
    status: str
    lastmod: str | None
    attempts: int
    next_retry: str | None = None

    def waiting(self, now: str) -> bool:
        """A failed URL whose next retry is not due yet, or that used up its attempts.

        >>> UrlState("u", None, "failed", None, 5).waiting("2026-01-01T00:00:00+00:00")
        True
        >>> UrlState("u", None, "failed", None, 1, "2025-01-01").waiting("2026-01-01")
        False
        """
        return self.status == FAILED and (self.next_retry is None or self.next_retry > now)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What :meth:`Store.save` did with one article.

    - ``new``: stored for the first time;
    - ``updated``: a stored article's content replaced by a newer version;
    - ``unchanged``: fetched again, nothing changed;
    - ``duplicate``: not stored; ``duplicate`` names what repeated (``id``, ``url`` for the
      canonical URL, ``content`` for the content hash) and ``original`` the stored article;
    - ``near_duplicate``: a copy of the indexed story ``original`` (``similarity``, estimated
      Jaccard): stored with ``duplicate_of`` and the original's ``story_id`` (``stored``, link
      mode), or not stored (drop mode).

    ``story_id`` is the story the stored row belongs to.
    """

    kind: OutcomeKind
    stored: bool
    story_id: str | None = None
    duplicate: DuplicateKind | None = None
    original: str | None = None
    similarity: float | None = None


@dataclass(frozen=True, slots=True)
class IndexReport:
    """The near-duplicate index as a crawl opens it."""

    size: int
    backfilled: int
    pruned: int
    other_schemes: int


def articles_query(
    placeholder: str,
    *,
    site: str | None,
    since: str | None,
    until: str | None,
    one_per_story: bool,
) -> tuple[str, list[Any]]:
    """The SELECT behind ``Store.articles`` in the driver's ``placeholder`` style, with its arguments.

    >>> articles_query("?", site="rt_arabic", since=None, until=None, one_per_story=True)[1]
    ['rt_arabic']
    """
    where, args = [], []
    if site:
        where.append(f"site = {placeholder}")
        args.append(site)
    if since:
        where.append(f"substr(date_published, 1, 10) >= {placeholder}")
        args.append(since)
    if until:
        where.append(f"substr(date_published, 1, 10) <= {placeholder}")
        args.append(until)
    if one_per_story:
        where.append("duplicate_of IS NULL")
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    return f"SELECT {', '.join(ARTICLE_FIELDS)} FROM articles {clause} ORDER BY date_published, id", args


class Store(ABC):
    """Everything newsbot keeps between runs. One instance per crawl process (or per crawler).

    Writes are batched: they join one pending transaction that is committed every ``batch``
    writes, by :meth:`commit` (called periodically during a crawl) and by :meth:`close`. A
    commit is atomic, so an interruption at any instant keeps a prefix of the writes, whole.
    """

    #: Whether the store outlives the process (``False`` for an in-memory store).
    persistent: bool

    # -- lifecycle and batching -----------------------------------------------------------------

    @abstractmethod
    def commit(self) -> None:
        """Commit the pending writes now (no-op when none); raises :class:`StoreError`."""

    @abstractmethod
    def after_commit(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the pending writes are committed (at once when none are);
        dropped if they are rolled back. For side effects that must never run ahead of the
        data, such as an output line."""

    @abstractmethod
    def close(self) -> None:
        """Commit and release the connection."""

    # -- articles -------------------------------------------------------------------------------

    @abstractmethod
    def save(
        self,
        item: Article,
        *,
        fetched_url: str | None = None,
        signature: Signature | None = None,
        near_mode: NearMode = "link",
        unique_content: bool = True,
        search_key: str | None = None,
    ) -> Outcome:
        """Store one article and record its outcome, all in one transaction: the row, the URL's
        final mark (``fetched_url``), the search entry and the near-duplicate bands.

        Uniqueness of id, canonical URL and content hash is the database's: a repeat is refused by
        a constraint. A stored id is compared with the stored version (``content_hash`` and
        ``date_modified``) for an update. ``signature`` (with ``near_mode`` link or drop) links or
        drops a near-duplicate of an indexed story. ``unique_content=False`` stores a repeat of a
        stored text too, linked to it as ``duplicate_of``. ``search_key`` is the article's
        :func:`~newsbot.store.search.search_key` when the caller has it already (the extraction
        worker computes it); the store computes it otherwise.
        """

    @abstractmethod
    def count(self, site: str | None = None) -> int: ...

    @abstractmethod
    def articles(
        self,
        *,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        one_per_story: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """Stored articles shaped like the item (``ARTICLE_FIELDS``), oldest publication first,
        streamed; ``since``/``until`` are inclusive ``YYYY-MM-DD`` days of ``date_published``;
        ``one_per_story`` leaves out near-duplicates and linked repeats."""

    @abstractmethod
    def unexported(self) -> Iterator[dict[str, Any]]:
        """Stored articles not yet marked as written to the JSONL file, in storage order."""

    @abstractmethod
    def mark_exported(self, article_ids: Sequence[str]) -> None: ...

    @abstractmethod
    def search(self, text: str, site: str | None = None, limit: int = 20) -> list[Hit]:
        """Articles containing every word of ``text`` (as match keys), best match first."""

    # -- near-duplicate index -------------------------------------------------------------------

    @abstractmethod
    def open_near_duplicates(
        self, *, window_days: float, threshold: float = 0.5, confirm: float = 0.7
    ) -> IndexReport:
        """Set the LSH parameters, drop the bands of signatures older than the window and sign
        stored articles of the window that have none (an interrupted run, an older database)."""

    @abstractmethod
    def find_near_duplicate(self, sig: Signature, *, exclude: str | None = None) -> Match | None:
        """The indexed story ``sig`` repeats, if any (``save`` looks by itself; this is for tools)."""

    # -- URL state (the spider's frontier) --------------------------------------------------------

    @abstractmethod
    def lookup_urls(self, urls: Sequence[str]) -> dict[str, UrlState]: ...

    @abstractmethod
    def done_ids(self, ids: Sequence[str], *, before: str | None = None) -> set[str]:
        """The article ids among ``ids`` that some URL already brought to a final state (by the
        time ``before``, an ISO timestamp, when given)."""

    @abstractmethod
    def record_discovered(self, site: str, entries: Iterable[tuple[str, str | None, str | None]]) -> None:
        """Note (url, article id, lastmod) triples as seen; new URLs become ``discovered``; a
        newer ``lastmod`` replaces the stored one."""

    @abstractmethod
    def mark_url(
        self, site: str, url: str, status: str, *, article_id: str | None = None, reason: str | None = None
    ) -> None:
        """Record a final state of a URL (and settle other URLs of the same article with it)."""

    @abstractmethod
    def mark_failed(
        self,
        site: str,
        url: str,
        reason: str,
        *,
        article_id: str | None,
        backoff: timedelta,
        max_attempts: int,
    ) -> int:
        """Count a failure; a later run retries after ``backoff * 2**(attempts-1)`` until
        ``max_attempts`` failures. Returns the attempt count."""

    @abstractmethod
    def pending_urls(self, site: str) -> list[UrlState]:
        """URLs a previous run left unfinished (discovered, never done) or whose retry is due."""

    @abstractmethod
    def document_lastmod(self, url: str) -> str | None: ...

    @abstractmethod
    def record_document(self, site: str, url: str, lastmod: str | None) -> None: ...

    # -- runs -----------------------------------------------------------------------------------

    @abstractmethod
    def start_run(self, site: str) -> int: ...

    @abstractmethod
    def finish_run(self, run_id: int, reason: str, stats: dict[str, Any]) -> None: ...

    @abstractmethod
    def set_health(self, run_id: int, health: str, problems: Sequence[str]) -> None: ...

    @abstractmethod
    def runs(self, site: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """The latest runs, newest first: run_id, site, started_at, finished_at, finish_reason,
        stats (dict), health, problems (list)."""
