"""Throughput of newsbot.text on one core: normalize_text, match_key and parse_date.

Builds ~10 MB of Arabic news-like text (real vocabulary, diacritics, tatweel, invisible marks, NBSP, digits,
punctuation, Latin words) and 100,000 date strings in the formats sites print most, then times each function
and prints a small table. Deterministic: the same seed gives the same corpus.

    python bench/bench_text.py [--megabytes 10] [--dates 100000] [--repeat 2] [--strict]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import newsbot.text.dates as dates_module
from newsbot.text import match_key, normalize_text, parse_date

# Real pages, used as vocabulary when the shared reference folder sits beside the repository.
PAGES_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "pages"

# Fallback vocabulary: common words of Arabic news copy, so that the bench runs on a clean clone too.
BUILTIN_TEXT = """
قال الرئيس إن الحكومة ستعلن القرار الجديد خلال الأيام المقبلة وأكد وزير الخارجية أن المفاوضات مستمرة
بين الجانبين في العاصمة وأضاف المتحدث باسم الوزارة أن الوضع الأمني في المنطقة يشهد تحسنا ملحوظا منذ
بداية العام الحالي وأشار التقرير إلى ارتفاع أسعار النفط في الأسواق العالمية بعد قرار منظمة أوبك خفض
الإنتاج كما أعلنت الشركة عن نتائجها المالية للربع الثالث وسط توقعات بنمو الاقتصاد المصري والسعودي
وفي سياق متصل ذكرت وكالة الأنباء الرسمية أن مجلس الأمن الدولي سيعقد جلسة طارئة لمناقشة الأزمة الإنسانية
في قطاع غزة والضفة الغربية حيث قتل وأصيب العشرات في غارات جوية استهدفت مناطق سكنية ومستشفى ميداني
وطالب الأمين العام للأمم المتحدة بوقف فوري لإطلاق النار وفتح المعابر أمام المساعدات الإنسانية والطبية
من جهة أخرى فاز المنتخب الوطني على نظيره في مباراة ودية استعدادا لكأس العالم وسجل اللاعب هدفين رائعين
مسؤول مسئول شؤون شئون القاهرة الرياض بيروت دمشق بغداد عمان الدوحة أبوظبي الجزائر تونس الرباط موسكو
"""
LATIN_WORDS = ["Apple", "iPhone", "CNN", "RT", "NATO", "Google", "OPEC", "BBC", "COVID-19", "Reuters", "AFP"]
HARAKAT = "\u064e\u064f\u0650\u0651\u0652\u064b\u064c\u064d"
INVISIBLES = ["\u200f", "\u200e", "\u200c", "\u200b", "\u00ad", "\ufeff"]
PUNCTUATION = ["،", ".", "؛", ":", "؟", "!"]
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

TARGETS = {"normalize_text": 10e6, "match_key": 4e6, "parse_date": 50_000.0}


def vocabulary() -> tuple[list[str], str]:
    words = BUILTIN_TEXT.split()
    source = "built-in word list"
    if PAGES_DIR.is_dir():
        arabic_word = re.compile(r"^[\u0621-\u064a]{2,}$")
        for page in sorted(PAGES_DIR.glob("*.txt")):
            body = page.read_text(encoding="utf-8").split("\n", 1)[-1]
            words.extend(word for word in body.split() if arabic_word.match(word))
        source = f"built-in word list + {PAGES_DIR}"
    return words, source


def decorate(word: str, rng: random.Random) -> str:
    """Add what real pages carry: diacritics, tatweel, invisible marks, numbers, Latin names."""
    roll = rng.random()
    if roll < 0.06:
        i = rng.randrange(1, len(word) + 1)
        word = word[:i] + rng.choice(HARAKAT) + word[i:]
    elif roll < 0.08 and len(word) > 2:
        i = rng.randrange(1, len(word) - 1)
        word = word[:i] + "ـ" * rng.randint(1, 3) + word[i:]
    elif roll < 0.09:
        word = rng.choice(INVISIBLES) + word
    elif roll < 0.11:
        word = str(rng.randint(1, 2025))
        if rng.random() < 0.5:
            word = word.translate(ARABIC_INDIC)
    elif roll < 0.13:
        word = rng.choice(LATIN_WORDS)
    elif roll < 0.14:
        word = f"«{word}»"
    return word


def paragraph(words: list[str], rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(25, 90)):
        parts.append(decorate(rng.choice(words), rng))
        if rng.random() < 0.08:
            parts[-1] += rng.choice(PUNCTUATION)
    text = " ".join(parts)
    if rng.random() < 0.3:
        text = text.replace(" ", "\u00a0", 2)
    return text + "."


def build_corpus(megabytes: float, rng: random.Random) -> tuple[list[str], str]:
    words, source = vocabulary()
    budget = int(megabytes * 1_000_000)
    documents: list[str] = []
    size = 0
    while size < budget:
        doc = "\n\n".join(paragraph(words, rng) for _ in range(rng.randint(3, 8)))
        if rng.random() < 0.2:
            doc = doc.replace("\n\n", "\r\n\r\n")
        documents.append(doc)
        size += len(doc.encode("utf-8"))
    return documents, source


EGYPTIAN_MONTHS = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]
LEVANTINE_MONTHS = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
]
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
EN_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def date_string(rng: random.Random) -> tuple[str, str]:
    """One date string in a common format, and the site zone it would come with."""
    moment = datetime(2015, 1, 1) + timedelta(seconds=rng.randrange(0, 11 * 365 * 86400))
    d, m, y, hh, mm = moment.day, moment.month, moment.year, moment.hour, moment.minute
    weekday = WEEKDAYS[moment.weekday()]
    hour12, meridiem = (hh % 12 or 12), ("ص" if hh < 12 else "م")
    kind = rng.randrange(8)
    if kind == 0:
        return moment.replace(tzinfo=ZoneInfo("Europe/Moscow")).isoformat(), "Europe/Moscow"
    if kind == 1:
        return f"{moment.isoformat()}Z", "Asia/Riyadh"
    if kind == 2:
        day_name, month = EN_DAYS[moment.weekday()], EN_MONTHS[m - 1]
        return f"{day_name}, {d:02d} {month} {y} {hh:02d}:{mm:02d}:00 +0000", "Europe/Moscow"
    if kind == 3:
        return (
            f"{weekday}، {d} {EGYPTIAN_MONTHS[m - 1]} {y} - {hour12:02d}:{mm:02d} {meridiem}",
            "Africa/Cairo",
        )
    if kind == 4:
        return f"{d:02d} {EGYPTIAN_MONTHS[m - 1]} {y} | {hh:02d}:{mm:02d} GMT", "Europe/Moscow"
    if kind == 5:
        return f"{weekday} {d} {LEVANTINE_MONTHS[m - 1]} {y} - {hh:02d}:{mm:02d}", "Asia/Beirut"
    if kind == 6:
        return f"{d:02d}/{m:02d}/{y} {hh:02d}:{mm:02d}", "Asia/Riyadh"
    text = f"{d} {EGYPTIAN_MONTHS[m - 1]} {y}".translate(ARABIC_INDIC)
    return text, "Asia/Dubai"


def best_time(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--megabytes", type=float, default=10.0, help="UTF-8 size of the text corpus")
    parser.add_argument("--dates", type=int, default=100_000, help="number of date strings")
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement; the best one counts")
    parser.add_argument("--seed", type=int, default=20250612)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    # One core, as the targets are stated; the machine may be shared.
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    rng = random.Random(args.seed)
    documents, source = build_corpus(args.megabytes, rng)
    chars = sum(map(len, documents))
    samples = [date_string(rng) for _ in range(args.dates)]
    now = datetime(2026, 1, 1, tzinfo=UTC)
    # Import dateparser before timing, so that a first fallback does not pay for it inside the loop.
    parse_date("12/06/25", tz="Africa/Cairo", now=now)

    fallbacks = 0
    real_fallback = dates_module._dateparser_fallback

    def counting_fallback(*args: object, **kwargs: object) -> object:
        nonlocal fallbacks
        fallbacks += 1
        return real_fallback(*args, **kwargs)  # type: ignore[arg-type]

    def run_titles() -> None:
        for doc in documents:
            normalize_text(doc)

    def run_bodies() -> None:
        for doc in documents:
            normalize_text(doc, multiline=True)

    def run_keys() -> None:
        for doc in documents:
            match_key(doc)

    unread = 0

    def run_dates() -> None:
        nonlocal unread
        unread = 0
        for text, tz in samples:
            if parse_date(text, tz=tz, now=now) is None:
                unread += 1

    rows: list[tuple[str, float, str]] = [
        ("normalize_text", chars / best_time(run_titles, args.repeat), "normalize_text"),
        ("normalize_text(multiline=True)", chars / best_time(run_bodies, args.repeat), "normalize_text"),
        ("match_key", chars / best_time(run_keys, args.repeat), "match_key"),
    ]
    dates_module._dateparser_fallback = counting_fallback  # type: ignore[assignment]
    try:
        rows.append(("parse_date", len(samples) / best_time(run_dates, args.repeat), "parse_date"))
    finally:
        dates_module._dateparser_fallback = real_fallback

    size_mb = sum(len(doc.encode("utf-8")) for doc in documents) / 1e6
    print(f"newsbot.text benchmark - Python {platform.python_version()}, one core, best of {args.repeat}")
    print(f"text: {size_mb:.1f} MB UTF-8, {chars:,} chars in {len(documents):,} documents ({source})")
    print(f"dates: {len(samples):,} strings in 8 common formats")
    print()
    print(f"{'function':<32} {'rate':>20}  {'target':>20}")
    print("-" * 80)
    missed = False
    for name, rate, target_key in rows:
        target = TARGETS[target_key]
        missed |= rate < target
        verdict = "ok" if rate >= target else "BELOW TARGET"
        if target_key == "parse_date":
            shown, goal = f"{rate:,.0f} parses/s", f">= {target:,.0f} parses/s"
        else:
            shown, goal = f"{rate / 1e6:.1f} M chars/s", f">= {target / 1e6:.0f} M chars/s"
        print(f"{name:<32} {shown:>20}  {goal:>20}  {verdict}")
    print("-" * 80)
    per_run = fallbacks // args.repeat
    print(f"parse_date: {per_run:,} of {len(samples):,} strings fell back to dateparser; {unread:,} unread")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
