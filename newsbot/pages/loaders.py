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

    # Every field names its processors, the defaults included: for a field without them itemloaders
    # reads the item's field metadata (a new ItemAdapter on every value), and Article has none.
    id_in = site_in = headline_in = description_in = article_body_in = default_input_processor
    authors_in = section_in = tags_in = source_in = in_language_in = default_input_processor
    content_hash_in = duplicate_of_in = story_id_in = default_input_processor
    id_out = site_out = url_out = canonical_url_out = headline_out = default_output_processor
    description_out = date_published_out = date_published_raw_out = default_output_processor
    date_modified_out = section_out = source_out = in_language_out = default_output_processor
    scraped_at_out = content_hash_out = duplicate_of_out = story_id_out = default_output_processor

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
