"""Every row of the shared Arabic text and date vectors, each as its own test."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest

from newsbot.text import match_key, normalize_text, parse_date

# The in-repo copy makes a clean clone self-contained; the shared folder beside the repo is the source.
_VECTOR_DIRS = (
    Path(__file__).resolve().parent / "vectors",
    Path(__file__).resolve().parents[2].parent / "shared" / "vectors",
)

# Relative rows are resolved against this crawl time, in each row's site zone (see the vectors README).
_CRAWL_WALL_TIME = datetime(2025, 6, 12, 18, 0)
# Absolute rows go up to 2025-09-22, past the crawl time above, so they are read as of a later crawl; the
# sanity window (at most a day in the future) would otherwise reject them.
_ABSOLUTE_NOW = datetime(2025, 12, 31, 12, 0, tzinfo=UTC)

_ESCAPE_RE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|n|t|r)")
_NAMED_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


def _unescape(field: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        return _NAMED_ESCAPES.get(code) or chr(int(code[1:], 16))

    return _ESCAPE_RE.sub(replace, field)


def _rows(name: str, columns: int) -> list[list[str]]:
    path = next((folder / name for folder in _VECTOR_DIRS if (folder / name).is_file()), None)
    if path is None:
        raise FileNotFoundError(f"{name} not found in any of {[str(d) for d in _VECTOR_DIRS]}")
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines[1:] if line.strip()]
    for row in rows:
        assert len(row) == columns, f"{name}: malformed row {row!r}"
    return rows


class TextCase(NamedTuple):
    text: str
    stored: str
    key: str


def _text_cases() -> list[pytest.ParameterSet]:
    return [
        pytest.param(TextCase(_unescape(text), _unescape(stored), _unescape(key)), id=case)
        for case, text, stored, key in _rows("arabic_text.tsv", 4)
    ]


class DateCase(NamedTuple):
    text: str
    expected: str
    note: str
    tz: str


def _date_id(number: int, note: str) -> str:
    """A readable ASCII id: the zone's city plus the English words of the note."""
    zone, _, description = note.partition(";")
    city = zone.rsplit("/", 1)[-1]
    words = re.findall(r"[A-Za-z0-9+]+", description)
    return f"{number:02d}-{city}-" + "-".join(words[:8])


def _date_cases() -> list[pytest.ParameterSet]:
    cases = []
    for number, (text, expected, note) in enumerate(_rows("arabic_dates.tsv", 3), start=1):
        zone = re.search(r"site tz ([\w/+-]+)", note)
        assert zone is not None, f"no site zone in note {note!r}"
        case = DateCase(_unescape(text), expected, note, zone.group(1))
        cases.append(pytest.param(case, id=_date_id(number, note)))
    return cases


@pytest.mark.parametrize("case", _text_cases())
def test_stored_text(case: TextCase) -> None:
    assert normalize_text(case.text) == case.stored


@pytest.mark.parametrize("case", _text_cases())
def test_match_key(case: TextCase) -> None:
    assert match_key(case.text) == case.key
    assert match_key(case.stored) == case.key


def _expected_relative(case: DateCase, crawl_time: datetime) -> datetime:
    seconds = re.search(r"crawl time minus (\d+) s", case.note)
    if seconds is not None:
        return crawl_time - timedelta(seconds=int(seconds.group(1)))
    clock = re.search(r"yesterday at (\d{1,2}):(\d{2}) site-local", case.note)
    assert clock is not None, f"cannot read the relative expectation from {case.note!r}"
    yesterday = crawl_time.date() - timedelta(days=1)
    hour, minute = int(clock.group(1)), int(clock.group(2))
    return datetime(yesterday.year, yesterday.month, yesterday.day, hour, minute, tzinfo=crawl_time.tzinfo)


@pytest.mark.parametrize("case", _date_cases())
def test_parse_date(case: DateCase) -> None:
    if case.expected == "relative":
        crawl_time = _CRAWL_WALL_TIME.replace(tzinfo=ZoneInfo(case.tz))
        result = parse_date(case.text, tz=case.tz, now=crawl_time)
        expected: datetime | date = _expected_relative(case, crawl_time)
    else:
        result = parse_date(case.text, tz=case.tz, now=_ABSOLUTE_NOW)
        if "T" in case.expected:
            expected = datetime.fromisoformat(case.expected)
        else:
            expected = date.fromisoformat(case.expected)
    if isinstance(expected, datetime):
        assert isinstance(result, datetime), f"expected a datetime, got {result!r}"
        assert result.utcoffset() is not None, "expected an aware datetime"
        assert result == expected, f"{result.isoformat()} is not the same instant as {expected.isoformat()}"
    else:
        assert type(result) is date, f"expected a date (no invented time), got {result!r}"
        assert result == expected
