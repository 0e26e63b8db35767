"""``NEWSBOT_STATE_PATH``: the crawl state and run history live in their own file, and the next run
reads them from there (it used to find its URL marks in the article file and fetch everything again)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from newsbot.demo.articles import make_articles
from newsbot.demo.site import build_site, default_now
from newsbot.mirror.server import MirrorServer
from tests.crawl.runner import REPO, run_crawl

ARTICLES = 20


def test_state_file_holds_the_state_and_the_next_run_fetches_nothing(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    articles = make_articles(ARTICLES, seed=8)
    with MirrorServer(build_site(articles, now=default_now(articles))) as server:
        first = run_crawl(server.url, tmp_path, NEWSBOT_STATE_PATH=state)
        second = run_crawl(server.url, tmp_path, NEWSBOT_STATE_PATH=state)
    assert first.returncode == 0 and first.stat("newsbot/articles/new") == ARTICLES, first.log[-2000:]
    assert second.returncode == 0, second.log[-2000:]
    assert second.stat("newsbot/requests/article") == 0
    assert second.stat("newsbot/articles/new") == 0
    with sqlite3.connect(state) as db:
        assert db.execute("SELECT count(*) FROM urls WHERE status = 'article'").fetchone()[0] == ARTICLES
        assert db.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
    with sqlite3.connect(tmp_path / "newsbot.db") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert not tables & {"urls", "runs", "documents"}
    shown = subprocess.run(
        [sys.executable, "-m", "newsbot.cli", "status", "--json", "--db", str(tmp_path / "newsbot.db"),
         "--state", str(state)],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    runs = json.loads(shown)["runs"]
    assert [run["articles_new"] for run in runs] == [0, ARTICLES]
    assert runs[0]["stored_total"] == ARTICLES
