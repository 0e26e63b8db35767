"""Near-duplicate stories: MinHash over word 3-grams of the match key, with LSH and a persistent index.

Parameters follow shared/reference/arabic_text.md §3: word 3-grams of ``match_key`` separate
lightly edited copies (Jaccard 0.6–1.0) from different stories on the same topic (about 0.03),
128 permutations with an LSH threshold of 0.5 finds the candidates, and a candidate counts as the
same story only at an estimated Jaccard of 0.7 or more. Signatures are stored in SQLite with the
parameters that made them, because a signature is only comparable with one made the same way.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import xxhash
from datasketch import LeanMinHash, MinHash, MinHashLSH

from newsbot.state import transaction
from newsbot.text import match_key

NUM_PERM = 128
SEED = 1
HASHFUNC = "xxh32_intdigest"
SHINGLE_WORDS = 3
#: Below this many words a text has too few shingles for a meaningful estimate.
MIN_WORDS = 30

SIGNATURE_SCHEMA = """
CREATE TABLE IF NOT EXISTS signatures (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    story_id TEXT NOT NULL,
    published TEXT,
    stored_at TEXT NOT NULL,
    scheme TEXT NOT NULL,
    seed INTEGER NOT NULL,
    num_perm INTEGER NOT NULL,
    hashfunc TEXT NOT NULL,
    sig BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS signatures_stored ON signatures(stored_at);
"""


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Word n-grams of the match key, so spelling variants and diacritics do not count as edits.

    >>> len(shingles("قال مسئول إن الأمر"))
    2
    >>> shingles("قال مسؤول إن الأمر") == shingles("قال مسئول ان الامر")
    True
    """
    words = match_key(text).split()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> LeanMinHash | None:
    """The MinHash signature of a body, or ``None`` when it is too short to compare this way."""
    grams = shingles(text)
    if len(grams) < MIN_WORDS - SHINGLE_WORDS + 1:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=xxhash.xxh32_intdigest)
    minhash.update_batch(list(grams))
    return LeanMinHash(minhash)


@dataclass(frozen=True, slots=True)
class SignatureRow:
    key: str
    site: str
    story_id: str
    published: str | None
    sig: LeanMinHash


@dataclass(frozen=True, slots=True)
class Match:
    id: str
    story_id: str
    similarity: float


class NearDuplicateIndex:
    """An in-memory LSH over the signatures of a time window, backed by the ``signatures`` table."""

    def __init__(self, *, threshold: float = 0.5, confirm: float = 0.7) -> None:
        self.confirm = confirm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.signatures: dict[str, LeanMinHash] = {}
        self.stories: dict[str, str] = {}
        self.skipped_other_scheme = 0

    def __len__(self) -> int:
        return len(self.signatures)

    def __contains__(self, key: object) -> bool:
        return key in self.signatures

    def add(self, key: str, sig: LeanMinHash, story_id: str) -> None:
        if key in self.signatures:
            return
        self.lsh.insert(key, sig)
        self.signatures[key] = sig
        self.stories[key] = story_id

    def find(self, sig: LeanMinHash, *, exclude: str | None = None) -> Match | None:
        """The most similar indexed story at or above the confirmation threshold."""
        best: Match | None = None
        for key in self.lsh.query(sig):
            if key == exclude:
                continue
            similarity = float(sig.jaccard(self.signatures[key]))
            if similarity >= self.confirm and (best is None or similarity > best.similarity):
                best = Match(key, self.stories[key], similarity)
        return best

    # -- persistence -------------------------------------------------------------------------

    @staticmethod
    def create_table(db: sqlite3.Connection) -> None:
        db.executescript(SIGNATURE_SCHEMA)

    def load(self, db: sqlite3.Connection, *, window_days: float, now: datetime | None = None) -> int:
        """Index every stored signature of the last ``window_days`` made with today's parameters."""
        since = ((now or datetime.now(UTC)) - timedelta(days=window_days)).isoformat(timespec="seconds")
        rows = db.execute(
            "SELECT id, story_id, scheme, seed, num_perm, hashfunc, sig FROM signatures WHERE stored_at >= ?",
            (since,),
        )
        loaded = 0
        for key, story_id, scheme, seed, num_perm, hashfunc, blob in rows:
            if (seed, num_perm, hashfunc) != (SEED, NUM_PERM, HASHFUNC):
                self.skipped_other_scheme += 1
                continue
            values = np.frombuffer(blob, dtype=np.uint32 if scheme == "affine32" else np.uint64)
            self.add(key, LeanMinHash(seed=seed, hashvalues=values, scheme=scheme), story_id)
            loaded += 1
        return loaded

    @staticmethod
    def save_many(db: sqlite3.Connection, lock: threading.Lock, rows: list[SignatureRow]) -> None:
        """Persist signatures in one transaction (a crawl saves them in batches)."""
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        with transaction(db, lock):
            db.executemany(
                """INSERT OR REPLACE INTO signatures(id, site, story_id, published, stored_at, scheme, seed,
                                                     num_perm, hashfunc, sig)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    (
                        row.key,
                        row.site,
                        row.story_id,
                        row.published,
                        stamp,
                        row.sig.scheme,
                        row.sig.seed,
                        len(row.sig.hashvalues),
                        HASHFUNC,
                        row.sig.hashvalues.tobytes(),
                    )
                    for row in rows
                ],
            )

    def backfill(
        self, db: sqlite3.Connection, *, window_days: float, now: datetime | None = None
    ) -> list[SignatureRow]:
        """Signatures for stored articles of the window that have none (their run was killed before
        its batch of signatures was saved); they are indexed now and returned for saving."""
        since = ((now or datetime.now(UTC)) - timedelta(days=window_days)).isoformat(timespec="seconds")
        rows = db.execute(
            """SELECT id, site, COALESCE(story_id, id), date_published, article_body FROM articles
               WHERE first_stored >= ? AND id NOT IN (SELECT id FROM signatures)""",
            (since,),
        ).fetchall()
        made = []
        for key, site, story_id, published, body in rows:
            sig = signature(body or "")
            if sig is not None:
                self.add(key, sig, story_id)
                made.append(SignatureRow(key, site, story_id, published, sig))
        return made
