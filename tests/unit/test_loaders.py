"""``load_article`` (what ``to_item`` runs for every page) gives what ``ArticleLoader`` gives."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

import pytest

from newsbot.items import Article
from newsbot.pages import NotAnArticle
from newsbot.pages.base import read_article_page
from newsbot.pages.loaders import ArticleLoader, load_article
from newsbot.sites import get_profile
from tests.fixturelib import cases

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
PROFILE = get_profile("rt_arabic")


def by_loader(answers: dict[str, object], now: datetime) -> Article:
    loader = ArticleLoader(profile=PROFILE, now=now)
    for name, value in answers.items():
        loader.add_value(name, value)
    item: Article = loader.load_item()
    return item


TABLE = [
    {"headline": ["", "  ", "عنوان  الخبر", "ثان"], "id": "rt_arabic:1"},
    {"headline": None, "description": [], "tags": ["أ", "ب", "أ", " "], "authors": ("x", "x", "y")},
    {"article_body": ["فقرة أولى", "", "فقرة\nثانية"], "section": "world"},
    {
        "date_published": ["not a date", "2025-01-02T03:04:05+03:00"],
        "date_published_raw": ["x", "2 يناير 2025"],
    },
    {"date_modified": "منذ 3 ساعات", "in_language": "ar"},
    {"main_image": {"url": " https://x/y.jpg ", "caption": " ت ", "credit": None}},
    {"main_image": [{"url": "", "caption": None, "credit": None}, {"url": "u", "caption": "", "credit": ""}]},
    {"url": " https://a/b ", "canonical_url": "https://a/b", "scraped_at": "2026-03-01T12:00:00+00:00"},
    {"source": "\u200f", "tags": []},
]


@pytest.mark.parametrize("answers", TABLE)
def test_load_article_matches_article_loader_on_edge_cases(answers: dict[str, object]) -> None:
    assert asdict(load_article(answers, profile=PROFILE, now=NOW)) == asdict(by_loader(answers, NOW))


@pytest.mark.parametrize("case", cases("articles"), ids=lambda case: case.name)
def test_load_article_matches_article_loader_on_fixture_pages(case: object) -> None:
    meta = case.meta  # type: ignore[attr-defined]
    profile = get_profile(case.site)  # type: ignore[attr-defined]
    headers = {"Content-Type": meta["content_type"]} if meta.get("content_type") else {}
    try:
        page = read_article_page(meta["url"], case.body, profile, headers=headers)  # type: ignore[attr-defined]
    except NotAnArticle:
        pytest.skip("not an article page")
    now = datetime.fromisoformat(meta["captured_at"])
    answers = {
        "id": page.article_id(),
        "headline": page.headline(),
        "description": page.description(),
        "article_body": page.article_body(),
        "date_published": page.date_published(),
        "date_published_raw": page.date_published_raw(),
        "date_modified": page.date_modified(),
        "authors": page.authors(),
        "section": page.section(),
        "tags": page.tags(),
        "main_image": page.main_image(),
        "source": page.source(),
    }
    loader = ArticleLoader(profile=profile, now=now)
    for name, value in answers.items():
        loader.add_value(name, value)
    assert asdict(load_article(answers, profile=profile, now=now)) == asdict(loader.load_item())
