"""Page code in the extraction worker gives what it gives on the crawl thread."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

from newsbot.pages import extract_article
from newsbot.pages.worker import Extracted, PickledProfile, extract_page
from newsbot.sites.rt_arabic import PROFILE
from tests.fixturelib import cases


def test_worker_item_equals_in_process_item() -> None:
    when = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)
    for case in cases("articles", site="rt_arabic"):
        headers = {"Content-Type": case.meta["content_type"]} if case.meta.get("content_type") else {}
        # The profile crosses the process boundary pickled, as the pool sends it.
        profile = pickle.loads(pickle.dumps(PickledProfile(PROFILE)))
        assert profile == PROFILE and profile is not PROFILE
        result = extract_page(profile, case.meta["url"], case.body, headers, when.isoformat(), True)
        assert isinstance(result, Extracted)
        assert result.item == extract_article(
            case.meta["url"], case.body, PROFILE, content_type=case.meta.get("content_type"), scraped_at=when
        )
        assert all(link.startswith("http") for link in result.links)


def test_worker_notes_a_guessed_charset() -> None:
    case = next(c for c in cases("articles", site="rt_arabic") if c.path.name == "charset-missing-cp1256")
    result = extract_page(
        PROFILE, case.meta["url"], case.body, {"Content-Type": "text/html"}, "2026-11-29", False
    )
    assert isinstance(result, Extracted)
    assert [key for key, _ in result.notes] == ["pages/charset/undeclared"]


def test_worker_reports_a_non_article_with_its_reason() -> None:
    reason = extract_page(
        PROFILE, "https://arabic.rt.com/tag/russia/", b"<html></html>", {}, "2026-11-29T01:00:00+00:00", True
    )
    assert isinstance(reason, str) and "not an article URL" in reason
