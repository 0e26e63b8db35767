"""``newsbot migrate`` copies an SQLite database into PostgreSQL, idempotently and resumably, and
the read commands work on either store."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from newsbot.cli import main
from newsbot.store import open_dsn, open_path
from newsbot.text.neardup import signature
from tests.dedupe.test_near_duplicates import STORIES, added_paragraph, body, story
from tests.support.servers import fresh_schema


@pytest.fixture
def dsn() -> Iterator[str]:
    with fresh_schema() as value:
        yield value


def sqlite_database(path: Path) -> None:
    import random

    store = open_path(path)
    store.open_near_duplicates(window_days=60)
    run = store.start_run("rt_arabic")
    for spec in STORIES[:5]:
        item = story(spec)
        store.save(item, fetched_url=item.url, signature=signature(body(spec)))
    text = added_paragraph(STORIES[0], random.Random(1))
    copy = dataclasses.replace(story(STORIES[6], text), content_hash="copy")
    assert store.save(copy, fetched_url=copy.url, signature=signature(text)).kind == "near_duplicate"
    store.record_discovered("rt_arabic", [("https://arabic.rt.com/world/pending", "rt_arabic:pending", None)])
    store.finish_run(run, "finished", {"newsbot/articles/new": 5})
    store.close()


def test_migrate_copies_everything_once_and_resumes(
    dsn: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "newsbot.db"
    sqlite_database(source)
    assert main(["migrate", "--from", str(source), "--to", dsn]) == 0
    assert "articles: 6 read, 6 new on the server" in capsys.readouterr().out
    assert main(["migrate", "--from", str(source), "--to", dsn]) == 0
    assert "articles: 6 read, 0 new on the server" in capsys.readouterr().out  # idempotent
    with psycopg.connect(dsn) as db:  # a migration cut short: the second half never arrived
        db.execute("DELETE FROM articles WHERE id IN (SELECT id FROM articles ORDER BY rowid DESC LIMIT 3)")
        db.execute("DELETE FROM runs")
    assert main(["migrate", "--from", str(source), "--to", dsn]) == 0
    assert "articles: 6 read, 3 new on the server" in capsys.readouterr().out
    store = open_dsn(dsn)
    rows = {row["id"]: row for row in store.articles()}
    assert len(rows) == 6 and store.runs()[0]["stats"] == {"newsbot/articles/new": 5}
    assert rows[str(STORIES[6].article_id)]["duplicate_of"] == str(STORIES[0].article_id)
    assert [state.url for state in store.pending_urls("rt_arabic")] == ["https://arabic.rt.com/world/pending"]
    sig = signature(body(STORIES[1]))
    assert sig is not None
    found = store.find_near_duplicate(sig, exclude="other")
    assert found is not None and found.id == str(STORIES[1].article_id)  # bands copied too
    store.close()


def test_read_commands_work_on_postgres(dsn: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "newsbot.db"
    sqlite_database(source)
    main(["migrate", "--from", str(source), "--to", dsn])
    capsys.readouterr()
    assert main(["export", "--dsn", dsn, "--one-per-story"]) == 0
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(exported) == 5
    assert main(["status", "--dsn", dsn, "--json"]) == 0
    assert "rt_arabic" in capsys.readouterr().out
    word = STORIES[2].headline.split()[0]
    assert main(["search", word, "--dsn", dsn, "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert str(STORIES[2].article_id) in [hit["id"] for hit in hits]


def test_migrate_without_a_file_says_so(dsn: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate", "--from", str(tmp_path / "none.db"), "--to", dsn]) == 1
    assert "no database" in capsys.readouterr().err
