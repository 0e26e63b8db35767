"""Property tests: the invariants of the text policy hold for any string, not only the examples."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsbot.store.search import search_key
from newsbot.text import match_key, normalize_text, parse_date

# Characters the policy names, so that the strategy hits them far more often than uniform sampling would.
TATWEEL = "\u0640"
INVISIBLE = (
    "\u200b\u200c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\u061c\ufeff\u00ad\u034f\u180e\x00\x07\x1b\x7f\x9b"
)
EXOTIC_SPACES = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
BREAKS = "\t\n\r\x0b\x0c\x85\u2028\u2029"
HARAKAT = "".join(chr(cp) for cp in [*range(0x064B, 0x0660), 0x0670])
QURANIC = "".join(chr(cp) for cp in [*range(0x0610, 0x061B), *range(0x06D6, 0x06DD), *range(0x06DF, 0x06E9)])
ALEF_VARIANTS = "أإآٱٲٳ"
HAMZA_SEATS = "ؤئۓ"
YEH_VARIANTS = "ىیےې"
HEH_VARIANTS = "ةۃہھەۀ"
PERSIAN_LETTERS = "کگپچژڤڨٹڈڑ"
NON_ASCII_DIGITS = "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
SPECIALS = (
    TATWEEL
    + INVISIBLE
    + "\u200d"
    + EXOTIC_SPACES
    + BREAKS
    + HARAKAT
    + QURANIC
    + ALEF_VARIANTS
    + HAMZA_SEATS
    + YEH_VARIANTS
    + HEH_VARIANTS
    + PERSIAN_LETTERS
    + NON_ASCII_DIGITS
    + "٫٬٪،؛؟«»…½²ﬁ.,%#@_-:/ "
    + "\ufefb\ufef7\ufdf2\ufdfa\ufe76\ufe71\ufc60\ufe8d\ufedf\uff23\uff4e\uff01"
    + "👨👩👧🏳🌈❤🔥\ufe0f\U0001f3fd"
    + "\u0654\u0655\u0653\u0301\u0308\u0345\u00a8\u00b4İßΣς"
    + "\ud800\udfff"
)

arabic_letters = st.characters(min_codepoint=0x0621, max_codepoint=0x064A)
arabic_blocks = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
presentation_forms = st.one_of(
    st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF),
    st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFF),
)
any_char = st.characters(codec=None)
text_chars = st.one_of(
    arabic_letters,
    arabic_letters,
    st.sampled_from(SPECIALS),
    st.sampled_from(SPECIALS),
    arabic_blocks,
    presentation_forms,
    any_char,
)
texts = st.text(alphabet=text_chars, max_size=40)

# emoji that Unicode files under punctuation or letters (‼ ⁉ ℹ 〰 〽)
EMOJI_NOT_SO = "\u203c\u2049\u2139\u3030\u303d"
REMOVED_EVERYWHERE = set(TATWEEL + INVISIBLE + EXOTIC_SPACES + "\r\x0b\x0c\x85\u2028\u2029")
NEVER_IN_KEY = set(
    HARAKAT + QURANIC + ALEF_VARIANTS + HAMZA_SEATS + YEH_VARIANTS + HEH_VARIANTS + NON_ASCII_DIGITS
)

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(texts, st.booleans())
def test_normalize_text_is_idempotent(text: str, multiline: bool) -> None:
    stored = normalize_text(text, multiline=multiline)
    assert normalize_text(stored, multiline=multiline) == stored


@PROPERTY_SETTINGS
@given(texts)
def test_match_key_is_idempotent(text: str) -> None:
    key = match_key(text)
    assert match_key(key) == key


@PROPERTY_SETTINGS
@given(texts, st.booleans())
def test_key_of_stored_text_is_the_key(text: str, multiline: bool) -> None:
    assert match_key(normalize_text(text, multiline=multiline)) == match_key(text)


@PROPERTY_SETTINGS
@given(texts)
def test_title_stored_text_is_clean(text: str) -> None:
    stored = normalize_text(text)
    assert not REMOVED_EVERYWHERE & set(stored)
    assert "\n" not in stored
    assert "\t" not in stored
    assert "  " not in stored
    assert stored == stored.strip()
    assert unicodedata.is_normalized("NFC", stored)
    # a ZWJ survives only in front of an emoji
    for i, char in enumerate(stored):
        if char == "\u200d":
            following = stored[i + 1 : i + 2]
            assert following
            assert unicodedata.category(following) == "So" or following in EMOJI_NOT_SO


@PROPERTY_SETTINGS
@given(texts)
def test_body_stored_text_is_clean(text: str) -> None:
    stored = normalize_text(text, multiline=True)
    assert not REMOVED_EVERYWHERE & set(stored)
    assert "\n\n\n" not in stored
    for line in stored.split("\n"):
        assert line == line.strip(" ")
        assert "  " not in line
    assert stored == stored.strip()


@PROPERTY_SETTINGS
@given(texts, texts)
def test_search_key_is_the_key_of_headline_and_body_together(headline: str, body: str) -> None:
    # search_key keys headline and body apart (the content hash has them already); the index must
    # hold what keying them as one text would give.
    assert search_key(headline, body) == match_key(f"{headline}\n{body}")


@PROPERTY_SETTINGS
@example("ῶ")
@given(texts)
def test_key_is_clean(text: str) -> None:
    key = match_key(text)
    assert not (REMOVED_EVERYWHERE | NEVER_IN_KEY | {"\u200d", "\n", "\t"}) & set(key)
    assert "  " not in key
    assert key == key.strip()
    assert unicodedata.is_normalized("NFKC", key)
    # Closed under NFKC_Casefold; plain casefold alone has no fixed point for letters such as ῶ.
    assert unicodedata.normalize("NFKC", key.casefold()) == key
    for i, char in enumerate(key):
        if char in ".,":
            assert 0 < i < len(key) - 1
            assert key[i - 1].isdigit()
            assert key[i + 1].isdigit()


ZONES = ["Africa/Cairo", "Asia/Beirut", "Europe/Moscow", "Asia/Riyadh", "Africa/Algiers"]

# Pieces of real date strings, so that the parser's deeper paths are reached, not only "no date here".
DATE_PIECES = [
    "الخميس",
    "الأحد،",
    "نشر في:",
    "آخر تحديث:",
    "12",
    "١٦",
    "31",
    "0",
    "يونيو",
    "يونيه",
    "كانون الثاني",
    "تشرين الاول",
    "جوان",
    "دجنبر",
    "/",
    "ذو الحجة",
    "رمضان",
    "2025",
    "٢٠٢٥",
    "1446",
    "هـ",
    "م",
    "-",
    "|",
    "الساعة",
    "على الساعة",
    "03:45",
    "25:61",
    "14h30",
    "ص",
    "مساءً",
    "PM",
    "GMT",
    "+03:00",
    "بتوقيت مكة",
    "بتوقيت القاهرة",
    "منذ",
    "3",
    "ساعات",
    "ساعتين",
    "يومين",
    "أمس",
    "اليوم",
    "الموافق",
    "12/06/2025",
    "2025-06-12T15:45:00Z",
    "Thu, 12 Jun 2025 12:45:00 GMT",
]
date_like = st.lists(st.sampled_from(DATE_PIECES), max_size=8).map(" ".join)
nows = st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC))


def _check_date_result(result: object, now: datetime) -> None:
    assert result is None or isinstance(result, date)
    if isinstance(result, datetime):
        assert result.utcoffset() is not None
        assert result <= now + timedelta(days=1)
        assert result.date() >= date(1990, 1, 1)
    elif isinstance(result, date):
        assert date(1990, 1, 1) <= result <= (now + timedelta(days=2)).date()


@PROPERTY_SETTINGS
@given(st.one_of(texts, st.text(max_size=60)), st.sampled_from(ZONES), nows)
def test_parse_date_never_raises_on_any_text(text: str, tz: str, now: datetime) -> None:
    _check_date_result(parse_date(text, tz=tz, now=now), now)


@PROPERTY_SETTINGS
@given(date_like, st.sampled_from(ZONES), nows)
def test_parse_date_never_raises_on_date_like_text(text: str, tz: str, now: datetime) -> None:
    _check_date_result(parse_date(text, tz=tz, now=now), now)


@PROPERTY_SETTINGS
@given(
    st.datetimes(min_value=datetime(1990, 1, 2), max_value=datetime(2030, 12, 31)),
    st.sampled_from(ZONES),
)
def test_iso_round_trip(moment: datetime, tz: str) -> None:
    aware = moment.replace(microsecond=0, tzinfo=UTC)
    result = parse_date(aware.isoformat(), tz=tz, now=datetime(2031, 1, 1, tzinfo=UTC))
    assert result == aware
