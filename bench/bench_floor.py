"""What the crawl CPU goal leaves for newsbot's own code: the least each required step costs.

Issue 12 asks for CPU per page at most 1.5 times a bare Scrapy spider's. newsbot's crawl downloads
the same pages through the same Scrapy machinery as the bare spider and also makes an item of each,
so at least the bare spider's CPU per page goes to Scrapy; what the goal leaves for everything else
is half of it. This benchmark measures the steps the issue's pipeline cannot skip, each done with the
library newsbot is built on and nothing of newsbot's own code:

* ``decode + parse``: ``w3lib`` decoding as Scrapy's ``response.text`` does, then ``parsel.Selector``;
* ``item loader``: ``itemloaders.ItemLoader`` filling every Article field with processors that
  return their input (the machinery alone);
* ``near-duplicate signature``: ``datasketch`` MinHash, 128 permutations drawn once, over the word
  3-grams of the body (split on whitespace, no normalisation);
* ``near-duplicate index``: the signature's 25 LSH bands hashed with xxh3, 25 lookups and 25 inserts
  in an indexed SQLite table;
* ``article row + search index``: one SQLite row (unique URL, canonical URL and content hash, the
  item as JSON) and one FTS5 row of headline and body; WAL, ``synchronous=NORMAL``, 200 articles a
  transaction;
* ``JSONL line``: ``json.dumps(ensure_ascii=False)`` and a write;
* ``process hand-over``: pickling the page to a worker and the item back, and unpickling both.

Inputs are independent of newsbot's extractor: the page bytes of a generated RT-Arabic-shaped site
and the generator's own gold items (text as stored). One core, best of ``--repeat`` passes.

    python bench/bench_floor.py [--articles 1000] [--repeat 5] [--bare-ms 1.9]

Without ``--bare-ms`` the bare spider's CPU per page is read from ``bench/out/crawl.json`` (written
by ``bench_crawl.py``), when there is one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xxhash
from datasketch import LeanMinHash, MinHash
from itemloaders import ItemLoader
from itemloaders.processors import Identity, TakeFirst
from parsel import Selector
from w3lib.encoding import html_to_unicode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib

from newsbot.demo import build_site, default_now, gold, make_articles
from newsbot.items import ARTICLE_FIELDS, Article

#: The CPU-per-page goal, as a multiple of the bare spider's.
GOAL = 1.5
NUM_PERM = 128
BANDS, ROWS = 25, 5
BATCH = 200


class BareLoader(ItemLoader):
    """Every Article field through a processor that returns its input: the loader's own cost."""

    default_item_class = Article
    default_input_processor = Identity()
    default_output_processor = TakeFirst()


for _field in ARTICLE_FIELDS:
    setattr(BareLoader, f"{_field}_in", BareLoader.default_input_processor)
    setattr(BareLoader, f"{_field}_out", BareLoader.default_output_processor)


def shingles(text: str) -> set[bytes]:
    words = text.encode("utf-8").split()
    return {b" ".join(words[i : i + 3]) for i in range(len(words) - 2)}


class Steps:
    """The inputs and one function per step; each function does its step for every page once."""

    def __init__(self, articles: int) -> None:
        specs = make_articles(articles, seed=11)
        site = build_site(specs, now=default_now(specs))
        expected = gold(specs)
        self.pages: list[tuple[str, bytes, str]] = []
        self.items: list[dict[str, Any]] = []
        for spec in specs:
            resource = site.lookup(spec.path)
            assert resource is not None, spec.path
            self.pages.append((spec.url, resource.body, resource.content_type))
            item = dict(expected[spec.canonical_url])
            item["scraped_at"] = "2026-01-01T00:00:00+00:00"
            item["content_hash"] = hashlib.sha1((item["article_body"] or "").encode()).hexdigest()
            self.items.append(item)
        template = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=xxhash.xxh32_intdigest)
        self.permutations, self.scheme = template.permutations, template.scheme
        self.signatures = [self._signature(item) for item in self.items]
        self.pickled_pages = [pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL) for page in self.pages]
        self.pickled_items = [pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL) for item in self.items]

    def _signature(self, item: dict[str, Any]) -> LeanMinHash:
        minhash = MinHash(
            num_perm=NUM_PERM,
            seed=1,
            hashfunc=xxhash.xxh32_intdigest,
            permutations=self.permutations,
            scheme=self.scheme,
        )
        minhash.update_batch(list(shingles(item["article_body"] or "")))
        return LeanMinHash(minhash)

    def parse(self) -> None:
        for url, body, content_type in self.pages:
            _, text = html_to_unicode(content_type, body)
            Selector(text=text, type="html", base_url=url)

    def loader(self) -> None:
        for item in self.items:
            loader = BareLoader()
            for name in ARTICLE_FIELDS:
                if item.get(name) is not None:
                    loader.add_value(name, item[name])
            loader.load_item()

    def signature(self) -> None:
        for item in self.items:
            self._signature(item)

    def near_duplicate_index(self) -> None:
        with tempfile.TemporaryDirectory() as directory:
            db = _database(Path(directory))
            db.execute("CREATE TABLE lsh (band INTEGER, bucket INTEGER, article INTEGER)")
            db.execute("CREATE INDEX lsh_key ON lsh (band, bucket)")
            for start in range(0, len(self.signatures), BATCH):
                db.execute("BEGIN")
                for number, sig in enumerate(self.signatures[start : start + BATCH], start):
                    values = sig.hashvalues
                    keys = [(band, _bucket(values[band * ROWS : (band + 1) * ROWS])) for band in range(BANDS)]
                    for key in keys:
                        db.execute("SELECT article FROM lsh WHERE band = ? AND bucket = ?", key).fetchall()
                    db.executemany("INSERT INTO lsh VALUES (?, ?, ?)", [(*key, number) for key in keys])
                db.execute("COMMIT")
            db.close()

    def store(self) -> None:
        with tempfile.TemporaryDirectory() as directory:
            db = _database(Path(directory))
            db.execute(
                "CREATE TABLE article (id INTEGER PRIMARY KEY, url TEXT UNIQUE, canonical_url TEXT UNIQUE,"
                " content_hash TEXT UNIQUE, item TEXT)"
            )
            db.execute("CREATE VIRTUAL TABLE search USING fts5(headline, body)")
            for start in range(0, len(self.items), BATCH):
                db.execute("BEGIN")
                for item in self.items[start : start + BATCH]:
                    row = db.execute(
                        "INSERT INTO article (url, canonical_url, content_hash, item) VALUES (?, ?, ?, ?)",
                        (
                            item["url"],
                            item["canonical_url"],
                            item["content_hash"],
                            json.dumps(item, ensure_ascii=False),
                        ),
                    ).lastrowid
                    db.execute(
                        "INSERT INTO search (rowid, headline, body) VALUES (?, ?, ?)",
                        (row, item["headline"], item["article_body"]),
                    )
                db.execute("COMMIT")
            db.close()

    def jsonl(self) -> None:
        with tempfile.TemporaryFile("w", encoding="utf-8") as out:
            for item in self.items:
                out.write(json.dumps(item, ensure_ascii=False) + "\n")

    def hand_over(self) -> None:
        for page, item, pickled_page, pickled_item in zip(
            self.pages, self.items, self.pickled_pages, self.pickled_items, strict=True
        ):
            pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.loads(pickled_page)
            pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.loads(pickled_item)


def _bucket(values: Any) -> int:
    return xxhash.xxh3_64_intdigest(values.tobytes()) - 2**63


def _database(directory: Path) -> sqlite3.Connection:
    db = sqlite3.connect(directory / "floor.db", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def bare_ms_from_crawl() -> float | None:
    path = benchlib.OUT / "crawl.json"
    if not path.exists():
        return None
    cpu = json.loads(path.read_text(encoding="utf-8")).get("throughput", {}).get("cpu_ms_per_page", {})
    bare = cpu.get("bare")
    return float(bare) if bare else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--bare-ms", type=float, help="the bare spider's CPU ms per page")
    args = parser.parse_args(argv)

    steps = Steps(args.articles)
    count = len(steps.pages)
    measured: dict[str, float] = {}
    runs: list[tuple[str, Callable[[], None]]] = [
        ("decode + parse (w3lib, parsel)", steps.parse),
        ("item loader, every field, processors that do nothing (itemloaders)", steps.loader),
        ("near-duplicate signature (datasketch MinHash, 128 permutations)", steps.signature),
        ("near-duplicate index (25 bands: lookups + inserts, SQLite)", steps.near_duplicate_index),
        ("article row + search index (SQLite, FTS5)", steps.store),
        ("JSONL line (json)", steps.jsonl),
        ("process hand-over (pickle page out, item back)", steps.hand_over),
    ]
    for name, run in runs:
        run()  # warm: imports, caches, first allocations
        measured[name] = benchlib.timed(run, args.repeat).best / count * 1000
    floor = sum(measured.values())

    bare = args.bare_ms if args.bare_ms is not None else bare_ms_from_crawl()
    rows = [[name, f"{ms:.3f}"] for name, ms in measured.items()]
    rows.append(["**sum**", f"**{floor:.3f}**"])
    lines = [
        "## Floor: the least the required steps cost per page",
        "",
        f"{count:,} generated RT-Arabic-shaped pages and the generator's gold items; each step done with "
        f"the library newsbot uses and no newsbot code; one core, best of {args.repeat} passes; ms per page.",
        "",
        benchlib.table(["step", "ms / page"], rows),
        "",
    ]
    data: dict[str, Any] = {"pages": count, "steps_ms": measured, "floor_ms": floor}
    if bare:
        budget = (GOAL - 1) * bare
        left = budget - floor
        data.update(bare_ms=bare, budget_ms=budget, left_ms=left)
        lines.append(
            f"The bare spider spends **{bare:.2f} ms** per page. newsbot's crawl fetches the same pages "
            f"through the same Scrapy machinery, so the goal (≤ {GOAL}× bare) leaves **{budget:.2f} ms** "
            f"per page for everything else. These steps take **{floor:.2f} ms** of it, leaving "
            f"**{left:.2f} ms** for the extraction itself (selectors, chrome removal, text normalisation, "
            "dates, links), the text keys and the dedupe decisions."
        )
    else:
        lines.append(
            "No bare-spider CPU per page given or found in bench/out/crawl.json: no budget computed."
        )
    benchlib.emit("\n".join(lines), benchlib.OUT / "floor.json", data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
