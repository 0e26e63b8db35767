"""Table-driven cases for the text policy (docs/text-normalisation.md), beyond the shared vectors."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from newsbot.text import match_key, normalize_text, parse_date
from newsbot.text.normalize import _SPACING_MARKS_RE

# Stored text ----------------------------------------------------------------------------------------------

INVISIBLE = {
    "ZWSP": "\u200b",
    "ZWNJ": "\u200c",
    "ZWJ": "\u200d",
    "LRM": "\u200e",
    "RLM": "\u200f",
    "LRE": "\u202a",
    "RLE": "\u202b",
    "PDF": "\u202c",
    "LRO": "\u202d",
    "RLO": "\u202e",
    "word-joiner": "\u2060",
    "function-application": "\u2061",
    "invisible-times": "\u2062",
    "invisible-separator": "\u2063",
    "invisible-plus": "\u2064",
    "LRI": "\u2066",
    "RLI": "\u2067",
    "FSI": "\u2068",
    "PDI": "\u2069",
    "arabic-letter-mark": "\u061c",
    "BOM": "\ufeff",
    "soft-hyphen": "\u00ad",
    "CGJ": "\u034f",
    "mongolian-vowel-separator": "\u180e",
    "tatweel": "\u0640",
    "NUL": "\x00",
    "C1-control": "\x9b",
}


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_invisible_characters_are_removed(char: str) -> None:
    assert normalize_text(f"ال{char}خبر {char}العاجل{char}") == "الخبر العاجل"
    assert normalize_text(f"ال{char}خبر", multiline=True) == "الخبر"
    assert match_key(f"ال{char}خبر") == "الخبر"


SPACES = {
    "NBSP": "\u00a0",
    "ogham": "\u1680",
    **{f"U+{cp:04X}": chr(cp) for cp in range(0x2000, 0x200B)},
    "narrow-NBSP": "\u202f",
    "math-space": "\u205f",
    "ideographic": "\u3000",
    "tab": "\t",
    "VT": "\x0b",
    "FF": "\x0c",
}


@pytest.mark.parametrize("space", SPACES.values(), ids=SPACES.keys())
def test_every_space_kind_folds_to_one_space(space: str) -> None:
    text = f"{space}القدس{space}{space} المحتلة{space}"
    assert normalize_text(text) == "القدس المحتلة"
    assert normalize_text(text, multiline=True) == "القدس المحتلة"
    assert match_key(text) == "القدس المحتله"


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        pytest.param("\ufefb", "لا", id="lam-alef"),
        pytest.param("\ufef7", "لأ", id="lam-alef-hamza-above"),
        pytest.param("\ufef9", "لإ", id="lam-alef-hamza-below"),
        pytest.param("\ufef5", "لآ", id="lam-alef-madda"),
        pytest.param("\ufdf2", "الله", id="allah"),
        pytest.param("\ufdfa", "صلى الله عليه وسلم", id="salla"),
        pytest.param("النبي \ufdfa", "النبي صلى الله عليه وسلم", id="salla-in-text"),
        pytest.param("\ufe8d\ufedf\ufecc\ufeae\ufe91\ufef4\ufe94", "العربية", id="forms-B-word"),
        pytest.param("ب\ufe76", "بَ", id="isolated-fatha-joins-letter"),
        pytest.param("ب\ufe7c", "بّ", id="isolated-shadda-joins-letter"),
        pytest.param("ب\ufe71", "بً", id="tatweel-with-fathatan"),
        pytest.param("ب\ufc60", "بَّ", id="shadda-fatha-ligature"),
        pytest.param("ＣＮＮ ｗｅｂ１２３！", "CNN web123!", id="full-width-latin"),
        pytest.param("وقال… ½ كوب ²م ﬁle ① ™", "وقال… ½ كوب ²م ﬁle ① ™", id="other-compat-kept"),
        pytest.param("ا\u0654 و\u0654 ا\u0653 ي\u0654", "أ ؤ آ ئ", id="nfc-composes-hamza"),
    ],
)
def test_presentation_forms_and_nfc(text: str, stored: str) -> None:
    assert normalize_text(text) == stored


@pytest.mark.parametrize(
    "emoji",
    [
        pytest.param("👨\u200d👩\u200d👧", id="family"),
        pytest.param("🏳\ufe0f\u200d🌈", id="rainbow-flag"),
        pytest.param("❤\ufe0f\u200d🔥", id="heart-on-fire"),
        pytest.param("🧑\u200d⚕\ufe0f", id="health-worker"),
        pytest.param("🐈\u200d⬛", id="black-cat"),
    ],
)
def test_zwj_kept_inside_emoji_sequences(emoji: str) -> None:
    assert normalize_text(f"خبر {emoji} عاجل") == f"خبر {emoji} عاجل"
    assert match_key(f"خبر {emoji} عاجل") == "خبر عاجل"


@pytest.mark.parametrize(
    "text",
    ["ال\u200dخبر", "خبر\u200d", "\u200dخبر", "👍\u200d خبر", "a\u200d\u200db"],
    ids=["between-letters", "at-end", "at-start", "before-space", "doubled"],
)
def test_zwj_removed_elsewhere(text: str) -> None:
    assert "\u200d" not in normalize_text(text)


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        pytest.param("عنوان\nالخبر", "عنوان الخبر", id="LF"),
        pytest.param("عنوان\r\nالخبر", "عنوان الخبر", id="CRLF"),
        pytest.param("عنوان\rالخبر", "عنوان الخبر", id="CR"),
        pytest.param("عنوان\u2028الخبر", "عنوان الخبر", id="line-separator"),
        pytest.param("عنوان\u2029الخبر", "عنوان الخبر", id="paragraph-separator"),
        pytest.param("\n\n عنوان \n\n", "عنوان", id="edges"),
    ],
)
def test_titles_are_one_line(text: str, stored: str) -> None:
    assert normalize_text(text) == stored


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        pytest.param("فقرة\nثانية", "فقرة\nثانية", id="LF-kept"),
        pytest.param("فقرة\r\nثانية", "فقرة\nثانية", id="CRLF-is-one-break"),
        pytest.param("فقرة\rثانية", "فقرة\nثانية", id="CR"),
        pytest.param("فقرة\u2028ثانية", "فقرة\nثانية", id="line-separator"),
        pytest.param("فقرة\u2029ثانية", "فقرة\n\nثانية", id="paragraph-separator"),
        pytest.param("فقرة\n\n\n\n\nثانية", "فقرة\n\nثانية", id="one-blank-line-at-most"),
        pytest.param("فقرة\r\n\r\n\r\nثانية", "فقرة\n\nثانية", id="CRLF-blank-lines"),
        pytest.param("  فقرة \u00a0\n\t ثانية  ", "فقرة\nثانية", id="lines-stripped"),
        pytest.param("فقرة\n \u200b \nثانية", "فقرة\n\nثانية", id="invisible-only-line-is-blank"),
        pytest.param("\n\n\nفقرة\n\n\n", "فقرة", id="no-blank-edges"),
        pytest.param("فقرة  أولى\u3000طويلة", "فقرة أولى طويلة", id="spaces-collapsed-in-line"),
        pytest.param(" \n\u2029\n ", "", id="only-breaks"),
    ],
)
def test_bodies_keep_paragraphs(text: str, stored: str) -> None:
    assert normalize_text(text, multiline=True) == stored
    assert match_key(text) == match_key(stored)


def test_stored_text_keeps_content() -> None:
    text = "الْعَرَبِيَّةُ أحمد إسرائيل آخر مسؤول مسئول على فى المدينة ٢٠٢٥ ۴۵۶ ٣٫٥٪ «قال»، لماذا؟ Apple"
    assert normalize_text(text) == text


def test_empty_input() -> None:
    assert normalize_text("") == ""
    assert normalize_text("", multiline=True) == ""
    assert match_key("") == ""


# Match key ------------------------------------------------------------------------------------------------

QURANIC_MARKS = [
    *range(0x0610, 0x061B),
    *range(0x064B, 0x0660),
    0x0670,
    *range(0x06D6, 0x06DD),
    *range(0x06DF, 0x06E9),
    *range(0x06EA, 0x06EE),
    *range(0x08D3, 0x0900),
]


@pytest.mark.parametrize(
    "mark", [chr(cp) for cp in QURANIC_MARKS], ids=[f"U+{cp:04X}" for cp in QURANIC_MARKS]
)
def test_key_drops_diacritics_and_quranic_marks(mark: str) -> None:
    assert match_key(f"كت{mark}ب") == "كتب"
    assert mark in normalize_text(f"كت{mark}ب")


@pytest.mark.parametrize(
    ("letter", "folded"),
    [
        ("أ", "ا"),
        ("إ", "ا"),
        ("آ", "ا"),
        ("ٱ", "ا"),
        ("ٲ", "ا"),
        ("ٳ", "ا"),
        ("ؤ", "ء"),
        ("ئ", "ء"),
        ("ۓ", "ء"),
        ("ى", "ي"),
        ("ی", "ي"),
        ("ے", "ي"),
        ("ې", "ي"),
        ("ة", "ه"),
        ("ۃ", "ه"),
        ("ہ", "ه"),
        ("ھ", "ه"),
        ("ە", "ه"),
        ("ۀ", "ه"),
        ("ک", "ك"),
        ("گ", "ك"),
        ("پ", "ب"),
        ("چ", "ج"),
        ("ژ", "ز"),
        ("ڤ", "ف"),
        ("ڨ", "ق"),
        ("ٹ", "ت"),
        ("ڈ", "د"),
        ("ڑ", "ر"),
    ],
)
def test_key_folds_letters(letter: str, folded: str) -> None:
    assert match_key(f"ب{letter}ب") == f"ب{folded}ب"
    assert normalize_text(f"ب{letter}ب") == f"ب{letter}ب"


@pytest.mark.parametrize("zero", [0x0660, 0x06F0], ids=["arabic-indic", "persian"])
def test_key_digits_are_ascii(zero: int) -> None:
    digits = "".join(chr(zero + n) for n in range(10))
    assert match_key(f"رقم {digits}") == "رقم 0123456789"
    assert normalize_text(f"رقم {digits}") == f"رقم {digits}"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param("نمو ٣٫٥٪", "نمو 3.5", id="arabic-decimal-and-percent"),
        pytest.param("١٬٥٠٠ دولار", "1,500 دولار", id="arabic-thousands"),
        pytest.param("نمو 3.5% و1,500", "نمو 3.5 و1,500", id="ascii-separators"),
        pytest.param("عام 2025.", "عام 2025", id="full-stop-after-digit"),
        pytest.param("1, 2, 3", "1 2 3", id="comma-then-space"),
        pytest.param(".5 و5.", "5 و5", id="dot-at-edges"),
        pytest.param("٣٫", "3", id="decimal-without-fraction"),
        pytest.param("3.14.15", "3.14.15", id="dotted-number"),
        pytest.param("قال.ثم", "قال ثم", id="dot-between-words"),
        pytest.param("٥٪", "5", id="percent"),
    ],
)
def test_key_number_separators(text: str, key: str) -> None:
    assert match_key(text) == key


@pytest.mark.parametrize(
    "punct",
    list("،؛؟۔«»“”„‘’…–—-_!?()[]{}<>:;\"'/\\|*&^$#@~`+=٪%·•★♥"),
)
def test_key_punctuation_and_symbols_become_spaces(punct: str) -> None:
    assert match_key(f"قال{punct}ثم") == "قال ثم"
    assert normalize_text(f"قال{punct}ثم") == f"قال{punct}ثم"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param("شركة Apple وCNN", "شركه apple وcnn", id="casefold"),
        pytest.param("ＣＮＮ", "cnn", id="full-width"),
        pytest.param("Straße", "strasse", id="sharp-s"),
        pytest.param("ﬁle ² ½", "file 2 1 2", id="nfkc-in-key-only"),
        pytest.param("#عاجل @وكالة_الأنباء", "عاجل وكاله الانباء", id="hashtag-mention-underscore"),
        pytest.param("https://ar.rt.com/news_1", "https ar rt com news 1", id="url"),
        pytest.param("خبر 👍🏽 عاجل 🇪🇬", "خبر عاجل", id="emoji"),
        pytest.param("ﷺ", "صلي الله عليه وسلم", id="ligature"),
        pytest.param("café ¨ ´", "café", id="latin-accent-kept-spacing-marks-dropped"),
        pytest.param("\u00a0\u200f ـ \u200b", "", id="empty-after-strip"),
        pytest.param("هٰذا الرَّحْمٰن", "هذا الرحمن", id="dagger-alef"),
        pytest.param("مسؤول مسئول شؤون شئون", "مسءول مسءول شءون شءون", id="hamza-seats"),
        pytest.param("على علي", "علي علي", id="maqsura-merges"),
    ],
)
def test_key_examples(text: str, key: str) -> None:
    assert match_key(text) == key


def test_spacing_mark_list_matches_this_unicode_version() -> None:
    # characters outside the presentation blocks whose NFKC form is SPACE + combining mark
    expected = set()
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFE:
            continue
        folded = unicodedata.normalize("NFKC", chr(cp))
        if len(folded) > 1 and folded[0] == " " and unicodedata.combining(folded[1]):
            expected.add(chr(cp))
    listed = {chr(cp) for cp in range(0x10000) if _SPACING_MARKS_RE.fullmatch(chr(cp))}
    assert listed == expected


@pytest.mark.parametrize(
    "text",
    [
        "الأخـــبار\u200f  العاجلة\u00a0، ٣٫٥٪ «قال» 👨\u200d👩\u200d👧",
        "\ufefb \ufdf2 ＣＮＮ ﬁ ½ ب\ufe76",
        "فقرة\r\n\r\n\r\nثانية\u2029ثالثة",
        "ا\u200d\u0654 \ud800 \x00",
    ],
)
@pytest.mark.parametrize("multiline", [False, True])
def test_invariants_on_samples(text: str, multiline: bool) -> None:
    stored = normalize_text(text, multiline=multiline)
    assert normalize_text(stored, multiline=multiline) == stored
    assert match_key(stored) == match_key(text)
    assert match_key(match_key(text)) == match_key(text)


# Dates ----------------------------------------------------------------------------------------------------

# A crawl after every absolute date below; relative strings use their own crawl time.
NOW = datetime(2025, 12, 31, 12, 0, tzinfo=UTC)
CRAWL = datetime(2025, 6, 12, 18, 0)


def _expect_date(text: str, tz: str, expected: date) -> None:
    result = parse_date(text, tz=tz, now=NOW)
    assert type(result) is date, f"{text!r}: expected a date, got {result!r}"
    assert result == expected


def _expect_datetime(text: str, tz: str, expected: str, *, now: datetime = NOW) -> datetime:
    result = parse_date(text, tz=tz, now=now)
    assert isinstance(result, datetime), f"{text!r}: expected a datetime, got {result!r}"
    assert result.utcoffset() is not None
    wanted = datetime.fromisoformat(expected)
    assert result == wanted, f"{text!r}: {result.isoformat()} != {expected}"
    # the offset shown is the one that applies (explicit marker, or the site zone's at that instant)
    assert result.utcoffset() == wanted.utcoffset(), f"{text!r}: {result.isoformat()} != {expected}"
    return result


MONTHS = [
    # Egyptian/Gulf, with the spellings Egyptian sites use
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("أبريل", 4),
    ("إبريل", 4),
    ("ابريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يونية", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("يولية", 7),
    ("أغسطس", 8),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("أكتوبر", 10),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    # Levantine/Iraqi, with and without hamza and article
    ("كانون الثاني", 1),
    ("شباط", 2),
    ("آذار", 3),
    ("اذار", 3),
    ("نيسان", 4),
    ("أيار", 5),
    ("ايار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("آب", 8),
    ("اب", 8),
    ("أيلول", 9),
    ("ايلول", 9),
    ("تشرين الأول", 10),
    ("تشرين الاول", 10),
    ("تشرين الثاني", 11),
    ("كانون الأول", 12),
    ("كانون الاول", 12),
    # Algerian/Tunisian
    ("جانفي", 1),
    ("فيفري", 2),
    ("أفريل", 4),
    ("افريل", 4),
    ("ماي", 5),
    ("جوان", 6),
    ("جويلية", 7),
    ("أوت", 8),
    ("اوت", 8),
    # Moroccan
    ("يوليوز", 7),
    ("غشت", 8),
    ("شتنبر", 9),
    ("نونبر", 11),
    ("دجنبر", 12),
    # English, for mixed pages
    ("June", 6),
    ("Sep", 9),
]


@pytest.mark.parametrize(("name", "month"), MONTHS, ids=[f"{m:02d}-{i}" for i, (_, m) in enumerate(MONTHS)])
def test_month_names(name: str, month: int) -> None:
    _expect_date(f"7 {name} 2024", "Asia/Beirut", date(2024, month, 7))
    _expect_date(f"الأحد، 07 {name} 2024", "Asia/Beirut", date(2024, month, 7))


@pytest.mark.parametrize(
    "text",
    [
        "8 مايو/أيار 2025",
        "8 أيار/مايو 2025",
        "8 مايو / أيار 2025",
        "8 مايو/ أيار 2025",
        "8 أيار (مايو) 2025",
        "8 مايو (أيار) 2025",
        "8 من شهر مايو 2025",
        "8 مايو من عام 2025",
    ],
)
def test_dual_month_names(text: str) -> None:
    _expect_date(text, "Europe/Moscow", date(2025, 5, 8))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13 أبريل/ نيسان 2024", date(2024, 4, 13)),
        ("20 ديسمبر/كانون الاول 2024", date(2024, 12, 20)),
        ("11 يناير/ كانون الثاني 2020", date(2020, 1, 11)),
        ("5 تشرين الثاني/نوفمبر 2024", date(2024, 11, 5)),
        ("25 يوليو/ تموز 2020", date(2020, 7, 25)),
    ],
)
def test_dual_month_names_seen_on_sites(text: str, expected: date) -> None:
    _expect_date(text, "Europe/Moscow", expected)


def test_contradicting_dual_month_is_unreadable() -> None:
    assert parse_date("8 مايو/حزيران 2025", tz="Europe/Moscow", now=NOW) is None


@pytest.mark.parametrize(
    "prefix",
    [
        "نشر في:",
        "نشر في",
        "نشرت في:",
        "آخر تحديث:",
        "اخر تحديث :",
        "تحديث:",
        "تاريخ النشر:",
        "نُشر بتاريخ:",
        "بتاريخ",
        "الخميس",
        "الخميس،",
        "الخميس ،",
        "خميس",
        "يوم الخميس",
        "نشر في: الخميس،",
    ],
)
def test_prefixes_and_weekdays(prefix: str) -> None:
    _expect_datetime(f"{prefix} 12 يونيو 2025 - 3:45 م", "Africa/Cairo", "2025-06-12T15:45:00+03:00")
    _expect_date(f"{prefix} 12 يونيو 2025", "Africa/Cairo", date(2025, 6, 12))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("12 يونيو 2025 12:00 ص", "2025-06-12T00:00:00+03:00", id="12AM"),
        pytest.param("12 يونيو 2025 12:30 ص", "2025-06-12T00:30:00+03:00", id="12:30AM"),
        pytest.param("12 يونيو 2025 12:00 م", "2025-06-12T12:00:00+03:00", id="12PM"),
        pytest.param("12 يونيو 2025 12:59 م", "2025-06-12T12:59:00+03:00", id="12:59PM"),
        pytest.param("12 يونيو 2025 01:00 ص", "2025-06-12T01:00:00+03:00", id="1AM"),
        pytest.param("12 يونيو 2025 01:00 م", "2025-06-12T13:00:00+03:00", id="1PM"),
        pytest.param("12 يونيو 2025 11:59 م", "2025-06-12T23:59:00+03:00", id="11:59PM"),
        pytest.param("12 يونيو 2025 9:05 صباحاً", "2025-06-12T09:05:00+03:00", id="sabahan"),
        pytest.param("12 يونيو 2025 9:05 صباحا", "2025-06-12T09:05:00+03:00", id="sabahan-bare"),
        pytest.param("12 يونيو 2025 9:05 مساءً", "2025-06-12T21:05:00+03:00", id="masaan"),
        pytest.param("12 يونيو 2025 9:05 مساء", "2025-06-12T21:05:00+03:00", id="masaa-bare"),
        pytest.param("12 يونيو 2025 21:15 مساء", "2025-06-12T21:15:00+03:00", id="24h-with-masaa"),
        pytest.param("12 يونيو 2025 9:05 AM", "2025-06-12T09:05:00+03:00", id="AM"),
        pytest.param("12 يونيو 2025 12:05 AM", "2025-06-12T00:05:00+03:00", id="12:05AM-latin"),
        pytest.param("12 يونيو 2025 9:05 pm", "2025-06-12T21:05:00+03:00", id="pm"),
        pytest.param("12 يونيو 2025 9:05م", "2025-06-12T21:05:00+03:00", id="meem-attached"),
        pytest.param("12 يونيو 2025 الساعة 10 مساءً", "2025-06-12T22:00:00+03:00", id="hour-only"),
        pytest.param("12 يونيو 2025 15:45:30", "2025-06-12T15:45:30+03:00", id="seconds"),
        pytest.param("12 يونيو 2025 الساعة 15:45", "2025-06-12T15:45:00+03:00", id="al-saa"),
        pytest.param("12 يونيو 2025 على الساعة 15:45", "2025-06-12T15:45:00+03:00", id="ala-al-saa"),
        pytest.param("12 يونيو 2025 14h30", "2025-06-12T14:30:00+03:00", id="14h30"),
        pytest.param("12 يونيو 2025 | 14:30", "2025-06-12T14:30:00+03:00", id="pipe"),
        pytest.param("12 يونيو 2025 - 14:30", "2025-06-12T14:30:00+03:00", id="hyphen"),
        pytest.param("12 يونيو 2025 – 14:30", "2025-06-12T14:30:00+03:00", id="en-dash"),
        pytest.param("12 يونيو 2025، 14:30", "2025-06-12T14:30:00+03:00", id="arabic-comma"),
        pytest.param("14:30 - 12 يونيو 2025", "2025-06-12T14:30:00+03:00", id="time-first"),
        pytest.param("02:30 م الخميس 12 يونيو 2025", "2025-06-12T14:30:00+03:00", id="time-first-12h"),
        pytest.param("٢:٣٠ م ١٢ يونيو ٢٠٢٥", "2025-06-12T14:30:00+03:00", id="arabic-indic"),
        pytest.param("۲:۳۰ م ۱۲ يونيو ۲۰۲۵", "2025-06-12T14:30:00+03:00", id="persian-digits"),
    ],
)
def test_times(text: str, expected: str) -> None:
    _expect_datetime(text, "Asia/Riyadh", expected)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("30 فبراير 2025", id="feb-30"),
        pytest.param("29 فبراير 2025", id="feb-29-not-leap"),
        pytest.param("31 أبريل 2025", id="april-31"),
        pytest.param("0 يونيو 2025", id="day-0"),
        pytest.param("12 يونيو 2025 25:10", id="hour-25"),
        pytest.param("12 يونيو 2025 24:00", id="hour-24"),
        pytest.param("12 يونيو 2025 10:60", id="minute-60"),
        pytest.param("12 يونيو 2025 10:30:61", id="second-61"),
        pytest.param("12 يونيو 2025 14:30 ص", id="14-AM"),
        pytest.param("31/02/2025", id="numeric-feb-31"),
        pytest.param("12/13/2025", id="numeric-month-13"),
        pytest.param("2025-02-30", id="iso-feb-30"),
        pytest.param("2025-06-12T25:00:00Z", id="iso-hour-25"),
        pytest.param("Thu, 31 Feb 2025 10:00:00 GMT", id="rfc-feb-31"),
        pytest.param("30 ذو الحجة 1446", id="hijri-day-30-of-29"),
        pytest.param("1 محرم 1600", id="hijri-out-of-table"),
    ],
)
def test_impossible_values_give_none(text: str) -> None:
    assert parse_date(text, tz="Asia/Riyadh", now=NOW) is None


def test_leap_day() -> None:
    _expect_date("29 فبراير 2024", "Asia/Riyadh", date(2024, 2, 29))


@pytest.mark.parametrize(
    ("text", "tz", "expected"),
    [
        # Cairo: +02 in winter, +03 from the last Friday of April to the last Thursday of October
        ("24 أبريل 2025 12:00", "Africa/Cairo", "2025-04-24T12:00:00+02:00"),
        ("25 أبريل 2025 12:00", "Africa/Cairo", "2025-04-25T12:00:00+03:00"),
        ("30 أكتوبر 2025 12:00", "Africa/Cairo", "2025-10-30T12:00:00+03:00"),
        ("31 أكتوبر 2025 12:00", "Africa/Cairo", "2025-10-31T12:00:00+02:00"),
        ("15 يوليو 2022 12:00", "Africa/Cairo", "2022-07-15T12:00:00+02:00"),  # no DST 2015–2022
        ("15 يوليو 2023 12:00", "Africa/Cairo", "2023-07-15T12:00:00+03:00"),
        # Beirut: last Sunday of March to last Sunday of October
        ("29 آذار 2025 12:00", "Asia/Beirut", "2025-03-29T12:00:00+02:00"),
        ("30 آذار 2025 12:00", "Asia/Beirut", "2025-03-30T12:00:00+03:00"),
        ("25 تشرين الأول 2025 12:00", "Asia/Beirut", "2025-10-25T12:00:00+03:00"),
        ("26 تشرين الأول 2025 12:00", "Asia/Beirut", "2025-10-26T12:00:00+02:00"),
        # permanent +03 since 2022
        ("15 كانون الثاني 2025 12:00", "Asia/Damascus", "2025-01-15T12:00:00+03:00"),
        ("15 كانون الثاني 2025 12:00", "Asia/Amman", "2025-01-15T12:00:00+03:00"),
        ("15 كانون الثاني 2021 12:00", "Asia/Amman", "2021-01-15T12:00:00+02:00"),
        # fixed zones
        ("15 جانفي 2025 12:00", "Africa/Algiers", "2025-01-15T12:00:00+01:00"),
        ("15 جوان 2025 12:00", "Africa/Tunis", "2025-06-15T12:00:00+01:00"),
        ("15 يناير 2025 12:00", "Asia/Riyadh", "2025-01-15T12:00:00+03:00"),
        ("15 يناير 2025 12:00", "Asia/Dubai", "2025-01-15T12:00:00+04:00"),
        ("15 يناير 2025 12:00", "Asia/Baghdad", "2025-01-15T12:00:00+03:00"),
        ("15 يناير 2025 12:00", "Europe/Moscow", "2025-01-15T12:00:00+03:00"),
    ],
)
def test_site_zone_with_dst(text: str, tz: str, expected: str) -> None:
    _expect_datetime(text, tz, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("12 يونيو 2025 - 12:45 GMT", "2025-06-12T12:45:00+00:00", id="GMT"),
        pytest.param("12 يونيو 2025 - 12:45 UTC", "2025-06-12T12:45:00+00:00", id="UTC"),
        pytest.param("12 يونيو 2025 12:45 غرينتش", "2025-06-12T12:45:00+00:00", id="ghreenitsh"),
        pytest.param("12 يونيو 2025 12:45 جرينتش", "2025-06-12T12:45:00+00:00", id="greenitsh"),
        pytest.param(
            "12 يونيو 2025 12:45 بتوقيت غرينتش", "2025-06-12T12:45:00+00:00", id="bitawqit-ghreenitsh"
        ),
        pytest.param("12 يونيو 2025 12:45 (غرينتش)", "2025-06-12T12:45:00+00:00", id="parenthesised"),
        pytest.param("12 يونيو 2025 12:45 GMT+3", "2025-06-12T12:45:00+03:00", id="GMT+3"),
        pytest.param("12 يونيو 2025 12:45 +0100", "2025-06-12T12:45:00+01:00", id="numeric-offset"),
        pytest.param("12 يونيو 2025 12:45 بتوقيت مكة", "2025-06-12T12:45:00+03:00", id="mecca"),
        pytest.param("12 يناير 2025 12:45 بتوقيت مكة المكرمة", "2025-01-12T12:45:00+03:00", id="mecca-full"),
        pytest.param("12 يونيو 2025 12:45 بتوقيت القاهرة", "2025-06-12T12:45:00+03:00", id="cairo-summer"),
        pytest.param("12 يناير 2025 12:45 بتوقيت القاهرة", "2025-01-12T12:45:00+02:00", id="cairo-winter"),
        pytest.param("06 مارس 2018 | 09:16 GMT", "2018-03-06T09:16:00+00:00", id="rt-2018-header"),
    ],
)
def test_explicit_zone_wins_and_is_kept(text: str, expected: str) -> None:
    # the site zone is Dubai (+04), so every answer above comes from the text
    _expect_datetime(text, "Asia/Dubai", expected)


def test_al_jazeera_two_clocks() -> None:
    text = "الاثنين 1427/4/9 هـ - الموافق 8/5/2006 م (آخر تحديث) الساعة 17:51 (مكة المكرمة)، 14:51 (غرينتش)"
    result = _expect_datetime(text, "Asia/Qatar", "2006-05-08T17:51:00+03:00")
    assert result == datetime(2006, 5, 8, 14, 51, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2025-06-12T15:45:00+03:00", "2025-06-12T15:45:00+03:00", id="iso-offset"),
        pytest.param("2025-06-12T15:45:00.123+03:00", "2025-06-12T15:45:00.123+03:00", id="iso-fraction"),
        pytest.param("2025-06-12T12:45:00Z", "2025-06-12T12:45:00+00:00", id="iso-Z"),
        pytest.param("2025-06-12T15:45:00+0300", "2025-06-12T15:45:00+03:00", id="iso-basic-offset"),
        pytest.param("2025-06-12 15:45:00", "2025-06-12T15:45:00+03:00", id="iso-space-naive"),
        pytest.param("2025-06-12T15:45", "2025-06-12T15:45:00+03:00", id="iso-no-seconds"),
        pytest.param(" 2025-06-12T15:45:00+03:00\n", "2025-06-12T15:45:00+03:00", id="iso-whitespace"),
        pytest.param("Thu, 12 Jun 2025 12:45:00 GMT", "2025-06-12T12:45:00+00:00", id="rfc-GMT"),
        pytest.param("Thu, 12 Jun 2025 12:45:00 +0000", "2025-06-12T12:45:00+00:00", id="rfc-+0000"),
        pytest.param("Thu, 12 Jun 2025 12:45:00 -0000", "2025-06-12T12:45:00+00:00", id="rfc--0000"),
        pytest.param("Thu, 12 Jun 2025 15:45:00 +0300", "2025-06-12T15:45:00+03:00", id="rfc-+0300"),
        pytest.param("12 Jun 2025 15:45 +0300", "2025-06-12T15:45:00+03:00", id="rfc-no-weekday"),
        pytest.param("Thu, 12 Jun 2025 15:45:00", "2025-06-12T15:45:00+03:00", id="rfc-no-zone"),
        pytest.param("12.06.2025 15:45", "2025-06-12T15:45:00+03:00", id="dots"),
        pytest.param("12/06/2025 15:45", "2025-06-12T15:45:00+03:00", id="slashes"),
        pytest.param("12-06-2025 15:45", "2025-06-12T15:45:00+03:00", id="hyphens"),
        pytest.param("2025/06/12 15:45", "2025-06-12T15:45:00+03:00", id="ymd-slashes"),
        pytest.param("الأحد 06-07-2025 02:53", "2025-07-06T02:53:00+03:00", id="weekday-numeric"),
        pytest.param("01:10 م 01/02/2026 تعديل في 01:11 م", "2026-02-01T13:10:00+03:00", id="masrawy"),
    ],
)
def test_machine_and_numeric_formats(text: str, expected: str) -> None:
    _expect_datetime(text, "Europe/Moscow", expected, now=datetime(2026, 6, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-06-12", date(2025, 6, 12)),
        ("2025/06/12", date(2025, 6, 12)),
        ("12/06/2025", date(2025, 6, 12)),
        ("12-6-2025", date(2025, 6, 12)),
        ("12.06.2025", date(2025, 6, 12)),
        ("١٢/٠٦/٢٠٢٥", date(2025, 6, 12)),
        ("يونيو 12, 2025", date(2025, 6, 12)),
        ("June 12, 2025", date(2025, 6, 12)),
        ("Jun 12 2025", date(2025, 6, 12)),
        ("تشرين الأول 5، 2024", date(2024, 10, 5)),
        ("١٨ ديسمبر ٢٠٠٩", date(2009, 12, 18)),
        ("الأثنين ١٧ كانون الثاني ٢٠٢٢", date(2022, 1, 17)),
        ("12 يونيو 2025 م", date(2025, 6, 12)),
    ],
)
def test_date_only_stays_a_date(text: str, expected: date) -> None:
    _expect_date(text, "Asia/Beirut", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("١٦ ذو الحجة ١٤٤٦ هـ", date(2025, 6, 12)),
        ("16 ذي الحجة 1446هـ", date(2025, 6, 12)),
        ("1 رمضان 1446 هـ", date(2025, 3, 1)),
        ("1 محرم 1446", date(2024, 7, 7)),
        ("2 ربيع الآخر 1446", date(2024, 10, 5)),
        ("2 ربيع الثاني 1446 هـ", date(2024, 10, 5)),
        ("1 جمادى الأولى 1446", date(2024, 11, 3)),
        ("1 جمادى الآخرة 1446", date(2024, 12, 2)),
        ("1 ذو القعدة 1446", date(2025, 4, 29)),
        ("1446/12/16 هـ", date(2025, 6, 12)),
        ("16/12/1446 هـ", date(2025, 6, 12)),
        ("الخميس 16 ذو الحجة 1446 هـ - 12 يونيو 2025 م", date(2025, 6, 12)),
        ("الخميس 16 ذو الحجة 1446 هـ الموافق 13 يونيو 2025", date(2025, 6, 13)),
        ("2 ربيع الآخر 1446 الموافق 5 أكتوبر 2024", date(2024, 10, 5)),
        ("1427/4/9 هـ - الموافق 8/5/2006 م", date(2006, 5, 8)),
    ],
)
def test_hijri(text: str, expected: date) -> None:
    _expect_date(text, "Asia/Riyadh", expected)


def test_hijri_with_time() -> None:
    _expect_datetime("١٦ ذو الحجة ١٤٤٦ هـ ١٠:٣٠ ص", "Asia/Riyadh", "2025-06-12T10:30:00+03:00")


def test_unmarked_hijri_numeric_year_is_not_read() -> None:
    assert parse_date("16/12/1446", tz="Asia/Riyadh", now=NOW) is None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("منذ 3 ساعات", 3 * 3600),
        ("منذ 16 ساعة", 16 * 3600),
        ("منذ 2 ساعة", 2 * 3600),
        ("منذ ساعة", 3600),
        ("منذ ساعتين", 7200),
        ("منذ 5 دقائق", 300),
        ("منذ دقيقة", 60),
        ("منذ دقيقتين", 120),
        ("قبل 10 دقائق", 600),
        ("منذ 30 ثانية", 30),
        ("منذ يوم", 86400),
        ("منذ يومين", 2 * 86400),
        ("منذ 3 أيام", 3 * 86400),
        ("منذ أسبوع", 7 * 86400),
        ("منذ أسبوعين", 14 * 86400),
        ("منذ ثلاث ساعات", 3 * 3600),
        ("منذ حوالي ساعة", 3600),
        ("نشر منذ ١٠ دقائق", 600),
        ("الآن", 0),
        ("منذ لحظات", 0),
    ],
)
@pytest.mark.parametrize("tz", ["Africa/Cairo", "Asia/Beirut", "Africa/Algiers"])
def test_relative_against_crawl_time(text: str, seconds: int, tz: str) -> None:
    crawl = CRAWL.replace(tzinfo=ZoneInfo(tz))
    result = parse_date(text, tz=tz, now=crawl)
    assert isinstance(result, datetime)
    assert result == crawl - timedelta(seconds=seconds)
    assert result.utcoffset() == crawl.utcoffset()


def test_relative_across_a_dst_change_is_elapsed_time() -> None:
    # Beirut moved to +03 at 00:00 on 2025-03-30; three hours before 02:00 local is 22:00 local (+02)
    crawl = datetime(2025, 3, 30, 2, 0, tzinfo=ZoneInfo("Asia/Beirut"))
    result = parse_date("منذ 3 ساعات", tz="Asia/Beirut", now=crawl)
    assert isinstance(result, datetime)
    assert result.isoformat() == "2025-03-29T22:00:00+02:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أمس", date(2025, 6, 11)),
        ("الأمس", date(2025, 6, 11)),
        ("اليوم", date(2025, 6, 12)),
        ("أول أمس", date(2025, 6, 10)),
    ],
)
def test_relative_days(text: str, expected: date) -> None:
    result = parse_date(text, tz="Africa/Cairo", now=CRAWL)
    assert type(result) is date
    assert result == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أمس 10:30 م", "2025-06-11T22:30:00+03:00"),
        ("أمس الساعة 10:30 مساءً", "2025-06-11T22:30:00+03:00"),
        ("اليوم 10:30", "2025-06-12T10:30:00+03:00"),
        ("اليوم، 09:15 ص", "2025-06-12T09:15:00+03:00"),
    ],
)
def test_relative_days_with_time(text: str, expected: str) -> None:
    _expect_datetime(text, "Africa/Cairo", expected, now=CRAWL)


def test_relative_crawl_time_in_another_zone() -> None:
    # 15:00 UTC is 18:00 in Cairo; "yesterday" and the clock are Cairo's
    now = datetime(2025, 6, 12, 15, 0, tzinfo=UTC)
    _expect_datetime("أمس 10:30 م", "Africa/Cairo", "2025-06-11T22:30:00+03:00", now=now)
    result = parse_date("منذ ساعة", tz="Africa/Cairo", now=now)
    assert result == datetime(2025, 6, 12, 14, 0, tzinfo=UTC)


def test_vague_relative_is_unreadable() -> None:
    assert parse_date("منذ ساعات", tz="Africa/Cairo", now=CRAWL) is None


@pytest.mark.parametrize(
    ("text", "now"),
    [
        pytest.param("14 يونيو 2025", CRAWL, id="date-two-days-ahead"),
        pytest.param("12 يونيو 2026", CRAWL, id="next-year"),
        pytest.param("2025-06-13T19:00:00+03:00", CRAWL, id="iso-25h-ahead"),
        pytest.param("12 يونيو 2099", None, id="far-future-default-now"),
        pytest.param("31 ديسمبر 1989", None, id="before-1990"),
        pytest.param("1 يناير 1900", None, id="1900"),
        pytest.param("منذ 40 سنة", None, id="relative-before-1990"),
        pytest.param("منذ 9999 سنة", None, id="relative-absurd"),
        pytest.param("12 يونيو 1446", None, id="hijri-year-with-gregorian-month"),
    ],
)
def test_sanity_window(text: str, now: datetime | None) -> None:
    assert parse_date(text, tz="Africa/Cairo", now=now) is None


def test_sanity_window_allows_one_day_ahead() -> None:
    # a site in a zone ahead of the crawler's may show tomorrow's date
    result = parse_date("13 يونيو 2025", tz="Africa/Cairo", now=CRAWL)
    assert result == date(2025, 6, 13)
    assert parse_date("1 يناير 1990", tz="Africa/Cairo", now=CRAWL) == date(1990, 1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello world",
        "قال الرئيس إن الحكومة ستعلن القرار",
        "نمو 3.5 في المئة",
        "10:30",
        "الساعة 10:30 مساءً",
        "يونيو 2025",
        "دجنبر 2024",
        "12 يونيو",
        "2025",
        "12345678901234567890",
        "٣٫٥٪",
        "\ud800\udfff",
        "\x00\x01",
        "ـــ",
        "منذ",
        "12 يونيو 2025" * 100,
    ],
)
def test_garbage_gives_none(text: str) -> None:
    assert parse_date(text, tz="Africa/Cairo", now=CRAWL) is None


def test_unknown_zone_gives_none() -> None:
    assert parse_date("12 يونيو 2025", tz="Not/AZone", now=CRAWL) is None


def test_naive_now_is_site_local() -> None:
    result = parse_date("منذ ساعة", tz="Asia/Dubai", now=datetime(2025, 6, 12, 18, 0))
    assert result == datetime(2025, 6, 12, 17, 0, tzinfo=timezone(timedelta(hours=4)))


def test_dateparser_fallback_reads_what_the_parser_does_not() -> None:
    # two-digit years are not in the deterministic parser; dateparser reads them day-first
    assert parse_date("12/06/25", tz="Africa/Cairo", now=CRAWL) == date(2025, 6, 12)


def test_dateparser_fallback_goes_through_the_sanity_window() -> None:
    assert parse_date("12/06/26", tz="Africa/Cairo", now=CRAWL) is None
