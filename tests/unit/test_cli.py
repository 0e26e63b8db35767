"""`newsbot parse` on saved pages."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.fixturelib import cases


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsbot.cli", *args], capture_output=True, text=True, check=False
    )


def test_parse_prints_the_item_as_one_utf8_json_object() -> None:
    case = next(c for c in cases("articles", site="rt_arabic") if c.path.name == "current-photo-credit")
    done = run("parse", "rt_arabic", str(case.path / "page.html"), "--url", case.meta["url"])
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.strip().splitlines()) == 1
    assert "\\u0" not in done.stdout
    item = json.loads(done.stdout)
    assert item["headline"] == case.expected()["headline"]
    assert item["article_body"] == case.expected()["article_body"]


def test_parse_refuses_a_non_article_with_a_one_line_reason() -> None:
    case = next(iter(cases("non_articles", site="rt_arabic")))
    done = run("parse", "rt_arabic", str(case.path / "page.html"), "--url", case.meta["url"])
    assert done.returncode == 1
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "not an article" in done.stderr


def test_parse_reports_a_missing_file() -> None:
    done = run(
        "parse", "rt_arabic", "/nonexistent/page.html", "--url", "https://arabic.rt.com/world/1234567-x"
    )
    assert done.returncode == 2 and "cannot read" in done.stderr
