"""Near-duplicate stories: MinHash signatures over word 3-grams of the match key, and their LSH bands.

Parameters follow shared/reference/arabic_text.md §3: word 3-grams of ``match_key`` separate
lightly edited copies (Jaccard 0.6–1.0) from different stories on the same topic (about 0.03),
128 permutations with an LSH threshold of 0.5 finds the candidates, and a candidate counts as the
same story only at an estimated Jaccard of 0.7 or more. A signature is only comparable with one
made the same way, so whoever persists signatures stores the parameters next to them.

Pure computation, no database: the store (``newsbot.store``) keeps the index.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeAlias

import numpy as np
import xxhash
from datasketch import LeanMinHash, MinHash, MinHashLSH

from newsbot.text import match_key

NUM_PERM = 128
SEED = 1
HASHFUNC = "xxh32_intdigest"
SHINGLE_WORDS = 3
#: Below this many words a text has too few shingles for a meaningful estimate.
MIN_WORDS = 30

#: The signature type the store accepts (datasketch's compact MinHash).
Signature: TypeAlias = LeanMinHash


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Word n-grams of the match key, so spelling variants and diacritics do not count as edits.

    >>> len(shingles("قال مسئول إن الأمر"))
    2
    >>> shingles("قال مسؤول إن الأمر") == shingles("قال مسئول ان الامر")
    True
    """
    # The key's words are separated by single spaces, so splitting its UTF-8 bytes gives each word
    # encoded, and joining encoded words with b" " gives the encoded n-gram.
    words = match_key(text).encode("utf-8").split()
    # The shifted lists end at different words: zip stops at the shortest, the last full n-gram.
    return set(map(b" ".join, zip(*(words[start:] for start in range(size)), strict=False)))


def signature(text: str) -> Signature | None:
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


def from_bytes(blob: bytes, *, scheme: str, seed: int = SEED) -> Signature:
    """A signature back from the bytes of its hash values (the dtype follows the scheme)."""
    values = np.frombuffer(blob, dtype=np.uint32 if scheme == "affine32" else np.uint64)
    return LeanMinHash(seed=seed, hashvalues=values, scheme=scheme)


@dataclass(frozen=True, slots=True)
class Bands:
    """The LSH layout: a signature is cut into ``bands`` runs of ``rows`` hash values; two
    signatures are candidates when one band hashes alike."""

    bands: int
    rows: int

    @classmethod
    def for_threshold(cls, threshold: float) -> Bands:
        """datasketch's choice of bands x rows, so candidates match its ``MinHashLSH``.

        >>> Bands.for_threshold(0.5)
        Bands(bands=25, rows=5)
        """
        layout = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        return cls(layout.b, layout.r)

    def keys(self, sig: Signature) -> list[tuple[int, int]]:
        """(band, bucket) pairs of a signature; buckets are signed 64-bit, as databases store them."""
        values = sig.hashvalues
        return [
            (
                band,
                xxhash.xxh3_64_intdigest(values[band * self.rows : (band + 1) * self.rows].tobytes()) - 2**63,
            )
            for band in range(self.bands)
        ]


@dataclass(frozen=True, slots=True)
class Match:
    id: str
    story_id: str
    similarity: float


def best_match(
    sig: Signature, candidates: Iterable[tuple[Any, ...]], *, confirm: float, exclude: str | None = None
) -> Match | None:
    """The most similar candidate at or above ``confirm``. A candidate is a stored row
    ``(id, story_id, scheme, seed, num_perm, hashfunc, signature bytes)``; one signed with another
    seed, size or hash function cannot be compared and is passed over, as is ``exclude``.

    >>> sig = signature(" ".join(f"قال المسؤول في اليوم {n} إن المحادثات ستستأنف" for n in range(9)))
    >>> row = ("a", "s", sig.scheme, SEED, NUM_PERM, HASHFUNC, sig.hashvalues.tobytes())
    >>> best_match(sig, [row], confirm=0.9)
    Match(id='a', story_id='s', similarity=1.0)
    >>> best_match(sig, [row], confirm=0.9, exclude="a") is None
    True
    """
    best: Match | None = None
    for key, story_id, scheme, seed, num_perm, hashfunc, blob in candidates:
        if key == exclude or (seed, num_perm, hashfunc) != (SEED, NUM_PERM, HASHFUNC):
            continue
        similarity = float(sig.jaccard(from_bytes(bytes(blob), scheme=scheme, seed=seed)))
        if similarity >= confirm and (best is None or similarity > best.similarity):
            best = Match(key, story_id, similarity)
    return best
