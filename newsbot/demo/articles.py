"""Deterministic specifications of RT-Arabic-style articles: text, metadata and page-layout choices."""

from __future__ import annotations

import dataclasses
import functools
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote

from newsbot.demo import vocab

__all__ = [
    "CANONICAL_HOST",
    "LAYOUTS",
    "MOSCOW",
    "ArticleSpec",
    "ImageSpec",
    "add_articles",
    "make_articles",
    "republish",
    "update_article",
]

CANONICAL_HOST = "https://arabic.rt.com"
MOSCOW = timezone(timedelta(hours=3), "MSK")
DEFAULT_START = datetime(2025, 10, 1, 6, 0, tzinfo=UTC)
LAYOUTS = ("current", "current_detail_body", "video", "layout2018", "legacy_press")

# Modern layouts and their shares; legacy press reviews are placed separately (they are the oldest pages).
_LAYOUT_WEIGHTS = (("current", 78), ("current_detail_body", 8), ("video", 9), ("layout2018", 5))
_LEGACY_SHARE = 0.05
_LEGACY_START = datetime(2010, 3, 1, 8, 0, tzinfo=UTC)
_LEGACY_START_ID = 11557

_MIN_WORDS, _MAX_WORDS = 25, 80
_SLUG_STOPWORDS = frozenset(
    [
        "في",
        "من",
        "على",
        "إلى",
        "عن",
        "مع",
        "بعد",
        "قبل",
        "حول",
        "بين",
        "أن",
        "إن",
        "ما",
        "لا",
        "لم",
        "هل",
        "و",
        "أو",
        "ثم",
        "التي",
        "الذي",
        "هذا",
        "هذه",
        "ذلك",
        "قد",
        "كل",
    ]
)
_SLUG_DROP = re.compile(r"[^\w\s-]")


@functools.lru_cache(maxsize=1 << 16)
def _quoted(slug: str) -> str:
    # Paths are rebuilt for every link to an article; quoting Arabic is the expensive part.
    return quote(slug)


@dataclass(frozen=True, slots=True)
class ImageSpec:
    """The article's main photo as the CDN serves it, with its caption and photo credit."""

    url: str
    caption: str
    credit: str | None


@dataclass(frozen=True, slots=True)
class ArticleSpec:
    """Everything needed to render one article page and to know what an extractor should find in it."""

    article_id: int
    section: str
    slug: str
    headline: str
    lead: str | None
    paragraphs: tuple[str, ...]
    source: str | None
    tags: tuple[str, ...]
    published: datetime
    modified: datetime | None
    image: ImageSpec | None
    layout: str
    read_more: bool = False
    embeds: bool = False
    inline_read_more: bool = False
    encoding: str = "utf-8"
    charset_declared: bool = True
    author: str | None = None
    # One real RT URL ends in a cut-off escape ("…-%D9"); a few generated URLs copy that.
    slug_truncated: bool = False

    @property
    def path(self) -> str:
        """Percent-encoded path of the canonical URL."""
        if self.layout == "legacy_press":
            return f"/news/{self.article_id}-{_quoted(self.slug.replace('-', '_'))}/"
        tail = "-%D9" if self.slug_truncated else ""
        return f"/{self.section}/{self.article_id}-{_quoted(self.slug)}{tail}"

    @property
    def url(self) -> str:
        """Canonical absolute URL on the main host."""
        return CANONICAL_HOST + self.path

    @property
    def canonical_url(self) -> str:
        """The schema's comparable URL: canonical host, no trailing slash (legacy URLs carry one)."""
        return self.url.rstrip("/")

    @property
    def url_section(self) -> str:
        """The section as the URL path shows it (``news`` for legacy pages), which the item reports."""
        return "news" if self.layout == "legacy_press" else self.section

    @property
    def short_code(self) -> str:
        """The 4-character code of the ``ar.rt.com`` short link printed on 2018-design pages."""
        alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
        n = (self.article_id * 7919) % 36**4
        return "".join(alphabet[(n // 36**i) % 36] for i in range(3, -1, -1))

    @property
    def body_text(self) -> str:
        """The article body as an extractor should return it (lead, source line and inserts excluded)."""
        return "\n\n".join(self.paragraphs)


# ---------------------------------------------------------------------------------------------
# Text generation


class _Slots(dict[str, str]):
    """Template slots: article-level choices (the cast) plus per-sentence numbers drawn on first use."""

    def __init__(self, cast: dict[str, str], rng: random.Random, published: datetime) -> None:
        super().__init__(cast)
        self._rng = rng
        self._published = published

    def __missing__(self, key: str) -> str:
        value = _draw(key, self._rng, self._published)
        self[key] = value
        return value


def _draw(key: str, rng: random.Random, published: datetime) -> str:
    year = published.year
    if key == "N":
        return str(rng.choice((rng.randint(100, 999), rng.randint(1000, 9999), rng.randint(10, 99) * 1000)))
    if key == "N2":
        return str(rng.randint(40, 900))
    if key == "N3":
        return str(rng.randint(3, 60))
    if key == "N4":
        return str(rng.randint(2, 9))
    if key == "AGE":
        return str(rng.randint(45, 85))
    if key == "MIN":
        return str(rng.randint(3, 89))
    if key == "PCT":
        return (
            f"{rng.randint(1, 60)}.{rng.randint(1, 9)}%" if rng.random() < 0.6 else f"{rng.randint(2, 80)}%"
        )
    if key == "SCORE":
        return f"{rng.randint(1, 4)}-{rng.randint(0, 3)}"
    if key == "YEAR":
        return str(year - rng.randint(1, 15))
    if key == "YEAR2":
        return str(year + rng.randint(1, 6))
    if key == "MONTH":
        m = rng.randrange(12)
        return f"{vocab.MONTHS[m]}/{vocab.MONTHS_LEVANT[m]}" if rng.random() < 0.3 else vocab.MONTHS[m]
    if key == "WDAY":
        return rng.choice(vocab.WEEKDAYS)
    if key == "HASH":
        return rng.choice(vocab.HASHTAGS)
    if key == "cn":
        return rng.choice(vocab.CONNECTORS)
    if key == "cw":  # for sentences that open with their own discourse marker
        return rng.choice(("", "و"))
    if key == "POLL":
        return rng.choice(vocab.POLLSTERS)
    if key == "OIL":
        return rng.choice(("برنت", "Brent", "WTI", "الأورال"))
    if key == "BANK":
        return rng.choice(vocab.BANK_NAMES)
    if key == "Q":
        return rng.choice(vocab.QUOTES_GENERAL)
    if key == "CLAIM":
        return rng.choice(vocab.PRESS_CLAIMS)
    if key == "HQ":
        return rng.choice(vocab.HEADLINE_QUOTES)
    raise KeyError(key)


def _day_phrase(published: datetime, rng: random.Random) -> str:
    """A weekday phrase that agrees with the (Moscow) publication date, as RT writes them."""
    local = published.astimezone(MOSCOW)
    wd = vocab.WEEKDAYS[local.weekday()]
    month = f"{vocab.MONTHS[local.month - 1]}/{vocab.MONTHS_LEVANT[local.month - 1]}"
    options = (
        f"اليوم {wd}",
        f"اليوم {wd}",
        f"يوم {wd}",
        f"{wd} {local.day} {month}",
        f"مساء {wd}",
        f"أمس {vocab.WEEKDAYS[(local.weekday() - 1) % 7]}",
    )
    return rng.choice(options)


def _make_cast(section: str, rng: random.Random, published: datetime) -> dict[str, str]:
    bank = vocab.BANKS[section]
    persons = bank.persons if rng.random() < 0.8 else vocab.BANKS["world"].persons
    (p_full, p_short), (p2_full, _) = rng.sample(persons, 2)
    t1, t2 = rng.sample(bank.topics, 2)
    c1, c2 = rng.sample(vocab.COUNTRIES, 2)
    city1, city2 = rng.sample(vocab.CITIES, 2)
    club1, club2 = rng.sample(vocab.CLUBS, 2)
    paper = rng.choice(vocab.PAPERS)
    agency = rng.choice(vocab.AGENCIES)
    media = rng.choice(vocab.MEDIA).format(paper=paper, agency=agency)
    return {
        "P": p_full,
        "p": p_short,
        "P2": p2_full,
        "X": rng.choice(vocab.EXPERTS),
        "OF": rng.choice(bank.orgs_f),
        "OM": rng.choice(bank.orgs_m),
        "T": t1,
        "T2": t2,
        "C": c1,
        "C2": c2,
        "CITY": city1,
        "CITY2": city2,
        "CLUB": club1,
        "CLUB2": club2,
        "STADIUM": rng.choice(vocab.STADIUMS),
        "PAPER": paper,
        "AG": agency,
        "MEDIA": media,
        "LAT": rng.choice(bank.latin),
        "DAY": _day_phrase(published, rng),
    }


def _fill(
    template: str, cast: dict[str, str], rng: random.Random, published: datetime, quotes: Sequence[str]
) -> str:
    slots = _Slots(cast, rng, published)
    if "{Q}" in template and rng.random() < 0.6:
        slots["Q"] = rng.choice(quotes)
    return template.format_map(slots).strip()


def _paragraph(
    pool: Sequence[str],
    used: set[str],
    cast: dict[str, str],
    rng: random.Random,
    published: datetime,
    quotes: Sequence[str],
) -> str:
    """Sentences until a random target length, staying within 25..80 words."""
    target = rng.randint(_MIN_WORDS + 3, _MAX_WORDS - 5)
    words = 0
    sentences: list[str] = []
    for _attempt in range(40):
        if words >= target:
            break
        template = rng.choice(pool)
        for _retry in range(4):  # prefer templates not yet used in this article
            if template not in used:
                break
            template = rng.choice(pool)
        sentence = _fill(template, cast, rng, published, quotes)
        n = len(sentence.split())
        if words + n > _MAX_WORDS:
            if words >= _MIN_WORDS:
                break
            sentence = _fill(rng.choice(vocab.SHORT_SENTENCES), cast, rng, published, quotes)
            n = len(sentence.split())
        used.add(template)
        sentences.append(sentence)
        words += n
    while words < _MIN_WORDS:  # the short pool always fits: 4-8 words each
        sentence = _fill(rng.choice(vocab.SHORT_SENTENCES), cast, rng, published, quotes)
        sentences.append(sentence)
        words += len(sentence.split())
    return " ".join(sentences)


def make_slug(headline: str, rng: random.Random) -> str:
    """An editor-style shortened slug: 3-7 content words of the headline, sometimes two glued together.

    >>> make_slug('روسيا تكشف حقيقة الأنباء عن "أزمة عاصفة" بينها والمغرب', random.Random(1))
    'روسيا-تكشف-حقيقة-الأنباء'
    """
    words = [w.lower() for w in _SLUG_DROP.sub(" ", headline).replace("-", " ").split()]
    content = [w for w in words if w not in _SLUG_STOPWORDS] or words or ["rt"]
    chosen = content[: rng.randint(3, 7)]
    if len(chosen) > 3 and rng.random() < 0.03:
        i = rng.randrange(len(chosen) - 1)
        chosen[i : i + 2] = [chosen[i] + chosen[i + 1]]
    return "-".join(chosen)


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in pairs], weights=[w for _, w in pairs])[0]


def _image(headline: str, published: datetime, rng: random.Random) -> ImageSpec:
    month = published.astimezone(MOSCOW).strftime("%Y.%m")
    url = f"https://mf.b37mrtl.ru/media/pics/{month}/article/{rng.getrandbits(96):024x}.jpg"
    caption = headline if rng.random() < 0.75 else rng.choice(vocab.CAPTION_PREFIXES)
    credit = None if rng.random() < 0.15 else rng.choice(vocab.CREDITS)
    return ImageSpec(url, caption, credit)


def _modern_article(
    article_id: int, published: datetime, rng: random.Random, seen_headlines: set[str]
) -> ArticleSpec:
    section = _weighted(rng, tuple(vocab.SECTION_WEIGHTS.items()))
    layout = _weighted(rng, _LAYOUT_WEIGHTS)
    bank = vocab.BANKS[section]
    cast = _make_cast(section, rng, published)
    quotes = bank.quotes
    headline = ""
    for _ in range(8):  # headlines repeat rarely; retry so dedupe tests see distinct titles
        template = rng.choice(bank.headlines) if rng.random() < 0.6 else rng.choice(vocab.GENERAL_HEADLINES)
        headline = _fill(template, cast, rng, published, quotes)
        if layout == "video" and rng.random() < 0.7:
            headline += " (فيديو)"
        if headline not in seen_headlines:
            break
        cast = _make_cast(section, rng, published)
    seen_headlines.add(headline)
    lead_template = rng.choice(bank.leads) if rng.random() < 0.5 else rng.choice(vocab.GENERAL_LEADS)
    lead: str | None = _fill(lead_template, cast, rng, published, quotes)
    if layout == "video" and rng.random() < 0.4:
        lead = None
    pool = bank.sentences * 2 + vocab.GENERAL_SENTENCES
    used: set[str] = set()
    paragraphs = [_paragraph(pool, used, cast, rng, published, quotes) for _ in range(rng.randint(3, 9))]
    if lead is not None and rng.random() < 0.05:
        # RT sometimes opens the body with the lead restated and expanded; it is body text, not the lead.
        aside = "، وفق ما أعلنته جهات رسمية"
        expanded = lead.replace("، ", aside + "، ", 1) if "، " in lead else lead.rstrip(".") + aside + "."
        while len(expanded.split()) < _MIN_WORDS:
            expanded += " " + _fill(rng.choice(vocab.SHORT_SENTENCES), cast, rng, published, quotes)
        paragraphs[0] = expanded
    source = None if rng.random() < 0.08 else _weighted(rng, vocab.SOURCES)
    n_tags = rng.choice((0, 1, 1, 2, 2, 2, 3, 4))
    tags = tuple(name for name, _ in rng.sample(bank.tags, min(n_tags, len(bank.tags))))
    image = None if layout == "video" or rng.random() < 0.1 else _image(headline, published, rng)
    modified = published + timedelta(minutes=rng.randint(20, 60 * 30)) if rng.random() < 0.3 else None
    encoding = "windows-1256" if rng.random() < 0.05 else "utf-8"
    declared = rng.random() < (0.7 if encoding != "utf-8" else 0.97)
    author = rng.choice(vocab.AUTHORS) if layout == "layout2018" or rng.random() < 0.1 else None
    return ArticleSpec(
        article_id=article_id,
        section=section,
        slug=make_slug(headline, rng),
        headline=headline,
        lead=lead,
        paragraphs=tuple(paragraphs),
        source=source,
        tags=tags,
        published=published,
        modified=modified,
        image=image,
        layout=layout,
        read_more=rng.random() < 0.2,
        embeds=rng.random() < 0.15,
        inline_read_more=rng.random() < 0.06,
        encoding=encoding,
        charset_declared=declared,
        author=author,
        slug_truncated=layout == "current" and rng.random() < 0.005,
    )


def _legacy_article(article_id: int, published: datetime, rng: random.Random) -> ArticleSpec:
    """An old press review ("أقوال الصحف الروسية ليوم ..."), served under /news/ with the old markup."""
    local = published.astimezone(MOSCOW)
    m = local.month - 1
    sep = rng.choice(("/", "/ "))
    prefix = rng.choice(("اقوال", "أقوال"))
    headline = f"{prefix} الصحف الروسية ليوم {local.day} {vocab.MONTHS[m]}{sep}{vocab.MONTHS_LEVANT[m]}"
    bank = vocab.BANKS["press"]
    paragraphs = []
    for _ in range(rng.randint(3, 9)):
        cast = _make_cast("press", rng, published)
        parts = [_fill(rng.choice(vocab.PRESS_REVIEW_SENTENCES), cast, rng, published, bank.quotes)]
        followups = rng.sample(vocab.PRESS_FOLLOWUPS, len(vocab.PRESS_FOLLOWUPS))
        target = rng.randint(_MIN_WORDS + 5, _MAX_WORDS - 15)
        while followups and sum(len(p.split()) for p in parts) < target:
            parts.append(followups.pop())
        paragraphs.append(" ".join(parts))
    encoding = "windows-1256" if rng.random() < 0.05 else "utf-8"
    return ArticleSpec(
        article_id=article_id,
        section="press",
        slug=make_slug(headline, rng)
        if rng.random() < 0.2
        else "-".join(_SLUG_DROP.sub(" ", headline).split()),
        headline=headline,
        lead=None,
        paragraphs=tuple(paragraphs),
        source="RT" if rng.random() < 0.5 else None,
        tags=(),
        published=published,
        modified=None,
        image=None,
        layout="legacy_press",
        encoding=encoding,
        charset_declared=encoding == "utf-8" or rng.random() < 0.7,
    )


def _generate(
    n: int, rng: random.Random, start_id: int, start_date: datetime, *, n_legacy: int
) -> list[ArticleSpec]:
    out: list[ArticleSpec] = []
    article_id, when = _LEGACY_START_ID, _LEGACY_START
    for _ in range(n_legacy):
        out.append(_legacy_article(article_id, when, rng))
        article_id += rng.randint(20, 60)
        when += timedelta(days=rng.randint(1, 3), minutes=rng.randint(-90, 90))
    seen: set[str] = set()
    article_id, when = start_id, start_date
    for _ in range(n - n_legacy):
        out.append(_modern_article(article_id, when, rng, seen))
        article_id += rng.randint(1, 40)
        when += timedelta(minutes=rng.randint(3, 40), seconds=rng.randint(0, 59))
    return out


def make_articles(
    n: int, seed: int = 0, start_id: int = 1700000, start_date: datetime = DEFAULT_START
) -> list[ArticleSpec]:
    """``n`` articles, ids and dates increasing together; about 5% are old legacy press reviews.

    Deterministic for a given ``(n, seed, start_id, start_date)``.
    """
    if start_date.tzinfo is None:
        raise ValueError("start_date must be timezone-aware")
    rng = random.Random(seed)
    n_legacy = round(n * _LEGACY_SHARE)
    return _generate(n, rng, start_id, start_date, n_legacy=n_legacy)


def add_articles(articles: Sequence[ArticleSpec], k: int, seed: int) -> list[ArticleSpec]:
    """``articles`` plus ``k`` new modern ones, with ids and dates after every existing article."""
    rng = random.Random(f"add:{seed}:{len(articles)}")
    last_id = max((a.article_id for a in articles), default=1700000)
    last_date = max((a.published for a in articles), default=DEFAULT_START)
    new = _generate(
        k, rng, last_id + rng.randint(5, 50), last_date + timedelta(minutes=rng.randint(5, 30)), n_legacy=0
    )
    return [*articles, *new]


def update_article(spec: ArticleSpec, *, seed: int = 0, modified: datetime | None = None) -> ArticleSpec:
    """The same article (same id and URL) with one paragraph rewritten and ``modified`` set."""
    rng = random.Random(f"update:{seed}:{spec.article_id}")
    bank = vocab.BANKS[spec.section]
    cast = _make_cast(spec.section, rng, spec.published)
    pool = bank.sentences * 2 + vocab.GENERAL_SENTENCES
    new_paragraph = _paragraph(pool, set(), cast, rng, spec.published, bank.quotes)
    paragraphs = list(spec.paragraphs)
    paragraphs[rng.randrange(len(paragraphs))] = new_paragraph
    when = modified or (spec.modified or spec.published) + timedelta(hours=rng.randint(1, 6))
    return dataclasses.replace(spec, paragraphs=tuple(paragraphs), modified=when)


def republish(
    spec: ArticleSpec, new_id: int, *, published: datetime | None = None, seed: int = 0
) -> ArticleSpec:
    """The story published again under a new id and URL: edited lead, body with one small edit.

    A near-duplicate detector should match it with ``spec``; an id- or URL-based one will not.
    """
    rng = random.Random(f"republish:{seed}:{spec.article_id}:{new_id}")
    when = published or spec.published + timedelta(hours=rng.randint(2, 30))
    lead_base = spec.lead or spec.paragraphs[0].split("،")[0]
    lead = rng.choice(("محدث: ", "تفاصيل جديدة: ", "")) + lead_base
    if not lead.startswith(("محدث", "تفاصيل")):
        lead = lead.rstrip(".") + "، بحسب آخر المعطيات."
    paragraphs = list(spec.paragraphs)
    i = rng.randrange(len(paragraphs))
    paragraphs[i] = paragraphs[i].rstrip(".") + "، بحسب ما أفادت به مصادر مطلعة."
    slug = spec.slug if rng.random() < 0.5 else spec.slug + "-" + rng.choice(("تفاصيل", "محدث", "جديد"))
    return dataclasses.replace(
        spec,
        article_id=new_id,
        slug=slug,
        lead=lead,
        paragraphs=tuple(paragraphs),
        published=when,
        modified=None,
        slug_truncated=False,
    )
