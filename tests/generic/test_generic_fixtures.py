"""The generic extractor on the development fixtures (tests/fixtures/generic/), one test per field.

These pages were written before the extractor was tuned on them, and it was then tuned on them: they
catch regressions, they do not measure quality on unseen pages (``bench/bench_generic.py`` does).
"""

from __future__ import annotations

import json
import statistics
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newsbot.generic import extract_generic
from newsbot.generic.evaluate import word_f1

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "generic"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "page.html").exists())
ARTICLE_FIELDS = (
    "url",
    "canonical_url",
    "headline",
    "description",
    "article_body",
    "date_published",
    "date_published_raw",
    "date_modified",
    "authors",
    "section",
    "tags",
    "main_image",
    "source",
    "in_language",
)


def _json(case: str, name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((FIXTURES / case / name).read_text(encoding="utf-8"))
    return loaded


@cache
def result(case: str) -> dict[str, Any] | None:
    meta = _json(case, "meta.json")
    return extract_generic(
        (FIXTURES / case / "page.html").read_bytes(),
        meta["url"],
        content_type=meta["content_type"],
        timezone=meta["timezone"],
        now=datetime.fromisoformat(meta["captured_at"]),
    )


def _article_cases() -> list[str]:
    return [c for c in CASES if _json(c, "expected.json").get("article", True) is not False]


def test_fixture_set_is_as_large_as_the_issue_asks() -> None:
    articles = _article_cases()
    arabic = [c for c in articles if _json(c, "expected.json")["in_language"].startswith("ar")]
    designs = {c.split("-")[0] for c in arabic}
    assert len(arabic) >= 20
    assert len(designs) >= 8
    assert len(articles) - len(arabic) >= 6
    assert len(CASES) - len(articles) >= 5


@pytest.mark.parametrize(
    ("case", "field"),
    [pytest.param(c, f, id=f"{c}::{f}") for c in _article_cases() for f in ARTICLE_FIELDS],
)
def test_article_field(case: str, field: str) -> None:
    got = result(case)
    assert got is not None, "extract_generic said this article page is not an article"
    assert got[field] == _json(case, "expected.json")[field]


@pytest.mark.parametrize("case", [c for c in CASES if c not in _article_cases()])
def test_non_article(case: str) -> None:
    assert result(case) is None


def test_body_word_f1_summary() -> None:
    """Mean body word-F1 over the development set; the per-field tests demand exact bodies anyway."""
    scores = {}
    for case in _article_cases():
        got = result(case)
        scores[case] = word_f1(
            got["article_body"] if got else None, _json(case, "expected.json")["article_body"]
        )
    arabic = [s for c, s in scores.items() if _json(c, "expected.json")["in_language"].startswith("ar")]
    assert statistics.mean(scores.values()) >= 0.97, scores
    assert statistics.mean(arabic) >= 0.97, scores
    assert min(scores.values()) >= 0.85, scores
