"""docs/schema.md documents exactly the fields of the Article item, in order."""

from __future__ import annotations

import re
from pathlib import Path

from newsbot.items import ARTICLE_FIELDS

SCHEMA_DOC = Path(__file__).resolve().parents[1] / "docs" / "schema.md"


def documented_fields() -> list[str]:
    return re.findall(r"^\| `([a-z_]+)` \|", SCHEMA_DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)


def test_every_field_is_documented_in_order() -> None:
    assert documented_fields() == list(ARTICLE_FIELDS)


def test_every_documented_row_has_meaning_and_example() -> None:
    for line in SCHEMA_DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            assert len(cells) == 4 and all(cells), line
