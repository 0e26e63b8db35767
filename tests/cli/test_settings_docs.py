"""docs/settings.md documents every NEWSBOT_* setting newsbot/settings.py defines, and no other."""

from __future__ import annotations

import re
from pathlib import Path

import newsbot.settings

SETTINGS_DOC = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def documented() -> list[str]:
    text = SETTINGS_DOC.read_text(encoding="utf-8")
    return re.findall(r"^\| `(NEWSBOT_[A-Z0-9_]+)` \|", text, flags=re.MULTILINE)


def defined() -> list[str]:
    return [name for name in vars(newsbot.settings) if name.startswith("NEWSBOT_")]


def test_every_setting_is_documented_once() -> None:
    rows = documented()
    assert sorted(set(defined()) - set(rows)) == [], "add a row to docs/settings.md"
    assert sorted(set(rows) - set(defined())) == [], "documented but not in newsbot/settings.py"
    assert len(rows) == len(set(rows)), "a setting has two rows"


def test_documented_defaults_match_the_code() -> None:
    text = SETTINGS_DOC.read_text(encoding="utf-8")
    for name, default in re.findall(r"^\| `(NEWSBOT_[A-Z0-9_]+)` \| `([^`]*)` \|", text, flags=re.MULTILINE):
        value = getattr(newsbot.settings, name)
        shown = str(value) if not isinstance(value, dict) else str(value).replace("'", '"')
        assert default in (shown, f'"{value}"' if value == "" else shown), (name, default, value)
