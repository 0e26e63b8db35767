"""Exports read back to the same rows and types; memory stays flat; search ignores spelling variants."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsbot.items import ARTICLE_FIELDS, Article, MainImage
from newsbot.store import Store, open_path
from tests.crawl.runner import REPO

BODY = "قال مسؤول في وزارة الخارجية إن الأسعار ارتفعت بنسبة ٣٫٥٪ خلال الربع الأخير."


def article(number: int, *, published: str | None, duplicate_of: str | None = None) -> Article:
    return Article(
        id=f"rt_arabic:{number}",
        site="rt_arabic",
        url=f"https://arabic.rt.com/world/{number}-x",
        canonical_url=f"https://arabic.rt.com/world/{number}-x",
        headline=f"عنوان الخبر رقم {number}",
        description="الفقرة الأولى",
        article_body=f"{BODY}\n\nفقرة {number}",
        date_published=published,
        date_published_raw=published,
        authors=["سامر الياس"] if number % 2 else [],
        section="world",
        tags=["روسيا", "اقتصاد"],
        main_image=MainImage(url=f"https://mf.b37mrtl.ru/{number}.jpg", caption="تعليق", credit=None)
        if number % 3
        else None,
        source="RT",
        in_language="ar",
        scraped_at="2026-11-29T01:00:00+00:00",
        content_hash=f"{number:032x}",
        duplicate_of=duplicate_of,
        story_id=duplicate_of or f"rt_arabic:{number}",
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_path(tmp_path / "newsbot.db")
    for number, published in enumerate(["2025-10-23T14:05:00+03:00", "2025-10-24", None], start=1):
        assert opened.save(article(number, published=published), near_mode="off").kind == "new"
    copy = article(4, published="2025-10-25T09:00:00+00:00", duplicate_of="rt_arabic:1")
    assert opened.save(copy, near_mode="off").kind == "new"
    opened.commit()
    yield opened
    opened.close()


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsbot.cli", *args], cwd=REPO, capture_output=True, text=True, check=True
    )


def test_jsonl_round_trip(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    cli("export", "--format", "jsonl", "--db", str(tmp_path / "newsbot.db"), "--out", str(out))
    back = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert back == list(store.articles())
    assert [list(row) for row in back] == [list(ARTICLE_FIELDS)] * 4
    assert "\\u0" not in out.read_text(encoding="utf-8")


def test_csv_round_trip(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    cli("export", "--format", "csv", "--db", str(tmp_path / "newsbot.db"), "--out", str(out))
    with out.open(encoding="utf-8", newline="") as stream:
        back = list(csv.DictReader(stream))
    expected = list(store.articles())
    assert len(back) == len(expected)
    for got, want in zip(back, expected, strict=True):
        assert got["article_body"] == want["article_body"]
        assert json.loads(got["tags"]) == want["tags"]
        assert (json.loads(got["main_image"]) if got["main_image"] else None) == want["main_image"]
        assert (got["date_published"] or None) == want["date_published"]


def test_parquet_round_trip_with_types(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    cli("export", "--format", "parquet", "--db", str(tmp_path / "newsbot.db"), "--out", str(out))
    table = pq.read_table(out)
    schema = table.schema
    assert schema.field("scraped_at").type == pa.timestamp("ms", tz="UTC")
    assert schema.field("published_at").type == pa.timestamp("ms", tz="UTC")
    assert schema.field("published_date").type == pa.date32()
    assert schema.field("tags").type == pa.list_(pa.string())
    assert schema.field("main_image").type.num_fields == 3
    rows = {row["id"]: row for row in table.to_pylist()}
    assert rows["rt_arabic:1"]["published_at"] == datetime(2025, 10, 23, 11, 5, tzinfo=UTC)
    assert rows["rt_arabic:2"]["published_at"] is None
    assert rows["rt_arabic:2"]["published_date"] == date(2025, 10, 24)
    assert rows["rt_arabic:3"]["published_date"] is None
    assert rows["rt_arabic:1"]["tags"] == ["روسيا", "اقتصاد"]
    assert rows["rt_arabic:4"]["duplicate_of"] == "rt_arabic:1"
    for row in store.articles():
        assert rows[row["id"]]["article_body"] == row["article_body"]
        assert rows[row["id"]]["main_image"] == row["main_image"]


def test_filters_and_one_per_story(store: Store) -> None:
    kept = {r["id"] for r in store.articles(one_per_story=True)}
    assert kept == {"rt_arabic:1", "rt_arabic:2", "rt_arabic:3"}
    assert {r["id"] for r in store.articles(since="2025-10-24", until="2025-10-24")} == {"rt_arabic:2"}


@pytest.mark.parametrize(
    "query",
    ["مسئول الاسعار", "مسؤول الأسعار", "مَسؤولٌ الأسعارُ", "الخارجيه", "3.5"],
    ids=["hamza-seat-and-alef", "as-written", "vocalised", "taa-marbuta", "arabic-indic-digits"],
)
def test_search_ignores_spelling_variants(store: Store, query: str) -> None:
    hits = store.search(query)
    assert {hit.id for hit in hits} == {"rt_arabic:1", "rt_arabic:2", "rt_arabic:3", "rt_arabic:4"}


def test_search_needs_every_word_and_filters_by_site(store: Store) -> None:
    assert [hit.id for hit in store.search("فقرة 2")] == ["rt_arabic:2"]
    assert store.search("مسؤول", site="other_site") == []
    assert store.search("كلمة غير موجودة") == []


def fill(path: Path, rows: int) -> None:
    """``rows`` synthetic articles written straight into a newsbot database."""
    open_path(path).close()
    with sqlite3.connect(path) as db:
        template = (
            "rt_arabic", "https://arabic.rt.com/world/{n}-x", "https://arabic.rt.com/world/{n}-x",
            "عنوان {n}",
            "مقدمة", BODY * 4, "2025-10-23T14:05:00+03:00", '["سامر"]', "world", '["روسيا"]', "ar",
            "2026-11-29T01:00:00+00:00", "2026-11-29T01:00:00+00:00",
        )  # fmt: skip
        db.executemany(
            """INSERT INTO articles(id, site, url, canonical_url, headline, description, article_body,
                                    date_published, authors, section, tags, in_language, scraped_at,
                                    first_stored)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            ((f"rt_arabic:{n}", *(str(v).format(n=n) for v in template)) for n in range(rows)),
        )


PEAK_RSS = """
import resource, sys
from pathlib import Path
from newsbot.commands.export import export
from newsbot.store import open_path
count = export(open_path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
print(count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_export_memory_stays_flat_from_20k_to_200k_rows(tmp_path: Path, fmt: str) -> None:
    peaks = {}
    for rows in (20_000, 200_000):
        database = tmp_path / f"{rows}.db"
        fill(database, rows)
        done = subprocess.run(
            [sys.executable, "-c", PEAK_RSS, str(database), fmt, str(tmp_path / f"{rows}.{fmt}")],
            cwd=REPO, capture_output=True, text=True, check=True,
        )  # fmt: skip
        count, peak_kib = map(int, done.stdout.split())
        assert count == rows
        peaks[rows] = peak_kib / 1024
        database.unlink()
    print(f"peak RSS exporting {fmt}: 20k rows {peaks[20_000]:.0f} MiB, 200k rows {peaks[200_000]:.0f} MiB")
    assert peaks[200_000] < peaks[20_000] * 1.25 + 16
