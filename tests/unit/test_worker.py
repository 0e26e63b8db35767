"""Page code in the extraction worker gives what it gives on the crawl thread."""

from __future__ import annotations

from datetime import UTC, datetime

from newsbot.pages.article import extract_article
from newsbot.pages.encoding import decode_html
from newsbot.pages.worker import extract_page
from newsbot.sites.rt_arabic import PROFILE
from tests.fixturelib import cases


def test_worker_item_equals_in_process_item() -> None:
    when = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)
    for case in cases("articles", site="rt_arabic"):
        html = decode_html(case.body, case.meta.get("content_type")).text
        item, links, reason = extract_page("rt_arabic", case.meta["url"], html, when.isoformat(), True)
        assert reason is None
        assert item == extract_article(
            case.meta["url"], case.body, PROFILE, content_type=case.meta.get("content_type"), scraped_at=when
        )
        assert all(link.startswith("http") for link in links)


def test_worker_reports_a_non_article_with_its_reason() -> None:
    item, links, reason = extract_page(
        "rt_arabic", "https://arabic.rt.com/tag/russia/", "<html></html>", "2026-11-29T01:00:00+00:00", True
    )
    assert (item, links) == (None, [])
    assert reason is not None and "not an article URL" in reason
