"""Every fixture page against its reviewed expected.json, one test per field."""

from __future__ import annotations

import pytest

from newsbot.sites import profiles
from tests.fixturelib import FIXTURES, Case, actual, cases


def _field_params() -> list[object]:
    params = []
    for case in cases("articles"):
        for field in sorted(case.expected()):
            params.append(pytest.param(case, field, id=f"{case.name}::{field}"))
    return params


@pytest.mark.parametrize(("case", "field"), _field_params())
def test_article_field(case: Case, field: str) -> None:
    assert actual(case).get(field) == case.expected()[field]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in cases() if c.kind != "articles"])
def test_discovery_and_non_articles(case: Case) -> None:
    assert actual(case) == case.expected()


@pytest.mark.parametrize("site", sorted(profiles()))
def test_every_site_has_fixtures_and_docs(site: str) -> None:
    articles = cases("articles", site=site)
    assert len(articles) >= 1, (
        f"{site} has no article fixtures under {FIXTURES / site}; add some, then run make fixtures-update"
    )
    missing = [c.name for c in articles if not c.expected_path.exists()]
    assert not missing, f"no expected.json for {missing}: run make fixtures-update and review the diff"
    doc = FIXTURES.parents[2] / "docs" / "sites" / f"{site}.md"
    assert doc.exists(), f"{site} has no {doc.relative_to(FIXTURES.parents[2])}: document the site there"
