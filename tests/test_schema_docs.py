"""docs/schema.md documents exactly the fields of the Article item, in order."""

from __future__ import annotations

import json
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


SCHEMA_JSON = SCHEMA_DOC.with_name("schema.json")


def test_json_schema_lists_every_field_in_order_and_requires_them() -> None:
    schema = json.loads(SCHEMA_JSON.read_text(encoding="utf-8"))
    assert list(schema["properties"]) == list(ARTICLE_FIELDS)
    assert schema["required"] == list(ARTICLE_FIELDS)
    assert schema["additionalProperties"] is False


def _type_ok(value: object, declared: str | list[str]) -> bool:
    names = {declared} if isinstance(declared, str) else set(declared)
    python = {"string": str, "array": list, "object": dict, "null": type(None)}
    return any(isinstance(value, python[name]) for name in names)


def test_every_extracted_fixture_item_fits_the_json_schema() -> None:
    from tests.fixturelib import actual, cases

    schema = json.loads(SCHEMA_JSON.read_text(encoding="utf-8"))
    for case in cases("articles"):
        item = actual(case)
        assert set(item) == set(schema["properties"]), case.name
        for name, value in item.items():
            assert _type_ok(value, schema["properties"][name]["type"]), (case.name, name, value)
