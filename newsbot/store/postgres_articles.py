"""The article half of the PostgreSQL store's writes: ``save`` and the outcomes of one article.

Each save is its own transaction, so that a deadlock or serialization failure can be retried from
the start before its outcome is handed to the pipeline. It takes an advisory lock on the article
id (two workers with one article take turns: the second finds the row and answers ``unchanged``)
and, with a signature, the locks of its LSH bands (``postgres_lsh.lock_bands``) before looking
for a near-duplicate, so two copies of a story saved at the same moment never both become the
original. Uniqueness of id, canonical URL and content hash stays the database's constraints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import psycopg

from newsbot.store import postgres_lsh as lsh
from newsbot.store.base import DuplicateKind, NearMode, Outcome
from newsbot.store.search import search_key as _search_key
from newsbot.store.sqlite_articles import _KEPT_ON_UPDATE, _record
from newsbot.store.sqlite_state import now_iso

if TYPE_CHECKING:
    from collections.abc import Callable

    from newsbot.items import Article
    from newsbot.text.neardup import Bands, Match, Signature

T = TypeVar("T")


class PostgresArticles:
    """``save`` of :class:`newsbot.store.postgres.PostgresStore`."""

    bands: Bands
    confirm: float

    if TYPE_CHECKING:

        def _transaction(self, work: Callable[[psycopg.Connection], T]) -> T: ...

        def _mark(
            self,
            db: psycopg.Connection,
            site: str,
            url: str,
            status: str,
            *,
            article_id: str | None = None,
            reason: str | None = None,
            content_hash: str | None = None,
        ) -> None: ...

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
        if item.id is None or item.site is None:
            raise ValueError("an article needs an id and a site to be stored")
        key = search_key if search_key is not None else _search_key(item.headline, item.article_body)

        # The bands are hashed once, for the locks, the query and the index.
        buckets = self.bands.keys(signature) if signature is not None and near_mode != "off" else None

        def work(db: psycopg.Connection) -> Outcome:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (lsh.lock_key("id", item.id),))
            if buckets is not None:
                lsh.lock_bands(db, buckets)
            stored = db.execute(
                "SELECT content_hash, date_modified, story_id FROM articles WHERE id = %s", (item.id,)
            ).fetchone()
            if stored is not None:
                return self._resave(db, item, stored, fetched_url, key)
            match = None
            if buckets is not None:
                assert signature is not None
                match = lsh.find(
                    db, self.bands, signature, confirm=self.confirm, exclude=item.id, keys=buckets
                )
            return self._insert(
                db, item, fetched_url, signature, buckets, match, near_mode, unique_content, key
            )

        return self._transaction(work)

    def _insert(
        self,
        db: psycopg.Connection,
        item: Article,
        fetched_url: str | None,
        sig: Signature | None,
        buckets: list[tuple[int, int]] | None,
        match: Match | None,
        near_mode: NearMode,
        unique_content: bool,
        key: str,
    ) -> Outcome:
        assert item.id is not None and item.site is not None
        record = _record(item)
        record["first_stored"] = now_iso()
        record["search_key"] = key
        if near_mode != "off":
            record["story_id"] = match.story_id if match else item.id
            record["duplicate_of"] = match.id if match else item.duplicate_of
        if not self._insert_row(db, record):
            # Refused by a unique index: the canonical URL or the text is another article's (the
            # id is not, the id lock and the look-up above saw to that).
            kind, owner, story = self._owner(db, record)
            if kind != "content" or unique_content or owner is None:
                if fetched_url:
                    self._mark(db, item.site, fetched_url, "duplicate", article_id=item.id,
                               reason=f"{kind} of {owner}")  # fmt: skip
                return Outcome("duplicate", stored=False, duplicate=kind, original=owner)
            # Dedupe off: the repeat is kept, linked to the text's first article.
            record |= {"content_repeat": 1, "duplicate_of": owner, "story_id": story}
            self._insert_row(db, record)
            self._indexed(db, item, fetched_url, None, None, story)
            return Outcome("duplicate", stored=True, story_id=story, duplicate="content", original=owner)
        if match is not None and near_mode == "drop":
            db.execute("DELETE FROM articles WHERE id = %s", (item.id,))
            if fetched_url:
                self._mark(db, item.site, fetched_url, "duplicate", article_id=item.id,
                           reason=f"near duplicate of {match.id}")  # fmt: skip
            return Outcome("near_duplicate", stored=False, story_id=match.story_id, original=match.id,
                           similarity=match.similarity)  # fmt: skip
        story_id = record.get("story_id")
        if near_mode == "off":
            sig, buckets = None, None
        self._indexed(db, item, fetched_url, sig, buckets, story_id)
        if match is not None:
            return Outcome("near_duplicate", stored=True, story_id=story_id, original=match.id,
                           similarity=match.similarity)  # fmt: skip
        return Outcome("new", stored=True, story_id=story_id)

    @staticmethod
    def _insert_row(db: psycopg.Connection, record: dict[str, Any]) -> bool:
        """Insert the row; ``False`` when a unique index refuses it (no savepoint needed: ON
        CONFLICT DO NOTHING waits for a concurrent insert of the same value, then skips)."""
        names = list(record)
        cursor = db.execute(
            f"INSERT INTO articles ({', '.join(names)}) VALUES ({', '.join('%s' for _ in names)})"
            " ON CONFLICT DO NOTHING",
            [record[name] for name in names],
        )
        return cursor.rowcount == 1

    @staticmethod
    def _owner(
        db: psycopg.Connection, record: dict[str, Any]
    ) -> tuple[DuplicateKind, str | None, str | None]:
        """Which stored article holds the canonical URL (first) or the text of a refused row."""
        row = db.execute(
            """SELECT 'url', id, COALESCE(story_id, id) FROM articles WHERE canonical_url = %s
               UNION ALL
               (SELECT 'content', id, COALESCE(story_id, id) FROM articles
                WHERE content_hash = %s AND content_repeat = 0 LIMIT 1)
               LIMIT 1""",
            (record["canonical_url"], record["content_hash"]),
        ).fetchone()
        if row is None:
            return "id", None, None
        kind: DuplicateKind = "url" if row[0] == "url" else "content"
        return kind, row[1], row[2]

    def _indexed(
        self,
        db: psycopg.Connection,
        item: Article,
        fetched_url: str | None,
        sig: Signature | None,
        buckets: list[tuple[int, int]] | None,
        story_id: str | None,
    ) -> None:
        """The signature's bands and the URL's mark of a written article (its search key is a
        column of the row)."""
        assert item.id is not None and item.site is not None
        if sig is not None:
            lsh.add(db, self.bands, item.id, sig, story_id or item.id, site=item.site,
                    published=item.date_published, stamp=now_iso(), keys=buckets)  # fmt: skip
        if fetched_url:
            self._mark(db, item.site, fetched_url, "article", article_id=item.id,
                       content_hash=item.content_hash)  # fmt: skip

    def _resave(
        self,
        db: psycopg.Connection,
        item: Article,
        stored: tuple[Any, ...],
        fetched_url: str | None,
        key: str,
    ) -> Outcome:
        """A stored id fetched again: an update when its text or ``date_modified`` changed."""
        assert item.id is not None and item.site is not None
        content_hash, date_modified, story_id = stored
        story_id = story_id or item.id
        if (content_hash, date_modified) == (item.content_hash, item.date_modified):
            if fetched_url:
                self._mark(db, item.site, fetched_url, "article", article_id=item.id)
            return Outcome("unchanged", stored=False, story_id=story_id)
        record = _record(item)
        record["search_key"] = key
        names = [name for name in record if name not in _KEPT_ON_UPDATE]
        assignments = ", ".join(f"{name} = %s" for name in names)
        try:
            with db.transaction():
                db.execute(
                    f"UPDATE articles SET {assignments}, version = version + 1, updated_at = %s"
                    " WHERE id = %s",
                    [*(record[name] for name in names), now_iso(), item.id],
                )
        except psycopg.errors.UniqueViolation:
            # The new text is another stored article's: keep the stored version.
            owner = db.execute(
                "SELECT id FROM articles WHERE content_hash = %s AND content_repeat = 0", (item.content_hash,)
            ).fetchone()
            if fetched_url:
                self._mark(db, item.site, fetched_url, "article", article_id=item.id)
            return Outcome("duplicate", stored=False, story_id=story_id, duplicate="content",
                           original=owner[0] if owner else None)  # fmt: skip
        self._indexed(db, item, fetched_url, None, None, story_id)
        return Outcome("updated", stored=True, story_id=story_id)
