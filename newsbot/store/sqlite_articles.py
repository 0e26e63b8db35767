"""The article half of the SQLite store's writes: ``save`` and the outcomes of one article.

Uniqueness is the database's (primary key, UNIQUE indexes); a constraint error names what
repeated. Everything runs inside the store's write operation (``self._operation()``).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsbot.items import as_record
from newsbot.store import sqlite_lsh as lsh
from newsbot.store.base import DuplicateKind, NearMode, Outcome
from newsbot.store.search import search_key
from newsbot.store.sqlite_state import now_iso

if TYPE_CHECKING:
    from newsbot.items import Article
    from newsbot.text.neardup import Bands, Match, Signature

_JSON_COLUMNS = ("authors", "tags", "main_image")
#: Columns an update leaves as first stored.
_KEPT_ON_UPDATE = frozenset({"id", "scraped_at", "duplicate_of", "story_id", "url", "canonical_url"})


@dataclass(frozen=True, slots=True)
class _Written:
    """What the caller computed for an article's index entries: signature, its LSH buckets, search key."""

    signature: Signature | None
    buckets: list[tuple[int, int]] | None
    search_key: str | None


def _record(item: Article) -> dict[str, Any]:
    record = as_record(item)
    for name in _JSON_COLUMNS:
        if record[name] is not None or name != "main_image":
            record[name] = json.dumps(record[name], ensure_ascii=False)
    return record


class ArticleWrites:
    """``save`` of :class:`newsbot.store.sqlite.SqliteStore`."""

    bands: Bands
    confirm: float
    _staged_search_rows: dict[int, tuple[str, str, str]]

    if TYPE_CHECKING:
        # Provided by SqliteStore and StateTables.
        def _operation(self) -> AbstractContextManager[sqlite3.Connection]: ...

        def _mark(
            self,
            db: sqlite3.Connection,
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
        with self._operation() as db:
            stored = db.execute(
                "SELECT rowid, content_hash, date_modified, story_id FROM articles WHERE id = ?", (item.id,)
            ).fetchone()
            if stored is not None:
                return self._resave(db, item, stored, fetched_url, search_key)
            match = None
            buckets = None
            if signature is not None and near_mode != "off":
                # The bands are hashed once, for the query and for the index.
                buckets = self.bands.keys(signature)
                match = lsh.find(
                    db, self.bands, signature, confirm=self.confirm, exclude=item.id, keys=buckets
                )
            written = _Written(signature, buckets, search_key)
            return self._insert(db, item, fetched_url, written, match, near_mode, unique_content)

    def _insert(
        self,
        db: sqlite3.Connection,
        item: Article,
        fetched_url: str | None,
        written: _Written,
        match: Match | None,
        near_mode: NearMode,
        unique_content: bool,
    ) -> Outcome:
        assert item.id is not None and item.site is not None
        record = _record(item)
        record["first_stored"] = now_iso()
        if near_mode != "off":
            record["story_id"] = match.story_id if match else item.id
            record["duplicate_of"] = match.id if match else item.duplicate_of
        # A failed constraint undoes its own statement and nothing else (SQLite's ABORT), so only a
        # near duplicate to drop, a row written and then taken back, needs a savepoint: two
        # statements fewer for every other article.
        takes_back = match is not None and near_mode == "drop"
        if takes_back:
            db.execute("SAVEPOINT article")
        try:
            rowid = self._insert_row(db, record)
        except sqlite3.IntegrityError as exc:
            if takes_back:
                db.execute("RELEASE article")
            kind: DuplicateKind = (
                "url" if "canonical_url" in str(exc) else "content" if "content_hash" in str(exc) else "id"
            )
            column = {"url": "canonical_url", "content": "content_hash", "id": "id"}[kind]
            owner_row = db.execute(
                f"SELECT id, COALESCE(story_id, id) FROM articles WHERE {column} = ? ORDER BY content_repeat",
                (record[column],),
            ).fetchone()
            owner, story = (owner_row[0], owner_row[1]) if owner_row else (None, None)
            if kind != "content" or unique_content or owner is None:
                if fetched_url:
                    self._mark(db, item.site, fetched_url, "duplicate", article_id=item.id,
                               reason=f"{kind} of {owner}")  # fmt: skip
                return Outcome("duplicate", stored=False, duplicate=kind, original=owner)
            # Dedupe off: the repeat is kept, linked to the text's first article.
            record |= {"content_repeat": 1, "duplicate_of": owner, "story_id": story}
            rowid = self._insert_row(db, record)
            self._indexed(
                db, rowid, item, fetched_url, _Written(None, None, written.search_key), story, new=True
            )
            return Outcome("duplicate", stored=True, story_id=story, duplicate="content", original=owner)
        if match is not None and takes_back:
            db.execute("ROLLBACK TO article")
            db.execute("RELEASE article")
            if fetched_url:
                self._mark(db, item.site, fetched_url, "duplicate", article_id=item.id,
                           reason=f"near duplicate of {match.id}")  # fmt: skip
            return Outcome("near_duplicate", stored=False, story_id=match.story_id, original=match.id,
                           similarity=match.similarity)  # fmt: skip
        story_id = record["story_id"]
        if near_mode == "off":
            written = _Written(None, None, written.search_key)
        self._indexed(db, rowid, item, fetched_url, written, story_id, new=True)
        if match is not None:
            return Outcome("near_duplicate", stored=True, story_id=story_id, original=match.id,
                           similarity=match.similarity)  # fmt: skip
        return Outcome("new", stored=True, story_id=story_id)

    @staticmethod
    def _insert_row(db: sqlite3.Connection, record: dict[str, Any]) -> int:
        names = list(record)
        cursor = db.execute(
            f"INSERT INTO articles ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            [record[name] for name in names],
        )
        return int(cursor.lastrowid or 0)

    def _indexed(
        self,
        db: sqlite3.Connection,
        rowid: int,
        item: Article,
        fetched_url: str | None,
        written: _Written,
        story_id: str | None,
        *,
        new: bool,
    ) -> None:
        """The search entry (written with the batch, see :mod:`newsbot.store.sqlite`), the
        signature's bands and the URL's mark of a written article; ``new`` when its row was just
        inserted, so the index holds no entry for it yet."""
        assert item.id is not None and item.site is not None
        key = written.search_key
        if key is None:
            key = search_key(item.headline, item.article_body)
        if not new:
            # An entry still waiting in the batch is replaced there instead (same rowid).
            db.execute("DELETE FROM articles_fts WHERE rowid = ?", (rowid,))
        self._staged_search_rows[rowid] = (item.id, item.site, key)
        if written.signature is not None:
            lsh.add(db, self.bands, item.id, written.signature, story_id or item.id, site=item.site,
                    published=item.date_published, stamp=now_iso(), keys=written.buckets)  # fmt: skip
        if fetched_url:
            self._mark(db, item.site, fetched_url, "article", article_id=item.id,
                       content_hash=item.content_hash)  # fmt: skip

    def _resave(
        self,
        db: sqlite3.Connection,
        item: Article,
        stored: tuple[Any, ...],
        fetched_url: str | None,
        search_key: str | None = None,
    ) -> Outcome:
        """A stored id fetched again: an update when its text or ``date_modified`` changed."""
        assert item.id is not None and item.site is not None
        rowid, content_hash, date_modified, story_id = stored
        story_id = story_id or item.id
        if (content_hash, date_modified) == (item.content_hash, item.date_modified):
            if fetched_url:
                self._mark(db, item.site, fetched_url, "article", article_id=item.id)
            return Outcome("unchanged", stored=False, story_id=story_id)
        record = _record(item)
        names = [name for name in record if name not in _KEPT_ON_UPDATE]
        assignments = ", ".join(f"{name} = ?" for name in names)
        db.execute("SAVEPOINT article")
        try:
            db.execute(
                f"UPDATE articles SET {assignments}, version = version + 1, updated_at = ? WHERE id = ?",
                [*(record[name] for name in names), now_iso(), item.id],
            )
        except sqlite3.IntegrityError:
            # The new text is another stored article's: keep the stored version.
            db.execute("ROLLBACK TO article")
            db.execute("RELEASE article")
            owner = db.execute(
                "SELECT id FROM articles WHERE content_hash = ? AND content_repeat = 0", (item.content_hash,)
            ).fetchone()
            if fetched_url:
                self._mark(db, item.site, fetched_url, "article", article_id=item.id)
            return Outcome("duplicate", stored=False, story_id=story_id, duplicate="content",
                           original=owner[0] if owner else None)  # fmt: skip
        db.execute("RELEASE article")
        self._indexed(db, rowid, item, fetched_url, _Written(None, None, search_key), story_id, new=False)
        return Outcome("updated", stored=True, story_id=story_id)
