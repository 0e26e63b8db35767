"""Many workers on one PostgreSQL store: processes released together save the same story, the same
article or the same text, and the database still holds one original and no duplicates."""

from __future__ import annotations

import dataclasses
import multiprocessing
import random
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier

import pytest

from newsbot.store import open_dsn
from newsbot.text.neardup import signature
from tests.dedupe.test_near_duplicates import STORIES, added_paragraph, spelling_variants, story
from tests.support.servers import fresh_schema

WORKERS = 4
ROUNDS = 6


def _save_variant(
    dsn: str, worker: int, rounds: int, barrier: Barrier, results: multiprocessing.Queue
) -> None:  # type: ignore[type-arg]
    """One worker: per round, a variant of the round's story under its own id, URL and hash,
    saved when every worker is ready; then the same article under one id, then one text."""
    store = open_dsn(dsn, batch=1)
    store.open_near_duplicates(window_days=60)
    rng = random.Random(worker)
    # Edits that keep every pair of copies above the confirmation threshold, whatever the order.
    variants = [spelling_variants, added_paragraph]
    for number in range(rounds):
        spec = STORIES[number]
        text = variants[worker % len(variants)](spec, rng)
        key = f"w{worker}-{number}"
        item = dataclasses.replace(
            story(spec, text),
            id=key,
            url=f"https://x/{key}",
            canonical_url=f"https://x/{key}",
            content_hash=key,
        )
        barrier.wait()
        outcome = store.save(item, fetched_url=item.url, signature=signature(text))
        results.put(("near", number, outcome.kind, outcome.original))
        same = story(STORIES[100 + number])
        barrier.wait()
        results.put(("id", number, store.save(same, fetched_url=same.url).kind, None))
        text_copy = dataclasses.replace(
            story(STORIES[120 + number]), id=f"t{worker}-{number}", url=f"https://t/{worker}/{number}",
            canonical_url=f"https://t/{worker}/{number}", content_hash=f"text-{number}",
        )  # fmt: skip
        barrier.wait()
        results.put(("text", number, store.save(text_copy, fetched_url=text_copy.url).kind, None))
    store.close()


@pytest.fixture
def dsn() -> Iterator[str]:
    with fresh_schema() as value:
        yield value


def test_workers_saving_one_story_at_once_keep_one_original(dsn: str) -> None:
    open_dsn(dsn).close()  # the schema exists before the race starts
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(WORKERS)
    results: multiprocessing.Queue = context.Queue()  # type: ignore[type-arg]
    processes = [
        context.Process(target=_save_variant, args=(dsn, worker, ROUNDS, barrier, results))
        for worker in range(WORKERS)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in range(WORKERS * ROUNDS * 3)]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    for number in range(ROUNDS):
        near = [kind for what, n, kind, _ in outcomes if what == "near" and n == number]
        assert sorted(near) == ["near_duplicate"] * (WORKERS - 1) + ["new"], (number, near)
        same_id = [kind for what, n, kind, _ in outcomes if what == "id" and n == number]
        assert sorted(same_id) == ["new"] + ["unchanged"] * (WORKERS - 1), (number, same_id)
        same_text = [kind for what, n, kind, _ in outcomes if what == "text" and n == number]
        assert sorted(same_text) == ["duplicate"] * (WORKERS - 1) + ["new"], (number, same_text)
    store = open_dsn(dsn)
    rows = list(store.articles())
    store.close()
    for number in range(ROUNDS):
        copies = [row for row in rows if row["id"].startswith("w") and row["id"].endswith(f"-{number}")]
        originals = [row for row in copies if row["duplicate_of"] is None]
        assert len(copies) == WORKERS and len(originals) == 1
        # Every copy belongs to the original's story (``duplicate_of`` names the closest copy).
        assert {row["story_id"] for row in copies} == {originals[0]["id"]}
