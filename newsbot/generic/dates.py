"""Dates printed on the page: ``<time>``, elements whose class names a date, and labelled lines.

Structured dates (JSON-LD, ``<meta>``, microdata) are read first by :mod:`newsbot.generic.article`;
this module is the fallback for pages that only print their dates.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from lxml.html import HtmlElement

from newsbot.text import parse_date

_PUBLISHED_LABELS = (
    r"نُ?شر(?:ت)?(?:\s+(?:في|بتاريخ|يوم))?|تاريخ النشر|published(?:\s+on)?|posted(?:\s+on)?|publié(?:\s+le)?"
    r"|veröffentlicht(?:\s+am)?|publicado|منتشر شده|تاریخ انتشار|شائع(?: ہوا)?|تاریخ اشاعت"
)
_MODIFIED_LABELS = (
    r"آخر تحديث|اخر تحديث|تم التحديث|محدث|تحديث|تعديل في|تعديل|last updated|updated(?:\s+on)?|modified"
    r"|mis à jour(?:\s+le)?|aktualisiert(?:\s+am)?|actualizado|به[\u200c ]?روز ?رسانی|آخری اپ ڈیٹ|اپ ڈیٹ"
)
#: A short line that is a label and a date: dropped from the body, read as a date.
DATE_LINE = re.compile(
    rf"(?:^|\s|\()(?:{_PUBLISHED_LABELS}|{_MODIFIED_LABELS})\s*[:：\-–]?\s*(?:\S+[\s،,]+){{0,2}}\S*\d",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(rf"(?:{_PUBLISHED_LABELS})\s*[:：\-–]?\s*", re.IGNORECASE)
_MODIFIED = re.compile(rf"(?:{_MODIFIED_LABELS})\s*[:：\-–]?\s*", re.IGNORECASE)
_DATE_CLASS = re.compile(
    r"(?:^|[^a-z])(?:date|time|published|pubdate|timestamp|posted|datetime|dateline-date)(?:$|[^a-z])"
)
_TIME_ONLY = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*(?:[صم]|ص\.|م\.|am|pm|a\.m\.|p\.m\.))?$", re.IGNORECASE)
_TIME_ANYWHERE = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*(?:[صم]|am|pm)(?!\w))?", re.IGNORECASE)
#: Longer texts are paragraphs that mention a date, not date lines.
MAX_DATE_TEXT = 120


#: A year (Gregorian, Hijri or Solar Hijri, in any digits) or a relative phrase: what a date string has.
_DATE_LIKE = re.compile(
    r"(?<!\d)(?:1[3-4]\d\d|19\d\d|20\d\d)(?!\d)|[١۱][٣-٤۳-۴][٠-٩۰-۹]{2}|[١۱][٩۹][٠-٩۰-۹]{2}|[٢۲][٠۰][٠-٩۰-۹]{2}"
    r"|منذ|قبل|ago|yesterday|today|أمس|اليوم",
    re.IGNORECASE,
)


def parsed_iso(raw: str | None, timezone: str, now: datetime | None) -> str | None:
    """``raw`` read in the site's zone, as ISO 8601, or ``None``.

    Strings without a year or a relative phrase are not tried: ``parse_date`` falls back to
    dateparser for them, which costs milliseconds per string and finds nothing in "3 min read".

    >>> parsed_iso("2025-06-12T15:45:00+03:00", "UTC", None), parsed_iso("قراءة 3 دقائق", "UTC", None)
    ('2025-06-12T15:45:00+03:00', None)
    """
    if not raw or not _DATE_LIKE.search(raw):
        return None
    value = parse_date(raw, tz=timezone, now=now)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return None


def _split_labels(text: str) -> tuple[str | None, str | None]:
    """(published part, modified part) of a line such as ``01:10 م 01/02/2026 تعديل في 01:11 م``."""
    modified = _MODIFIED.search(text)
    published_text, modified_text = text, None
    if modified:
        published_text, modified_text = text[: modified.start()], text[modified.end() :]
    published = _PUBLISHED.search(published_text)
    if published:
        published_text = published_text[published.end() :]
    published_text = published_text.strip(" |-–—:()")
    if modified_text is not None:
        modified_text = modified_text.strip(" |-–—:()")
    return (published_text or None), (modified_text or None)


def _text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def visible_dates(
    root: HtmlElement, timezone: str, now: datetime | None
) -> tuple[str | None, str | None, str | None]:
    """(published raw, published ISO, modified ISO) printed on the page; each ``None`` when absent."""
    published_raw: str | None = None
    published: str | None = None
    modified: str | None = None

    # Pages print a date in several places (a class-named box and its labelled line): each string
    # is read once, as one that only dateparser could try costs about 0.3 ms.
    read: dict[str, str | None] = {}

    def iso_of(raw: str) -> str | None:
        if raw not in read:
            read[raw] = parsed_iso(raw, timezone, now)
        return read[raw]

    def consider_published(raw: str | None) -> None:
        nonlocal published_raw, published
        if published is None and raw and (iso := iso_of(raw)):
            published_raw, published = raw, iso

    def consider_modified(raw: str | None) -> None:
        nonlocal modified
        if modified is None and raw:
            modified = iso_of(raw)

    for element in root.iter("time"):
        value = element.get("datetime") or _text(element)
        context = f"{element.get('class') or ''} {element.get('itemprop') or ''}".lower()
        parent = element.getparent()
        label = _text(parent) if parent is not None and len(_text(parent)) <= MAX_DATE_TEXT else ""
        if (
            "modif" in context
            or "updat" in context
            or (_MODIFIED.search(label) and not _PUBLISHED.search(label))
        ):
            consider_modified(value)
        else:
            consider_published(value)
    for element in [element for element in root.iter() if _names_or_prints_a_date(element)]:
        text = _text(element)
        if not text or len(text) > MAX_DATE_TEXT:
            continue
        first, second = _split_labels(text)
        if _MODIFIED.match(text):
            consider_modified(second)
            continue
        consider_published(first)
        if first and second and _TIME_ONLY.match(second):
            # "تعديل في 01:11 م": the edit time of the publication day.
            second = f"{_TIME_ANYWHERE.sub('', first).strip()} {second}"
        consider_modified(second)
    if published is None:
        # A date printed without a label or a telling class sits just under the headline.
        for element in _after_headline(root):
            text = " ".join((element.text or "").split())
            if text and len(text) <= MAX_DATE_TEXT and any(c.isdigit() for c in text):
                consider_published(_split_labels(text)[0])
                if published:
                    break
    return published_raw, published, modified


_NOT_DATES = frozenset({"script", "style", "time", "html", "body"})
_DIGIT = re.compile(r"\d")


def _names_or_prints_a_date(element: HtmlElement) -> bool:
    """An element whose class or id names a date, or whose own text is a labelled date line.

    Run on every element of the page: an element without class or id is not tested for a date
    class, and DATE_LINE (long alternations, case-blind) runs only on text with a digit, which it
    needs anyway.
    """
    tag = element.tag
    if not isinstance(tag, str) or tag in _NOT_DATES:
        return False
    names = element.get("class"), element.get("id")
    if names != (None, None) and _DATE_CLASS.search(f"{names[0] or ''} {names[1] or ''}".lower()):
        return True
    text = element.text
    return bool(text and _DIGIT.search(text) and DATE_LINE.search(text))


#: How many elements after the headline are searched for an unlabelled date.
NEAR_HEADLINE = 25


def _after_headline(root: HtmlElement) -> list[HtmlElement]:
    h1 = root.find(".//h1")
    if h1 is None:
        return []
    following: list[HtmlElement] = []
    for element in h1.itersiblings():
        for inner in element.iter():
            if isinstance(inner.tag, str) and inner.tag not in {"script", "style", "a"}:
                following.append(inner)
            if len(following) >= NEAR_HEADLINE:
                return following
    parent = h1.getparent()
    if parent is not None and len(following) < NEAR_HEADLINE:
        for element in parent.itersiblings():
            for inner in element.iter():
                if isinstance(inner.tag, str) and inner.tag not in {"script", "style", "a"}:
                    following.append(inner)
                if len(following) >= NEAR_HEADLINE:
                    return following
    return following
