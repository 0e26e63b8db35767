"""Streaming exports of the article store to JSON Lines, CSV and Parquet (docs/datasets.md).

Rows are streamed from the store (``Store.articles``) and written in batches, so memory stays flat
however many millions of articles the database holds.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from newsbot.items import ARTICLE_FIELDS

if TYPE_CHECKING:
    from newsbot.store import Store

FORMATS = ("jsonl", "csv", "parquet")
BATCH = 5_000
_JSON_COLUMNS = ("authors", "tags", "main_image")


def write_jsonl(rows: Iterator[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterator[dict[str, Any]], stream: IO[str]) -> int:
    """One row per article; list and object fields as JSON text, so nothing is lost."""
    writer = csv.writer(stream)
    writer.writerow(ARTICLE_FIELDS)
    count = 0
    for row in rows:
        writer.writerow(
            [
                json.dumps(row[name], ensure_ascii=False)
                if name in _JSON_COLUMNS and row[name] is not None
                else row[name]
                for name in ARTICLE_FIELDS
            ]
        )
        count += 1
    return count


def published_instant(value: str | None) -> datetime | None:
    """The UTC instant of a ``date_published`` value; ``None`` for a bare date (no invented time).

    >>> published_instant("2025-10-23T14:05:00+03:00")
    datetime.datetime(2025, 10, 23, 11, 5, tzinfo=datetime.timezone.utc)
    >>> published_instant("2025-10-23") is None
    True
    """
    if not value or len(value) <= 10:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed.astimezone(UTC) if parsed.tzinfo else None


def published_day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def parquet_schema() -> Any:
    import pyarrow as pa

    text = pa.string()
    fields = [(name, text) for name in ARTICLE_FIELDS]
    types = dict(fields)
    types["authors"] = pa.list_(text)
    types["tags"] = pa.list_(text)
    types["main_image"] = pa.struct([("url", text), ("caption", text), ("credit", text)])
    types["scraped_at"] = pa.timestamp("ms", tz="UTC")
    schema = [pa.field(name, types[name]) for name in ARTICLE_FIELDS]
    schema += [
        pa.field("published_at", pa.timestamp("ms", tz="UTC")),
        pa.field("published_date", pa.date32()),
    ]
    return pa.schema(schema)


def _parquet_record(row: dict[str, Any]) -> dict[str, Any]:
    record = dict(row)
    record["scraped_at"] = datetime.fromisoformat(row["scraped_at"]) if row["scraped_at"] else None
    record["published_at"] = published_instant(row["date_published"])
    record["published_date"] = published_day(row["date_published"])
    return record


def write_parquet(rows: Iterator[dict[str, Any]], path: Path) -> int:
    """Typed columns: timestamps in UTC, lists as lists, the image as a struct; the ISO strings of
    ``date_published`` stay as published, next to ``published_at`` and ``published_date``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    count = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        while batch := list(islice(rows, BATCH)):
            writer.write_table(pa.Table.from_pylist([_parquet_record(row) for row in batch], schema=schema))
            count += len(batch)
    return count


def export(
    store: Store,
    fmt: str,
    out: Path | None,
    *,
    stdout: IO[str] | None = None,
    **filters: Any,
) -> int:
    """Write the articles ``filters`` select (``Store.articles``) in ``fmt`` to ``out`` (or
    ``stdout`` for jsonl/csv); return the count."""
    rows = store.articles(**filters)
    if fmt == "parquet":
        if out is None:
            raise ValueError("parquet needs --out PATH")
        return write_parquet(rows, out)
    writer = write_jsonl if fmt == "jsonl" else write_csv
    if out is None:
        assert stdout is not None
        return writer(rows, stdout)
    with out.open("w", encoding="utf-8", newline="") as stream:
        return writer(rows, stream)
