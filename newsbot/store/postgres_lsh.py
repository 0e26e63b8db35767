"""The near-duplicate index in PostgreSQL: the SQLite layout (signatures, one row per LSH band) and
the advisory lock keys that make concurrent savers of one story take turns.

Two copies of a story are candidates only when they share a (band, bucket) pair, so a saver that
holds the advisory locks of all its pairs, taken in sorted order, excludes every concurrent saver
of a similar text until it commits; the second then finds the first's signature and links to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import xxhash

from newsbot.text.neardup import (
    HASHFUNC,
    NUM_PERM,
    SEED,
    Bands,
    Match,
    Signature,
    best_match,
    signature,
)

if TYPE_CHECKING:
    import psycopg


def lock_key(kind: str, value: object) -> int:
    """A signed 64-bit advisory lock key for a value (PostgreSQL's ``bigint`` range).

    >>> lock_key("id", "rt_arabic:1") == lock_key("id", "rt_arabic:1")
    True
    >>> -(2**63) <= lock_key("band", (3, -5)) < 2**63
    True
    """
    return int(xxhash.xxh3_64_intdigest(f"{kind}:{value}".encode())) - 2**63


def lock_bands(db: psycopg.Connection, keys: list[tuple[int, int]]) -> None:
    """Hold the advisory locks of a signature's (band, bucket) pairs (``Bands.keys``) until the
    transaction ends."""
    locks = sorted({lock_key("band", key) for key in keys})
    db.execute("SELECT count(pg_advisory_xact_lock(k)) FROM unnest(%s::bigint[]) AS k", (locks,))


def find(
    db: psycopg.Connection,
    bands: Bands,
    sig: Signature,
    *,
    confirm: float,
    exclude: str | None = None,
    keys: list[tuple[int, int]] | None = None,
) -> Match | None:
    """The most similar indexed story at or above the confirmation threshold (``keys``: the
    signature's ``bands.keys``, when the caller has them)."""
    if keys is None:
        keys = bands.keys(sig)
    rows = db.execute(
        """SELECT id, story_id, scheme, seed, num_perm, hashfunc, sig FROM signatures
           WHERE rowid IN (SELECT b.sig FROM lsh_bands AS b
                           JOIN unnest(%s::int[], %s::bigint[]) AS k(band, bucket)
                             ON b.band = k.band AND b.bucket = k.bucket)""",
        ([band for band, _ in keys], [bucket for _, bucket in keys]),
    ).fetchall()
    return best_match(sig, rows, confirm=confirm, exclude=exclude)


def add(
    db: psycopg.Connection,
    bands: Bands,
    key: str,
    sig: Signature,
    story_id: str,
    *,
    site: str,
    published: str | None,
    stamp: str,
    keys: list[tuple[int, int]] | None = None,
) -> bool:
    """Index a signature (``False`` when ``key`` has one already)."""
    if keys is None:
        keys = bands.keys(sig)
    # One round trip: the signature, and its bands only if it was new.
    cursor = db.execute(
        """WITH s AS (
               INSERT INTO signatures(id, site, story_id, published, stored_at, scheme, seed, num_perm,
                                      hashfunc, sig)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING RETURNING rowid)
           INSERT INTO lsh_bands(band, bucket, sig)
           SELECT k.band, k.bucket, s.rowid FROM s, unnest(%s::int[], %s::bigint[]) AS k(band, bucket)
           ON CONFLICT DO NOTHING""",
        (key, site, story_id, published, stamp, sig.scheme, sig.seed, len(sig.hashvalues), HASHFUNC,
         sig.hashvalues.tobytes(), [band for band, _ in keys], [bucket for _, bucket in keys]),
    )  # fmt: skip
    return cursor.rowcount > 0


def prune(db: psycopg.Connection, bands: Bands, *, since: str) -> int:
    """Drop the LSH bands of signatures stored before ``since`` (the signatures stay)."""
    old = db.execute(
        "SELECT rowid FROM signatures WHERE in_lsh = 1 AND stored_at < %s FOR UPDATE SKIP LOCKED", (since,)
    ).fetchall()
    ids = [row[0] for row in old]
    if ids:
        db.execute("DELETE FROM lsh_bands WHERE sig = ANY(%s)", (ids,))
        db.execute("UPDATE signatures SET in_lsh = 0 WHERE rowid = ANY(%s)", (ids,))
    return len(ids)


def backfill(db: psycopg.Connection, bands: Bands, *, since: str, stamp: str) -> int:
    """Sign stored articles of the window that have no signature; returns how many."""
    rows = db.execute(
        """SELECT a.id, a.site, COALESCE(a.story_id, a.id), a.date_published, a.article_body
           FROM articles AS a
           WHERE a.first_stored >= %s AND NOT EXISTS (SELECT 1 FROM signatures AS s WHERE s.id = a.id)""",
        (since,),
    ).fetchall()
    added = 0
    for key, site, story_id, published, body in rows:
        sig = signature(body or "")
        if sig is not None:
            added += add(db, bands, key, sig, story_id, site=site, published=published, stamp=stamp)
    return added


def size(db: psycopg.Connection) -> int:
    row = db.execute("SELECT count(*) FROM signatures").fetchone()
    return int(row[0]) if row else 0


def other_schemes(db: psycopg.Connection) -> int:
    row = db.execute(
        "SELECT count(*) FROM signatures WHERE seed != %s OR num_perm != %s OR hashfunc != %s",
        (SEED, NUM_PERM, HASHFUNC),
    ).fetchone()
    return int(row[0]) if row else 0
