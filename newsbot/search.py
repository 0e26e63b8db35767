"""Full-text search over stored articles, blind to Arabic spelling variants.

The FTS5 table indexes the *match key* of headline and body (alef forms, ة/ه, ى/ي, hamza seats and
diacritics folded), and queries are keyed the same way, so أ/ا, مسؤول/مسئول or a vocalised query
find the article however it was spelled. Rows are written in the same transaction as the article.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from newsbot.text import match_key

SEARCH_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    id UNINDEXED, site UNINDEXED, key, tokenize = 'unicode61 remove_diacritics 0'
);
"""


def search_key(headline: str | None, body: str | None) -> str:
    """What the index holds for one article.

    >>> search_key("الأخبار", "مسؤول قال")
    'الاخبار مسءول قال'
    """
    return match_key(f"{headline or ''}\n{body or ''}")


def fts_query(text: str) -> str | None:
    """An FTS5 query that needs every word of ``text`` (as keys, so spelling variants match).

    >>> fts_query("الأسعار ارتفعت!")
    '"الاسعار" AND "ارتفعت"'
    >>> fts_query("؟!") is None
    True
    """
    words = match_key(text).split()
    if not words:
        return None
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


def index_article(
    db: sqlite3.Connection, rowid: int, article_id: str, site: str, headline: str | None, body: str | None
) -> None:
    """Add or replace one article's index entry, keyed by the article row's rowid (FTS5 finds rows
    by rowid directly; its other columns are not indexed); call inside the article's transaction."""
    db.execute("DELETE FROM articles_fts WHERE rowid = ?", (rowid,))
    db.execute(
        "INSERT INTO articles_fts(rowid, id, site, key) VALUES (?, ?, ?, ?)",
        (rowid, article_id, site, search_key(headline, body)),
    )


def backfill(db: sqlite3.Connection) -> int:
    """Index stored articles the index does not know yet (databases from before the index existed)."""
    missing = db.execute(
        "SELECT rowid, id, site, headline, article_body FROM articles"
        " WHERE rowid NOT IN (SELECT rowid FROM articles_fts)"
    ).fetchall()
    for rowid, article_id, site, headline, body in missing:
        index_article(db, rowid, article_id, site, headline, body)
    return len(missing)


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    site: str
    headline: str
    date_published: str | None
    canonical_url: str
    snippet: str


def search(db: sqlite3.Connection, text: str, *, site: str | None = None, limit: int = 20) -> list[Hit]:
    """Articles containing every word of ``text``, best match first."""
    query = fts_query(text)
    if query is None:
        return []
    sql = """SELECT a.id, a.site, a.headline, a.date_published, a.canonical_url,
                    snippet(articles_fts, 2, '[', ']', ' … ', 12)
             FROM articles_fts JOIN articles AS a ON a.rowid = articles_fts.rowid
             WHERE articles_fts MATCH ?"""
    args: list[object] = [query]
    if site is not None:
        sql += " AND a.site = ?"
        args.append(site)
    sql += " ORDER BY bm25(articles_fts) LIMIT ?"
    args.append(limit)
    return [Hit(*row) for row in db.execute(sql, args)]
