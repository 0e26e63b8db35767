"""Every site module against its mini-site mirror: `scrapy crawl <site>` with NEWSBOT_MIRROR, scored
against the mirror's gold the way the founders score a site on an unseen copy.

A mirror is a saved MirrorSite under tests/fixtures/mirrors/<site>/ (routes.json, bodies/) with a
gold.jsonl written from the renderer's story data, never from newsbot's output. These mirrors are
development sets: the site modules were written against them.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from newsbot.mirror.server import MirrorServer
from newsbot.mirror.site import MirrorSite
from newsbot.sites import get_profile
from tests.crawl.runner import CrawlResult, run_crawl
from tests.support.browser import require_browser

MIRRORS = Path(__file__).resolve().parents[1] / "fixtures" / "mirrors"
#: Mirrors with their own test module (the RT development mirror predates this harness).
OWN_TESTS = {"rt_arabic_blind"}
SITES = sorted(p.name for p in MIRRORS.iterdir() if p.is_dir() and p.name not in OWN_TESTS)


def word_f1(output: str | None, truth: str | None) -> float:
    """Bag-of-words F1 between two texts (1.0 when both are empty).

    >>> word_f1("أ ب ج", "أ ب د")
    0.6666666666666666
    """
    got, want = Counter((output or "").split()), Counter((truth or "").split())
    if not got and not want:
        return 1.0
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def gold(site: str) -> dict[str, dict[str, Any]]:
    """Gold rows by canonical URL."""
    lines = (MIRRORS / site / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return {row["url"]: row for row in map(json.loads, lines)}


@pytest.fixture(scope="module", params=SITES)
def crawl(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, CrawlResult]:
    site: str = request.param
    if get_profile(site).render is not None:
        require_browser()
    with MirrorServer(MirrorSite.load(MIRRORS / site)) as server:
        return site, run_crawl(server.url, tmp_path_factory.mktemp(site), spider=site)


def scores(site: str, result: CrawlResult) -> dict[str, Any]:
    truth = gold(site)
    found = {item["canonical_url"]: item for item in result.items}
    matched = [(found[url], row) for url, row in truth.items() if url in found]
    n = max(len(matched), 1)
    chrome = [
        (item["canonical_url"], line)
        for item, row in matched
        for line in (item["article_body"] or "").split("\n\n")
        if line and line not in (row["article_body"] or "").split("\n\n")
    ]
    return {
        "coverage": len(matched) / len(truth),
        "body_f1": sum(word_f1(item["article_body"], row["article_body"]) for item, row in matched) / n,
        "headline": sum(item["headline"] == row["headline"] for item, row in matched) / n,
        "lead": sum(item["description"] == row["description"] for item, row in matched) / n,
        "date": sum(item["date_published"] == row["date_published"] for item, row in matched) / n,
        "chrome": chrome,
        "non_articles": sorted(set(found) - set(truth)),
        "duplicates": [k for k, v in Counter(i["id"] for i in result.items).items() if v > 1],
    }


def test_crawl_finishes_healthy(crawl: tuple[str, CrawlResult]) -> None:
    _, result = crawl
    assert result.returncode == 0, result.log[-3000:]
    assert result.stats["finish_reason"] == "finished"


def test_every_gold_article_is_found_once_and_nothing_else(crawl: tuple[str, CrawlResult]) -> None:
    site, result = crawl
    score = scores(site, result)
    missing = sorted(set(gold(site)) - {item["canonical_url"] for item in result.items})
    assert missing == [], f"{site}: {len(missing)} gold articles not stored"
    assert score["non_articles"] == [] and score["duplicates"] == []


def test_fields_match_gold(crawl: tuple[str, CrawlResult]) -> None:
    site, result = crawl
    score = scores(site, result)
    print(f"\n{site}: " + ", ".join(f"{k} {v:.3f}" for k, v in score.items() if isinstance(v, float)))
    assert score["body_f1"] >= 0.98
    assert min(score["headline"], score["lead"], score["date"]) >= 0.98, score
    assert score["chrome"] == []
