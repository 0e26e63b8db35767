"""ArticleLoader: where Arabic text normalisation, whitespace and date parsing plug into every site."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from itemloaders import ItemLoader
from itemloaders.processors import Identity, MapCompose, TakeFirst

from newsbot.items import Article, MainImage
from newsbot.text import normalize_text, parse_date


def clean_line(value: str) -> str | None:
    """One line of stored text; ``None`` (dropped) when nothing is left.

    >>> clean_line("  الأخـــبار\\u200f\\n العاجلة "), clean_line("\\u200f ")
    ('الأخبار العاجلة', None)
    """
    return normalize_text(value) or None


def _parsed(value: str, loader_context: dict[str, Any]) -> datetime | date | None:
    return parse_date(value, tz=loader_context["profile"].timezone, now=loader_context.get("now"))


def to_iso(value: str, loader_context: dict[str, Any]) -> str | None:
    """The ISO 8601 form of a date string in the site's zone, ``None`` when it cannot be read."""
    parsed = _parsed(value, loader_context)
    return parsed.isoformat() if parsed is not None else None


def raw_if_readable(value: str, loader_context: dict[str, Any]) -> str | None:
    """The raw string, kept only when it parses, so that raw and parsed values stay a pair."""
    return value.strip() if _parsed(value, loader_context) is not None else None


def unique(values: list[str]) -> list[str]:
    """Values in first-seen order without repeats.

    >>> unique(["أ", "ب", "أ"])
    ['أ', 'ب']
    """
    return list(dict.fromkeys(values))


def join_paragraphs(values: list[str]) -> str | None:
    r"""Body paragraphs separated by one blank line; ``None`` for a page without any.

    >>> join_paragraphs(["أ", "ب"]), join_paragraphs([])
    ('أ\n\nب', None)
    """
    return "\n\n".join(values) or None


def clean_image(value: MainImage) -> MainImage | None:
    url = (value.get("url") or "").strip()
    if not url:
        return None
    return MainImage(
        url=url,
        caption=normalize_text(value.get("caption") or "") or None,
        credit=normalize_text(value.get("credit") or "") or None,
    )


class ArticleLoader(ItemLoader):
    """Loader for :class:`~newsbot.items.Article`; needs ``profile=`` (a SiteProfile) in its context."""

    default_item_class = Article
    default_input_processor = MapCompose(clean_line)
    default_output_processor = TakeFirst()

    article_body_out = join_paragraphs
    authors_out = unique
    tags_out = unique
    date_published_in = MapCompose(to_iso)
    date_published_raw_in = MapCompose(raw_if_readable)
    date_modified_in = MapCompose(to_iso)
    main_image_in = MapCompose(clean_image)
    main_image_out = TakeFirst()
    url_in = Identity()
    canonical_url_in = Identity()
    scraped_at_in = Identity()


#: Fields kept as given (ArticleLoader's ``Identity`` input processors).
_AS_GIVEN = frozenset({"url", "canonical_url", "scraped_at"})


def _values(answer: Any) -> list[Any]:
    """An answer as a list of candidates, as itemloaders' ``arg_to_iter`` makes it."""
    if answer is None:
        return []
    if isinstance(answer, str | bytes | dict) or not hasattr(answer, "__iter__"):
        return [answer]
    return list(answer)


def load_article(answers: dict[str, Any], *, profile: Any, now: datetime) -> Article:
    """The Article that :class:`ArticleLoader` makes of ``answers`` (one ``add_value`` per field), with
    the same processors applied in the same order, minus itemloaders' per-value machinery: this runs
    for every page of a crawl. ``tests/unit/test_loaders.py`` holds the two to the same output.
    """
    context = {"profile": profile, "now": now}
    fields: dict[str, Any] = {}
    for name, answer in answers.items():
        candidates = _values(answer)
        if not candidates:
            continue
        processed: list[Any]
        if name in _AS_GIVEN:
            processed = candidates
        elif name in ("date_published", "date_modified"):
            processed = [out for value in candidates if (out := to_iso(value, context)) is not None]
        elif name == "date_published_raw":
            processed = [out for value in candidates if (out := raw_if_readable(value, context)) is not None]
        elif name == "main_image":
            processed = [image for value in candidates if (image := clean_image(value)) is not None]
        else:
            processed = [out for value in candidates if (out := clean_line(value)) is not None]
        if not processed:
            continue
        if name == "article_body":
            fields[name] = join_paragraphs(processed)
        elif name in ("authors", "tags"):
            fields[name] = unique(processed)
        else:
            first = next((value for value in processed if value is not None and value != ""), None)
            if first is not None:
                fields[name] = first
    return Article(**{name: value for name, value in fields.items() if value is not None})
