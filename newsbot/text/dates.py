"""Parse Arabic news dates as printed on pages, feeds, sitemaps and meta tags."""

from __future__ import annotations

import re
import unicodedata
import warnings
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_tz
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

from hijridate import Hijri

from newsbot.text import _months

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["parse_date"]

# Saudi Arabia has no DST, so "Mecca time" is a fixed offset rather than a zone.
MECCA_TIME = timezone(timedelta(hours=3), "+03")
EARLIEST_DATE = date(1990, 1, 1)
MAX_FUTURE = timedelta(days=1)
# Longer input is prose, not a date string; refusing it keeps the worst case cheap.
MAX_INPUT_CHARS = 500
FALLBACK_MAX_CHARS = 100

# Folding: one canonical spelling, so that the patterns below stay small ------------------------------


def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for zero in (0x0660, 0x06F0):
        for digit in range(10):
            table[zero + digit] = str(digit)
    for cp in [*range(0x064B, 0x0660), 0x0670, 0x0640]:
        table[cp] = None
    for cp in [
        0x00AD,
        0x061C,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        0xFEFF,
    ]:
        table[cp] = None
    for char in "\u00a0\u1680\u202f\u205f\u3000" + "".join(chr(cp) for cp in range(0x2000, 0x200B)):
        table[ord(char)] = " "
    for char in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
        table[ord(char)] = "-"
    folds = {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ة": "ه",
        "ک": "ك",
        "ڤ": "ف",
        "پ": "ب",
        "،": ",",
        "؛": ";",
    }
    for char, replacement in folds.items():
        table[ord(char)] = replacement
    return table


_FOLD_TABLE = _fold_table()


def _fold(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_FOLD_TABLE)
    return " ".join(text.lower().split())


def _month_table(families: tuple[dict[int, tuple[str, ...]], ...]) -> dict[str, int]:
    return {_fold(name): month for family in families for month, names in family.items() for name in names}


_GREGORIAN_MONTHS = _month_table(_months.GREGORIAN_FAMILIES)
_HIJRI_MONTHS = _month_table((_months.HIJRI,))

# Patterns, all applied to folded text ----------------------------------------------------------------

_LETTER = r"[^\W\d_]"
_NOT_AFTER_LETTER = rf"(?<!{_LETTER})"
_NOT_BEFORE_LETTER = rf"(?!{_LETTER})"

_ISO_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?(?: ?(?:Z|[+-]\d{2}(?::?\d{2})?))?)?"
)
_RFC822_RE = re.compile(
    r"(?:[a-z]{3,9},? )?\d{1,2} [a-z]{3}\.? \d{2,4} \d{1,2}:\d{2}(?::\d{2})?"
    r"(?: (?P<zone>[+-]\d{4}|[a-z]{1,5}))?"
)

# Day, then a short run of non-digits that must turn out to be month names (dual forms and fillers such as
# "من شهر" included), then a Gregorian (19xx/20xx) or Hijri (13xx–15xx) year.
_NAMED_DATE_RE = re.compile(
    r"(?<![\d:/.])(?P<day>[0-3]?\d)(?!\d)(?P<phrase>[^\d]{2,48}?)(?P<year>(?:19|20|1[3-5])\d{2})(?!\d)"
)
# "يونيو 12, 2025": month name(s) first, US order.
_MONTH_FIRST_RE = re.compile(
    rf"{_NOT_AFTER_LETTER}(?P<w1>{_LETTER}+)(?: (?P<w2>{_LETTER}+))? ?(?P<day>[0-3]?\d)(?!\d) ?,? ?"
    r"(?P<year>(?:19|20)\d{2})(?!\d)"
)
# Numeric dates: day first (the Arab convention) or ISO-like year first, the same separator twice.
_NUMERIC_DATE_RE = re.compile(
    r"(?<![\d/.:-])(?:"
    r"(?P<day>\d{1,2}) ?(?P<sep>[/.-]) ?(?P<month>\d{1,2}) ?(?P=sep) ?(?P<year>\d{4})"
    r"|(?P<year2>\d{4}) ?(?P<sep2>[/.-]) ?(?P<month2>\d{1,2}) ?(?P=sep2) ?(?P<day2>\d{1,2})"
    r")(?!\d|[/.-]\d)"
)
_HIJRI_MARK_RE = re.compile(rf" ?(?:ه|هجري|هجريه|للهجره){_NOT_BEFORE_LETTER}")
_PHRASE_SPLIT_RE = re.compile(r"[\s/\\()\[\],;:|.-]+")
_PHRASE_FILLERS = frozenset({"من", "شهر", "لشهر", "عام", "العام", "لعام", "سنه", "لسنه", "في"})

# Meridiem words, grouped by how they move the hour.
_AM_WORDS = ("صباحا", "صباح", "ص", "فجرا", "الفجر", "am", "a.m.", "a.m")
_PM_WORDS = ("مساءا", "مساء", "مسا", "م", "عصرا", "العصر", "pm", "p.m.", "p.m")
_NOON_WORDS = ("ظهرا", "الظهر", "ظهر")
_NIGHT_WORDS = ("ليلا", "الليل")
_MERIDIEM = {
    **dict.fromkeys(_AM_WORDS, "am"),
    **dict.fromkeys(_PM_WORDS, "pm"),
    **dict.fromkeys(_NOON_WORDS, "noon"),
    **dict.fromkeys(_NIGHT_WORDS, "night"),
}
_MERIDIEM_ALT = "|".join(re.escape(word) for word in sorted(_MERIDIEM, key=len, reverse=True))

_TIME_RE = re.compile(
    r"(?<![\d:.,])(?P<hour>\d{1,2})(?: ?: ?| ?h ?)(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,]\d{1,9})?)?(?!\d)"
    r"(?: ?(?P<offset>z(?![a-z])|[+-]\d{2}:?\d{2}(?!\d)))?"
    rf"(?: ?(?P<meridiem>{_MERIDIEM_ALT}){_NOT_BEFORE_LETTER})?"
)
# "الساعة 10 صباحاً": an hour without minutes is only a time when a meridiem word says so.
_HOUR_ONLY_RE = re.compile(
    rf"الساعه (?P<hour>\d{{1,2}})(?!\d|:) ?(?P<meridiem>{_MERIDIEM_ALT}){_NOT_BEFORE_LETTER}"
)

_ZONE = (
    r"(?:ب?توقيت )?(?P<gmt>(?<![a-z])(?:gmt|utc)(?![a-z])|غرينتش|جرينتش|غرينيتش|جرينيتش)"
    r"(?: ?(?P<offset>[+-]\d{1,2}(?::?\d{2})?)(?!\d))?"
    rf"|ب?توقيت (?P<city>{_LETTER}+(?: {_LETTER}+)?)"
    r"|(?P<mecca>مكه المكرمه)"
)
_ZONE_RE = re.compile(_ZONE)
# The usual place for a marker is right after the time ("09:16 GMT", "15:45 (مكة المكرمة)"); matching there
# first avoids scanning the whole string.
_ZONE_AFTER_TIME_RE = re.compile(rf"[\s()|,-]*(?:{_ZONE})")
# Substrings every zone marker contains: a cheap test before running the marker pattern.
_ZONE_HINTS = ("gmt", "utc", "توقيت", "رينتش", "رينيتش", "مكه")
_CITY_ZONES: dict[str, str] = {
    "القاهره": "Africa/Cairo",
    "مصر": "Africa/Cairo",
    "بيروت": "Asia/Beirut",
    "لبنان": "Asia/Beirut",
    "دمشق": "Asia/Damascus",
    "سوريا": "Asia/Damascus",
    "بغداد": "Asia/Baghdad",
    "العراق": "Asia/Baghdad",
    "الرياض": "Asia/Riyadh",
    "السعوديه": "Asia/Riyadh",
    "الدوحه": "Asia/Qatar",
    "قطر": "Asia/Qatar",
    "الكويت": "Asia/Kuwait",
    "المنامه": "Asia/Bahrain",
    "البحرين": "Asia/Bahrain",
    "مسقط": "Asia/Muscat",
    "صنعاء": "Asia/Aden",
    "ابوظبي": "Asia/Dubai",
    "ابو ظبي": "Asia/Dubai",
    "دبي": "Asia/Dubai",
    "الامارات": "Asia/Dubai",
    "القدس": "Asia/Jerusalem",
    "غزه": "Asia/Gaza",
    "الجزائر": "Africa/Algiers",
    "تونس": "Africa/Tunis",
    "الرباط": "Africa/Casablanca",
    "المغرب": "Africa/Casablanca",
    "الخرطوم": "Africa/Khartoum",
    "موسكو": "Europe/Moscow",
}

_NUMBER_WORDS: dict[str, int] = {
    "واحد": 1,
    "واحده": 1,
    "اثنين": 2,
    "اثنتين": 2,
    "اثنان": 2,
    "ثلاث": 3,
    "ثلاثه": 3,
    "اربع": 4,
    "اربعه": 4,
    "خمس": 5,
    "خمسه": 5,
    "ست": 6,
    "سته": 6,
    "سبع": 7,
    "سبعه": 7,
    "ثمان": 8,
    "ثماني": 8,
    "ثمانيه": 8,
    "تسع": 9,
    "تسعه": 9,
    "عشر": 10,
    "عشره": 10,
}

_MINUTE = 60
_HOUR = 3600
_DAY = 86400
# Unit word -> (seconds, grammatical number). "one" may take a count (Arabic uses the singular after 11, and
# CMS templates print "منذ 2 ساعة"); "two" is the dual and means exactly two; "many" needs a count.
_UNITS: dict[str, tuple[int, str]] = {
    "ثانيه": (1, "one"),
    "ثواني": (1, "many"),
    "ثوان": (1, "many"),
    "ثانيتين": (2, "two"),
    "ثانيتان": (2, "two"),
    "دقيقه": (_MINUTE, "one"),
    "دقائق": (_MINUTE, "many"),
    "دقايق": (_MINUTE, "many"),
    "دقيقتين": (_MINUTE, "two"),
    "دقيقتان": (_MINUTE, "two"),
    "ساعه": (_HOUR, "one"),
    "ساعات": (_HOUR, "many"),
    "ساعتين": (_HOUR, "two"),
    "ساعتان": (_HOUR, "two"),
    "يوم": (_DAY, "one"),
    "ايام": (_DAY, "many"),
    "يومين": (_DAY, "two"),
    "يومان": (_DAY, "two"),
    "اسبوع": (7 * _DAY, "one"),
    "اسابيع": (7 * _DAY, "many"),
    "اسبوعين": (7 * _DAY, "two"),
    "اسبوعان": (7 * _DAY, "two"),
    # Months and years have no fixed length; 30 and 365 days are what every "time ago" widget means.
    "شهر": (30 * _DAY, "one"),
    "اشهر": (30 * _DAY, "many"),
    "شهور": (30 * _DAY, "many"),
    "شهرين": (30 * _DAY, "two"),
    "شهران": (30 * _DAY, "two"),
    "سنه": (365 * _DAY, "one"),
    "عام": (365 * _DAY, "one"),
    "سنوات": (365 * _DAY, "many"),
    "سنين": (365 * _DAY, "many"),
    "اعوام": (365 * _DAY, "many"),
    "سنتين": (365 * _DAY, "two"),
    "سنتان": (365 * _DAY, "two"),
    "عامين": (365 * _DAY, "two"),
    "عامان": (365 * _DAY, "two"),
}


def _alternation(words: Iterable[str]) -> str:
    # longest first, so that "ساعتين" is not read as "ساعه" + junk
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_AGO_RE = re.compile(
    rf"{_NOT_AFTER_LETTER}(?:منذ|قبل) (?:(?:حوالي|نحو|قرابه|ما يقارب|اكثر من|اقل من) )?"
    rf"(?:(?P<count>\d{{1,4}}|{_alternation(_NUMBER_WORDS)}) ?)?"
    rf"(?P<unit>{_alternation(_UNITS)}){_NOT_BEFORE_LETTER}"
)
_JUST_NOW_RE = re.compile(
    rf"{_NOT_AFTER_LETTER}(?:الان|للتو|(?:منذ|قبل) (?:لحظات|لحظه|قليل)){_NOT_BEFORE_LETTER}"
)
_DAYS_BACK: dict[str, int] = {
    "اليوم": 0,
    "امس": 1,
    "الامس": 1,
    "بالامس": 1,
    "البارحه": 1,
    "اول امس": 2,
    "قبل امس": 2,
    "اول البارحه": 2,
}
_DAY_WORD_RE = re.compile(rf"{_NOT_AFTER_LETTER}(?P<word>{_alternation(_DAYS_BACK)}){_NOT_BEFORE_LETTER}")

# dateparser has region-specific month names (Levantine, Maghrebi) only in regional locales, and refuses two
# regions of one language in a call, so the locale follows the site's zone.
_LOCALE_BY_ZONE: dict[str, str] = {
    "Africa/Cairo": "ar-EG",
    "Asia/Riyadh": "ar-SA",
    "Asia/Dubai": "ar-AE",
    "Asia/Kuwait": "ar-KW",
    "Asia/Qatar": "ar-QA",
    "Asia/Bahrain": "ar-BH",
    "Asia/Muscat": "ar-OM",
    "Asia/Aden": "ar-YE",
    "Asia/Beirut": "ar-LB",
    "Asia/Damascus": "ar-SY",
    "Asia/Amman": "ar-JO",
    "Asia/Baghdad": "ar-IQ",
    "Asia/Gaza": "ar-PS",
    "Asia/Hebron": "ar-PS",
    "Asia/Jerusalem": "ar-PS",
    "Africa/Algiers": "ar-DZ",
    "Africa/Tunis": "ar-TN",
    "Africa/Casablanca": "ar-MA",
    "Africa/El_Aaiun": "ar-EH",
    "Africa/Nouakchott": "ar-MR",
    "Africa/Tripoli": "ar-LY",
    "Africa/Khartoum": "ar-SD",
    "Africa/Djibouti": "ar-DJ",
    "Africa/Mogadishu": "ar-SO",
}

# Pieces ----------------------------------------------------------------------------------------------


class _Invalid(Exception):
    """The text has the shape of a date but impossible values (Feb 30, 25:00): the answer is None."""


class _DateFound(NamedTuple):
    start: int
    end: int
    year: int
    month: int
    day: int
    hijri: bool


class _TimeFound(NamedTuple):
    hour: int
    minute: int
    second: int
    zone: tzinfo | None


def _to_date(found: _DateFound) -> date:
    """Convert only the candidate that was chosen, so a bad one elsewhere in the text does not matter."""
    try:
        if found.hijri:
            converted = Hijri(found.year, found.month, found.day).to_gregorian()
            return date(converted.year, converted.month, converted.day)
        return date(found.year, found.month, found.day)
    except (ValueError, OverflowError) as exc:
        raise _Invalid from exc


@lru_cache(maxsize=128)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except Exception:  # unknown or malformed zone names raise several different errors
        return None


def _month_of(phrase: str, table: dict[str, int]) -> int | None:
    """The month a phrase such as " حزيران (يونيو) " names, or None if it holds anything but month names."""
    month = table.get(phrase.strip(" ,"))
    if month is not None:
        return month
    words = [word for word in _PHRASE_SPLIT_RE.split(phrase) if word and word not in _PHRASE_FILLERS]
    found: list[int] = []
    i = 0
    while i < len(words):
        pair = f"{words[i]} {words[i + 1]}" if i + 1 < len(words) else ""
        if pair in table:
            found.append(table[pair])
            i += 2
        elif words[i] in table:
            found.append(table[words[i]])
            i += 1
        else:
            return None
    # A dual name that disagrees with itself ("مايو/حزيران") is a typo we cannot resolve.
    if not found or len(found) > 2 or len(set(found)) != 1:
        return None
    return found[0]


def _year_kind(year: int) -> str | None:
    if 1900 <= year <= 2099:
        return "gregorian"
    if 1300 <= year <= 1599:
        return "hijri"
    return None


def _find_dates(text: str) -> list[_DateFound]:
    found: list[_DateFound] = []
    for match in _NAMED_DATE_RE.finditer(text):
        year = int(match["year"])
        kind = _year_kind(year)
        table = _GREGORIAN_MONTHS if kind == "gregorian" else _HIJRI_MONTHS
        month = _month_of(match["phrase"], table)
        if month is not None:
            found.append(
                _DateFound(match.start(), match.end(), year, month, int(match["day"]), kind == "hijri")
            )
    if not any(not item.hijri for item in found):
        for match in _MONTH_FIRST_RE.finditer(text):
            w1, w2 = match["w1"], match["w2"]
            month = _GREGORIAN_MONTHS.get(f"{w1} {w2}") or _GREGORIAN_MONTHS.get(w2 or w1)
            if month is not None:
                day, year = int(match["day"]), int(match["year"])
                found.append(_DateFound(match.start(), match.end(), year, month, day, hijri=False))
    # A Gregorian date with a month name settles it; numeric dates are only looked for when there is none.
    if any(not item.hijri for item in found):
        return found
    for match in _NUMERIC_DATE_RE.finditer(text):
        if match["year"]:
            year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
        else:
            year, month, day = int(match["year2"]), int(match["month2"]), int(match["day2"])
        kind = _year_kind(year)
        # a 13xx-15xx year is Hijri only when marked so; unmarked it is nothing we can trust
        if kind == "gregorian" or (kind == "hijri" and _HIJRI_MARK_RE.match(text, match.end())):
            found.append(_DateFound(match.start(), match.end(), year, month, day, kind == "hijri"))
    return found


def _hour_24(hour: int, meridiem: str | None) -> int:
    kind = _MERIDIEM.get(meridiem) if meridiem else None
    if kind is None:
        return hour
    if kind == "am":
        if hour > 12:
            raise _Invalid
        return 0 if hour == 12 else hour
    if kind == "pm":
        if hour == 0:
            raise _Invalid
        return hour + 12 if hour < 12 else hour
    if kind == "noon":
        return hour + 12 if 1 <= hour <= 5 else hour
    # night: 10 at night is 22:00, 1 at night is 01:00, 12 at night is midnight
    if hour == 12:
        return 0
    return hour + 12 if 6 <= hour <= 11 else hour


def _offset(text: str) -> timezone:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours = int(digits[:-2] if len(digits) > 2 else digits)
    minutes = int(digits[-2:]) if len(digits) > 2 else 0
    if hours > 14 or minutes > 59:
        raise _Invalid
    if hours == minutes == 0:
        return UTC
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _zone_marker(match: re.Match[str]) -> tzinfo | None:
    if match["gmt"]:
        return _offset(match["offset"]) if match["offset"] else UTC
    if match["mecca"]:
        return MECCA_TIME
    city = match["city"]
    if city is None:
        return None
    first = city.split(" ")[0]
    if first in ("مكه", "السعوديه") or city == "مكه المكرمه":
        return MECCA_TIME
    name = _CITY_ZONES.get(city) or _CITY_ZONES.get(first)
    return _zone(name) if name else None


def _overlaps(start: int, end: int, spans: list[_DateFound]) -> bool:
    return any(start < item.end and item.start < end for item in spans)


def _find_time(text: str, dates: list[_DateFound]) -> _TimeFound | None:
    """The first time of day in the text (outside any date), with the zone written next to it, if any."""
    times = [m for m in _TIME_RE.finditer(text) if not _overlaps(m.start(), m.end(), dates)]
    if not times:
        hour_only = _HOUR_ONLY_RE.search(text)
        if hour_only is None:
            return None
        hour = _hour_24(int(hour_only["hour"]), hour_only["meridiem"])
        if hour > 23:
            raise _Invalid
        return _TimeFound(hour, 0, 0, _zone_near(text, hour_only, None))
    first = times[0]
    hour = _hour_24(int(first["hour"]), first["meridiem"])
    minute = int(first["minute"])
    second = int(first["second"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _Invalid
    zone: tzinfo | None
    if first["offset"]:
        zone = UTC if first["offset"] == "z" else _offset(first["offset"])
    else:
        zone = _zone_near(text, first, times[1].start() if len(times) > 1 else None)
    return _TimeFound(hour, minute, second, zone)


def _zone_near(text: str, time_match: re.Match[str], next_time: int | None) -> tzinfo | None:
    """A zone marker written after this time (before the next one), or anywhere if there is one time only."""
    if not any(hint in text for hint in _ZONE_HINTS):
        return None
    adjacent = _ZONE_AFTER_TIME_RE.match(text, time_match.end())
    if adjacent is not None:
        zone = _zone_marker(adjacent)
        if zone is not None:
            return zone
    markers = list(_ZONE_RE.finditer(text))
    if not markers:
        return None
    limit = next_time if next_time is not None else len(text)
    for marker in markers:
        if time_match.end() <= marker.start() < limit:
            zone = _zone_marker(marker)
            if zone is not None:
                return zone
    if next_time is None:
        for marker in markers:
            zone = _zone_marker(marker)
            if zone is not None:
                return zone
    return None


def _combine(day: date, time: _TimeFound | None, zone: tzinfo) -> datetime | date:
    if time is None:
        return day
    return datetime(
        day.year, day.month, day.day, time.hour, time.minute, time.second, tzinfo=time.zone or zone
    )


# Parsers, most specific first ------------------------------------------------------------------------


def _parse_iso(text: str, zone: tzinfo) -> datetime | date | None:
    if not _ISO_RE.fullmatch(text):
        return None
    if len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            raise _Invalid from exc
    try:
        parsed = datetime.fromisoformat(f"{text[:10]}T{text[11:].replace(' ', '')}")
    except ValueError as exc:
        raise _Invalid from exc
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)


def _parse_rfc822(folded: str, zone: tzinfo) -> datetime | None:
    match = _RFC822_RE.fullmatch(folded)
    if match is None:
        return None
    fields = parsedate_tz(folded)
    if fields is None:
        return None
    year, month, day, hour, minute, second = fields[:6]
    token = match["zone"]
    parsed_zone: tzinfo
    if token is None:
        parsed_zone = zone
    elif token[0] in "+-":
        parsed_zone = _offset(token)
    else:
        # RFC 2822 §4.3: unknown alphabetic zones are read as UTC; parsedate_tz knows the US ones.
        offset = fields[9] or 0
        parsed_zone = UTC if offset == 0 else timezone(timedelta(seconds=offset))
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=parsed_zone)
    except ValueError as exc:
        raise _Invalid from exc


def _parse_relative(folded: str, zone: tzinfo, now: datetime) -> datetime | date | None:
    ago = _AGO_RE.search(folded)
    if ago is not None:
        seconds, number = _UNITS[ago["unit"]]
        count_text = ago["count"]
        if number == "two":
            count = 2
        elif count_text:
            count = int(count_text) if count_text.isdigit() else _NUMBER_WORDS[count_text]
        elif number == "one":
            count = 1
        else:
            return None  # "منذ ساعات": some hours ago, no number to go on
        if count * seconds > 60 * 365 * _DAY:
            return None
        return (now - timedelta(seconds=count * seconds)).astimezone(zone)
    if _JUST_NOW_RE.search(folded):
        return now.astimezone(zone)
    day_word = _DAY_WORD_RE.search(folded)
    if day_word is None:
        return None
    day = now.astimezone(zone).date() - timedelta(days=_DAYS_BACK[day_word["word"]])
    return _combine(day, _find_time(folded, []), zone)


def _parse_general(folded: str, zone: tzinfo) -> datetime | date | None:
    dates = _find_dates(folded)
    if not dates:
        return None
    gregorian = [item for item in dates if not item.hijri]
    # A string that carries both calendars ("... هـ - الموافق 12 يونيو 2025 م") is trusted in Gregorian.
    chosen = min(gregorian or dates, key=lambda item: item.start)
    return _combine(_to_date(chosen), _find_time(folded, dates), zone)


def _dateparser_fallback(text: str, tz_name: str, zone: tzinfo, now: datetime) -> datetime | date | None:
    settings = {
        "TIMEZONE": tz_name,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "RELATIVE_BASE": now.astimezone(zone).replace(tzinfo=None),
        # never complete a missing day, month or year from the crawl time
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_TIME_AS_PERIOD": True,
    }
    locales = [_LOCALE_BY_ZONE.get(tz_name, "ar"), "en"]
    # dateparser and its dependencies emit deprecation warnings that are not ours to fix.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # Imported here: dateparser is slow to import, and only strings the parser above cannot read get here.
        from dateparser.date import DateDataParser

        data = DateDataParser(locales=locales, settings=settings).get_date_data(text)
    parsed = data["date_obj"]
    if not isinstance(parsed, datetime):
        return None
    if data["period"] == "time":
        return parsed.astimezone(zone) if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)
    if data["period"] == "day":
        return date(parsed.year, parsed.month, parsed.day)
    return None


def _is_sane(value: datetime | date, now: datetime, zone: tzinfo) -> bool:
    if isinstance(value, datetime):
        return value.date() >= EARLIEST_DATE and value <= now + MAX_FUTURE
    return EARLIEST_DATE <= value <= now.astimezone(zone).date() + MAX_FUTURE


def _parse(text: str, tz_name: str, zone: ZoneInfo, now: datetime) -> datetime | date | None:
    raw = text.strip()
    if not raw or len(raw) > MAX_INPUT_CHARS:
        return None
    if raw.isascii() and raw[:4].isdigit():
        iso = _parse_iso(raw, zone)
        if iso is not None:
            return iso
    folded = _fold(raw)
    if not folded:
        return None
    result = _parse_rfc822(folded, zone) or _parse_general(folded, zone)
    if result is None:
        result = _parse_relative(folded, zone, now)
    if result is None and len(folded) <= FALLBACK_MAX_CHARS and any(c.isdigit() for c in folded):
        result = _dateparser_fallback(raw, tz_name, zone, now)
    return result


def parse_date(text: str, *, tz: str, now: datetime | None = None) -> datetime | date | None:
    """Read a date as printed by an Arabic news site.

    Returns an aware ``datetime`` when the text has a time of day, a ``date`` when it has only a date, and
    ``None`` when it cannot be read, names an impossible date, or falls outside the sane window (before 1990,
    or more than a day after ``now``). An explicit offset or zone in the text wins and is kept in the result;
    otherwise ``tz`` (the site's IANA zone) applies. Relative strings are resolved against ``now`` (default:
    the current time; a naive ``now`` is read as site-local wall time). Never raises.

    >>> parse_date("الخميس، 12 يونيو 2025 - 03:45 م", tz="Africa/Cairo").isoformat()
    '2025-06-12T15:45:00+03:00'
    >>> parse_date("06 مارس 2018 | 09:16 GMT", tz="Europe/Moscow").isoformat()
    '2018-03-06T09:16:00+00:00'
    >>> parse_date("١٢ أيار ٢٠٢٥", tz="Asia/Amman")
    datetime.date(2025, 5, 12)
    >>> parse_date("الخميس ١٦ ذو الحجة ١٤٤٦ هـ", tz="Asia/Riyadh")
    datetime.date(2025, 6, 12)
    >>> parse_date("منذ 3 ساعات", tz="Africa/Cairo", now=datetime(2025, 6, 12, 18, 0)).isoformat()
    '2025-06-12T15:00:00+03:00'
    >>> parse_date("30 فبراير 2025", tz="Africa/Cairo") is None
    True
    """
    try:
        zone = _zone(tz)
        if zone is None or not isinstance(text, str):
            return None
        if now is None:
            now = datetime.now(UTC)
        elif now.tzinfo is None:
            now = now.replace(tzinfo=zone)
        # Arithmetic on a datetime in a zone is wall-clock arithmetic; "3 hours ago" across a DST change
        # must be elapsed time, so all arithmetic happens in UTC.
        now = now.astimezone(UTC)
        result = _parse(text, tz, zone, now)
        if result is None or not _is_sane(result, now, zone):
            return None
        return result
    except Exception:
        # The contract is "None for anything unreadable": impossible values (_Invalid), out-of-range
        # arithmetic and surprises inside dateparser all mean this string has no usable date.
        return None
