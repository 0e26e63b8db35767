"""Near-duplicate stories: MinHash over word 3-grams of the match key, with LSH and a persistent index.

Parameters follow shared/reference/arabic_text.md §3: word 3-grams of ``match_key`` separate
lightly edited copies (Jaccard 0.6–1.0) from different stories on the same topic (about 0.03),
128 permutations with an LSH threshold of 0.5 finds the candidates, and a candidate counts as the
same story only at an estimated Jaccard of 0.7 or more. Signatures are stored in SQLite with the
parameters that made them, because a signature is only comparable with one made the same way.

The LSH itself lives in SQLite too (one row per band of each signature, indexed by bucket), so a
crawl starts at once whatever the window holds and its memory does not grow with the corpus; only
the signatures of the last unsaved batch are held in memory.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

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
CREATE TABLE IF NOT EXISTS lsh_bands (
    band INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    sig INTEGER NOT NULL,
    PRIMARY KEY (band, bucket, sig)
) WITHOUT ROWID;
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
    sig BLOB NOT NULL,
    in_lsh INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS signatures_in_lsh ON signatures(stored_at) WHERE in_lsh = 1;
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
    permutations, scheme = _permutations()
    minhash = MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        hashfunc=xxhash.xxh32_intdigest,
        permutations=permutations,
        scheme=scheme,
    )
    minhash.update_batch(list(grams))
    return LeanMinHash(minhash)


@lru_cache(maxsize=1)
def _permutations() -> tuple[object, str]:
    # Drawn from SEED, so the same for every signature: made once instead of once per article.
    template = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=xxhash.xxh32_intdigest)
    return template.permutations, template.scheme


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
    """LSH over MinHash signatures: band buckets in SQLite (or only in memory without a database).

    ``add`` indexes a signature at once for this process; ``flush`` writes the pending ones (with
    their bands) in one transaction. ``find`` looks in both.
    """

    def __init__(
        self,
        db: sqlite3.Connection | None = None,
        lock: threading.Lock | None = None,
        *,
        threshold: float = 0.5,
        confirm: float = 0.7,
    ) -> None:
        self.db = db
        self.lock = lock or threading.Lock()
        self.confirm = confirm
        # datasketch's choice of bands x rows for the threshold, so results match its MinHashLSH.
        layout = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.bands, self.rows = layout.b, layout.r
        self.buckets: dict[tuple[int, int], set[str]] = {}
        self.memory: dict[str, tuple[LeanMinHash, str]] = {}
        self.pending: list[SignatureRow] = []
        if db is not None:
            db.executescript(SIGNATURE_SCHEMA)

    def _band_keys(self, sig: LeanMinHash) -> list[tuple[int, int]]:
        values = sig.hashvalues
        return [
            (
                band,
                xxhash.xxh3_64_intdigest(values[band * self.rows : (band + 1) * self.rows].tobytes()) - 2**63,
            )
            for band in range(self.bands)
        ]

    def __contains__(self, key: object) -> bool:
        if key in self.memory:
            return True
        if self.db is None:
            return False
        return self.db.execute("SELECT 1 FROM signatures WHERE id = ?", (key,)).fetchone() is not None

    def __len__(self) -> int:
        stored = (
            0 if self.db is None else int(self.db.execute("SELECT count(*) FROM signatures").fetchone()[0])
        )
        return stored + len(self.pending)

    def add(
        self, key: str, sig: LeanMinHash, story_id: str, *, site: str = "", published: str | None = None
    ) -> None:
        """Index a signature now; with a database it is saved by the next :meth:`flush`."""
        if key in self.memory:
            return
        self.memory[key] = (sig, story_id)
        for band_key in self._band_keys(sig):
            self.buckets.setdefault(band_key, set()).add(key)
        if self.db is not None:
            self.pending.append(SignatureRow(key, site, story_id, published, sig))

    def _stored_candidates(self, band_keys: list[tuple[int, int]]) -> dict[str, tuple[LeanMinHash, str]]:
        if self.db is None:
            return {}
        # OR of (band, bucket) pairs: SQLite answers it with one index search per band.
        either = " OR ".join("(band = ? AND bucket = ?)" for _ in band_keys)
        flat = [value for pair in band_keys for value in pair]
        rows = self.db.execute(
            f"""SELECT s.id, s.story_id, s.scheme, s.seed, s.num_perm, s.hashfunc, s.sig
                FROM signatures AS s
                WHERE s.rowid IN (SELECT sig FROM lsh_bands WHERE {either})""",
            flat,
        )
        found = {}
        for key, story_id, scheme, seed, num_perm, hashfunc, blob in rows:
            if (seed, num_perm, hashfunc) == (SEED, NUM_PERM, HASHFUNC):
                values = np.frombuffer(blob, dtype=np.uint32 if scheme == "affine32" else np.uint64)
                found[key] = (LeanMinHash(seed=seed, hashvalues=values, scheme=scheme), story_id)
        return found

    def find(self, sig: LeanMinHash, *, exclude: str | None = None) -> Match | None:
        """The most similar indexed story at or above the confirmation threshold."""
        band_keys = self._band_keys(sig)
        candidates = self._stored_candidates(band_keys)
        for band_key in band_keys:
            for key in self.buckets.get(band_key, ()):
                candidates[key] = self.memory[key]
        best: Match | None = None
        for key, (other, story_id) in candidates.items():
            if key == exclude:
                continue
            similarity = float(sig.jaccard(other))
            if similarity >= self.confirm and (best is None or similarity > best.similarity):
                best = Match(key, story_id, similarity)
        return best

    def flush(self) -> int:
        """Write pending signatures and their bands in one transaction; return how many."""
        if self.db is None or not self.pending:
            return 0
        rows, self.pending = self.pending, []
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        with transaction(self.db, self.lock):
            bands: list[tuple[int, int, int | None]] = []
            for row in rows:
                cursor = self.db.execute(
                    """INSERT OR IGNORE INTO signatures(id, site, story_id, published, stored_at, scheme,
                                                        seed, num_perm, hashfunc, sig)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    (row.key, row.site, row.story_id, row.published, stamp, row.sig.scheme, row.sig.seed,
                     len(row.sig.hashvalues), HASHFUNC, row.sig.hashvalues.tobytes()),
                )  # fmt: skip
                if cursor.rowcount == 1:
                    bands.extend(
                        (band, bucket, cursor.lastrowid) for band, bucket in self._band_keys(row.sig)
                    )
            self.db.executemany("INSERT OR IGNORE INTO lsh_bands(band, bucket, sig) VALUES (?, ?, ?)", bands)
        # Saved rows are found through SQLite from now on; memory holds only the unsaved batch.
        for row in rows:
            self.memory.pop(row.key, None)
        self.buckets = {}
        for key, (sig, _) in self.memory.items():
            for band_key in self._band_keys(sig):
                self.buckets.setdefault(band_key, set()).add(key)
        return len(rows)

    def prune(self, *, window_days: float, now: datetime | None = None) -> int:
        """Drop the LSH bands of signatures older than the window (the signatures stay, for history)."""
        if self.db is None:
            return 0
        since = ((now or datetime.now(UTC)) - timedelta(days=window_days)).isoformat(timespec="seconds")
        old = self.db.execute(
            "SELECT rowid, scheme, sig FROM signatures WHERE in_lsh = 1 AND stored_at < ?", (since,)
        ).fetchall()
        if not old:
            return 0
        with transaction(self.db, self.lock):
            for rowid, scheme, blob in old:
                values = np.frombuffer(blob, dtype=np.uint32 if scheme == "affine32" else np.uint64)
                keys = self._band_keys(LeanMinHash(seed=SEED, hashvalues=values, scheme=scheme))
                self.db.executemany(
                    "DELETE FROM lsh_bands WHERE band = ? AND bucket = ? AND sig = ?",
                    [(band, bucket, rowid) for band, bucket in keys],
                )
            self.db.executemany(
                "UPDATE signatures SET in_lsh = 0 WHERE rowid = ?", [(row[0],) for row in old]
            )
        return len(old)

    def other_schemes(self) -> int:
        """Stored signatures made with other MinHash parameters (never compared)."""
        if self.db is None:
            return 0
        query = "SELECT count(*) FROM signatures WHERE seed != ? OR num_perm != ? OR hashfunc != ?"
        return int(self.db.execute(query, (SEED, NUM_PERM, HASHFUNC)).fetchone()[0])

    def backfill(self, *, window_days: float, now: datetime | None = None) -> int:
        """Index stored articles of the window that have no signature (their run was killed before
        its batch was saved); returns how many were added (saved by the next flush)."""
        if self.db is None:
            return 0
        since = ((now or datetime.now(UTC)) - timedelta(days=window_days)).isoformat(timespec="seconds")
        rows = self.db.execute(
            """SELECT id, site, COALESCE(story_id, id), date_published, article_body FROM articles
               WHERE first_stored >= ? AND id NOT IN (SELECT id FROM signatures)""",
            (since,),
        ).fetchall()
        added = 0
        for key, site, story_id, published, body in rows:
            sig = signature(body or "")
            if sig is not None:
                self.add(key, sig, story_id, site=site, published=published)
                added += 1
        return added
