"""docs/sites.md says what the registry holds."""

from __future__ import annotations

from tests.support.sites_doc import COMMAND, DOC, render


def test_sites_doc_is_up_to_date() -> None:
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert current == render(), f"docs/sites.md is stale: run `{COMMAND}` and commit it"
