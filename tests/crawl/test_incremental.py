"""Hourly cron runs: the second run fetches only what is new or changed, and stores every story once."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from newsbot.demo.articles import ArticleSpec, add_articles, make_articles, republish, update_article
from newsbot.demo.site import build_site, default_now, gold, replace_article
from newsbot.mirror.server import MirrorServer
from tests.crawl.runner import CrawlResult, run_crawl

BASE = 60


@dataclass
class Scenario:
    first: CrawlResult
    second: CrawlResult
    third: CrawlResult
    new: list[ArticleSpec]
    updated: ArticleSpec
    original: ArticleSpec
    republished: ArticleSpec
    workdir: Path


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    workdir = tmp_path_factory.mktemp("incremental")
    articles = make_articles(BASE, seed=21)
    server = MirrorServer(build_site(articles, now=default_now(articles)))
    with server:
        first = run_crawl(server.url, workdir)
        modern = [a for a in articles if a.layout != "legacy_press" and not a.article_id < 100000]
        # Edited now, after every other change on the site, as a live update is.
        latest = max(a.modified or a.published for a in articles) + timedelta(hours=1)
        updated = update_article(modern[10], seed=1, modified=latest)
        original = modern[20]
        grown = add_articles(replace_article(articles, updated), 3, seed=5)
        new = grown[-3:]
        republished = republish(original, max(a.article_id for a in grown) + 17, seed=2)
        grown.append(republished)
        server.site = build_site(grown, now=default_now(grown) + timedelta(hours=1))
        server.request_log.clear()
        second = run_crawl(server.url, workdir)
        third = run_crawl(server.url, workdir)
    return Scenario(first, second, third, new, updated, original, republished, workdir)


def rows(workdir: Path) -> dict[str, dict[str, object]]:
    with sqlite3.connect(workdir / "newsbot.db") as db:
        db.row_factory = sqlite3.Row
        return {row["id"]: dict(row) for row in db.execute("SELECT * FROM articles")}


def test_both_runs_finish(scenario: Scenario) -> None:
    for crawl in (scenario.first, scenario.second):
        assert crawl.returncode == 0, crawl.log[-2000:]
        assert crawl.stats["finish_reason"] == "finished"


def test_first_run_stores_every_article(scenario: Scenario) -> None:
    assert scenario.first.stat("newsbot/articles/new") == BASE


def test_second_run_fetches_only_new_updated_and_republished_articles(scenario: Scenario) -> None:
    assert scenario.second.stat("newsbot/requests/article") == 5
    assert scenario.second.stat("newsbot/incremental/refetch_lastmod") == 1
    assert scenario.second.stat("newsbot/incremental/sitemap_unchanged") >= 1


def test_second_run_stores_new_updates_changed_and_links_the_republication(scenario: Scenario) -> None:
    stored = rows(scenario.workdir)
    assert len(stored) == BASE + 3 + 1
    for spec in scenario.new:
        assert stored[f"rt_arabic:{spec.article_id}"]["version"] == 1
    updated = stored[f"rt_arabic:{scenario.updated.article_id}"]
    assert updated["version"] == 2
    assert updated["article_body"] == gold([scenario.updated])[scenario.updated.url]["article_body"]
    copy = stored[f"rt_arabic:{scenario.republished.article_id}"]
    original_id = f"rt_arabic:{scenario.original.article_id}"
    assert copy["duplicate_of"] == original_id
    assert copy["story_id"] == original_id == stored[original_id]["story_id"]
    assert scenario.second.stat("newsbot/articles/new") == 4
    assert scenario.second.stat("newsbot/articles/updated") == 1


def test_jsonl_holds_every_article_once(scenario: Scenario) -> None:
    lines = (scenario.workdir / "rt_arabic.jsonl").read_text(encoding="utf-8").splitlines()
    ids = [json.loads(line)["id"] for line in lines]
    assert len(ids) == len(set(ids)) == BASE + 4


def test_run_history_records_every_run(scenario: Scenario) -> None:
    with sqlite3.connect(scenario.workdir / "newsbot.db") as db:
        runs = db.execute("SELECT site, finish_reason, stats FROM runs ORDER BY run_id").fetchall()
    assert [(site, reason) for site, reason, _ in runs] == [("rt_arabic", "finished")] * 3
    assert json.loads(runs[1][2])["newsbot/articles/new"] == 4


def test_a_third_run_with_nothing_new_fetches_no_article(scenario: Scenario) -> None:
    assert scenario.third.returncode == 0
    assert scenario.third.stat("newsbot/requests/article") == 0
    assert scenario.third.stat("newsbot/articles/new") == 0
    assert len(rows(scenario.workdir)) == BASE + 4
