"""The SQLite store and the JSONL file survive interruptions whole."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newsbot.items import Article, MainImage
from newsbot.pipelines.jsonl import jsonl_line, repair_tail, tail_ids
from newsbot.store import StoreError, open_path


def article(number: int) -> Article:
    return Article(
        id=f"rt_arabic:{number}",
        site="rt_arabic",
        url=f"https://arabic.rt.com/world/{number}-x",
        canonical_url=f"https://arabic.rt.com/world/{number}-x",
        headline="عنوان",
        article_body="نص",
        authors=["سامر"],
        tags=["روسيا"],
        main_image=MainImage(url="https://mf.b37mrtl.ru/a.jpg", caption=None, credit="RT"),
        content_hash=f"{number:032x}",
    )


def test_store_inserts_once_and_reads_back_item_shaped_rows(tmp_path: Path) -> None:
    store = open_path(tmp_path / "db" / "newsbot.db")
    assert store.save(article(1)).kind == "new"
    assert store.save(article(1)).kind == "unchanged"
    assert store.count() == 1
    row = next(store.articles())
    assert row["tags"] == ["روسيا"] and row["main_image"]["credit"] == "RT"
    store.close()
    with sqlite3.connect(tmp_path / "db" / "newsbot.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_can_be_read_while_a_writer_holds_it_open(tmp_path: Path) -> None:
    store = open_path(tmp_path / "newsbot.db")
    store.save(article(1))
    store.commit()
    with sqlite3.connect(tmp_path / "newsbot.db") as reader:
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    store.close()


def test_unusable_database_path_gives_a_clear_error(tmp_path: Path) -> None:
    not_a_db = tmp_path / "newsbot.db"
    not_a_db.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        open_path(not_a_db)


def test_torn_last_line_is_cut_and_whole_lines_kept(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    whole = jsonl_line({"id": "a", "headline": "خبر"}) + jsonl_line({"id": "b"})
    path.write_bytes(whole + b'{"id": "c", "headl')
    assert repair_tail(path) == len(b'{"id": "c", "headl')
    assert path.read_bytes() == whole
    assert repair_tail(path) == 0
    assert tail_ids(path) == {"a", "b"}


def test_jsonl_lines_are_utf8_json() -> None:
    line = jsonl_line({"headline": "خبر عاجل"})
    assert line.endswith(b"\n") and b"\\u" not in line
    assert json.loads(line) == {"headline": "خبر عاجل"}
